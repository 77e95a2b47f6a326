import email
import re
import time
import uuid

import pytest

from tests.browser.conftest import assert_accessible

PASSWORD = "a long browser passphrase"


def unique_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"


def read_outbox_link(server, to: str, subject: str, timeout: float = 10) -> str:
    """The first link in the newest email to `to` with `subject` in the server's outbox."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        outbox = server.data_dir / "outbox"
        for path in sorted(outbox.glob("*"), key=lambda p: p.stat().st_mtime, reverse=True):
            for raw in path.read_text().split("\n" + "-" * 79 + "\n"):
                message = email.message_from_string(raw.strip())
                if message["To"] == to and message["Subject"] == subject:
                    body = message.get_payload(decode=True).decode()
                    return re.search(r"https?://\S+", body).group(0)
        time.sleep(0.2)
    raise AssertionError(f"no email {subject!r} to {to}")


@pytest.mark.parametrize(
    "path", ["/accounts/sign-up/", "/accounts/login/", "/accounts/password-reset/"]
)
def test_account_pages_have_no_accessibility_violations(e2e_server, page, path):
    page.goto(e2e_server.url + path)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


@pytest.mark.parametrize(
    "path", ["/accounts/sign-up/", "/accounts/login/", "/accounts/password-reset/"]
)
def test_account_pages_fit_a_phone_screen(e2e_server, phone_page, path):
    phone_page.goto(e2e_server.url + path)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone_page)


def test_an_invalid_sign_up_shows_an_accessible_error_summary_that_links_to_the_field(
    e2e_server, page
):
    page.goto(e2e_server.url + "/accounts/sign-up/")
    page.get_by_label("Full name").fill("Nia New")
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_label("Create a password").fill("short")
    page.get_by_role("button", name="Create account").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert summary.evaluate("node => node.contains(document.activeElement)")  # focused by JS
    assert_accessible(page)
    summary.get_by_role("link", name=re.compile("correct format")).click()
    assert page.evaluate("document.activeElement.id") == "id_email"


def test_the_password_can_be_shown_while_typing_it(e2e_server, page):
    page.goto(e2e_server.url + "/accounts/login/")
    field = page.locator("#id_password")
    assert field.get_attribute("type") == "password"
    page.get_by_role("button", name="Show password").click()
    assert field.get_attribute("type") == "text"


def test_sign_up_then_the_emailed_link_and_password_sign_in_and_open_my_listing(e2e_server, page):
    address = unique_email("practitioner")
    page.goto(e2e_server.url + "/accounts/sign-up/")
    page.get_by_label("Full name").fill("Nia New")
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    assert page.locator("h1").inner_text() == "Check your email"
    assert address in page.locator("main").inner_text()
    assert_accessible(page)

    link = read_outbox_link(e2e_server, address, "Confirm your email address for TreatSafe")
    page.goto(link)
    assert page.locator("h1").inner_text() == "Confirm your email address"
    assert_accessible(page)
    page.get_by_label("Password", exact=True).fill("not the password I chose")
    page.get_by_role("button", name="Confirm email address").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "Your password is not correct" in summary.inner_text()
    assert_accessible(page)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Confirm email address").click()
    assert page.url == e2e_server.url + "/register/my-listing/"
    assert page.get_by_role("button", name="Sign out").is_visible()

    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("link", name="Sign in").is_visible()
    page.goto(link)
    assert page.locator("h1").inner_text() == "Your email address is already confirmed"
    assert_accessible(page)


def test_password_reset_by_email_in_the_browser(e2e_server, page):
    address = unique_email("reset")
    e2e_server.python(
        "from treatsafe.accounts.models import User; from django.utils import timezone; "
        f"u = User(username='{address}', email='{address}', email_verified_at=timezone.now()); "
        f"u.set_password('{PASSWORD}'); u.save()"
    )
    page.goto(e2e_server.url + "/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email address").fill(address)
    page.get_by_role("button", name="Send reset link").click()
    assert page.locator("h1").inner_text() == "Check your email"

    page.goto(read_outbox_link(e2e_server, address, "Reset your TreatSafe password"))
    assert page.locator("h1").inner_text() == "Choose a new password"
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("my new browser passphrase")
    page.get_by_label("Confirm new password").fill("my new browser passphrase")
    page.get_by_role("button", name="Save password").click()
    assert page.locator("h1").inner_text() == "Your password has been changed"

    page.locator("main").get_by_role("link", name="sign in").click()
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Password", exact=True).fill("my new browser passphrase")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("button", name="Sign out").is_visible()


def test_the_locked_out_page_is_accessible(e2e_server, page):
    address = unique_email("locked")
    page.goto(e2e_server.url + "/accounts/login/")
    for _ in range(5):
        page.get_by_label("Email address").fill(address)
        page.get_by_label("Password", exact=True).fill("a wrong guess")
        page.get_by_role("button", name="Sign in").click()
        if page.locator("h1").inner_text().startswith("Sign-in is locked"):
            break
    assert page.locator("h1").inner_text() == "Sign-in is locked for 15 minutes"
    assert_accessible(page)


def test_an_assessor_made_with_the_cli_sets_a_password_and_reaches_the_back_office(
    e2e_server, page
):
    address = unique_email("assessor")
    output = e2e_server.cli("create-assessor", address, "--base-url", e2e_server.url)
    assert f"Created assessor {address}" in output
    page.goto(read_outbox_link(e2e_server, address, "You have a TreatSafe assessor account"))
    assert page.locator("h1").inner_text() == "Choose a new password"
    page.get_by_label("New password", exact=True).fill("an assessor passphrase")
    page.get_by_label("Confirm new password").fill("an assessor passphrase")
    page.get_by_role("button", name="Save password").click()
    page.goto(e2e_server.url + "/accounts/login/")
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Password", exact=True).fill("an assessor passphrase")
    page.get_by_role("button", name="Sign in").click()
    assert page.url == e2e_server.url + "/register/assess/"
    assert_accessible(page)
    page.goto(e2e_server.url + "/admin/")
    assert page.title().startswith("Site administration")
    assert page.get_by_role("button", name=re.compile("Log out", re.I)).count() == 1
