"""GET /api/v1/postcodes/{postcode} and /api/v1/places: bodies and error codes."""

import pytest

from treatsafe.geo.services import lookup_place, lookup_postcode

pytestmark = pytest.mark.django_db


def test_a_postcode_answers_200_with_the_service_result(client):
    response = client.get("/api/v1/postcodes/w1g9pf")
    assert response.status_code == 200
    assert response.json() == lookup_postcode("w1g9pf").as_dict()
    assert response.json()["postcode"] == "W1G 9PF"


def test_a_postcode_with_its_space_encoded_in_the_path_is_accepted(client):
    response = client.get("/api/v1/postcodes/SY10%200AA")
    assert response.status_code == 200
    assert response.json()["nation"] == "Wales"


def test_a_cross_border_district_answers_200_with_a_null_nation(client):
    body = client.get("/api/v1/postcodes/TD15").json()
    assert body["nation"] is None
    assert body["candidate_nations"] == ["England", "Scotland"]
    assert body["checker_jurisdiction"] is None


def test_an_invalid_postcode_is_a_400_with_a_clear_message(client):
    response = client.get("/api/v1/postcodes/not-a-postcode")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_postcode"
    assert "is not a valid UK postcode" in body["message"]


def test_a_well_formed_unknown_postcode_is_a_404_with_a_clear_message(client):
    response = client.get("/api/v1/postcodes/ZZ1%201AA")
    assert response.status_code == 404
    body = response.json()
    assert body["error"] == "unknown_postcode"
    assert "Check the postcode" in body["message"]


def test_places_answers_a_post_town(client):
    response = client.get("/api/v1/places", {"q": "Cardiff"})
    assert response.status_code == 200
    assert response.json() == lookup_place("Cardiff").as_dict()


def test_places_answers_a_postcode_like_the_postcode_route(client):
    assert (
        client.get("/api/v1/places", {"q": "w1g9pf"}).json()
        == client.get("/api/v1/postcodes/w1g9pf").json()
    )


@pytest.mark.parametrize(
    ("query", "status", "error"),
    [
        ("Newport", 400, "ambiguous_place"),
        ("Nowhere-on-Sea", 404, "unknown_place"),
        ("", 400, "invalid_postcode"),
        ("W1G 9CI", 400, "invalid_postcode"),
    ],
)
def test_places_errors_have_their_own_codes(client, query, status, error):
    response = client.get("/api/v1/places", {"q": query})
    assert response.status_code == status
    assert response.json()["error"] == error
    assert response.json()["message"]


def test_places_without_a_query_is_a_400(client):
    assert client.get("/api/v1/places").status_code == 400


def test_the_postcode_route_and_its_schema_are_in_the_openapi_document(client):
    schema = client.get("/api/openapi.json").json()
    route = schema["paths"]["/api/v1/postcodes/{postcode}"]["get"]
    assert {"200", "400", "404"} <= set(route["responses"])
    assert "PostcodeOut" in schema["components"]["schemas"]
    assert "/api/v1/places" in schema["paths"]
