"""The practitioner's own pages: creating a listing, clinics, products, treatments and applying;
and that nobody edits another's listing or their own accreditation."""

import pytest

from tests.register.builders import make_listing, make_product, make_user
from treatsafe.core.errors import Forbidden
from treatsafe.register import accrediting, services
from treatsafe.register.accreditation import NotAllowed
from treatsafe.register.models import AuditEntry, Clinic, Offer, Practitioner, SearchEntry

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


def _clinic_form(**fields):
    return {
        "name": "Westway Skin",
        "address": "1 Test Road\nLondon",
        "postcode": "W10 4AA",
        **fields,
    }


def test_a_practitioner_changes_a_clinic_and_a_new_postcode_moves_it_on_the_map(
    client, practitioner
):
    listing = make_listing(user=practitioner, status="accredited")
    clinic = listing.clinics.get()
    url = f"/register/my-listing/clinics/{clinic.pk}/"
    form = client.get(url).soup
    assert form.find("input", id="id_name")["value"] == clinic.name
    response = client.post(
        url, _clinic_form(name="Cardiff Skin", postcode="cf10 1aa", website="cardiff.example")
    )
    assert response.status_code == 302
    clinic.refresh_from_db()
    assert (clinic.name, clinic.postcode, clinic.nation) == ("Cardiff Skin", "CF10 1AA", "wales")
    public = client.get(f"/register/practitioners/{listing.pk}/").soup.find("main")
    assert "Cardiff Skin" in public.get_text()
    assert public.find("a", href="https://cardiff.example")
    assert clinic.latitude == pytest.approx(51.47, abs=0.05)
    entry = AuditEntry.objects.filter(action="clinic_updated").get()
    assert entry.before["postcode"] == "W1G 9PF" and entry.after["postcode"] == "CF10 1AA"
    assert entry.practitioner_id == listing.pk
    rows = SearchEntry.objects.filter(practitioner_id=listing.pk)
    assert rows and {(r.nation, round(r.latitude, 3)) for r in rows} == {
        ("wales", round(clinic.latitude, 3))
    }


def test_a_clinic_change_with_an_unknown_postcode_is_an_error_and_nothing_changes(
    client, practitioner
):
    listing = make_listing(user=practitioner)
    clinic = listing.clinics.get()
    before = AuditEntry.objects.count()
    response = client.post(
        f"/register/my-listing/clinics/{clinic.pk}/", _clinic_form(postcode="ZZ99 9ZZ")
    )
    assert response.status_code == 200
    assert response.soup.find(class_="govuk-error-summary").find("a", href="#id_postcode")
    clinic.refresh_from_db()
    assert clinic.postcode == "W1G 9PF" and clinic.name != "Westway Skin"
    assert AuditEntry.objects.count() == before


def test_a_clinic_shared_with_other_practitioners_cannot_be_changed_by_one_of_them(
    client, practitioner
):
    listing = make_listing(user=practitioner)
    clinic = listing.clinics.get()
    make_listing(user=make_user(), clinic=clinic)
    response = client.post(f"/register/my-listing/clinics/{clinic.pk}/", _clinic_form())
    assert response.status_code == 200
    assert "only an assessor" in response.soup.find(class_="govuk-error-summary").get_text()
    clinic.refresh_from_db()
    assert clinic.name != "Westway Skin"


def test_a_practitioner_adds_a_second_clinic_then_leaves_the_first_with_its_treatments(
    client, practitioner
):
    listing = make_listing(user=practitioner, status="accredited")
    first = listing.clinics.get()
    assert client.post("/register/my-listing/clinics/add/", _clinic_form()).status_code == 302
    second = listing.clinics.exclude(pk=first.pk).get()
    assert {c.pk for c in listing.clinics.all()} == {first.pk, second.pk}
    leave = f"/register/my-listing/clinics/{first.pk}/leave/"
    page = client.get(leave)
    assert "Dermal filler" in page.soup.find("main").get_text()
    assert client.post(leave).status_code == 302
    assert list(listing.clinics.all()) == [second]
    assert not Offer.objects.filter(practitioner=listing).exists()
    assert Clinic.objects.filter(pk=first.pk).exists()  # others may still work there
    entry = AuditEntry.objects.filter(action="clinic_left").get()
    assert entry.before["name"] == first.name
    assert [o["treatment"] for o in entry.before["offers"]] == ["dermal-filler"]
    assert set(
        SearchEntry.objects.filter(practitioner_id=listing.pk).values_list("clinic_id", flat=True)
    ) == {second.pk}


def test_removing_an_unlawful_product_checks_its_treatment_again(client, practitioner):
    listing = make_listing(user=practitioner, treatments=())
    bad = make_product(
        listing,
        name="Stem cell serum",
        source="human",
        route="topical",
        regulatory_status="cosmetic",
    )
    services.save_offer(
        practitioner,
        listing.pk,
        {
            "treatment": "exosomes",
            "clinic_id": listing.clinics.get().pk,
            "price_from": "150",
            "price_to": "300",
            "product_ids": [bad.pk],
        },
    )
    offer = Offer.objects.get(practitioner=listing)
    assert offer.verdict == "unlawful"
    assert client.post(f"/register/my-listing/products/{bad.pk}/remove/").status_code == 302
    assert not listing.products.exists()
    offer.refresh_from_db()
    assert offer.verdict != "unlawful" and not offer.products.exists()
    assert AuditEntry.objects.filter(action="product_deleted").get().before["name"] == (
        "Stem cell serum"
    )


def test_a_draft_with_nothing_to_put_right_shows_no_empty_list_of_problems(client, practitioner):
    make_listing(user=practitioner, status="draft")
    text = " ".join(client.get("/register/my-listing/").soup.get_text(" ").split())
    assert "put these right" not in text
    assert "Apply for assessment" in text


def test_a_treatment_added_to_a_draft_is_not_called_published(client, practitioner):
    listing = make_listing(user=practitioner, treatments=(), status="draft")
    product = make_product(listing)
    response = client.post(
        "/register/my-listing/treatments/add/",
        {
            "treatment": "dermal-filler",
            "clinic_id": listing.clinics.get().pk,
            "price_from": "200",
            "price_to": "350",
            "product_ids": [product.pk],
        },
        follow=True,
    )
    text = " ".join(response.soup.get_text(" ").split())
    assert "saved and published" not in text
    assert "public once you apply" in text


def test_the_profession_list_starts_with_a_plain_prompt_not_dashes(client, practitioner):
    page = client.get("/register/my-listing/")
    first = page.soup.select_one("select[name=profession] option")
    assert first["value"] == ""
    assert first.get_text(strip=True) == "Choose your profession"

    response = client.post("/register/my-listing/", {**DETAILS, "profession": ""})
    errors = [a.get_text(strip=True) for a in response.soup.select(".govuk-error-summary__list a")]
    assert errors == ["Select your profession"]
