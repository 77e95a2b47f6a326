"""The JSON API: the label check, one ingredient, and the name search."""

import pytest

pytestmark = pytest.mark.django_db


def post_label(client, text):
    return client.post("/api/v1/labels/check", {"text": text}, content_type="application/json")


def test_checking_a_label_returns_the_result_contract(client):
    response = post_label(client, "Aqua, Human Adipose Stromal Cell Exosomes, Glycern")
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "prohibited"
    assert [i["match"] for i in body["ingredients"]] == ["exact", "exact", "fuzzy"]
    assert body["ingredients"][1]["annex_entries"][0]["ref"] == "416"
    assert body["ingredients"][1]["flags"] == ["human_origin", "exosome"]
    assert body["warnings"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty_label"),
        ("x" * 1_000_000, "label_too_long"),
        ("\x00\x01\x02\x03" * 100, "not_text"),
        ("Aqua, " * 2000, "too_many_ingredients"),
    ],
)
def test_bad_label_text_gets_a_400_with_a_message(client, text, code):
    response = post_label(client, text)
    assert response.status_code == 400
    assert response.json()["error"] == code
    assert response.json()["message"]


def test_a_body_without_text_is_a_400(client):
    response = client.post("/api/v1/labels/check", {}, content_type="application/json")
    assert response.status_code == 400


def test_an_ingredient_is_returned_with_functions_and_annex_entries(client):
    response = client.get("/api/v1/ingredients/36522")
    assert response.status_code == 200
    body = response.json()
    assert body["inci_name"] == "PHENOXYETHANOL"
    assert "PRESERVATIVE" in body["functions"]
    assert [(e["annex"], e["ref"]) for e in body["annex_entries"]] == [("V", "29")]
    assert "CosIng" in body["source"]


def test_an_unknown_ingredient_reference_is_a_404(client):
    response = client.get("/api/v1/ingredients/1")
    assert response.status_code == 404
    assert response.json()["error"] == "ingredient_not_found"


def test_searching_by_name_finds_ingredients_containing_it(client):
    body = client.get("/api/v1/ingredients", {"q": "niacinamide"}).json()
    assert body["results"][0]["inci_name"] == "NIACINAMIDE"
    assert all("NIACINAMIDE" in r["inci_name"] for r in body["results"])


def test_a_misspelt_search_offers_fuzzy_suggestions(client):
    body = client.get("/api/v1/ingredients", {"q": "phenoxyethanl"}).json()
    assert body["results"] == []
    assert "PHENOXYETHANOL" in [s["inci_name"] for s in body["suggestions"]]


def test_an_empty_search_is_a_400(client):
    assert client.get("/api/v1/ingredients", {"q": " "}).status_code == 400


def test_a_search_with_control_characters_is_a_400_not_a_database_error(client):
    response = client.get("/api/v1/ingredients", {"q": "glyc\x00erin"})
    assert response.status_code == 400
    assert response.json()["error"] == "not_text"


@pytest.mark.parametrize("text", ["Aqua\x00, Glycerin", "\ufffd" * 10])
def test_a_label_with_nul_or_replacement_characters_is_refused(client, text):
    response = post_label(client, text)
    assert response.status_code == 400
    assert response.json()["error"] == "not_text"
