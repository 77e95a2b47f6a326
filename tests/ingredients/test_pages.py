"""The pages: the label checker form and result, ingredient pages, and the name search."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_check_page_shows_a_labelled_text_area(client):
    response = client.get("/ingredients/check/")
    assert response.status_code == 200
    assert response.soup.h1.get_text(strip=True) == "Check a product label"
    assert response.soup.find("textarea", id="text")
    assert response.soup.find("label", attrs={"for": "text"})


def test_a_checked_label_shows_the_verdict_first_then_a_table_linking_each_ingredient(client):
    response = client.post(
        "/ingredients/check/", {"text": "Aqua, Phenoxyethanol 2%, Glycern, Unicorn Tears"}
    )
    assert response.status_code == 200
    soup = response.soup
    verdict = soup.find(id="verdict")
    assert "treatsafe-verdict--restriction_broken" in verdict["class"]
    assert "breaks a legal limit" in verdict.get_text()
    assert "declares 2%, above the maximum of 1%" in soup.find(id="problems").get_text()
    assert verdict.find_next("table") is soup.find("table", id="ingredients")
    rows = soup.find("table", id="ingredients").tbody.find_all("tr")
    assert len(rows) == 4
    assert rows[0].find("a")["href"] == "/ingredients/31959/"
    assert "Annex V/29" in rows[1].get_text()
    assert "above the 1% limit" in rows[1].get_text()
    assert "Breaks a limit" in rows[1].find(class_="govuk-tag").get_text()
    assert "Preservative" in rows[1].get_text()
    assert "Did you mean" in rows[2].get_text()
    assert "Not found in CosIng" in rows[3].get_text()
    assert "European Commission, CosIng" in soup.get_text()


def test_a_prohibited_label_says_so_in_plain_english(client):
    response = client.post(
        "/ingredients/check/", {"text": "Aqua, Human Adipocyte Conditioned Media"}
    )
    verdict = response.soup.find(id="verdict")
    assert "treatsafe-verdict--prohibited" in verdict["class"]
    assert "Do not use" in verdict.get_text()
    assert "human origin" in response.soup.find(id="warnings").get_text()


@pytest.mark.parametrize("text", ["", "x" * 30_000, "\x00\x01\x02\x03" * 20])
def test_bad_input_shows_an_error_summary_linked_to_the_field(client, text):
    response = client.post("/ingredients/check/", {"text": text})
    assert response.status_code == 400
    from tests.pagecheck import check_page

    soup = check_page(response.content.decode(), "/ingredients/check/")
    summary = soup.find(class_="govuk-error-summary")
    assert summary.find("a")["href"] == "#text"
    assert soup.find(id="text-error")
    assert "text-error" in soup.find("textarea", id="text")["aria-describedby"]


def test_an_ingredient_page_shows_its_details_annex_entries_and_source(client):
    response = client.get("/ingredients/76687/")
    assert response.status_code == 200
    text = response.soup.get_text()
    assert response.soup.h1.get_text(strip=True) == "HYDROQUINONE"
    assert "123-31-9" in text
    assert "Annex II/1339" in text and "Annex III/14" in text
    assert "Artificial nail systems" in text
    assert "European Commission, CosIng" in text


def test_a_human_origin_ingredient_page_warns_that_it_is_prohibited(client):
    response = client.get("/ingredients/94665/")
    assert "prohibited in cosmetic products" in response.soup.get_text()


def test_an_unknown_ingredient_page_is_a_404(client):
    assert client.get("/ingredients/1/").status_code == 404


def test_the_search_page_lists_ingredients_and_did_you_mean_suggestions(client):
    found = client.get("/ingredients/", {"q": "niacinamide"})
    assert "NIACINAMIDE" in found.soup.find("ul", class_="govuk-list").get_text()
    suggested = client.get("/ingredients/", {"q": "phenoxyethanl"})
    assert "Did you mean" in suggested.soup.get_text()
    assert "PHENOXYETHANOL" in suggested.soup.get_text()


def test_without_cosing_data_the_pages_say_so_instead_of_failing(client):
    from tests.pagecheck import check_page
    from treatsafe.core.models import ImportedDataset

    ImportedDataset.objects.filter(name="cosing").delete()
    for response in (
        client.post("/ingredients/check/", {"text": "Aqua"}),
        client.get("/ingredients/", {"q": "glycerinn"}),
    ):
        assert response.status_code == 503
        soup = check_page(response.content.decode(), "/ingredients/")
        assert "import-data" in soup.find(class_="govuk-error-summary").get_text()
