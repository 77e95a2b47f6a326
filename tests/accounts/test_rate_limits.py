"""Limits on what the accounts pages let one client, or one inbox, be sent: each answered with
429 and Retry-After on a GOV.UK page, and wrong old passwords on the password-change form
counting towards the sign-in lockout."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.accounts.builders import PASSWORD, create_practitioner
from tests.pagecheck import check_page

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
SIGNUP = reverse("accounts:signup")
RESET = reverse("accounts:password_reset")
CHANGE = reverse("accounts:password_change")
NEW_PASSWORD = "a brand new passphrase 456"


@pytest.fixture
def limits(settings):
    settings.TREATSAFE_RATE_LIMITS = {
        **settings.TREATSAFE_RATE_LIMITS,
        "login": "4/15m",
        "signup": "2/h",
        "password_reset": "4/h",
        "mail": "2/h",
    }
    return settings.TREATSAFE_RATE_LIMITS


def assert_too_many(response, path: str, within: int) -> None:
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= within
    page = check_page(response.content.decode(), path)
    assert page.h1.get_text(strip=True)


def test_sign_in_attempts_from_one_address_are_limited_across_accounts(client, limits):
    for n in range(4):  # a different account each time: the per-account lockout never starts
        response = client.post(LOGIN, {"username": f"x{n}@example.com", "password": "guess"})
        assert response.status_code == 200
    assert_too_many(
        client.post(LOGIN, {"username": "x9@example.com", "password": "guess"}), LOGIN, 900
    )
    # Another client (a different address) is not affected.
    other = client.post(
        LOGIN, {"username": "x9@example.com", "password": "guess"}, REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 200


def test_the_sign_in_limit_follows_the_client_behind_a_trusted_proxy_only(client, limits):
    def attempt(**meta):
        return client.post(LOGIN, {"username": "a@example.com", "password": "guess"}, **meta)

    for n in range(4):  # each forwarded client is counted on its own
        assert attempt(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code == 200
    assert attempt(HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 200
    # A client not behind the proxy cannot escape by claiming to be forwarded.
    for n in range(4):
        attempt(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert attempt(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == (
        429
    )


def test_the_lockout_answer_says_when_to_retry(client):
    create_practitioner()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(LOGIN, {"username": "pat@example.com", "password": "wrong"})
    assert response.status_code == 429
    seconds = int(response["Retry-After"])
    assert settings.AXES_COOLOFF_TIME.total_seconds() - 60 < seconds
    assert seconds <= settings.AXES_COOLOFF_TIME.total_seconds()


def test_sign_ups_from_one_address_are_limited(client, limits):
    for n in range(2):
        response = client.post(
            SIGNUP, {"email": f"n{n}@example.com", "password": PASSWORD, "full_name": "Nia"}
        )
        assert response.status_code == 302
    response = client.post(
        SIGNUP, {"email": "n3@example.com", "password": PASSWORD, "full_name": "Nia"}
    )
    assert_too_many(response, SIGNUP, 3600)
    assert len(mail.outbox) == 2


def test_password_reset_mails_to_one_inbox_are_capped_without_saying_so(client, limits):
    create_practitioner()
    for _ in range(3):
        response = client.post(RESET, {"email": "pat@example.com"})
        assert response["Location"] == reverse("accounts:password_reset_done")
    # The third request looks the same as the others but sends nothing.
    assert [m.to for m in mail.outbox] == [["pat@example.com"]] * 2


def test_password_reset_requests_from_one_address_are_limited(client, limits):
    for n in range(4):
        assert client.post(RESET, {"email": f"p{n}@example.com"}).status_code == 302
    assert_too_many(client.post(RESET, {"email": "p9@example.com"}), RESET, 3600)


def test_wrong_old_passwords_on_password_change_lock_the_account(client):
    user = create_practitioner()
    client.force_login(user)
    form = {"old_password": "a guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(CHANGE, form).status_code == 200
    locked = client.post(CHANGE, form)
    assert_too_many(locked, CHANGE, int(settings.AXES_COOLOFF_TIME.total_seconds()))
    # Now even the right old password is refused, and so is signing in from here.
    right = client.post(CHANGE, {**form, "old_password": PASSWORD})
    assert right.status_code == 429
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    client.logout()
    assert client.post(LOGIN, {"username": user.email, "password": PASSWORD}).status_code == 429


def test_the_lockout_is_keyed_by_the_client_behind_a_trusted_proxy(client):
    create_practitioner()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": "pat@example.com", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    locked = client.post(
        LOGIN,
        {"username": "pat@example.com", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert locked.status_code == 429
    # The owner, elsewhere behind the same proxy, still signs in.
    elsewhere = client.post(
        LOGIN,
        {"username": "pat@example.com", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert elsewhere.status_code == 302
