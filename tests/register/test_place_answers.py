"""Place-search answers kept per process while the register stays at their version: a repeat
costs one query, and any write to a listing, clinic, offer or search row, by any path, makes
every kept answer stale at once. A server's searches run outside a transaction; these tests run
inside one (rolled back after each), so they let answers be kept there."""

import json

import pytest
from django.db import connection
from django.utils import timezone

from tests.register.builders import make_assessor, make_clinic, make_listing
from treatsafe.register import accrediting, counting, lookup
from treatsafe.register.models import Clinic, Offer, Practitioner
from treatsafe.register.search import Place

pytestmark = pytest.mark.django_db

ORIGIN = (56.0, 3.0)  # the North Sea: no other listing near
PLACE = Place("Test Point", ORIGIN[0], ORIGIN[1], "postcode", "england")


@pytest.fixture(autouse=True)
def remembered(monkeypatch):
    monkeypatch.setattr(counting, "may_remember", lambda: True)
    if connection.vendor == "postgresql":  # bump at each write, not at a commit that never comes
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _listings(count: int, **fields) -> list[Practitioner]:
    return [
        make_listing(
            status="accredited",
            clinic=make_clinic(latitude=ORIGIN[0] + i * 0.01, longitude=ORIGIN[1]),
            **fields,
        )
        for i in range(count)
    ]


def _search(**filters) -> dict:
    return json.loads(lookup.place_answer_json(PLACE, "Test Point", radius_miles=10, **filters))


def _another_transaction() -> None:
    """On PostgreSQL the version moves once a transaction: the next write is as if another."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('treatsafe.search_version_bumped', '', true)")


def test_a_repeated_place_search_is_answered_after_one_query(django_assert_num_queries):
    _listings(3)
    first = _search()
    with django_assert_num_queries(1):  # the register's version, unchanged
        again = _search()
    assert again == first
    assert first["total"] == 3


def test_a_new_search_that_counts_and_keeps_a_large_total_costs_three_queries(
    monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(counting, "SHARE_FROM", 1)
    _listings(3)
    with django_assert_num_queries(3):  # nearest rows with the count, keep the total, listings
        assert _search()["total"] == 3


def test_a_stale_kept_answer_never_costs_more_than_three_queries(
    monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(counting, "SHARE_FROM", 1)
    listings = _listings(3)
    _search()
    _another_transaction()
    Practitioner.objects.filter(pk=listings[0].pk).update(name="Renamed Listing")
    with django_assert_max_num_queries(3):
        answer = _search()
    assert "Renamed Listing" in {r["name"] for r in answer["results"]}


def test_a_suspension_makes_the_kept_answer_stale_at_once():
    listings = _listings(3)
    assert _search()["total"] == 3
    _another_transaction()
    accrediting.transition(make_assessor(), listings[0].pk, "suspend", reason="Complaint upheld.")
    answer = _search()
    assert answer["total"] == 2
    assert listings[0].pk not in {r["id"] for r in answer["results"]}


@pytest.mark.parametrize(
    "change",
    [
        lambda p: Practitioner.objects.filter(pk=p.pk).update(name="Changed In Bulk"),
        lambda p: Clinic.objects.filter(practitioners=p).update(phone="0300 000 0000"),
        lambda p: Offer.objects.filter(practitioner=p).update(price_from=1),
        lambda p: Offer.objects.filter(practitioner=p).delete(),
    ],
    ids=["listing name", "clinic phone", "offer price", "offers withdrawn"],
)
def test_a_raw_write_to_a_listing_clinic_or_offer_makes_the_kept_answer_stale(change):
    (listing,) = _listings(1, treatments=("dermal-filler",))
    before = _search()
    _another_transaction()
    change(listing)
    assert _search() != before


def test_answers_are_kept_per_page_treatment_and_day(django_assert_num_queries):
    _listings(3, treatments=("dermal-filler",))
    everything, filler = _search(), _search(treatment="prp")
    assert everything["total"] == 3 and filler["total"] == 0
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    with django_assert_num_queries(1):
        assert _search()["total"] == 3
    assert _search(today=tomorrow)["query"] == everything["query"]


def test_inside_a_transaction_nothing_is_kept(monkeypatch):
    monkeypatch.setattr(counting, "may_remember", lambda: False)
    _listings(1)
    _search()
    assert len(lookup.place_answers) == 0


def test_the_page_and_the_api_show_the_same_kept_answer(client):
    _listings(2)
    page_answer = lookup.by_place(PLACE, "Test Point", radius_miles=10)
    assert page_answer.pop("crown_dependency") is None
    assert page_answer == _search()


def test_a_search_whose_first_box_is_empty_counts_its_total_once():
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    from treatsafe.register.density import density

    # 40 listings 3 miles north, in the same map cell: the cell's density sizes a first box of
    # under 3 miles around the point, which holds none of them
    for i in range(40):
        clinic = make_clinic(latitude=ORIGIN[0] + 0.045, longitude=ORIGIN[1] + i * 0.0005)
        make_listing(status="accredited", clinic=clinic)
    density.clear()
    density.cells()
    try:
        with CaptureQueriesContext(db) as queries:
            answer = _search()
    finally:
        density.clear()  # this test's crowded cell must not size another test's boxes
    assert answer["total"] == 40
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(DISTINCT" in q["sql"]]
    assert len(counts) == 1
    assert len(queries.captured_queries) <= 3
