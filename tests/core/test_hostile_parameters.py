"""Meta-test: every GET operation of the API, given sensible values for its parameters and then
one hostile value in one of them (empty, negative, a number too large for any database, not a
number, very long, a NUL, SQL), answers with a clear 4xx, never a server error; so does the
register's search page. The operations and their parameters come from the OpenAPI schema, so a
new operation is covered as soon as it exists."""

import pytest

from tests.register.builders import make_clinic, make_listing

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "0",
    "-1",
    str(10**20),  # beyond a 64-bit integer
    "1e309",  # beyond a float
    "nan",
    "x" * 2000,
    "\x00",
    "é🙂",
    "' OR 1=1--",
]
SENSIBLE = {  # a value each parameter takes that reaches the operation's own work
    "postcode": "W10 4AA",
    "place": "W10 4AA",
    "q": "W10 4AA",
    "ref": "1",
    "slug": "exosomes",
    "treatment": "exosomes",
    "source": "plant",
    "route": "topical",
    "nation": "england",
    "jurisdiction": "England",
    "age": "30",
    "radius_miles": "25",
    "limit": "5",
    "page": "1",
    "practitioner_id": "1",
    "token": "abc",
}


def _get_operations(client) -> list[tuple[str, list[dict]]]:
    spec = client.get("/api/openapi.json").json()
    return [
        (path, operation.get("parameters", []))
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if method == "get"
    ]


def _url(path: str, parameters: list[dict], values: dict) -> tuple[str, dict]:
    query = {}
    for parameter in parameters:
        value = values.get(parameter["name"], SENSIBLE.get(parameter["name"], "1"))
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", value.replace("/", "%2F") or "x")
        else:
            query[parameter["name"]] = value
    return path, query


def test_every_api_get_operation_refuses_hostile_values_without_a_server_error(client):
    clinic = make_clinic(latitude=51.529068, longitude=-0.215875)  # at W10 4AA
    make_listing(clinic=clinic, status="accredited")
    operations = _get_operations(client)
    assert len(operations) >= 15
    asked = 0
    for path, parameters in operations:
        for parameter in parameters:
            for hostile in HOSTILE:
                url, query = _url(path, parameters, {parameter["name"]: hostile})
                response = client.get(url, query)
                asked += 1
                assert response.status_code < 500, (url, query, response.status_code)
                if response.status_code >= 400:  # said in words
                    assert response.json().get("message") or response.json().get("detail")
    assert asked > 300


@pytest.mark.parametrize("name", ["q", "page", "radius", "treatment", "nation", "by", "all"])
def test_the_register_search_page_refuses_hostile_values_without_a_server_error(client, name):
    make_listing(clinic=make_clinic(latitude=51.529068, longitude=-0.215875), status="accredited")
    for hostile in HOSTILE:
        response = client.get("/register/", {"q": "W10 4AA", name: hostile})
        assert response.status_code < 500, (name, hostile)


def test_a_page_address_with_a_nul_character_gets_the_bad_request_page(client):
    from tests.pagecheck import check_page

    response = client.get("/register/", {"q": "W10\x004AA"})
    assert response.status_code == 400
    assert "could not read what you sent" in response.content.decode()
    check_page(response.content.decode(), "/register/")
    assert response["X-Content-Type-Options"] == "nosniff"  # the usual headers


@pytest.mark.parametrize("path", ["/treatments/advert/", "/accounts/sign-up/"])
def test_a_form_sent_with_a_nul_character_gets_the_bad_request_page(client, path):
    from urllib.parse import urlencode

    form = urlencode({"text": "Botox\x00 £99", "email": "a\x00@example.com"})  # as browsers send
    response = client.post(path, form, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "could not read what you sent" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/labels/check",
        "/api/v1/treatments/check",
        "/api/v1/adverts/check",
        "/api/v1/records",
        "/api/v1/patient-records/abc/complications",
        "/api/v1/patient-records/abc/review",
        "/api/v1/practitioners/1/watch",
    ],
)
def test_an_api_body_with_a_nul_character_is_refused_as_not_text(client, path):
    body = {"text": "Aqua\x00", "treatment": "exosomes", "postcode": "W10\x004AA", "email": "a@b.c"}
    response = client.post(path, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "not_text" and response.json()["message"]


def test_an_escaped_backslash_before_u0000_is_not_a_nul(client):
    response = client.post(
        "/api/v1/labels/check", {"text": "Aqua\\u0000, Glycerin"}, content_type="application/json"
    )
    assert response.status_code == 200  # the text "\\u0000" is checked like any other


def test_an_api_address_with_a_nul_character_is_refused_as_not_text(client):
    for path in ("/api/v1/places?q=Car%00diff", "/api/v1/patient-records/ab%00c"):
        response = client.get(path)
        assert response.status_code == 400, path
        assert response.json()["error"] == "not_text", path
