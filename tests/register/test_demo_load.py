"""The demo loader's fast path (plain rows, literals, indexes built at the end) writes what the
register's own code would, keeps every reference and index whole, and loses nothing when it
fails part way."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from treatsafe.register import demo, indexing
from treatsafe.register.demo_history import History
from treatsafe.register.models import (
    Assessment,
    ListingCard,
    NameEntry,
    Practitioner,
    SearchEntry,
)
from treatsafe.register.standards import STANDARDS

pytestmark = pytest.mark.django_db

HISTORY_STATES = {"accredited", "expired", "suspended", "revoked"}


def run(n: int, **options) -> None:
    call_command("demo_data", practitioners=n, stdout=StringIO(), **options)


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 7, so a small register is written in several flushes."""
    monkeypatch.setattr(demo, "BATCH", 7)


def clinics_in_order(listing) -> list:
    links = Practitioner.clinics.through.objects.filter(practitioner=listing).order_by("id")
    return [link.clinic for link in links.select_related("clinic")]


def indexes() -> list[tuple]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master "
                "WHERE type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_stat%%' "
                "ORDER BY name"
            )
        else:
            cursor.execute(
                "SELECT tablename, indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema() ORDER BY indexname"
            )
        return cursor.fetchall()


def test_demo_search_and_name_rows_are_what_the_register_would_index(small_batches):
    run(45)
    listings = Practitioner.objects.filter(is_demo=True).prefetch_related("offers")
    assert listings.count() == 45
    for listing in listings:
        clinics = clinics_in_order(listing)
        offers = list(listing.offers.all())
        expected = indexing.search_row_values(listing, clinics, offers)
        stored = SearchEntry.objects.filter(practitioner=listing).values_list(
            *indexing.SEARCH_FIELDS
        )
        assert sorted(stored, key=repr) == sorted(expected, key=repr)
        name = indexing.name_key(listing, clinics)
        stored_name = NameEntry.objects.filter(practitioner=listing).values_list("key", "number")
        assert list(stored_name) == ([name] if name else [])


def test_each_listing_with_an_accreditation_in_its_past_has_one_finding_per_standard(
    small_batches,
):
    run(45)
    for listing in Practitioner.objects.filter(is_demo=True):
        findings = Assessment.objects.filter(practitioner=listing)
        if listing.status in HISTORY_STATES:
            assert sorted(findings.values_list("standard", flat=True)) == sorted(
                s.code for s in STANDARDS
            )
            assert {(f.finding, f.evidence, f.assessor_id) for f in findings} == {
                ("met", "Demo data: synthetic evidence.", None)
            }
        else:
            assert not findings.exists()
        assert listing.renewal_requested is False  # the model's default, written as a literal
        assert listing.created_at is not None


def test_every_reference_in_a_demo_register_written_in_several_batches_holds(small_batches):
    run(45)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []
        else:  # checks the deferred constraints now instead of at a commit the test never makes
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_a_load_leaves_every_index_and_trigger_as_the_migrations_made_them():
    before = indexes()
    run(30)
    assert indexes() == before


def test_a_load_moves_the_search_rows_version_so_no_kept_total_outlives_it():
    from treatsafe.register.models import SearchVersion

    if connection.vendor == "postgresql":  # the deferred trigger fires at a commit: make it now
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    before = SearchVersion.objects.values_list("epoch", "n").first()
    run(10)
    after = SearchVersion.objects.values_list("epoch", "n").first()
    assert after is not None and after != before


def test_a_load_that_fails_part_way_leaves_the_register_its_indexes_and_name_index_as_they_were(
    small_batches, monkeypatch
):
    from tests.register.builders import make_listing
    from treatsafe.register import lookup

    run(20)
    names = list(Practitioner.objects.order_by("pk").values_list("name", "status"))
    searchable = SearchEntry.objects.count()
    before = indexes()
    write = History.write
    calls = []

    def fail_on_the_third_batch(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the disk is full")
        return write(self, *args, **kwargs)

    monkeypatch.setattr(History, "write", fail_on_the_third_batch)
    with pytest.raises(RuntimeError, match="disk is full"):
        run(40)
    assert list(Practitioner.objects.order_by("pk").values_list("name", "status")) == names
    assert SearchEntry.objects.count() == searchable
    assert indexes() == before
    later = make_listing("accredited", name="Philippa Drummond-Ashcombe")  # triggers still fire
    assert [r["id"] for r in lookup.look_up("Philippa Drummond-Ashcombe")["results"]] == [later.pk]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's background writer")
def test_a_batch_that_fails_in_the_background_writer_fails_the_load_and_stores_nothing(
    small_batches, monkeypatch
):
    from treatsafe.register import demo_rows

    run(20)
    names = list(Practitioner.objects.order_by("pk").values_list("name", "status"))
    before = indexes()
    submit = demo_rows.BackgroundWriter.submit
    batches = []

    def break_the_fifth_batch(self, sql, payload):
        batches.append(sql)
        if len(batches) == 5:
            sql = "INSERT INTO a_table_that_is_gone SELECT 1"
        return submit(self, sql, payload)

    monkeypatch.setattr(demo_rows.BackgroundWriter, "submit", break_the_fifth_batch)
    with pytest.raises(Exception, match="a_table_that_is_gone"):
        run(40)
    assert list(Practitioner.objects.order_by("pk").values_list("name", "status")) == names
    assert indexes() == before


def _demo_rows_without_ids_or_times() -> dict[str, list]:
    from django.apps import apps

    found = {}
    for model in apps.get_app_config("register").get_models():
        if model._meta.db_table == "register_searchversion":  # moved by each load
            continue
        columns = [
            f.column
            for f in model._meta.concrete_fields
            if not (f.primary_key or f.is_relation or f.column in ("created_at", "updated_at"))
            and f.column not in ("hash", "prev_hash", "object_id", "practitioner_id")
        ]
        rows = model.objects.order_by("pk").values_list(*columns) if columns else []
        if model is ListingCard:  # a card names its listing's and clinic's ids
            at = columns.index("card")
            rows = [(*row[:at], _without_ids(json.loads(row[at])), *row[at + 1 :]) for row in rows]
        found[model._meta.db_table] = [repr(row) for row in rows]
    return found


def _without_ids(card: dict) -> dict:
    return {**card, "id": None, "clinic": {**card["clinic"], "id": None}}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's background writer")
def test_the_background_writer_stores_exactly_what_a_plain_insert_would(small_batches, monkeypatch):
    from contextlib import nullcontext

    from treatsafe.register import demo_load

    run(30)
    written = _demo_rows_without_ids_or_times()
    monkeypatch.setattr(demo_load, "_writing", lambda tables, sqlite: nullcontext())
    run(30, force=True)
    again = _demo_rows_without_ids_or_times()
    audit = "register_auditentry"  # append-only: the first load's entries stay
    assert again.pop(audit)[-len(written[audit]) :] == written.pop(audit)
    assert again == written
