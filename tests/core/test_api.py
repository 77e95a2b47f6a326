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
