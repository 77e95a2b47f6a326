"""Every GET operation of the API refuses a query parameter it does not take, by name."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_misspelt_parameter_is_refused_naming_it_and_the_accepted_ones(client):
    response = client.get("/api/v1/practitioners/search", {"postcode": "W1G 9PF", "radius": 5})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "unknown_parameter" and body["unknown"] == ["radius"]
    assert "radius_miles" in body["accepted"] and "radius_miles" in body["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/postcodes/W1G9PF",
        "/api/v1/places?q=Cardiff",
        "/api/v1/treatments",
        "/api/v1/rules",
        "/api/v1/practitioners/lookup?q=W1G+9PF",
        "/api/v1/decisions",
    ],
)
def test_every_get_operation_refuses_an_unknown_parameter(client, path):
    joiner = "&" if "?" in path else "?"
    assert client.get(f"{path}{joiner}bogus=1").status_code == 400
    assert client.get(path).status_code == 200


def test_the_api_docs_say_they_need_javascript_and_link_to_the_schema_and_the_site(client):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get("/api/docs").content, "html.parser")
    note = page.find("noscript").get_text(" ", strip=True)
    assert "needs JavaScript" in note
    hrefs = {a["href"] for a in page.find_all("a")}
    assert "/api/openapi.json" in hrefs and "/" in hrefs
    assert page.html["lang"] == "en-GB"


def test_one_date_style_for_people_iso_for_machines():
    import datetime as dt

    from treatsafe.core.dates import govuk_date

    assert govuk_date(dt.date(2026, 11, 28)) == "28 November 2026"
    assert govuk_date("2027-03-01") == "1 March 2027"
    assert govuk_date(dt.datetime(2027, 9, 23, 14, 5)) == "23 September 2027"
    assert govuk_date(None) == ""
