"""Meta-test: every private register page has an explicit permission, so none is forgotten."""

import pytest
from django.urls import get_resolver, reverse

from tests.register.builders import make_listing, make_user
from treatsafe.register import accrediting

pytestmark = pytest.mark.django_db

SAMPLE_KWARGS = {
    "practitioner_id": 1,
    "product_id": 1,
    "offer_id": 1,
    "report_id": 1,
    "standard": "insurance",
    "action": "accredit",
}


def _private_urls():
    resolver = get_resolver().url_patterns
    register = next(p for p in resolver if getattr(p, "namespace", None) == "register")
    for pattern in register.url_patterns:
        if pattern.name.startswith(("my_", "assess_")):
            keys = pattern.pattern.converters.keys()
            yield reverse(f"register:{pattern.name}", kwargs={k: SAMPLE_KWARGS[k] for k in keys})


@pytest.mark.parametrize("url", list(_private_urls()))
def test_every_private_register_page_sends_anonymous_people_to_sign_in(client, url):
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", [u for u in _private_urls() if "/assess/" in u])
def test_every_back_office_page_is_forbidden_to_practitioners(client, url):
    make_listing(status="applied")
    client.force_login(make_user())
    for method in (client.get, client.post):
        assert method(url).status_code in (403, 405), url


def test_verify_audit_exits_non_zero_from_the_command_line_when_the_log_was_altered():
    from django.db import connection

    from treatsafe.cli import main

    owner = make_user()
    listing = make_listing(user=owner)
    accrediting.transition(owner, listing.pk, "apply")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER register_auditentry_no_update")
        else:
            cursor.execute("DROP TRIGGER register_auditentry_append_only ON register_auditentry")
        cursor.execute("UPDATE register_auditentry SET after = NULL")
    with pytest.raises(SystemExit) as exit_info:
        main(["verify-audit"])
    assert exit_info.value.code != 0
