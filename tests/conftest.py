"""Fixtures every test can use. The `client` fixture checks the structure of every HTML page it
fetches (tests/pagecheck.py), so no page escapes the checks by being forgotten."""

import pytest
from django.test import Client

from tests.pagecheck import check_page


class CheckedClient(Client):
    """A Django test client that runs the page checks on every successful HTML response."""

    def request(self, **request):
        response = super().request(**request)
        content_type = response.get("Content-Type", "")
        is_html = content_type.startswith("text/html")
        if is_html and response.status_code < 300 and not getattr(response, "streaming", False):
            response.soup = check_page(response.content.decode(), request.get("PATH_INFO", ""))
        return response


@pytest.fixture
def client():
    return CheckedClient()


@pytest.fixture
def admin_client(admin_user):
    client = CheckedClient()
    client.force_login(admin_user)
    return client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real reference data (CosIng, postcodes) once into the test database, so tests
    check behaviour against the data the service ships, not against hand-made fixtures."""
    from django.core.management import call_command, get_commands

    with django_db_blocker.unblock():
        if "import_data" in get_commands():
            call_command("import_data", verbosity=0)


@pytest.fixture(autouse=True)
def _fingerprints_read_afresh():
    """Each test sees the datasets as its own transaction left them (a fingerprint remembered
    for a second could otherwise outlive the test that changed it)."""
    from treatsafe.core import fingerprints

    fingerprints.forget()


@pytest.fixture(autouse=True)
def _no_kept_place_answers(monkeypatch):
    """A rolled-back test's writes take back the search rows' version numbers, which the next
    test reuses for other rows: an answer or points kept at one of them must not outlive its
    test (the server's warm-up, which some tests run, reads the points). No test reads the
    points in the background unless it asks to: a thread of its own connection would see only
    committed rows, and could finish during the next test."""
    from treatsafe.register import counting, lookup

    lookup.place_answers.clear()
    counting.accredited_points.forget()
    monkeypatch.setattr(counting.accredited_points, "refresh_soon", lambda version: None)
    yield
    lookup.place_answers.clear()
    counting.accredited_points.forget()
