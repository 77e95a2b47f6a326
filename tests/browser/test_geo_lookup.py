"""The postcode look-up page in a real browser, with axe-core on every state of the page."""

import json

from tests.browser.conftest import assert_accessible


def test_a_person_looks_up_a_postcode_typed_in_lower_case(e2e_server, page):
    page.goto(e2e_server.url + "/postcodes/")
    assert_accessible(page)
    page.get_by_label("Postcode or town").fill("sy10 0aa")
    page.get_by_role("button", name="Look up").click()
    page.wait_for_load_state()
    assert page.locator("#result").inner_text() == "SY10 0AA"
    nation = page.locator(".govuk-summary-list__row", has_text="Nation").locator("dd")
    assert nation.inner_text() == "Wales"
    assert_accessible(page)


def test_an_invalid_postcode_shows_an_error_summary_that_moves_focus_to_the_field(e2e_server, page):
    page.goto(e2e_server.url + "/postcodes/")
    page.get_by_label("Postcode or town").fill("W1G 9CI")
    page.get_by_role("button", name="Look up").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert "is not a valid UK postcode" in summary.inner_text()
    assert_accessible(page)
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "q"


def test_the_page_answers_a_town_on_a_phone_without_horizontal_scrolling(e2e_server, phone_page):
    phone_page.goto(e2e_server.url + "/postcodes/?q=Cardiff")
    assert phone_page.locator("#result").inner_text() == "Cardiff"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone_page)


def test_the_cli_json_equals_the_api_body_on_the_served_database(e2e_server, page):
    cli = json.loads(e2e_server.cli("postcode", "td15 1bt", "--json"))
    response = page.request.get(e2e_server.url + "/api/v1/postcodes/td15%201bt")
    assert response.status == 200
    assert response.json() == cli
