"""The label checker in a real browser: paste, check, read the verdict, follow an ingredient."""

from tests.browser.conftest import assert_accessible

LABEL = (
    "Ingredients: Aqua (Water), Glycerin, Niacinamide 5%, Phenoxyethanol 2%, "
    "Human Adipose Stromal Cell Exosomes, Glycern, Unicorn Tears [+/- CI 77891]."
)


def test_a_pasted_label_gets_a_verdict_and_a_table_with_no_accessibility_violations(
    e2e_server, page
):
    page.goto(e2e_server.url + "/ingredients/check/")
    assert_accessible(page)
    page.get_by_label("Ingredient list").fill(LABEL)
    page.get_by_role("button", name="Check ingredients").click()
    verdict = page.locator("#verdict")
    assert "Do not use" in verdict.inner_text()
    table = page.locator("table#ingredients")
    assert table.locator("tbody tr").count() == 8
    assert "Did you mean" in table.inner_text()
    assert_accessible(page)
    table.get_by_role("link", name="HUMAN ADIPOSE STROMAL CELL EXOSOMES").click()
    assert page.locator("h1").inner_text() == "HUMAN ADIPOSE STROMAL CELL EXOSOMES"
    assert "Annex II/416" in page.content()
    assert_accessible(page)


def test_an_empty_label_shows_an_accessible_error_summary(e2e_server, page):
    page.goto(e2e_server.url + "/ingredients/check/")
    page.get_by_role("button", name="Check ingredients").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter the ingredient list" in summary.inner_text()
    assert_accessible(page)


def test_the_result_is_usable_on_a_phone(e2e_server, phone_page):
    phone_page.goto(e2e_server.url + "/ingredients/check/")
    phone_page.get_by_label("Ingredient list").fill(LABEL)
    phone_page.get_by_role("button", name="Check ingredients").click()
    assert phone_page.locator("#verdict").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone_page)
