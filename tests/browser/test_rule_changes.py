"""The rules' change log and the Scotland registration question in a real browser, with axe."""

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def choose(page, label: str) -> None:
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Continue").click()


def test_the_change_log_is_reached_from_the_rules_and_is_accessible(e2e_server, page):
    page.goto(e2e_server.url + "/treatments/rules/")
    page.get_by_role("link", name="What changed in the rules").click()
    assert page.locator("h1").inner_text() == "What changed in the rules"
    assert page.locator("main h2").first.inner_text() == "28 November 2026"
    assert_accessible(page)
    page.get_by_role(
        "link", name="A vitamin injection with no prescriber is against the law"
    ).click()
    assert page.url.endswith("/treatments/rules/#rule-vitamin-injection-without-prescriber")


def test_the_change_log_fits_a_phone(e2e_server, phone_page):
    phone_page.goto(e2e_server.url + "/treatments/rules/changes/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone_page)


def test_a_scottish_nurse_is_asked_about_registration_and_no_is_a_warning_sign(e2e_server, page):
    page.goto(e2e_server.url + "/treatments/check/new/")
    choose(page, "Botulinum toxin")
    choose(page, "They did not say, or I do not know")
    choose(page, "Injected")
    page.get_by_label("What is the clinic's postcode or town?").fill("EH1 1AD")
    page.get_by_role("button", name="Continue").click()
    choose(page, "18 or over")
    choose(page, "A nurse")
    assert (
        page.locator("h1")
        .inner_text()
        .startswith("Is the clinic registered with Healthcare Improvement Scotland?")
    )
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()  # no answer: an error summary
    assert (
        "Select whether the clinic is registered"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page)
    choose(page, "No, it is not registered")
    choose(page, "Yes, in person")
    page.get_by_role("button", name="Continue").click()  # no ingredient list
    page.get_by_role("button", name="Get the verdict").click()
    assert page.locator("h1").inner_text() == "Botulinum toxin: warning signs"
    assert "Cannot come into force before 6 September 2027." in page.content()
    assert_accessible(page)
