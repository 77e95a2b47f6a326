from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.accounts.builders import PASSWORD, create_assessor, create_practitioner

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")


def sign_in(client, email="pat@example.com", password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page_fields_have_autocomplete_and_a_password_reset_link(client):
    page = client.get(LOGIN).soup
    assert page.find("input", attrs={"name": "username"})["autocomplete"] == "username"
    assert page.find("input", attrs={"name": "password"})["autocomplete"] == "current-password"
    assert page.find("a", href=reverse("accounts:password_reset"))


def test_a_practitioner_signs_in_with_their_email_in_any_case_and_goes_to_my_listing(client):
    create_practitioner(email="pat@example.com")
    response = sign_in(client, email="  PAT@Example.COM ")
    assert response.status_code == 302
    assert response["Location"] == "/register/my-listing/"
    assert signed_in(client)


def test_an_assessor_signs_in_to_the_back_office(client):
    create_assessor(email="ada@example.com")
    response = sign_in(client, email="ada@example.com")
    assert response["Location"] == "/register/assess/"
    assert client.get("/register/assess/").status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_sign_in_follows_a_safe_next_link_but_not_an_external_one(client):
    create_practitioner()
    response = client.post(
        LOGIN, {"username": "pat@example.com", "password": PASSWORD, "next": "/about/"}
    )
    assert response["Location"] == "/about/"
    client.post(LOGOUT)
    response = client.post(
        LOGIN,
        {"username": "pat@example.com", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/register/my-listing/"


def test_a_wrong_password_and_an_unknown_email_get_the_same_error(client):
    create_practitioner()
    wrong = sign_in(client, password="not the password at all")
    unknown = sign_in(client, email="nobody@example.com")
    for response in (wrong, unknown):
        assert response.status_code == 200
        summary = response.soup.select_one(".govuk-error-summary")
        assert summary.find("a", href="#id_username").get_text() == (
            "Enter a correct email address and password"
        )
    assert not signed_in(client)


def test_an_empty_sign_in_form_says_what_to_enter(client):
    response = client.post(LOGIN, {"username": "", "password": ""})
    text = response.soup.select_one(".govuk-error-summary").get_text()
    assert "Enter your email address" in text and "Enter your password" in text


def test_sign_out_is_a_post_and_ends_the_session(client):
    create_practitioner()
    sign_in(client)
    page = client.get("/about/").soup
    form = page.find("form", action=LOGOUT)
    assert form["method"] == "post" and form.find("button").get_text() == "Sign out"
    assert client.get(LOGOUT).status_code == 405
    assert signed_in(client)
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert not signed_in(client)
    assert client.get("/about/").soup.find("a", href=LOGIN).get_text() == "Sign in"


def test_repeated_wrong_passwords_lock_the_account_and_refuse_the_right_one(client):
    create_practitioner()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, password="a wrong guess").status_code == 200
    locked = sign_in(client, password="a wrong guess")
    assert locked.status_code == 429
    response = sign_in(client)
    assert response.status_code == 429
    assert "Sign-in is locked for 15 minutes" in response.content.decode()
    assert not signed_in(client)


def test_the_lockout_page_is_a_checked_govuk_page(client):
    from tests.pagecheck import check_page

    create_practitioner()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, password="a wrong guess")
    page = check_page(response.content.decode(), LOGIN)
    assert page.h1.get_text() == "Sign-in is locked for 15 minutes"
    assert page.find("a", href=reverse("accounts:password_reset"))


def test_the_lockout_ends_after_the_cool_off_time(client):
    create_practitioner()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, password="a wrong guess")
    assert sign_in(client).status_code == 429
    # Let the cool-off time pass for the recorded attempts.
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
        attempt.save()
    response = sign_in(client)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_lockout_counts_the_email_in_any_letter_case_as_one_account(client):
    create_practitioner()
    for i in range(settings.AXES_FAILURE_LIMIT):
        email = "PAT@example.com" if i % 2 else "pat@example.com"
        sign_in(client, email=email, password="a wrong guess")
    assert sign_in(client).status_code == 429


def test_the_lockout_is_per_address_so_others_can_still_sign_in(client):
    create_practitioner()
    create_practitioner(email="sam@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, password="a wrong guess")
    assert sign_in(client).status_code == 429
    assert sign_in(client, email="sam@example.com").status_code == 302
    from_elsewhere = sign_in(client, REMOTE_ADDR="192.0.2.7")
    assert from_elsewhere.status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client):
    create_practitioner()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, password="a wrong guess")
    assert sign_in(client).status_code == 302
    client.post(LOGOUT)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, password="a wrong guess")
    assert sign_in(client).status_code == 302
