"""Meta-test: every private register page has an explicit permission, so none is forgotten."""

import pytest
from django.urls import get_resolver, reverse

from tests.register.builders import make_listing, make_product, make_user
from treatsafe.register import accrediting
from treatsafe.register.models import AuditEntry, Clinic, Offer, Practitioner, Product

pytestmark = pytest.mark.django_db

SAMPLE_KWARGS = {
    "practitioner_id": 1,
    "product_id": 1,
    "offer_id": 1,
    "clinic_id": 1,
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


def _state_of(listing):
    """Everything a practitioner could change about a listing, to compare before and after."""
    return (
        list(Practitioner.objects.filter(pk=listing.pk).values()),
        list(Clinic.objects.filter(practitioners=listing).values()),
        list(Offer.objects.filter(practitioner=listing).values()),
        list(Product.objects.filter(practitioner=listing).values()),
    )


def _own_listing_urls(ids: dict):
    resolver = get_resolver().url_patterns
    register = next(p for p in resolver if getattr(p, "namespace", None) == "register")
    for pattern in register.url_patterns:
        keys = list(pattern.pattern.converters.keys())
        if pattern.name.startswith("my_") and keys:
            yield reverse(f"register:{pattern.name}", kwargs={k: ids[k] for k in keys})


def test_every_editing_page_with_an_id_is_not_found_for_another_practitioners_things(client):
    other = make_listing(user=make_user(), status="accredited")
    ids = {
        "clinic_id": other.clinics.get().pk,
        "offer_id": other.offers.get().pk,
        "product_id": make_product(other).pk,
    }
    mine = make_listing(user=make_user())
    client.force_login(mine.user)
    urls = list(_own_listing_urls(ids))
    assert {u.split("/")[3] for u in urls} == {"clinics", "products", "treatments"}
    before, entries = _state_of(other), AuditEntry.objects.count()
    form = {"name": "Hijacked", "address": "1 Road", "postcode": "W10 4AA", "treatment": "prp"}
    for url in urls:
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, form).status_code == 404, url
    assert _state_of(other) == before
    assert AuditEntry.objects.count() == entries


def test_a_treatment_cannot_be_placed_at_another_practitioners_clinic_or_use_their_products(
    client,
):
    other = make_listing(user=make_user(), status="accredited")
    theirs = make_product(other)
    mine = make_listing(user=make_user(), treatments=())
    client.force_login(mine.user)
    offer = {"treatment": "dermal-filler", "price_from": "100", "price_to": "200"}
    attempts = [
        {**offer, "clinic_id": other.clinics.get().pk},
        {**offer, "clinic_id": mine.clinics.get().pk, "product_ids": [theirs.pk]},
    ]
    for data in attempts:
        response = client.post("/register/my-listing/treatments/add/", data)
        assert response.status_code == 200
        assert response.soup.find(class_="govuk-error-summary")
    assert not Offer.objects.filter(practitioner=mine).exists()
    assert not theirs.offers.exists()


def test_a_practitioners_own_pages_never_change_their_accreditation(client):
    mine = make_listing(user=make_user(), status="suspended", status_reason="Insurance lapsed")
    client.force_login(mine.user)
    smuggled = {"status": "accredited", "accredited_until": "2099-01-01", "status_reason": ""}
    for url in ("/register/my-listing/", "/register/my-listing/details/"):
        client.post(url, smuggled)
    for url in ("/register/my-listing/apply/", "/register/my-listing/renew/"):
        assert client.post(url, smuggled).status_code == 400
    mine.refresh_from_db()
    assert (mine.status, mine.accredited_until, mine.status_reason) == (
        "suspended",
        None,
        "Insurance lapsed",
    )


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
