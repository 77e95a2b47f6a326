"""Search by distance: against hand-computed distances, with filters, expiry and the nearest
listings beyond the radius."""

import datetime as dt
import math

import pytest
from django.utils import timezone

from tests.register.builders import make_clinic, make_listing
from treatsafe.register import indexing, services
from treatsafe.register.counting import count_within
from treatsafe.register.listings import hydrate
from treatsafe.register.models import Offer
from treatsafe.register.search import SearchQuery, find, search

pytestmark = pytest.mark.django_db

# A point in the North Sea, far from any other test data, so counts are exact.
ORIGIN = (56.0, 3.0)
MILES_PER_DEGREE = 3958.7613 * math.pi / 180  # the great-circle miles in one degree of latitude


def north(degrees: float, lon_offset: float = 0.0, **listing_fields):
    clinic = make_clinic(latitude=ORIGIN[0] + degrees, longitude=ORIGIN[1] + lon_offset)
    return make_listing(clinic=clinic, **listing_fields)


def query(**fields):
    return SearchQuery(latitude=ORIGIN[0], longitude=ORIGIN[1], **fields)


def test_results_are_nearest_first_with_distances_matching_a_hand_calculation():
    far = north(0.40, status="accredited")  # 27.6 miles
    near = north(0.10, status="accredited")
    middle = north(0.20, status="accredited")
    answer = search(query(radius_miles=25))
    assert [r["id"] for r in answer["results"]] == [near.pk, middle.pk]
    assert answer["results"][0]["distance_miles"] == pytest.approx(0.10 * MILES_PER_DEGREE, 0.01)
    assert answer["results"][1]["distance_miles"] == pytest.approx(0.20 * MILES_PER_DEGREE, 0.01)
    assert far.pk not in [r["id"] for r in answer["results"]]
    assert answer["beyond_radius"] == []


def test_an_east_west_distance_matches_the_spherical_law_of_cosines():
    listing = north(0.0, lon_offset=0.25, status="accredited")
    lat = math.radians(ORIGIN[0])
    expected = 3958.7613 * math.acos(
        math.sin(lat) ** 2 + math.cos(lat) ** 2 * math.cos(math.radians(0.25))
    )
    (result,) = search(query(radius_miles=25))["results"]
    assert result["id"] == listing.pk
    assert result["distance_miles"] == pytest.approx(expected, abs=0.01)


def test_when_nothing_is_within_the_radius_the_nearest_accredited_listings_beyond_are_shown():
    far = north(1.0, status="accredited")
    north(0.05, status="applied")
    answer = search(query(radius_miles=5))
    assert answer["results"] == []
    assert [r["id"] for r in answer["beyond_radius"]] == [far.pk]
    assert answer["beyond_radius"][0]["distance_miles"] == pytest.approx(MILES_PER_DEGREE, 0.01)


def test_the_nearest_beyond_the_radius_respect_a_smaller_limit():
    nearer = north(1.0, status="accredited")
    north(1.5, status="accredited")
    answer = search(query(radius_miles=5, limit=1))
    assert [r["id"] for r in answer["beyond_radius"]] == [nearer.pk]


def test_only_accredited_listings_in_date_are_found_by_default():
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    accredited = north(0.01, status="accredited")
    north(0.02, status="accredited", accredited_until=yesterday)
    for status in ("applied", "under_assessment", "suspended", "revoked", "expired", "draft"):
        north(0.03, status=status)
    hits = find(query(radius_miles=10)).within
    assert [h.practitioner_id for h in hits] == [accredited.pk]


def test_every_public_state_is_found_and_labelled_when_asked_but_never_a_draft():
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    lapsed = north(0.02, status="accredited", accredited_until=yesterday)
    for status in ("applied", "suspended", "revoked", "draft"):
        north(0.03, status=status)
    results = search(query(radius_miles=10, include_all=True))["results"]
    statuses = {r["id"]: r["accreditation"]["status"] for r in results}
    assert statuses[lapsed.pk] == "expired"
    assert sorted(statuses.values()) == ["applied", "expired", "revoked", "suspended"]


def test_filtering_by_treatment_finds_only_listings_offering_it():
    botox = north(0.05, status="accredited", treatments=("botulinum-toxin",))
    north(0.02, status="accredited", treatments=("dermal-filler",))
    answer = search(query(radius_miles=10, treatment="botulinum-toxin"))
    assert [r["id"] for r in answer["results"]] == [botox.pk]
    assert [t["slug"] for t in answer["results"][0]["treatments"]] == ["botulinum-toxin"]


def test_filtering_by_nation_excludes_clinics_elsewhere():
    scottish = north(0.05, status="accredited")
    english = north(0.02, status="accredited")
    scottish.clinics.update(nation="scotland")
    indexing.reindex(scottish)
    ids = [h.practitioner_id for h in find(query(radius_miles=10, nation="scotland")).within]
    assert ids == [scottish.pk]
    assert english.pk not in ids


def test_an_unlawful_offer_is_not_published_and_cannot_be_found_by_its_treatment():
    listing = north(0.05, status="accredited", treatments=("exosomes",))
    offer = listing.offers.get()
    offer.verdict, offer.is_published = "unlawful", True
    offer.save()
    indexing.reindex(listing)
    assert Offer.objects.get(pk=offer.pk).is_published is False
    assert find(query(radius_miles=10, treatment="exosomes")).within == []


def test_a_practitioner_with_two_clinics_appears_once_at_the_nearer():
    listing = north(0.10, status="accredited")
    nearer = make_clinic(latitude=ORIGIN[0] + 0.02, longitude=ORIGIN[1])
    listing.clinics.add(nearer)
    indexing.reindex(listing)
    results = search(query(radius_miles=25))["results"]
    assert [(r["id"], r["clinic"]["id"]) for r in results] == [(listing.pk, nearer.pk)]


def test_the_limit_caps_the_results():
    for step in range(5):
        north(0.01 * (step + 1), status="accredited")
    assert len(find(query(radius_miles=25, limit=3)).within) == 3


@pytest.mark.parametrize(
    "bad", [{"radius_miles": 0}, {"radius_miles": 10_000}, {"limit": 0}, {"nation": "france"}]
)
def test_bad_search_parameters_are_refused(bad):
    with pytest.raises(services.InvalidInput):
        find(query(**bad))


def _listings_around_w1g_9pf(count: int):
    for i in range(count):
        clinic = make_clinic(latitude=51.5174 + i * 0.001, longitude=-0.1460)
        make_listing(clinic=clinic, status="accredited", treatments=("dermal-filler", "prp"))


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/practitioners/search?postcode=W1G+9PF",
        "/api/v1/practitioners/search?postcode=W1G+9PF&treatment=prp&status=all",
        "/register/?q=W1G+9PF",
        "/register/?q=London",
    ],
)
def test_a_city_search_costs_at_most_three_queries(
    client, path, django_assert_max_num_queries, monkeypatch
):
    # The once-a-second fingerprint check is a periodic cost, not a search's: on a slow machine
    # the first request alone can outlast that second, so hold it off while counting.
    monkeypatch.setattr("treatsafe.core.fingerprints.FINGERPRINT_TTL_SECONDS", 3600.0)
    _listings_around_w1g_9pf(25)
    assert client.get(path).status_code == 200  # the place's answer is now cached
    with django_assert_max_num_queries(3):
        response = client.get(path)
    assert response.status_code == 200


def test_hydrating_twenty_hits_is_one_query_with_their_clinics_and_offers(
    django_assert_num_queries,
):
    _listings_around_w1g_9pf(20)
    hits = find(SearchQuery(latitude=51.5174, longitude=-0.1460, radius_miles=5)).within
    assert len(hits) == 20
    with django_assert_num_queries(1):
        results = hydrate(hits, timezone.localdate())
    assert [r["id"] for r in results] == [h.practitioner_id for h in hits]
    for result in results:
        assert [t["slug"] for t in result["treatments"]] == ["dermal-filler", "prp"]
        assert result["clinic"]["postcode"] == "W1G 9PF"


def _add_clinic_north(listing, miles: float):
    listing.clinics.add(
        make_clinic(latitude=ORIGIN[0] + miles / MILES_PER_DEGREE, longitude=ORIGIN[1])
    )
    indexing.reindex(listing)


def test_the_total_counts_a_listing_once_whether_its_clinics_are_inside_or_at_the_edge():
    inside_and_edge = north(3 / MILES_PER_DEGREE, status="accredited")
    _add_clinic_north(inside_and_edge, 9.97)
    both_at_edge = north(10.05 / MILES_PER_DEGREE, status="accredited")  # one just outside
    _add_clinic_north(both_at_edge, 9.95)
    outside = north(10.1 / MILES_PER_DEGREE, status="accredited")
    _add_clinic_north(outside, 10.2)
    total = count_within(query(radius_miles=10), timezone.localdate())
    assert total == 2
    assert total == len(find(query(radius_miles=10)).within)


def test_nearest_listings_and_totals_match_a_haversine_scan_of_every_clinic():
    import random

    from treatsafe.geo.services import haversine_miles

    rng = random.Random(20261128)
    clinics = {}
    for _ in range(60):
        listing = north(
            rng.uniform(-0.4, 0.4), lon_offset=rng.uniform(-0.7, 0.7), status="accredited"
        )
        clinics[listing.pk] = [listing.clinics.first()]
        if rng.random() < 0.3:  # a second clinic elsewhere
            _add_clinic_north(listing, rng.uniform(-25, 25))
            clinics[listing.pk] = list(listing.clinics.all())
    for radius in (1, 5, 10, 25):
        nearest = {
            pk: min(haversine_miles(*ORIGIN, c.latitude, c.longitude) for c in mine)
            for pk, mine in clinics.items()
        }
        inside = sorted((d, pk) for pk, d in nearest.items() if d <= radius)
        hits = find(query(radius_miles=radius, limit=20)).within
        assert [h.practitioner_id for h in hits] == [pk for _, pk in inside[:20]]
        assert [h.distance_miles for h in hits] == [d for d, _ in inside[:20]]
        assert count_within(query(radius_miles=radius), timezone.localdate()) == len(inside)
