import pytest
from django.core import mail, signing
from django.urls import reverse

from tests.accounts.builders import (
    PASSWORD,
    create_practitioner,
    last_email_to,
    links_in,
    path_of,
)
from tests.pagecheck import check_page
from treatsafe.accounts.models import User
from treatsafe.accounts.roles import is_practitioner
from treatsafe.accounts.services import verification_max_age

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
LOGIN = reverse("accounts:login")


def sign_up(client, email="new@example.com", password=PASSWORD, full_name="Nia New"):
    return client.post(SIGNUP, {"email": email, "password": password, "full_name": full_name})


def verification_path(email="new@example.com") -> str:
    message = last_email_to(email)
    assert message.subject == "Confirm your email address for TreatSafe"
    (link,) = links_in(message)
    return path_of(link)


def confirm(client, path, password=PASSWORD):
    """Open the emailed link and enter the password, as a person following it does."""
    page = client.get(path)
    if page.status_code != 200 or page.soup.h1.get_text() != "Confirm your email address":
        return page
    return client.post(path, {"password": password})


def test_sign_up_page_has_labelled_fields_with_autocomplete_and_no_spellcheck(client):
    page = client.get(SIGNUP).soup
    email = page.find("input", attrs={"name": "email"})
    password = page.find("input", attrs={"name": "password"})
    assert email["type"] == "email" and email["autocomplete"] == "email"
    assert email["spellcheck"] == "false"
    assert password["type"] == "password" and password["autocomplete"] == "new-password"
    assert page.find("input", attrs={"name": "full_name"})["autocomplete"] == "name"


def test_sign_up_creates_an_inactive_practitioner_and_emails_a_verification_link(client):
    response = sign_up(client, email="New@Example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    user = User.objects.get(email="new@example.com")
    assert not user.is_active and user.email_verified_at is None
    assert user.full_name == "Nia New"
    assert is_practitioner(user) is False  # not until verified: inactive accounts have no role
    assert user.groups.filter(name="practitioners").exists()
    assert verification_path().startswith("/accounts/verify/")
    done = client.get(response["Location"])
    assert "new@example.com" in done.soup.get_text()


def test_the_verification_link_asks_for_the_password_and_changes_nothing_by_itself(client):
    sign_up(client)
    response = client.get(verification_path())
    assert response.status_code == 200
    page = check_page(response.content.decode())
    assert page.h1.get_text() == "Confirm your email address"
    field = page.find("input", attrs={"name": "password"})
    assert field["type"] == "password" and field["autocomplete"] == "current-password"
    assert page.find("label", attrs={"for": field["id"]}).get_text(strip=True) == "Password"
    assert page.find("button", attrs={"type": "submit"})
    user = User.objects.get(email="new@example.com")
    assert not user.is_active and user.email_verified_at is None
    assert "_auth_user_id" not in client.session


def test_the_verification_link_and_password_activate_the_account_and_go_to_my_listing(client):
    sign_up(client)
    response = confirm(client, verification_path())
    assert response.status_code == 302
    assert response["Location"] == "/register/my-listing/"
    user = User.objects.get(email="new@example.com")
    assert user.is_active and user.email_verified_at is not None
    assert is_practitioner(user)
    assert int(client.session["_auth_user_id"]) == user.pk


def test_the_stored_password_is_hashed_with_argon2(client):
    sign_up(client)
    user = User.objects.get(email="new@example.com")
    assert user.password.startswith("argon2")
    assert PASSWORD not in user.password
    assert user.check_password(PASSWORD)


def test_an_unverified_account_cannot_sign_in_and_is_sent_a_new_link(client):
    sign_up(client)
    mail.outbox.clear()
    response = client.post(LOGIN, {"username": "new@example.com", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    summary = response.soup.select_one(".govuk-error-summary")
    assert "Confirm your email address before you sign in" in summary.get_text()
    assert confirm(client, verification_path()).status_code == 302


def test_an_unverified_account_with_a_wrong_password_gets_the_generic_error_and_no_email(client):
    sign_up(client)
    mail.outbox.clear()
    response = client.post(LOGIN, {"username": "new@example.com", "password": "wrong password"})
    assert "Enter a correct email address and password" in response.soup.get_text()
    assert mail.outbox == []


def test_the_verification_link_works_only_once(client):
    sign_up(client)
    path = verification_path()
    assert confirm(client, path).status_code == 302
    client.post(reverse("accounts:logout"))
    again = client.get(path)
    assert again.status_code == 200
    assert again.soup.h1.get_text() == "Your email address is already confirmed"
    posted = client.post(path, {"password": PASSWORD})
    assert posted.soup.h1.get_text() == "Your email address is already confirmed"
    assert "_auth_user_id" not in client.session


def test_the_verification_link_expires(client, monkeypatch):
    sign_up(client)
    path = verification_path()
    now = signing.time.time()
    max_age = verification_max_age()
    monkeypatch.setattr(signing.time, "time", lambda: now + max_age.total_seconds() + 1)
    for response in (client.get(path), client.post(path, {"password": PASSWORD})):
        assert response.status_code == 400
        assert check_page(response.content.decode()).h1.get_text() == "This link has expired"
    assert not User.objects.get(email="new@example.com").is_active
    assert "_auth_user_id" not in client.session


def test_a_tampered_verification_link_does_not_work(client):
    sign_up(client)
    path = verification_path()
    token = path.split("/")[-2]
    tampered = reverse("accounts:verify", args=[token[:-2] + "xx"])
    for response in (client.get(tampered), client.post(tampered, {"password": PASSWORD})):
        assert response.status_code == 400
        assert check_page(response.content.decode()).h1.get_text() == "This link does not work"
    assert not User.objects.get(email="new@example.com").is_active


def test_signing_up_again_replaces_the_password_and_only_the_newest_link_works(client):
    sign_up(client, password="first password for me")
    first = verification_path()
    sign_up(client, password=PASSWORD, full_name="Nia Newer")
    second = verification_path()
    assert confirm(client, first).status_code == 400
    assert confirm(client, second).status_code == 302
    user = User.objects.get(email="new@example.com")
    assert user.check_password(PASSWORD) and user.full_name == "Nia Newer"


def test_signing_up_with_a_registered_email_looks_the_same_and_changes_nothing(client):
    existing = create_practitioner(email="pat@example.com")
    old_hash = existing.password
    response = sign_up(client, email="PAT@example.com", password="another long passphrase")
    assert response["Location"] == reverse("accounts:signup_done")
    existing.refresh_from_db()
    assert existing.password == old_hash
    message = last_email_to("pat@example.com")
    assert message.subject == "You already have a TreatSafe account"
    assert User.objects.filter(email__iexact="pat@example.com").count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "", "password": PASSWORD, "full_name": "A"}, "email", "Enter your email"),
        ({"email": "not-an-email", "password": PASSWORD, "full_name": "A"}, "email", "format"),
        ({"email": "a@example.com", "password": "short", "full_name": "A"}, "password", "short"),
        (
            {"email": "a@example.com", "password": "password123456", "full_name": "A"},
            "password",
            "too common",
        ),
        ({"email": "a@example.com", "password": PASSWORD, "full_name": ""}, "full_name", "name"),
    ],
)
def test_invalid_sign_up_shows_an_error_summary_linked_to_the_field(client, data, field, message):
    response = client.post(SIGNUP, data)
    assert response.status_code == 200
    summary = response.soup.select_one(".govuk-error-summary")
    link = summary.find("a", href=f"#id_{field}")
    assert message in link.get_text()
    assert response.soup.find(id=f"id_{field}-error")
    assert f"id_{field}-error" in response.soup.find(id=f"id_{field}")["aria-describedby"]
    assert not User.objects.filter(email="a@example.com").exists()
    assert mail.outbox == []


def test_signing_up_with_an_email_that_is_an_admins_username_fails_quietly(
    client, django_user_model
):
    django_user_model.objects.create_user("new@example.com", "root@example.com", "x" * 16)
    response = sign_up(client, email="new@example.com")
    assert response["Location"] == reverse("accounts:signup_done")
    assert not User.objects.filter(email="new@example.com").exists()
    assert mail.outbox == []


def test_a_wrong_password_on_the_confirm_page_shows_an_error_and_changes_nothing(client):
    sign_up(client)
    path = verification_path()
    before = User.objects.get(email="new@example.com")
    response = client.post(path, {"password": "not my password at all"})
    assert response.status_code == 200
    page = check_page(response.content.decode())
    summary = page.select_one(".govuk-error-summary")
    assert "Your password is not correct" in summary.find("a", href="#id_password").get_text()
    assert page.find(id="id_password-error")
    assert "id_password-error" in page.find(id="id_password")["aria-describedby"]
    assert page.find("a", href=reverse("accounts:password_reset"))
    assert page.find("a", href=SIGNUP)
    after = User.objects.get(email="new@example.com")
    assert not after.is_active and after.email_verified_at is None
    assert after.password == before.password
    assert "_auth_user_id" not in client.session
    empty = client.post(path, {"password": ""})
    assert "Enter your password" in empty.soup.select_one(".govuk-error-summary").get_text()
    assert confirm(client, path).status_code == 302  # the link still works with the password


def test_an_impostor_signing_up_with_someone_elses_address_cannot_have_them_activate_it(client):
    # The impostor signs up with the victim's address; the link goes to the victim's inbox.
    sign_up(client, email="victim@example.com", password="the impostors secret password")
    victim_link = verification_path("victim@example.com")
    # The victim opens it without knowing the impostor's password: nothing is activated.
    response = confirm(client, victim_link, password=PASSWORD)
    assert response.status_code == 200
    assert response.soup.select_one(".govuk-error-summary")
    user = User.objects.get(email="victim@example.com")
    assert not user.is_active and user.email_verified_at is None
    assert "_auth_user_id" not in client.session
    # The impostor cannot sign in to it either.
    client.post(
        LOGIN, {"username": "victim@example.com", "password": "the impostors secret password"}
    )
    assert "_auth_user_id" not in client.session


def test_signing_up_over_a_pending_account_cannot_activate_it_with_the_new_password(client):
    sign_up(client, email="victim@example.com", password=PASSWORD)
    # Before the victim confirms, an impostor signs up again with the victim's address.
    sign_up(client, email="victim@example.com", password="the impostors secret password")
    # The victim's newest link, with the victim's own password, does not sign them in to an
    # account with the impostor's password.
    response = confirm(client, verification_path("victim@example.com"), password=PASSWORD)
    assert response.status_code == 200
    user = User.objects.get(email="victim@example.com")
    assert not user.is_active and user.email_verified_at is None
    assert "_auth_user_id" not in client.session
    # The victim signs up again (or resets the password) and confirms with their own password.
    sign_up(client, email="victim@example.com", password=PASSWORD)
    assert confirm(client, verification_path("victim@example.com")).status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.check_password(PASSWORD)
    assert not user.check_password("the impostors secret password")


def test_a_password_reset_confirms_an_unverified_account_with_the_new_password(client):
    sign_up(client, email="victim@example.com", password="the impostors secret password")
    old_link = verification_path("victim@example.com")
    mail.outbox.clear()
    response = client.post(reverse("accounts:password_reset"), {"email": "victim@example.com"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    message = last_email_to("victim@example.com")
    assert message.subject == "Reset your TreatSafe password"
    (link,) = links_in(message)
    form_page = client.get(path_of(link), follow=True)
    assert form_page.soup.h1.get_text() == "Choose a new password"
    done = client.post(
        form_page.request["PATH_INFO"],
        {
            "new_password1": "the victims own passphrase",
            "new_password2": "the victims own passphrase",
        },
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    user = User.objects.get(email="victim@example.com")
    assert user.is_active and user.email_verified_at is not None
    assert user.check_password("the victims own passphrase")
    assert confirm(client, old_link, "the impostors secret password").status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post(
        LOGIN, {"username": "victim@example.com", "password": "the victims own passphrase"}
    )
    assert response["Location"] == "/register/my-listing/"


def test_password_reset_sends_nothing_to_an_account_an_administrator_deactivated(client):
    create_practitioner(email="gone@example.com", is_active=False)
    known = client.post(reverse("accounts:password_reset"), {"email": "gone@example.com"})
    assert known["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
