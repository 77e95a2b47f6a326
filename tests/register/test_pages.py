"""The public register pages (each also passes the structural page checks in conftest)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.register.builders import make_clinic, make_listing, make_product
from treatsafe.core.dates import govuk_date
from treatsafe.register.models import Report

pytestmark = pytest.mark.django_db

W10_4AA = (51.529068, -0.215875)


def near_w10(d_lat=0.0, **fields):
    return make_listing(
        clinic=make_clinic(latitude=W10_4AA[0] + d_lat, longitude=W10_4AA[1]), **fields
    )


def test_the_search_page_without_a_query_shows_just_the_form(client):
    response = client.get("/register/")
    assert response.status_code == 200
    assert response.soup.find("form", attrs={"method": "get"})
    assert not response.soup.find(id="results")


def test_a_search_lists_accredited_practitioners_with_status_and_expiry(client):
    listing = near_w10(0.01, status="accredited", name="Ada Lovelace")
    response = client.get("/register/", {"q": "W10 4AA", "radius": 5})
    text = response.soup.get_text(" ")
    assert "Ada Lovelace" in text
    assert f"until {govuk_date(listing.accredited_until)}" in text  # 16 June 2027, not ISO
    assert response.soup.find("a", href=f"/register/practitioners/{listing.pk}/")


def test_an_empty_radius_says_so_and_shows_the_nearest_beyond(client):
    near_w10(1.5, status="accredited", name="Far Away Clinician")
    response = client.get("/register/", {"q": "W10 4AA", "radius": 1})
    text = " ".join(response.soup.get_text(" ").split())
    assert "No accredited practitioners within 1 mile of" in text
    assert "The nearest accredited practitioners further away" in text
    assert "Far Away Clinician" in text


def test_an_unknown_postcode_shows_an_error_summary_linked_to_the_field(client):
    response = client.get("/register/", {"q": "ZZ99 9ZZ"})
    assert response.status_code == 200
    summary = response.soup.find(class_="govuk-error-summary")
    assert summary and summary.find("a", href="#id_q")
    assert response.soup.find(id="id_q-error")


def test_text_that_is_neither_a_place_nor_a_name_on_the_register_says_so(client):
    response = client.get("/register/", {"q": "Atlantis-under-the-sea"})
    assert response.status_code == 200
    heading = response.soup.find(id="results").get_text(" ", strip=True)
    assert heading == "No listings match “Atlantis-under-the-sea”"
    assert "enter a postcode or a town" in response.soup.get_text()


def test_a_name_search_page_counts_pages_and_labels_every_state(client):
    for i in range(21):
        make_listing("suspended" if i == 0 else "accredited", name=f"Morwenna Trevithick {i:02d}")
    response = client.get("/register/", {"q": "morwena trevithick"})
    text = response.soup.get_text(" ", strip=True)
    assert "21 listings match" in text and "Showing 1 to 20 of 21." in text
    assert response.soup.title.get_text().startswith("Find an accredited practitioner: 21 found")
    assert "Suspended" in text
    nav = response.soup.find("nav", class_="govuk-pagination")
    assert nav.find("a", rel="next")["href"].endswith("page=2")
    second = client.get("/register/", {"q": "morwena trevithick", "page": "2"})
    assert "Showing 21 to 21 of 21." in second.soup.get_text(" ", strip=True)


def test_a_blank_search_asks_for_a_postcode_town_name_or_number(client):
    response = client.get("/register/", {"q": ""})
    assert "Enter a postcode, a town" in response.soup.find(class_="govuk-error-summary").text


def test_the_listing_page_shows_practitioner_clinic_treatments_products_and_history(client):
    listing = near_w10(status="accredited", treatments=("exosomes",), name="Grace Hopper")
    listing.offers.get().products.add(make_product(listing, name="PlantEx", source="plant"))
    response = client.get(f"/register/practitioners/{listing.pk}/")
    text = response.soup.get_text(" ")
    assert response.soup.h1.get_text(strip=True) == "Grace Hopper"
    assert "Exosomes" in text and "PlantEx" in text and "Plant" in text
    assert "01A2345N" in text
    assert "Accredited until" in text


@pytest.mark.parametrize(
    ("status", "phrase"),
    [
        ("revoked", "revoked"),
        ("suspended", "suspended"),
        ("applied", "not been assessed"),
        ("under_assessment", "being assessed"),
    ],
)
def test_listings_not_accredited_say_so_plainly(client, status, phrase):
    listing = near_w10(status=status, status_reason="Complaint upheld")
    text = client.get(f"/register/practitioners/{listing.pk}/").soup.get_text(" ")
    assert phrase in text
    assert "not accredited" in text.lower()
    if status in ("revoked", "suspended"):
        assert "Reason: Complaint upheld" in " ".join(text.split())


def test_an_expired_listing_still_shows_and_says_it_expired(client):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    listing = near_w10(status="accredited", accredited_until=yesterday)
    text = client.get(f"/register/practitioners/{listing.pk}/").soup.get_text(" ")
    assert f"expired on {govuk_date(yesterday)}" in text


def test_a_draft_listing_page_is_not_found(client):
    assert client.get(f"/register/practitioners/{near_w10().pk}/").status_code == 404


def test_a_member_of_the_public_can_report_a_concern(client):
    listing = near_w10(status="accredited")
    assert client.get(f"/register/practitioners/{listing.pk}/report/").status_code == 200
    empty = client.post(f"/register/practitioners/{listing.pk}/report/", {"description": ""})
    assert empty.status_code == 200 and not Report.objects.exists()
    response = client.post(
        f"/register/practitioners/{listing.pk}/report/",
        {"description": "Offered human exosome injections"},
    )
    assert response.status_code == 302
    assert Report.objects.get().practitioner == listing


def test_a_crown_dependency_search_says_the_register_covers_the_uk_only(client):
    near_w10(0.0, status="accredited", name="Mainland Clinician")
    response = client.get("/register/", {"q": "JE2 3AB"})
    text = " ".join(response.soup.get_text(" ").split())
    assert "Jersey is a Crown Dependency, not part of the UK" in text
    assert "England, Scotland, Wales and Northern Ireland" in text


def test_a_one_mile_radius_is_one_mile_not_one_miles(client):
    response = client.get("/register/", {"q": "W10 4AA", "radius": 1})
    text = " ".join(response.soup.get_text(" ").split())
    assert "within 1 mile of" in text
    assert "1 miles" not in text
