"""Bad input on the practitioner's pages gets a clear error, never a crash, and loses nothing."""

import pytest

from tests.register.builders import make_listing, make_product, make_user
from treatsafe.register.models import AuditEntry, Clinic, Offer, Practitioner, Product

pytestmark = pytest.mark.django_db

LONG = "x" * 5000


def _state(listing):
    return (
        list(Practitioner.objects.filter(pk=listing.pk).values()),
        list(Clinic.objects.filter(practitioners=listing).values()),
        list(Offer.objects.filter(practitioner=listing).values()),
        list(Product.objects.filter(practitioner=listing).values()),
        AuditEntry.objects.count(),
    )


def _bad_posts(listing, product):
    clinic = listing.clinics.get().pk
    offer = listing.offers.get().pk
    clinic_form = {"name": "A", "address": "1 Road"}
    offer_form = {"treatment": "dermal-filler", "clinic_id": clinic}
    return [
        ("/register/my-listing/details/", {"name": "", "profession": "nurse"}),
        ("/register/my-listing/details/", {"name": "A", "profession": "wizard"}),
        ("/register/my-listing/details/", {"name": LONG, "profession": "nurse"}),
        ("/register/my-listing/details/", {"name": "A", "insurance_expires": "31/02/2027"}),
        (f"/register/my-listing/clinics/{clinic}/", {**clinic_form, "postcode": LONG}),
        (f"/register/my-listing/clinics/{clinic}/", {**clinic_form, "postcode": "ZZ99 9ZZ"}),
        (f"/register/my-listing/clinics/{clinic}/", {**clinic_form, "postcode": "!!"}),
        (
            f"/register/my-listing/clinics/{clinic}/",
            {**clinic_form, "postcode": "W10 4AA", "website": "javascript:alert(1)"},
        ),
        ("/register/my-listing/clinics/add/", {"name": "", "address": "", "postcode": ""}),
        (f"/register/my-listing/products/{product}/", {"name": "P", "source": "unicorn"}),
        (f"/register/my-listing/treatments/{offer}/", {**offer_form, "price_from": "abc"}),
        (
            f"/register/my-listing/treatments/{offer}/",
            {**offer_form, "price_from": "1e20", "price_to": "1e21"},
        ),
        (
            f"/register/my-listing/treatments/{offer}/",
            {**offer_form, "price_from": "-5", "price_to": "10"},
        ),
        (
            f"/register/my-listing/treatments/{offer}/",
            {**offer_form, "treatment": "snake-oil", "price_from": "5", "price_to": "10"},
        ),
        (
            f"/register/my-listing/treatments/{offer}/",
            {**offer_form, "clinic_id": "abc", "price_from": "5", "price_to": "10"},
        ),
    ]


def test_every_bad_form_gets_an_error_summary_and_changes_nothing(client):
    listing = make_listing(user=make_user(), status="accredited")
    product = make_product(listing).pk
    client.force_login(listing.user)
    before = _state(listing)
    for url, data in _bad_posts(listing, product):
        response = client.post(url, data)
        assert response.status_code == 200, (url, data)
        assert response.soup.find(class_="govuk-error-summary"), (url, data)
    assert _state(listing) == before


def test_removing_something_twice_is_not_found_the_second_time(client):
    listing = make_listing(user=make_user())
    product = make_product(listing)
    client.force_login(listing.user)
    extra = Clinic.objects.create(
        name="Extra",
        address="2 Road",
        postcode="W10 4AA",
        latitude=51.5,
        longitude=-0.2,
        nation="england",
    )
    listing.clinics.add(extra)
    for url in (
        f"/register/my-listing/products/{product.pk}/remove/",
        f"/register/my-listing/clinics/{extra.pk}/leave/",
        f"/register/my-listing/treatments/{listing.offers.get().pk}/remove/",
    ):
        assert client.post(url).status_code == 302, url
        assert client.post(url).status_code == 404, url
