"""Search totals shared by every server process: a large total is counted once for a version of
the search rows and read back within the search's own first query; any write to the search
rows, by any path, makes it stale. A server's searches run outside a transaction; these tests
run inside one (rolled back after each), so they let totals be kept there."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.register.builders import make_assessor, make_clinic, make_listing
from treatsafe.register import accrediting, counting
from treatsafe.register.models import Practitioner, SearchTotal, SearchVersion
from treatsafe.register.search import SearchQuery, find

pytestmark = pytest.mark.django_db

ORIGIN = (56.0, 3.0)  # the North Sea: no other listing near


@pytest.fixture(autouse=True)
def shared(monkeypatch):
    monkeypatch.setattr(counting, "may_remember", lambda: True)
    monkeypatch.setattr(counting, "SHARE_FROM", 1)
    if connection.vendor == "postgresql":  # bump at each write, not at a commit that never comes
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _listings(count: int) -> list[Practitioner]:
    return [
        make_listing(
            status="accredited",
            clinic=make_clinic(latitude=ORIGIN[0] + i * 0.01, longitude=ORIGIN[1]),
        )
        for i in range(count)
    ]


def _total() -> int:
    """A place search's total, as the register's look-up works it out, as if in a request of
    its own (on PostgreSQL the version moves once a transaction: the next write is another)."""
    query = SearchQuery(latitude=ORIGIN[0], longitude=ORIGIN[1], radius_miles=10)
    total = counting.count_within(query, timezone.localdate(), find(query))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('treatsafe.search_version_bumped', '', true)")
    return total


def _version():
    return SearchVersion.objects.values_list("epoch", "n").first()


def test_a_total_counted_once_is_read_back_with_the_search_itself(django_assert_num_queries):
    _listings(3)
    assert _total() == 3  # counted, and kept
    query = SearchQuery(latitude=ORIGIN[0], longitude=ORIGIN[1], radius_miles=10)
    with django_assert_num_queries(1):  # the search's own read brings the total
        assert counting.count_within(query, timezone.localdate(), find(query)) == 3
    assert SearchTotal.objects.get().total == 3


def test_a_suspension_makes_the_kept_total_stale_at_once():
    listings = _listings(3)
    assert _total() == 3
    accrediting.transition(make_assessor(), listings[0].pk, "suspend", reason="Complaint upheld.")
    assert _total() == 2


def test_deleting_a_listing_or_a_clinic_makes_the_kept_total_stale():
    listings = _listings(3)
    assert _total() == 3
    listings[0].delete()  # its search rows go by cascade, not through the register's code
    assert _total() == 2
    listings[1].clinics.first().delete()
    assert _total() == 1


def test_a_raw_update_of_the_search_rows_moves_the_version():
    _listings(1)
    _total()
    before = _version()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE register_searchentry SET status = 'suspended'")
    after = _version()
    assert after[0] == before[0] and after[1] > before[1]
    assert _total() == 0


def test_a_version_row_created_again_gets_a_new_epoch():
    _listings(1)
    _total()
    first = _version()
    SearchVersion.objects.all().delete()
    _listings(1)
    assert _version()[0] != first[0]


def test_small_totals_are_counted_each_time_not_kept(monkeypatch):
    monkeypatch.setattr(counting, "SHARE_FROM", 100)
    _listings(2)
    assert _total() == 2
    assert not SearchTotal.objects.exists()


def test_nothing_is_kept_inside_a_transaction(monkeypatch):
    monkeypatch.undo()  # the real rule: these tests run inside a transaction
    assert connection.in_atomic_block
    assert not counting.may_remember()
    monkeypatch.setattr(counting, "SHARE_FROM", 1)
    _listings(2)
    assert _total() == 2
    assert not SearchTotal.objects.exists()


def test_the_daily_job_removes_totals_counted_at_an_earlier_version():
    listings = _listings(2)
    assert _total() == 2
    listings[0].delete()
    assert _total() == 1  # kept again, at the new version
    SearchTotal.objects.create(key="old", epoch=1, n=1, total=99)
    call_command("expire_accreditations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(SearchTotal.objects.values_list("total", flat=True)) == [1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's deferred trigger")
def test_on_postgresql_a_transaction_moves_the_version_once_however_many_rows_it_writes():
    _listings(1)
    _total()
    before = _version()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE register_searchentry SET status = 'suspended'")
        cursor.execute("UPDATE register_searchentry SET status = 'accredited'")
    assert _version()[1] == before[1] + 1
