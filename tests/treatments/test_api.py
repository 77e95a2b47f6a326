"""The treatments JSON API: the checker, the catalogue, the rules as open data and adverts."""

import pytest

from treatsafe.treatments.catalogue import TREATMENTS
from treatsafe.treatments.rules import get_ruleset

pytestmark = pytest.mark.django_db


def check(client, **body):
    return client.post("/api/v1/treatments/check", body, content_type="application/json")


def test_the_catalogue_lists_every_treatment_with_its_slug_and_aliases(client):
    data = client.get("/api/v1/treatments").json()
    assert [t["slug"] for t in data] == [t.slug for t in TREATMENTS]
    toxin = next(t for t in data if t["slug"] == "botulinum-toxin")
    assert "Barbie Botox" in toxin["aliases"] and toxin["is_prescription_only"]
    assert client.get(toxin["url"]).status_code == 200


def test_one_treatment_and_an_unknown_one(client):
    assert client.get("/api/v1/treatments/prp").json()["name"].startswith("Platelet")
    response = client.get("/api/v1/treatments/tattoo")
    assert response.status_code == 404
    assert response.json()["error"] == "unknown_treatment"


def test_checking_a_plant_exosome_facial_by_cardiff_postcode_is_lawful_in_wales(client):
    response = check(client, treatment="exosomes", source="plant", route="topical",
                     postcode="CF10 1AA")  # fmt: skip
    assert response.status_code == 200
    data = response.json()
    assert data["verdict"] == "lawful"
    assert data["inputs"]["jurisdiction"] == "Wales"
    assert data["reasons"][0]["rule_id"] == "exosomes-topical-compliant-cosmetic"
    assert data["reasons"][0]["citations"]
    assert len(data["questions"]) == 5 and data["next_steps"]
    assert data["rules_last_verified"] == "2026-11-25"


def test_checking_human_exosomes_returns_unlawful_with_the_annex_citation(client):
    data = check(client, treatment="exosomes", source="human", route="topical",
                 jurisdiction="Scotland").json()  # fmt: skip
    assert data["verdict"] == "unlawful"
    clauses = [c["clause"] for r in data["reasons"] for c in r["citations"]]
    assert any("416" in (clause or "") for clause in clauses)


def test_a_label_with_a_banned_ingredient_makes_the_api_verdict_unlawful(client):
    data = check(
        client, treatment="exosomes", source="plant", route="topical", jurisdiction="England",
        label="Aqua, Glycerin, Human Adipocyte Conditioned Media Extract",
    ).json()  # fmt: skip
    assert data["verdict"] == "unlawful"
    assert data["label"]["verdict"] == "prohibited"


def test_a_cross_border_postcode_without_a_nation_asks_for_one(client):
    response = check(client, treatment="dermal-filler", postcode="SY10")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "nation_needed"
    assert body["candidate_nations"] == ["England", "Wales"]
    again = check(client, treatment="dermal-filler", postcode="SY10", nation="Wales", age=17)
    assert again.json()["inputs"]["jurisdiction"] == "Wales"


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"treatment": "tattoo", "jurisdiction": "England"}, 400, "invalid_query"),
        (
            {"treatment": "exosomes", "route": "oral", "jurisdiction": "England"},
            400,
            "invalid_query",
        ),
        ({"treatment": "exosomes", "postcode": "not a postcode"}, 400, None),
        ({"treatment": "exosomes", "postcode": "XX1 1AA"}, 404, None),
        ({"treatment": "exosomes", "jurisdiction": "England", "age": 300}, 400, "invalid_query"),
        ({"treatment": "exosomes", "jurisdiction": "England", "price": -3}, 400, "invalid_price"),
        ({"source": "plant"}, 400, "invalid"),
    ],
)
def test_bad_input_gets_a_clear_json_error_never_a_500(client, body, status, error):
    response = check(client, **body)
    assert response.status_code == status
    data = response.json()
    assert data["message"]
    if error:
        assert data["error"] == error


def test_the_price_offered_is_put_in_context(client):
    data = check(client, treatment="exosomes", source="plant", route="topical",
                 jurisdiction="England", price=30).json()  # fmt: skip
    assert data["price"]["far_below_usual"] is True
    assert data["price"]["basis"] == "cited"


def test_the_rules_are_open_data_with_citations_statuses_and_last_verified(client):
    data = client.get("/api/v1/rules").json()
    assert data["last_verified"] == "2026-11-25"
    assert len(data["rules"]) == len(get_ruleset().rules)
    statuses = {rule["status"] for rule in data["rules"]}
    assert statuses == {"in_force", "enacted_not_commenced", "proposed"}
    for rule in data["rules"]:
        assert rule["citations"] or rule["needs_source"]
    assert "licence" in data


def test_the_advert_endpoint_flags_claims_with_their_rules(client):
    text = "Our exosomes are NOT human-derived. Botox from \u00a389!"
    response = client.post("/api/v1/adverts/check", {"text": text}, content_type="application/json")
    data = response.json()
    assert [flag["claim"] for flag in data["flags"]] == ["prescription_only_medicine"]
    flag = data["flags"][0]
    assert flag["rule_id"] == "advert-prescription-only-medicine"
    quote = flag["quotes"][0]
    assert quote["text"] == "Botox" == text[quote["start"] : quote["end"]]
    assert any("regulation 284" in citation["clause"] for citation in flag["citations"])
    assert all(citation["title"] for citation in flag["citations"])


def test_the_advert_endpoint_is_documented_with_unique_schema_names(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert {"AdvertOut", "AdvertFlagOut", "AdvertQuoteOut"} <= set(schemas)
    assert set(schemas["AdvertQuoteOut"]["properties"]) >= {"text", "start", "end"}


def test_an_empty_advert_is_a_400(client):
    response = client.post("/api/v1/adverts/check", {"text": ""}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_advert"
