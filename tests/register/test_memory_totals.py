"""A search's total counted in memory (counting.accredited_points) is the database's count,
is used only at the version it was read at, and never inside a transaction."""

import datetime as dt
import random

import orjson
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.register.builders import make_assessor, make_clinic, make_listing
from treatsafe.register import accrediting, counting, indexing, lookup
from treatsafe.register.density import density
from treatsafe.register.models import Offer, Practitioner, SearchTotal
from treatsafe.register.search import SearchQuery, find

pytestmark = pytest.mark.django_db

CENTRE = (53.0, -1.5)
TREATMENTS = ("dermal-filler", "chemical-peel", "prp")


@pytest.fixture(autouse=True)
def outside_a_transaction(monkeypatch):
    """As a server's searches are; these tests run inside one, rolled back after each."""
    monkeypatch.setattr(counting, "may_remember", lambda: True)
    counting.accredited_points.forget()
    if connection.vendor == "postgresql":  # bump at each write, not at a commit that never comes
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    counting.accredited_points.forget()


def a_register(seed: int = 1, size: int = 45):
    rng = random.Random(seed)
    today = timezone.localdate()
    listings = []
    for _ in range(size):
        lat, lon = CENTRE[0] + rng.uniform(-0.4, 0.4), CENTRE[1] + rng.uniform(-0.6, 0.6)
        listing = make_listing(
            status=rng.choice(["accredited"] * 4 + ["suspended"]),
            clinic=make_clinic(lat, lon, nation=rng.choice(["england", "wales"])),
            treatments=rng.sample(TREATMENTS, rng.randint(1, 3)),
            accredited_until=today + dt.timedelta(days=rng.choice([1, 30, 400])),
        )
        if rng.random() < 0.3:  # a second clinic nearby, some treatments there too
            second = make_clinic(lat + rng.uniform(-0.1, 0.1), lon + rng.uniform(-0.1, 0.1))
            listing.clinics.add(second)
            for slug in rng.sample(TREATMENTS, rng.randint(1, 3)):
                Offer.objects.create(
                    practitioner=listing,
                    clinic=second,
                    treatment=slug,
                    price_from=100,
                    price_to=200,
                    verdict="lawful",
                    is_published=True,
                )
            indexing.reindex(listing)
        listings.append(listing)
    return listings


def random_queries(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        yield SearchQuery(
            latitude=CENTRE[0] + rng.uniform(-0.5, 0.5),
            longitude=CENTRE[1] + rng.uniform(-0.7, 0.7),
            radius_miles=rng.choice([1, 5, 10, 25, 50]),
            treatment=rng.choice([None, *TREATMENTS]),
            nation=rng.choice([None, None, "england", "wales"]),
        )


def test_the_total_counted_in_memory_is_the_databases_count():
    a_register()
    assert counting.accredited_points.build()
    _, points = counting.accredited_points.snapshot()
    today = timezone.localdate()
    for day in (today, today + dt.timedelta(days=2), today + dt.timedelta(days=60)):
        for query in random_queries(seed=7, count=60):
            assert counting.count_in_memory(points, query, day) == counting._count(query, day)


def test_a_search_from_memory_brings_the_databases_total_for_one_query(
    django_assert_num_queries,
):
    a_register()
    counting.accredited_points.build()
    today = timezone.localdate()
    answered = 0
    for query in random_queries(seed=3, count=20):
        expected = counting._count(query, today)
        with django_assert_num_queries(1):  # the register's version
            found = counting.find_in_memory(query, today, counting.points_for(query))
        if found is not None:
            answered += 1
            assert (found.total, found.counted) == (expected, False)
            assert counting.count_within(query, today, found) == expected
    assert answered >= 10


def test_a_search_answered_from_memory_finds_what_the_database_finds():
    a_register(seed=9)
    counting.accredited_points.build()
    today = timezone.localdate()
    rng = random.Random(4)
    for query in random_queries(seed=12, count=60):
        query = SearchQuery(
            **{**query.__dict__, "limit": rng.choice([5, 20]), "offset": rng.choice([0, 0, 5])}
        )
        database = find(query, today)
        memory = counting.find_in_memory(query, today, counting.points_for(query))
        if memory is None:  # nothing within: the nearest beyond are the database's to find
            assert database.total == 0
            continue
        assert memory.within == database.within and not database.beyond
        assert memory.total == database.total and memory.version == database.version


def test_a_search_is_not_answered_from_memory_once_the_register_has_changed():
    listings = a_register(size=6)
    counting.accredited_points.build()
    if connection.vendor == "postgresql":  # the version moves once a transaction: a new one
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('treatsafe.search_version_bumped', '', true)")
    listings[0].clinics.first().delete()
    query = SearchQuery(*CENTRE, radius_miles=50)
    assert counting.find_in_memory(query, timezone.localdate(), counting.points_for(query)) is None


def _place_search(radius_miles=25):
    place = lookup.register_search.Place("Near here", *CENTRE, "postcode", "england")
    return lookup.place_answer_json(place, "near here", radius_miles=radius_miles)


def test_a_new_search_costs_two_queries_when_the_points_are_current(django_assert_num_queries):
    a_register(size=12)
    counting.accredited_points.build()
    with django_assert_num_queries(2):  # the register's version, the listings
        _place_search()


def _new_version():
    """On PostgreSQL the version moves once a transaction: begin a new one, as it were."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('treatsafe.search_version_bumped', '', true)")


def _queries_of_a_new_search() -> int:
    lookup.place_answers.clear()
    SearchTotal.objects.all().delete()
    with CaptureQueriesContext(connection) as captured:
        body = _place_search()
    assert orjson.loads(body)["total"] == counting._count(
        SearchQuery(*CENTRE, radius_miles=25), timezone.localdate()
    )
    return len(captured.captured_queries)


def test_points_found_stale_cost_a_new_search_no_more_queries_than_having_none(monkeypatch):
    monkeypatch.setattr(counting, "SHARE_FROM", 1)  # a total the database counts would be kept
    listings = a_register(size=12)
    density.cells()  # as the server's warm-up reads it
    counting.accredited_points.build()
    _new_version()
    Practitioner.objects.filter(pk=listings[0].pk).update(name="Renamed")  # the version moves
    stale = _queries_of_a_new_search()
    counting.accredited_points.forget()
    _new_version()
    Practitioner.objects.filter(pk=listings[0].pk).update(name="Renamed again")
    assert stale <= _queries_of_a_new_search()


def test_after_a_write_the_database_searches_until_the_points_are_read_again():
    listings = a_register()
    counting.accredited_points.build()
    before = counting.accredited_points.snapshot()
    if connection.vendor == "postgresql":  # the version moves once a transaction: a new one
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('treatsafe.search_version_bumped', '', true)")
    accredited = next(item for item in listings if item.status == "accredited")
    accrediting.transition(make_assessor(), accredited.pk, "suspend", reason="Complaint upheld.")
    today = timezone.localdate()
    query = SearchQuery(
        latitude=accredited.clinics.first().latitude,
        longitude=accredited.clinics.first().longitude,
        radius_miles=50,
    )
    assert counting.find_in_memory(query, today, before) is None  # stale
    found = find(query, today)
    assert found.counted and found.total == counting._count(query, today)  # the database's
    assert counting.accredited_points.build()  # read again: memory answers once more
    again = counting.find_in_memory(query, today, counting.points_for(query))
    assert again.version == found.version and again.total == found.total


def test_a_page_of_search_answers_gives_the_same_total_with_memory_or_without():
    a_register(seed=5)
    place = lookup.register_search.Place("Near here", *CENTRE, "postcode", "england")
    without = lookup.place_answer_json(place, "near here", radius_miles=25)
    lookup.place_answers.clear()
    counting.accredited_points.build()
    assert lookup.place_answer_json(place, "near here", radius_miles=25) == without


def test_no_total_is_counted_in_memory_inside_a_transaction_or_for_every_status(monkeypatch):
    a_register(size=5)
    counting.accredited_points.build()
    assert counting.points_for(SearchQuery(*CENTRE, include_all=True)) is None
    monkeypatch.undo()  # the real rule: this test runs inside a transaction
    assert counting.points_for(SearchQuery(*CENTRE)) is None


def test_a_search_tells_the_points_when_it_finds_a_newer_version(monkeypatch):
    seen = []
    monkeypatch.setattr(counting.accredited_points, "refresh_soon", seen.append)
    a_register(size=3)
    query = SearchQuery(*CENTRE, radius_miles=50)
    found, _ = lookup._found(query, timezone.localdate(), None)
    assert seen == [found.version]
