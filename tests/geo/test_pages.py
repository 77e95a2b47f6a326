"""The /postcodes/ page: a form, and the answer as a GOV.UK summary list."""

import pytest

pytestmark = pytest.mark.django_db


def summary(response) -> dict[str, str]:
    rows = response.soup.select(".govuk-summary-list__row")
    return {
        " ".join(row.dt.get_text().split()): " ".join(row.dd.get_text().split()) for row in rows
    }


def test_the_page_shows_a_labelled_search_form(client):
    response = client.get("/postcodes/")
    assert response.status_code == 200
    assert response.soup.h1.get_text(strip=True) == "Look up a postcode"
    assert response.soup.select_one("label[for=q]").get_text(strip=True) == "Postcode or town"
    assert not response.soup.select(".govuk-error-summary")


def test_a_postcode_shows_its_nation_authority_and_a_link_to_the_json(client):
    response = client.get("/postcodes/", {"q": "w1g9pf"})
    rows = summary(response)
    assert response.soup.select_one("#result").get_text(strip=True) == "W1G 9PF"
    assert rows["Nation"] == "England"
    assert rows["Local authority"] == "City of Westminster London Boro"
    assert "the postcode itself" in rows["Position"]
    json_link = response.soup.find("a", string="Get this answer as JSON")
    assert client.get(json_link["href"]).json()["postcode"] == "W1G 9PF"


def test_a_cross_border_district_shows_the_candidates_and_the_caveat(client):
    response = client.get("/postcodes/", {"q": "TD15"})
    assert summary(response)["Nation"] == "Not known: England or Scotland"
    insets = [" ".join(n.get_text().split()) for n in response.soup.select(".govuk-inset-text")]
    assert any("crosses the border" in text for text in insets)


def test_a_crown_dependency_says_it_is_not_part_of_the_uk(client):
    response = client.get("/postcodes/", {"q": "JE2 3AB"})
    assert "Crown Dependency" in summary(response)["Nation"]


def test_an_invalid_postcode_shows_the_error_summary_and_an_inline_error(client):
    response = client.get("/postcodes/", {"q": "W1G 9CI"})
    assert response.status_code == 200
    link = response.soup.select_one(".govuk-error-summary__list a")
    assert link["href"] == "#q"
    assert "is not a valid UK postcode" in link.get_text()
    assert "is not a valid UK postcode" in response.soup.select_one("#q-error").get_text()
    assert "q-error" in response.soup.select_one("#q")["aria-describedby"]
    assert response.soup.select_one("#q")["value"] == "W1G 9CI"
    assert not response.soup.select(".govuk-summary-list")


def test_an_ambiguous_town_lists_the_places_with_that_name(client):
    response = client.get("/postcodes/", {"q": "Newport"})
    assert "more than one place called Newport" in response.soup.select_one("#q-error").get_text()
    assert len(response.soup.select(".govuk-list--bullet li")) >= 2


def test_an_empty_search_asks_for_a_postcode(client):
    response = client.get("/postcodes/", {"q": ""})
    assert "Enter a postcode" in response.soup.select_one("#q-error").get_text()


def test_a_very_long_search_is_refused_without_an_error_page(client):
    response = client.get("/postcodes/", {"q": "x" * 5000})
    assert response.status_code == 200
    assert response.soup.select_one("#q-error")
