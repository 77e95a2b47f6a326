"""How many listings a place search finds in all, so a page can say "66 within 10 miles,
showing 1 to 20" (the search itself reads only the nearest ones).

Exact: in one read of the same covering index as the search, the database counts the distinct
listings with a row inside the circle, by the same dot product of unit vectors as the search
(the haversine test in plain arithmetic). A dense city still means tens of thousands of rows,
so a large total is kept in SearchTotal with the version of the search rows it was counted at
(SearchVersion, which database triggers bump on every write to them, from any path): every
server process reads it back within the search's own first query, and any change to any
listing makes every kept total stale at once.

A new place search is answered in memory, its nearest listings and its exact total, when the
process holds the accredited search rows as read at the register's current version
(`accredited_points`, `find_in_memory`; geo.pointsets: the same test over arrays, a fraction of
a millisecond where the database takes tens). Each process reads them before it serves (the
server's warm-up) and again in the background once a search finds them stale (lookup.py); until
then, and inside a transaction, the database searches and counts.
"""

import datetime as dt

from django.db import connection, connections

from treatsafe.geo.pointsets import KeptPointSet, PointSet
from treatsafe.geo.services import haversine_miles
from treatsafe.register.accreditation import Status
from treatsafe.register.models import SearchEntry
from treatsafe.register.search import (
    SEARCH_TABLE,
    TOTAL_TABLE,
    VERSION_TABLE,
    Found,
    Hit,
    SearchQuery,
    circle_of,
    count_sql,
    total_key,
)

# a total under this many listings is counted again each time (a few hundred rows at most),
# not written to the shared table
SHARE_FROM = 100


def may_remember() -> bool:
    """Outside a transaction every read sees only committed rows; inside one, this connection
    also sees its own writes, which may yet be rolled back and their version number reused."""
    return not connection.in_atomic_block


def count_within(
    query: SearchQuery, today: dt.date, found: Found | None = None, share: bool = True
) -> int:
    """The number of distinct listings with a clinic within the query's radius. A search
    (`found`) brings its total: kept at the search rows' version, counted in its own first
    statement or, found in memory, counted there; a large total the database counted is kept
    for every process (see may_remember) unless `share` is False (a search that has used its
    queries: another process counts again)."""
    total = found.total if found is not None else None
    if total is None:
        total = _count(query, today)
    if share:
        share_total(query, today, found, total)
    return total


def share_total(query: SearchQuery, today: dt.date, found: Found | None, total: int) -> None:
    """Keep for every process a large total that the database counted for this search
    (count_within's `share`)."""
    if found is not None and (found.total is None or found.counted):
        _keep(query, today, found.version, total)


def _keep(query: SearchQuery, today: dt.date, version: tuple | None, total: int) -> None:
    if version is None or total < SHARE_FROM or not may_remember():
        return
    epoch, n = version
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TOTAL_TABLE} (key, epoch, n, total) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (key) DO UPDATE SET epoch = excluded.epoch, n = excluded.n, "
            "total = excluded.total",
            [total_key(query, today), epoch, n, total],
        )


def current_version() -> tuple | None:
    """The search rows' version now, (epoch, n), None before the first."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT epoch, n FROM {VERSION_TABLE}")
        row = cursor.fetchone()
    return tuple(row) if row else None


def forget_stale() -> int:
    """Remove the totals counted at an earlier version of the search rows (the daily job)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TOTAL_TABLE} WHERE NOT EXISTS (SELECT 1 FROM {VERSION_TABLE} v "
            f"WHERE v.epoch = {TOTAL_TABLE}.epoch AND v.n = {TOTAL_TABLE}.n)"
        )
        return cursor.rowcount


def _count(query: SearchQuery, today: dt.date) -> int:
    sql, params = count_sql(query, today)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


# --- counting in memory ---------------------------------------------------------------------

CHUNK_ROWS = 5_000


def _accredited_rows():
    """The accredited search rows as geo.pointsets reads them, a chunk at a time."""
    # on SQLite, as text: Django's converter to dates took a third of the time
    until = "accredited_until || ''" if connection.vendor == "sqlite" else "accredited_until"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT treatment, practitioner_id, clinic_id, latitude, longitude, x, y, z,"
            f" {until}, nation"
            f" FROM {SEARCH_TABLE} WHERE status = %s ORDER BY treatment, latitude",
            [Status.ACCREDITED],
        )
        while chunk := cursor.fetchmany(CHUNK_ROWS):
            yield chunk


accredited_points = KeptPointSet(
    current_version, _accredited_rows, after_thread=connections.close_all
)


def points_for(query: SearchQuery) -> tuple | None:
    """(version, points) to count this query's total in memory, or None: the database counts."""
    if query.include_all or not may_remember():
        return None
    return accredited_points.snapshot()


def count_in_memory(points: PointSet, query: SearchQuery, today: dt.date) -> int:
    """count_sql's total, from the points (the same test, the same numbers)."""
    group = query.treatment or SearchEntry.ANY
    return points.count_owners(group, circle_of(query, query.radius_miles), today, query.nation)


def find_in_memory(
    query: SearchQuery, today: dt.date, memory: tuple, version_now: tuple | None = None
) -> Found | None:
    """search.find's answer from the points (points_for's), the same listings at the same
    clinics in the same order, with the total, once the search rows are found still at the
    points' version (`version_now` if the caller has just read it, else one query). None when
    they are not, or when nothing lies within the radius (the nearest beyond it are for the
    database to find)."""
    version, points = memory
    if (version_now or current_version()) != version:
        return None
    group = query.treatment or SearchEntry.ANY
    circle = circle_of(query, query.radius_miles)
    want = query.offset + query.limit
    near, total = points.nearest_and_count(group, circle, today, query.nation, want)
    if not near:
        return None
    hits = [
        Hit(n.owner, n.item, haversine_miles(query.latitude, query.longitude, *n.place))
        for n in near[query.offset :]
    ]
    return Found(query, hits, version=version, total=total, counted=False)
