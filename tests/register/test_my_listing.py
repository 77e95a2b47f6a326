"""The practitioner's own pages: creating a listing, clinics, products, treatments and applying;
and that nobody edits another's listing or their own accreditation."""

import pytest

from tests.register.builders import make_listing, make_product, make_user
from treatsafe.core.errors import Forbidden
from treatsafe.register import accrediting, services
from treatsafe.register.accreditation import NotAllowed
from treatsafe.register.models import AuditEntry, Clinic, Offer, Practitioner

pytestmark = pytest.mark.django_db

DETAILS = {
    "name": "Florence Nightingale",
    "profession": "nurse",
    "statutory_register": "nmc",
    "registration_number": "01A2345N",
    "is_prescriber": "on",
    "qualifications": "Level 7 diploma",
    "insurer": "Example Insurance",
    "insurance_expires": "2099-01-31",
    "complications_contact": "020 7946 0001",
}


@pytest.fixture
def practitioner(client):
    user = make_user()
    client.force_login(user)
    return user


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get("/register/my-listing/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_signed_in_user_who_is_not_a_practitioner_is_refused(client):
    client.force_login(make_user(role=None))
    assert client.get("/register/my-listing/").status_code == 403


def test_a_practitioner_creates_a_listing_then_adds_a_clinic_by_postcode(client, practitioner):
    assert client.get("/register/my-listing/").status_code == 200
    response = client.post("/register/my-listing/", DETAILS)
    assert response.status_code == 302
    listing = Practitioner.objects.get(user=practitioner)
    assert listing.status == "draft" and listing.is_prescriber
    response = client.post(
        "/register/my-listing/clinics/add/",
        {"name": "Westway Skin", "address": "1 Test Road\nLondon", "postcode": "w10 4aa"},
    )
    assert response.status_code == 302
    clinic = listing.clinics.get()
    assert (clinic.postcode, clinic.nation) == ("W10 4AA", "england")
    assert clinic.latitude == pytest.approx(51.529068)
    assert client.get("/register/my-listing/").status_code == 200


def test_a_badly_formed_registration_number_is_shown_as_an_error_and_nothing_is_saved(
    client, practitioner
):
    response = client.post("/register/my-listing/", {**DETAILS, "registration_number": "12345"})
    assert response.status_code == 200
    summary = response.soup.find(class_="govuk-error-summary")
    assert "01A2345N" in summary.get_text()
    assert summary.find("a", href="#id_registration_number")
    assert not Practitioner.objects.filter(user=practitioner).exists()


def test_an_unknown_clinic_postcode_is_an_error_not_a_crash(client, practitioner):
    client.post("/register/my-listing/", DETAILS)
    response = client.post(
        "/register/my-listing/clinics/add/",
        {"name": "X", "address": "1 Road", "postcode": "ZZ99 9ZZ"},
    )
    assert response.status_code == 200
    assert response.soup.find(class_="govuk-error-summary")
    assert not Clinic.objects.exists()


def test_an_unlawful_treatment_is_saved_unpublished_with_its_reasons(client, practitioner):
    listing = make_listing(user=practitioner, treatments=())
    product = make_product(
        listing,
        name="Stem cell serum",
        source="human",
        route="topical",
        regulatory_status="cosmetic",
    )
    response = client.post(
        "/register/my-listing/treatments/add/",
        {
            "treatment": "exosomes",
            "clinic_id": listing.clinics.get().pk,
            "price_from": "150",
            "price_to": "300",
            "product_ids": [product.pk],
        },
    )
    assert response.status_code == 302
    offer = Offer.objects.get(practitioner=listing)
    assert offer.verdict == "unlawful"
    assert offer.is_published is False
    assert offer.verdict_reasons
    with pytest.raises(services.UnlawfulOffer):
        services.publish_offer(practitioner, offer.pk)
    assert Offer.objects.get(pk=offer.pk).is_published is False


def test_a_lawful_treatment_is_published_and_searchable(client, practitioner):
    listing = make_listing(user=practitioner, treatments=(), status="accredited")
    product = make_product(listing)
    client.post(
        "/register/my-listing/treatments/add/",
        {
            "treatment": "dermal-filler",
            "clinic_id": listing.clinics.get().pk,
            "price_from": "200",
            "price_to": "350",
            "product_ids": [product.pk],
        },
    )
    offer = Offer.objects.get(practitioner=listing)
    assert offer.verdict == "lawful" and offer.is_published


def test_the_highest_price_cannot_be_below_the_lowest(client, practitioner):
    listing = make_listing(user=practitioner, treatments=())
    response = client.post(
        "/register/my-listing/treatments/add/",
        {
            "treatment": "dermal-filler",
            "clinic_id": listing.clinics.get().pk,
            "price_from": "300",
            "price_to": "100",
        },
    )
    assert response.status_code == 200
    assert response.soup.find(class_="govuk-error-summary")
    assert not Offer.objects.exists()


def test_applying_moves_a_draft_to_applied_and_makes_it_public(client, practitioner):
    listing = make_listing(user=practitioner)
    assert client.get(f"/register/practitioners/{listing.pk}/").status_code == 404
    assert client.post("/register/my-listing/apply/").status_code == 302
    listing.refresh_from_db()
    assert listing.status == "applied"
    assert client.get(f"/register/practitioners/{listing.pk}/").status_code == 200
    assert client.post("/register/my-listing/apply/").status_code == 400  # not twice


def test_a_practitioner_cannot_touch_another_practitioners_listing(client, practitioner):
    make_listing(user=practitioner)
    other = make_listing(user=make_user(), treatments=("dermal-filler",))
    offer = other.offers.get()
    product = make_product(other)
    before = AuditEntry.objects.count()
    assert client.get(f"/register/my-listing/treatments/{offer.pk}/").status_code == 404
    assert client.get(f"/register/my-listing/products/{product.pk}/").status_code == 404
    response = client.post(
        f"/register/my-listing/treatments/{offer.pk}/",
        {"treatment": "exosomes", "clinic_id": 1, "price_from": "1", "price_to": "2"},
    )
    assert response.status_code == 404
    assert client.post(f"/register/my-listing/treatments/{offer.pk}/remove/").status_code == 404
    offer.refresh_from_db()
    assert offer.treatment == "dermal-filler" and Offer.objects.filter(pk=offer.pk).exists()
    with pytest.raises(services.NotFound):
        services.update_listing(practitioner, other.pk, {"name": "Hijacked"})
    other.refresh_from_db()
    assert other.name != "Hijacked"
    assert AuditEntry.objects.count() == before


def test_a_practitioner_cannot_change_their_own_accreditation(client, practitioner):
    listing = make_listing(user=practitioner, status="applied")
    for action in ("start_assessment", "accredit", "renew", "reinstate"):
        response = client.post(f"/register/assess/{listing.pk}/decisions/{action}/")
        assert response.status_code == 403
    with pytest.raises(NotAllowed):
        services.update_listing(practitioner, listing.pk, {"status": "accredited"})
    with pytest.raises(Forbidden):
        accrediting.transition(practitioner, listing.pk, "accredit")
    # a status smuggled into the details form is ignored
    client.post("/register/my-listing/details/", {**DETAILS, "status": "accredited"})
    listing.refresh_from_db()
    assert listing.status == "applied" and listing.accredited_until is None


def test_an_accredited_practitioner_can_apply_for_renewal_only(client, practitioner):
    listing = make_listing(user=practitioner, status="accredited")
    until = listing.accredited_until
    assert client.post("/register/my-listing/renew/").status_code == 302
    listing.refresh_from_db()
    assert listing.renewal_requested and listing.status == "accredited"
    assert listing.accredited_until == until
