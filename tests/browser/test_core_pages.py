import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible


@pytest.mark.parametrize("path", ["/", "/about/", "/accessibility/"])
def test_core_pages_have_no_accessibility_violations(e2e_server, page, path):
    page.goto(e2e_server.url + path)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_skip_link_moves_focus_to_main_content(e2e_server, page):
    page.goto(e2e_server.url + "/", wait_until="load")
    page.keyboard.press("Tab")
    skip = page.locator(".govuk-skip-link")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main-content$"))


def test_about_page_shows_every_attribution_text_in_the_browser(e2e_server, page):
    page.goto(e2e_server.url + "/about/")
    assert "Contains OS data © Crown copyright and database right 2025" in page.content()
    assert "CosIng is for information only" in page.content()


def test_home_page_is_usable_on_a_phone_without_horizontal_scrolling(e2e_server, phone_page):
    phone_page.goto(e2e_server.url + "/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert_accessible(phone_page)
