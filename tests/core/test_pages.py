from pathlib import Path

import pytest

from tests.pagecheck import PageCheckError, check_page


def test_home_page_says_what_the_service_does_and_links_to_its_parts(client):
    response = client.get("/")
    assert response.status_code == 200
    links = {a["href"] for a in response.soup.select("main a")}
    assert {"/register/", "/treatments/check/", "/ingredients/check/", "/about/"} <= links
    assert "Check before you have an aesthetic treatment" in response.soup.h1.get_text()


def test_about_page_shows_the_attribution_text_of_every_dataset(client):
    from treatsafe.core.attribution import ATTRIBUTIONS

    response = client.get("/about/")
    text = " ".join(response.soup.get_text().split())
    for attribution in ATTRIBUTIONS:
        assert attribution.text in text


def test_pages_have_a_skip_link_to_the_main_content(client):
    soup = client.get("/").soup
    skip = soup.select_one("a.govuk-skip-link")
    assert skip["href"] == "#main-content"
    assert soup.find(id="main-content").name == "main"


def test_pages_do_not_use_the_gov_uk_name_crown_or_font(client):
    response = client.get("/")
    assert "GOV.UK" not in response.content.decode()
    assert not response.soup.select("header svg, .govuk-header__logotype")
    from django.contrib.staticfiles import finders

    css = Path(finders.find("govuk/govuk-frontend.min.css")).read_text()
    assert "GDS Transport" not in css


def test_unknown_page_answers_404_with_a_helpful_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_page_check_rejects_two_h1s():
    html = "<!DOCTYPE html><html lang=en><title>A</title><h1>A</h1><h1>B</h1></html>"
    with pytest.raises(PageCheckError, match="exactly one <h1>"):
        check_page(html)


def test_page_check_rejects_a_title_that_does_not_start_with_the_h1():
    html = "<!DOCTYPE html><html lang=en><title>Other – TreatSafe</title><h1>A</h1></html>"
    with pytest.raises(PageCheckError, match="does not start with h1"):
        check_page(html)


def test_page_check_rejects_duplicate_ids_and_unlabelled_fields():
    html = (
        "<!DOCTYPE html><html lang=en><title>A</title><h1>A</h1>"
        "<p id=x></p><p id=x></p><input name=q></html>"
    )
    with pytest.raises(PageCheckError) as error:
        check_page(html)
    assert "duplicate id 'x'" in str(error.value)
    assert "'q' has no label" in str(error.value)


def test_page_check_accepts_a_labelled_field():
    html = (
        "<!DOCTYPE html><html lang=en><title>A</title><h1>A</h1>"
        "<label for=q>Query</label><input id=q name=q></html>"
    )
    check_page(html)
