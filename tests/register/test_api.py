"""The register's JSON API: the search contract and a listing."""

import pytest

from tests.register.builders import make_clinic, make_listing, make_product
from treatsafe.geo.services import haversine_miles
from treatsafe.register.schemas import PractitionerSearchOut

pytestmark = pytest.mark.django_db

W10_4AA = (51.529068, -0.215875)  # OS Code-Point Open


def near_w10(d_lat=0.0, d_lon=0.0, **fields):
    clinic = make_clinic(latitude=W10_4AA[0] + d_lat, longitude=W10_4AA[1] + d_lon)
    return make_listing(clinic=clinic, **fields)


def test_search_answers_the_published_shape_nearest_first(client):
    near = near_w10(0.01, status="accredited", treatments=("botulinum-toxin", "dermal-filler"))
    near_w10(0.02, status="accredited")
    response = client.get(
        "/api/v1/practitioners/search",
        {"postcode": "w10 4aa", "radius_miles": 25, "treatment": "botulinum-toxin", "limit": 5},
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"query", "results", "beyond_radius", "total", "page", "per_page"} | {
        "pages",
        "first",
        "last",
    }
    PractitionerSearchOut.model_validate(body)  # the documented schema
    assert body["query"]["treatment"] == "botulinum-toxin"
    ids = [r["id"] for r in body["results"]]
    assert ids[0] == near.pk
    first = body["results"][0]
    assert set(first) >= {"id", "name", "clinic", "distance_miles", "accreditation", "treatments"}
    assert first["accreditation"]["status"] == "accredited"
    assert first["accreditation"]["expires"] == near.accredited_until.isoformat()
    clinic = near.clinics.get()
    expected = haversine_miles(*W10_4AA, clinic.latitude, clinic.longitude)
    assert first["distance_miles"] == pytest.approx(expected, abs=0.01)
    assert {t["slug"] for t in first["treatments"]} == {"botulinum-toxin", "dermal-filler"}
    assert {"slug", "name", "price_from", "price_to", "verdict"} <= set(first["treatments"][0])
    # results are sorted by distance
    distances = [r["distance_miles"] for r in body["results"]]
    assert distances == sorted(distances)


def test_search_by_town_name_works_like_a_postcode(client):
    response = client.get("/api/v1/practitioners/search", {"postcode": "Cardiff"})
    assert response.status_code == 200
    assert response.json()["query"]["place"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"postcode": "Nowhere-on-sea-atlantis"}, 404),
        ({"postcode": "x" * 150}, 400),
        ({"postcode": "W10 4AA", "radius_miles": -1}, 400),
        ({"postcode": "W10 4AA", "treatment": "snake-oil"}, 404),
        ({"postcode": "W10 4AA", "nation": "france"}, 400),
        ({}, 400),
    ],
)
def test_bad_search_requests_get_a_clear_json_error(client, params, status):
    response = client.get("/api/v1/practitioners/search", params)
    assert response.status_code == status
    assert response.json()["message"]


def test_a_listing_shows_products_with_source_and_route_but_no_private_data(client):
    listing = near_w10(status="accredited", treatments=("exosomes",))
    offer = listing.offers.get()
    offer.products.add(make_product(listing, name="PlantEx", source="plant", route="topical"))
    body = client.get(f"/api/v1/practitioners/{listing.pk}").json()
    assert body["name"] == listing.name
    (treatment,) = body["treatments"]
    assert treatment["products"][0]["source"] == "plant"
    assert treatment["products"][0]["route"] == "topical"
    text = str(body)
    assert "@" not in text and "password" not in text


def test_a_draft_listing_is_not_public(client):
    draft = near_w10(status="draft")
    assert client.get(f"/api/v1/practitioners/{draft.pk}").status_code == 404
    assert client.get("/api/v1/practitioners/999999999").status_code == 404


def test_search_says_how_many_there_are_and_gives_a_later_page(client):
    listings = [near_w10(0.001 * (i + 1), status="accredited") for i in range(7)]
    params = {"postcode": "w10 4aa", "radius_miles": 1, "limit": 5}
    first = client.get("/api/v1/practitioners/search", params).json()
    second = client.get("/api/v1/practitioners/search", {**params, "page": 2}).json()
    ours = {listing.pk for listing in listings}
    assert first["total"] >= 7 and first["pages"] == -(-first["total"] // 5)
    seen = [r["id"] for r in first["results"] + second["results"]]
    assert len(seen) == len(set(seen)) == min(10, first["total"])
    assert (second["first"], second["page"]) == (6, 2)
    assert ours <= {r["id"] for r in first["results"] + second["results"]} | ours
    late = client.get("/api/v1/practitioners/search", {**params, "page": 999})
    assert late.status_code == 400 and "page" in late.json()["message"]


def test_lookup_reads_a_name_a_number_and_a_place(client):
    from treatsafe.register.schemas import LookupOut

    listing = make_listing(
        "suspended",
        name="Eirlys Bowen-Tudor",
        statutory_register="gmc",
        registration_number="7012345",
    )
    by_name = client.get("/api/v1/practitioners/lookup", {"q": "eirlys bowen"}).json()
    LookupOut.model_validate(by_name)
    assert by_name["query"]["kind"] == "name"
    assert [(r["id"], r["accreditation"]["label"]) for r in by_name["results"]] == [
        (listing.pk, "Suspended")
    ]
    by_number = client.get("/api/v1/practitioners/lookup", {"q": "7012345"}).json()
    assert by_number["query"]["kind"] == "number" and by_number["total"] == 1
    place = client.get("/api/v1/practitioners/lookup", {"q": "W10 4AA"}).json()
    LookupOut.model_validate(place)
    assert place["query"]["kind"] == "place" and place["query"]["place"]


HUGE_PAGE = 10**20  # beyond any database's integers


def test_a_page_number_too_large_for_the_database_is_a_clear_error_not_a_crash(client):
    near_w10(0.001, status="accredited", name="Perpetua Hollowmere")
    asks = [
        ("/api/v1/practitioners/search", {"postcode": "w10 4aa", "page": HUGE_PAGE}),
        ("/api/v1/practitioners/search", {"postcode": "w10 4aa", "page": HUGE_PAGE, "limit": 1}),
        ("/api/v1/practitioners/lookup", {"q": "w10 4aa", "page": HUGE_PAGE}),
        ("/api/v1/practitioners/lookup", {"q": "Perpetua Hollowmere", "page": HUGE_PAGE}),
        ("/api/v1/practitioners/lookup", {"q": "1234567", "page": HUGE_PAGE}),
    ]
    for path, params in asks:
        response = client.get(path, params)
        assert response.status_code == 400, (path, params)
        assert "Ask for a page from 1 to 1" in response.json()["message"], (path, params)


def test_the_search_page_says_a_huge_page_number_is_out_of_range(client):
    near_w10(0.001, status="accredited")
    response = client.get("/register/", {"q": "W10 4AA", "page": str(HUGE_PAGE)})
    assert response.status_code == 200  # the form again, with the error above it
    assert "Ask for a page from 1 to 1" in response.content.decode()
