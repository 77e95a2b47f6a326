"""Meta-test: every page without URL parameters answers a plain GET without a server error, and
every HTML page it returns passes the structural checks (the `client` fixture applies them)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.pagecheck import check_page

SKIPPED_PREFIXES = ("admin/", "api/")


def _parameterless_paths(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _parameterless_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and "<" not in route and "(" not in route:
            path = "/" + prefix + route.lstrip("^").rstrip("$")
            if not path.lstrip("/").startswith(SKIPPED_PREFIXES):
                yield path


PAGES = sorted(set(_parameterless_paths()))


def test_the_site_has_pages_from_every_app():
    prefixes = {"/register/", "/treatments/", "/ingredients/", "/postcodes/", "/accounts/"}
    assert all(any(p.startswith(prefix) for p in PAGES) for prefix in prefixes)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_a_plain_get_without_a_server_error(client, path):
    response = client.get(path)
    assert response.status_code < 500, path
    assert response.status_code in {200, 302, 303, 400, 403, 404, 405}, (path, response.status_code)
    is_html = response["Content-Type"].startswith("text/html")
    if response.status_code >= 400 and response.status_code != 405 and is_html:
        # Error pages are pages too: a person lands on them.
        check_page(response.content.decode(), path)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_page_works_for_a_signed_in_admin(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code < 500, path
