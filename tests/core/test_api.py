from django.test import Client


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
