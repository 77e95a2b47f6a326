from django.test import Client

from tests.pagecheck import check_page


def test_openapi_schema_is_served_as_json(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "TreatSafe API"
    assert schema["openapi"].startswith("3.")


def test_api_docs_page_is_served():
    # Swagger UI is django-ninja's page, not ours: the structural page checks do not apply.
    response = Client().get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
    assert b"cdn" not in response.content.lower()  # served offline from local static files


def test_every_api_route_is_versioned_under_v1(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert all(path.startswith("/api/v1/") for path in paths)


def test_a_body_that_is_not_json_gets_a_clear_400_in_the_api_error_shape(client):
    response = client.post("/api/v1/labels/check", "{oops", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid",
        "message": "The request body is not valid JSON.",
    }


def test_a_query_parameter_of_the_wrong_type_gets_a_400_naming_it(client):
    response = client.get("/api/v1/practitioners/search?postcode=W1G+9PF&radius_miles=abc")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid"
    assert body["detail"][0]["loc"] == ["query", "radius_miles"]


def test_a_request_body_over_the_size_limit_gets_a_json_413_naming_the_limit(client):
    huge = '{"text": "' + "a" * 3_000_000 + '"}'
    response = client.post("/api/v1/labels/check", huge, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {
        "error": "too_large",
        "message": "The request is larger than 2.5 MB.",
    }


def test_a_form_over_the_size_limit_gets_a_styled_400_page(client):
    response = client.post("/ingredients/check/", {"text": "a" * 3_000_000})
    assert response.status_code == 400
    soup = check_page(response.content.decode(), "/ingredients/check/")
    assert soup.h1.get_text(strip=True) == "Sorry, we could not read what you sent"
