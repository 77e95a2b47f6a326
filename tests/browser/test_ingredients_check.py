"""The label checker in a real browser: paste, check, read the verdict, follow an ingredient."""

import pytest

from tests.browser.conftest import assert_accessible
from tests.ingredients.test_photos import label_photo, needs_ocr

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


@needs_ocr
def test_a_photo_of_a_label_is_read_into_the_text_box_and_checked(e2e_server, page):
    page.goto(e2e_server.url + "/ingredients/check/")
    page.get_by_label("Or upload a photo of the label (optional)").set_input_files(
        files=[{"name": "label.jpg", "mimeType": "image/jpeg", "buffer": label_photo()}]
    )
    page.get_by_role("button", name="Check ingredients").click()
    assert "Niacinamide 5%" in page.get_by_label("Ingredient list").input_value()
    assert page.locator("#from-photo").is_visible()
    table = page.locator("table#ingredients")
    assert table.get_by_role("link", name="HYDROQUINONE").count() == 1
    assert_accessible(page)


@pytest.mark.parametrize("name", ["label.gif", "label.txt"])
def test_a_file_that_is_not_a_photo_gets_an_accessible_error(e2e_server, page, name):
    page.goto(e2e_server.url + "/ingredients/check/")
    photo = page.locator("input#photo")
    if not photo.count():
        pytest.skip("photo reading is not available on this machine")
    photo.set_input_files(files=[{"name": name, "mimeType": "image/gif", "buffer": b"GIF89a"}])
    page.get_by_role("button", name="Check ingredients").click()
    summary = page.locator(".govuk-error-summary")
    assert "JPEG, PNG or HEIC" in summary.inner_text()
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "photo"
    assert_accessible(page)
