import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.accounts.builders import (
    PASSWORD,
    create_practitioner,
    last_email_to,
    links_in,
    path_of,
)
from treatsafe.accounts.models import User

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
LOGIN = reverse("accounts:login")
NEW_PASSWORD = "a brand new passphrase for pat"


def reset_link(client, email="pat@example.com") -> str:
    response = client.post(RESET, {"email": email})
    assert response["Location"] == reverse("accounts:password_reset_done")
    (link,) = links_in(last_email_to(email))
    return path_of(link)


def choose_password(client, link, password=NEW_PASSWORD, confirm=None):
    form_page = client.get(link, follow=True)
    return client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": password, "new_password2": confirm or password},
    )


def test_password_reset_end_to_end(client):
    create_practitioner()
    link = reset_link(client)
    assert last_email_to("pat@example.com").subject == "Reset your TreatSafe password"
    response = choose_password(client, link)
    assert response["Location"] == reverse("accounts:password_reset_complete")
    done = client.get(response["Location"])
    assert done.soup.h1.get_text() == "Your password has been changed"
    user = User.objects.get(email="pat@example.com")
    assert user.check_password(NEW_PASSWORD) and user.password.startswith("argon2")
    assert client.post(
        LOGIN, {"username": "pat@example.com", "password": PASSWORD}
    ).status_code == (200)
    response = client.post(LOGIN, {"username": "pat@example.com", "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_a_password_reset_link_cannot_be_used_twice(client):
    create_practitioner()
    link = reset_link(client)
    choose_password(client, link)
    again = client.get(link, follow=True)
    assert again.soup.h1.get_text() == "This password reset link does not work"


def test_password_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(client):
    create_practitioner()
    known = client.post(RESET, {"email": "pat@example.com"}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@example.com"}, follow=True)
    assert known.soup.find("main").get_text() == unknown.soup.find("main").get_text()
    assert [m.to for m in mail.outbox] == [["pat@example.com"]]


def test_password_reset_rejects_mismatched_or_weak_passwords_with_inline_errors(client):
    create_practitioner()
    link = reset_link(client)
    mismatch = choose_password(client, link, confirm="something different entirely")
    assert mismatch.status_code == 200
    summary = mismatch.soup.select_one(".govuk-error-summary")
    assert "The passwords do not match" in summary.find("a", href="#id_new_password2").get_text()
    weak = choose_password(client, link, password="short")
    assert "too short" in weak.soup.find(id="id_new_password2-error").get_text()
    assert User.objects.get(email="pat@example.com").check_password(PASSWORD)


def test_an_invalid_email_on_the_reset_form_shows_an_error(client):
    response = client.post(RESET, {"email": "not-an-email"})
    assert response.status_code == 200
    summary = response.soup.select_one(".govuk-error-summary")
    assert "correct format" in summary.find("a", href="#id_email").get_text()


def test_resetting_the_password_ends_a_lockout(client):
    create_practitioner()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "pat@example.com", "password": "a wrong guess"})
    assert client.post(
        LOGIN, {"username": "pat@example.com", "password": PASSWORD}
    ).status_code == (429)
    choose_password(client, reset_link(client))
    response = client.post(LOGIN, {"username": "pat@example.com", "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_a_signed_in_practitioner_can_change_their_password(client):
    user = create_practitioner()
    client.force_login(user)
    page = client.get(reverse("accounts:password_change")).soup
    assert page.find("input", attrs={"name": "old_password"})["autocomplete"] == "current-password"
    wrong = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Your current password is not correct" in wrong.soup.get_text()
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert "_auth_user_id" in client.session  # still signed in


def test_changing_the_password_needs_a_signed_in_user(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
