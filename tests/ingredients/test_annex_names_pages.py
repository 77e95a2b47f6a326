"""A substance matched by its Annex II name has no inventory page: the result says so."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_substance_known_only_by_its_annex_ii_name_shows_without_a_broken_link(client):
    response = client.post("/ingredients/check/", {"text": "Aqua, Tretinoin"})
    assert response.status_code == 200
    text = response.soup.find(id="ingredients").get_text()
    assert (
        "TRETINOIN" in text
        and "a substance Annex II bans (by name or by its class), not in the CosIng inventory"
        in text
    )


def test_the_api_gives_no_inventory_reference_for_it(client):
    response = client.post(
        "/api/v1/labels/check", {"text": "Aqua, Tretinoin"}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "prohibited"
    item = next(i for i in body["ingredients"] if i["input"] == "Tretinoin")
    assert item["cosing_ref"] is None and item["match"] == "exact"
