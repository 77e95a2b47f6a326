"""How the demo loader gets its rows into the database fast and leaves it ready to query.

`Tables` holds the pending rows of every table it writes (demo_rows.Rows). `bulk_load()` wraps
the load's one transaction:

- Python's cyclic garbage collector is off: the load makes no reference cycles, but it allocates
  millions of short-lived objects while the label index's millions of long-lived ones are in
  memory, and each full collection walked all of them (a sixth of the CPU of a large load).
- On SQLite, a larger page cache for the load (64 MiB: the index of the audit MACs, filled in
  random order, stays in memory; 128 MiB took as long and 70 MB more memory).
- On SQLite, the secondary indexes of the tables written that guard nothing (not UNIQUE) are
  dropped after the old demo rows are deleted and created again at the end from the SQL they
  were made with, read from sqlite_master (the migrations' own); building an index by sorting
  took 4 s where 2 million inserts in random order (the search rows' covering index, the clinic
  ids) took 13. UNIQUE indexes stay: they guard the data. Not on PostgreSQL, where dropping an
  index locks its table against readers until the commit.
- Every table is written parents first (`Tables.flush`), so no row reaches the database before
  a row it refers to.
- On SQLite, the triggers that keep an FTS5 name index in step with its content table fire once
  per row (about 100 µs each for the trigram index); they are dropped inside the transaction and
  the index is rebuilt once from its content table at the end, then the triggers are put back,
  all in the same transaction, so no reader ever sees the index out of step.
- On SQLite, the listings' cards (listings.py) are made once the indexes are back, from the rows
  just written (their triggers, dropped with the version's, would only have deleted them).
- Afterwards `ANALYZE` of the tables written, so the query planner has statistics for them.
"""

import gc
import re
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection, transaction

from treatsafe.core.importing import analyze
from treatsafe.register import cards, indexing
from treatsafe.register.demo_history import History
from treatsafe.register.demo_rows import BackgroundWriter, Rows
from treatsafe.register.models import (
    Assessment,
    AuditEntry,
    Clinic,
    NameEntry,
    Offer,
    Practitioner,
    Product,
    SearchEntry,
)

CACHE_KIB = 64 * 1024  # SQLite's page cache during the load (its default is 2 MiB)

CLINIC_FIELDS = (
    "name",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "location_precision",
    "nation",
    "local_authority",
    "phone",
)
LISTING_FIELDS = (
    "name",
    "profession",
    "statutory_register",
    "registration_number",
    "is_prescriber",
    "qualifications",
    "insurer",
    "insurance_expires",
    "complications_contact",
    "status",
    "accredited_until",
    "status_reason",
    "status_changed_at",
)
PRODUCT_FIELDS = (
    "practitioner_id",
    "name",
    "manufacturer",
    "source",
    "route",
    "regulatory_status",
    "ingredients",
    "label_verdict",
    "label_reasons",
)
OFFER_FIELDS = (
    "practitioner_id",
    "clinic_id",
    "treatment",
    "price_from",
    "price_to",
    "verdict",
    "verdict_reasons",
    "is_published",
)


class Tables:
    """The demo loader's pending rows, one per table, with the fields the loader gives (and
    those that are the same for every demo row: see demo_rows.Rows)."""

    def __init__(self, stamp: str):
        demo = {"is_demo": True}
        checked = {"verdicts_fingerprint": stamp, "is_demo": True}
        self.clinics = Rows(Clinic, CLINIC_FIELDS, demo)
        self.listings = Rows(Practitioner, LISTING_FIELDS, demo)
        self.links = Rows(Practitioner.clinics.through, ("practitioner_id", "clinic_id"))
        self.products = Rows(Product, PRODUCT_FIELDS, checked)
        self.offers = Rows(Offer, OFFER_FIELDS, checked)
        self.offer_products = Rows(Offer.products.through, ("offer_id", "product_id"))
        self.search = Rows(SearchEntry, indexing.SEARCH_FIELDS)
        self.names = Rows(NameEntry, ("practitioner_id", "key", "number"))
        self.audit = Rows(AuditEntry, History.AUDIT_FIELDS, History.AUDIT_FIXED)
        self.assessments = Rows(
            Assessment, History.ASSESSMENT_FIELDS, History.ASSESSMENT_FIXED, History.ASSESSED
        )

    writer: BackgroundWriter | None = None  # SQLite's, during a bulk load

    def flush(self) -> None:
        """Write every pending row, a table's parents before it (the order above). On SQLite a
        row written before the row it refers to counts as a deferred foreign-key violation
        until its parent comes, and while any is counted, each parent row inserted searches
        its child tables for rows it would resolve: a full scan of each once their indexes
        are dropped."""
        for table in self._tables():
            table.flush(self.writer)

    def finish(self) -> None:
        for table in self._tables():
            table.finish(self.writer)

    def _tables(self) -> list[Rows]:
        return [table for table in vars(self).values() if isinstance(table, Rows)]

    def table_names(self) -> list[str]:
        return [table.table for table in self._tables()]


# the tables whose every write bumps the register's search version (migrations 0007 and 0009),
# and what each of those triggers does (SQLite)
VERSIONED_TABLES = (
    SearchEntry._meta.db_table,
    Practitioner._meta.db_table,
    Clinic._meta.db_table,
    Offer._meta.db_table,
)
BUMP_SEARCH_VERSION = (
    "INSERT INTO register_searchversion (id, epoch, n) VALUES (1, random(), 1) "
    "ON CONFLICT (id) DO UPDATE SET n = n + 1"
)


@contextmanager
def bulk_load(tables: Tables, clear: Callable[[], None]):
    """One transaction for the whole load, set up for speed (see the module's docstring):
    `clear()` first (removing the old demo rows, with every index there to find them), then
    what the with-block writes."""
    collecting = gc.isenabled()
    gc.disable()
    sqlite = connection.vendor == "sqlite"
    cache = None
    try:
        with transaction.atomic():
            if sqlite:
                cache = _pragma("cache_size")
                _pragma(f"cache_size = -{CACHE_KIB}")
                triggers = _drop_fts_triggers(NameEntry._meta.db_table)
            clear()
            if sqlite:
                indexes = _drop_indexes(tables.table_names())
                versioning = [sql for t in VERSIONED_TABLES for sql in _drop_triggers(t)]
            with _writing(tables, sqlite):
                yield
            if sqlite:
                _create(indexes)
                cards.write_missing()  # from the rows just written, with their indexes
                _rebuild_fts(triggers)
                _create(versioning)
                _create([BUMP_SEARCH_VERSION])  # once for the load, not once a search row
    finally:
        if cache is not None:
            _pragma(f"cache_size = {int(cache)}")
        if collecting:
            gc.enable()
    analyze(tables.table_names())


@contextmanager
def _writing(tables: Tables, sqlite: bool):
    """On SQLite, the tables' batches stored by a BackgroundWriter while the next is made."""
    if not sqlite:
        yield
        return
    tables.writer = BackgroundWriter(connection.connection)
    try:
        with connection.execute_wrapper(tables.writer.waiting):
            yield
        tables.writer.wait()
    finally:
        tables.writer.close()
        tables.writer = None


def _drop_indexes(tables: list[str]) -> list[str]:
    """Drop the secondary indexes of `tables` that guard nothing (not UNIQUE), so they are
    built once by sorting at the end instead of by millions of inserts in random order; the
    SQL that re-creates each exactly as it was."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join(['%s'] * len(tables))})",
            tables,
        )
        found = [(name, sql) for name, sql in cursor.fetchall() if not _unique(sql)]
        for name, _ in found:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [sql for _, sql in found]


def _drop_triggers(table: str) -> list[str]:
    """Drop the triggers on `table` (an FTS5 index's, or the version bump of migrations 0007
    and 0009); the SQL that re-creates each exactly as it was."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [table],
        )
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
    return [sql for _, sql in found]


def _unique(sql: str) -> bool:
    return re.match(r"\s*CREATE\s+UNIQUE\b", sql, re.IGNORECASE) is not None


def _create(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _pragma(statement: str):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {statement}")
        row = cursor.fetchone()
    return row[0] if row else None


def _drop_fts_triggers(content_table: str) -> dict[str, list[str]]:
    """Drop the triggers on `content_table`, when an external-content FTS5 index reads it;
    {FTS5 table: [the dropped triggers' SQL]}."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE %s",
            ["CREATE VIRTUAL TABLE%fts5%"],
        )
        indexes = [
            name
            for name, sql in cursor.fetchall()
            if re.search(rf"content\s*=\s*['\"]?{re.escape(content_table)}\b", sql)
        ]
    if not indexes:
        return {}
    triggers = _drop_triggers(content_table)
    return {index: triggers for index in indexes}


def _rebuild_fts(dropped: dict[str, list[str]]) -> None:
    """Rebuild each FTS5 index from its content table, then put its triggers back."""
    with connection.cursor() as cursor:
        restored = set()
        for index, triggers in dropped.items():
            quoted = connection.ops.quote_name(index)
            cursor.execute(f"INSERT INTO {quoted}({quoted}) VALUES ('rebuild')")
            for sql in triggers:
                if sql not in restored:
                    cursor.execute(sql)
                    restored.add(sql)
