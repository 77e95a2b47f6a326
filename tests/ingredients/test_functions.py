"""What each ingredient does: CosIng functions in plain English, a one-line summary of the
list, and EU fragrance allergens named as such (information, not a warning)."""

import pytest
from django.conf import settings

from treatsafe.ingredients.functions import PLAIN_FUNCTIONS, plain_functions, summary
from treatsafe.ingredients.services import check_label

pytestmark = pytest.mark.django_db


def test_every_function_in_the_shipped_inventory_has_a_plain_english_meaning(cosing_data):
    used = {name for record in cosing_data.ingredients for name in record.functions}
    assert used <= set(PLAIN_FUNCTIONS)
    assert all(plain and meaning for plain, meaning in PLAIN_FUNCTIONS.values())


def test_functions_are_given_in_plain_english_with_a_meaning():
    result = check_label("Aqua, Sodium Hyaluronate, Phenoxyethanol")
    hyaluronate = result.ingredients[1]
    assert [f.plain for f in hyaluronate.functions] == ["Humectant", "Skin conditioner"]
    assert "moist" in hyaluronate.functions[0].meaning
    assert "Preservative" in [f.plain for f in result.ingredients[2].functions]


def test_the_summary_counts_preservatives_uv_filters_and_fragrance_allergens():
    result = check_label("Aqua, Phenoxyethanol, Linalool, Limonene, Homosalate")
    assert result.summary == "1 preservative, 1 UV filter, 2 fragrance allergens"


def test_fragrance_allergens_are_named_as_information_not_as_a_warning():
    result = check_label("Aqua, Glycerin, Linalool, Citronellol")
    allergens = [i.inci for i in result.ingredients if i.fragrance_allergen]
    assert allergens == ["LINALOOL", "CITRONELLOL"]
    assert result.verdict == "ok"
    assert all("fragrance allergen" in f.text for f in result.maker_limits)


def test_a_list_with_none_of_the_counted_roles_says_so():
    assert summary([[], []]).startswith("No preservatives")
    assert plain_functions(["HUMECTANT", "SKIN CONDITIONING - HUMECTANT"])[0].plain == "Humectant"
    assert len(plain_functions(["HUMECTANT", "SKIN CONDITIONING - HUMECTANT"])) == 1


def test_the_api_and_page_show_what_each_ingredient_does(client):
    body = client.post(
        "/api/v1/labels/check",
        {"text": "Aqua, Glycerin, Linalool"},
        content_type="application/json",
    ).json()
    assert body["summary"] == "1 fragrance allergen"
    glycerin = body["ingredients"][1]
    assert {"name": "HUMECTANT", "plain": "Humectant"}.items() <= next(
        f for f in glycerin["functions"] if f["name"] == "HUMECTANT"
    ).items()
    assert body["ingredients"][2]["fragrance_allergen"] is True
    page = client.post("/ingredients/check/", {"text": "Aqua, Glycerin, Linalool"}).soup
    assert "1 fragrance allergen" in page.find(id="summary").get_text()
    table = page.find(id="ingredients").get_text()
    assert "Humectant" in table and "EU fragrance allergen" in table


assert settings  # the settings module is loaded for the data directory


def test_an_ingredient_page_and_its_api_give_the_functions_in_plain_english(client):
    page = client.get("/ingredients/31959/").soup  # AQUA
    assert "Solvent" in page.get_text() and "dissolves the other ingredients" in page.get_text()
    body = client.get("/api/v1/ingredients/31959").json()
    assert body["function_meanings"][0]["plain"] == "Solvent"
