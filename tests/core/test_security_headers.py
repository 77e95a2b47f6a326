"""Every response carries the Content-Security-Policy and Permissions-Policy: pages (the list in
test_every_page), error pages, API answers and static files."""

import pytest
from django.test import Client

from tests.core.test_every_page import PAGES

pytestmark = pytest.mark.django_db


def assert_secured(response, what) -> None:
    csp = response.get("Content-Security-Policy", "")
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
    )
    assert directives.get("default-src") == "'none'", (what, csp)
    assert directives.get("script-src") == "'self'", (what, csp)  # no inline script, no eval
    assert directives.get("style-src") == "'self'", (what, csp)
    assert directives.get("frame-ancestors") == "'none'", (what, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (what, csp)
    policy = response.get("Permissions-Policy", "")
    assert "camera=()" in policy and "geolocation=()" in policy, (what, policy)
    assert response.get("X-Content-Type-Options") == "nosniff", what


@pytest.mark.parametrize("path", PAGES)
def test_every_page_carries_the_security_headers(client, path):
    assert_secured(client.get(path), path)


@pytest.mark.parametrize(
    "method,path,body",
    [
        ("get", "/api/openapi.json", None),
        ("get", "/api/docs", None),
        ("get", "/api/v1/postcodes/W1G%209PF", None),
        ("get", "/api/v1/treatments", None),
        ("get", "/api/v1/practitioners/999999", None),  # a 404
        ("post", "/api/v1/labels/check", {"text": "Aqua"}),
        ("post", "/api/v1/labels/check", {"wrong": 1}),  # a 400
    ],
)
def test_api_answers_carry_the_security_headers(method, path, body):
    client = Client()  # not pages: Swagger UI is not held to the page checks
    kwargs = {"content_type": "application/json"} if body is not None else {}
    response = getattr(client, method)(path, body, **kwargs) if body else client.get(path)
    assert_secured(response, path)


@pytest.mark.parametrize(
    "path",
    [
        "/static/treatsafe/init.js",
        "/static/treatsafe/js-enabled.js",
        "/static/govuk/govuk-frontend.min.css",
        "/static/ninja/swagger-ui-bundle.js",
    ],
)
def test_static_files_carry_the_same_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert_secured(response, path)


def test_error_pages_carry_the_headers_too(client):
    assert_secured(client.get("/no-such-page/"), "404")


def test_no_template_has_an_inline_script_or_style():
    from pathlib import Path

    import treatsafe

    root = Path(treatsafe.__file__).parent
    for template in root.rglob("templates/**/*.html"):
        if template.stem.endswith("_pdf"):
            continue  # rendered into a PDF by WeasyPrint, never served to a browser
        text = template.read_text()
        for bad in ("<script>", '<script type="module">', "<style", " style=", "onclick="):
            assert bad not in text, (template, bad)


def test_the_policy_built_once_is_the_one_django_csp_builds(client):
    from csp.utils import build_policy

    response = client.get("/")
    assert response["Content-Security-Policy"] == build_policy()
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_a_response_asking_for_its_own_policy_still_gets_it():
    from csp.decorators import csp_update
    from django.http import HttpResponse
    from django.test import RequestFactory

    from treatsafe.core.middleware import PolicyOnceMiddleware

    @csp_update({"img-src": ["https://tiles.example.org"]})
    def view(request):
        return HttpResponse("map")

    middleware = PolicyOnceMiddleware(view)
    response = middleware(RequestFactory().get("/map/"))
    assert "https://tiles.example.org" in response["Content-Security-Policy"]
    plain = PolicyOnceMiddleware(lambda request: HttpResponse("plain"))
    assert "tiles.example.org" not in plain(RequestFactory().get("/"))["Content-Security-Policy"]
