"""How many listings a place search finds in all, so a page can say "66 within 10 miles,
showing 1 to 20" (the search itself reads only the nearest ones).

Exact: in one read of the same covering index as the search, the database counts the distinct
listings with a row inside the circle, by the same dot product of unit vectors as the search
(the haversine test in plain arithmetic). A dense city still means tens of thousands of rows,
so a large total is kept in SearchTotal with the version of the search rows it was counted at
(SearchVersion, which database triggers bump on every write to them, from any path): every
server process reads it back within the search's own first query, and any change to any
listing makes every kept total stale at once.
"""

import datetime as dt

from django.db import connection

from treatsafe.register.search import (
    TOTAL_TABLE,
    VERSION_TABLE,
    Found,
    SearchQuery,
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
    (`found`) brings its total, kept at the search rows' version or counted in its own first
    statement; a large total it counted is kept for every process (see may_remember) unless
    `share` is False (a search that has used its queries: another process counts again)."""
    if found is not None and found.total is not None:
        total, counted = found.total, found.counted
    else:
        total, counted = _count(query, today), True
    if found is not None and counted and share:
        _keep(query, today, found.version, total)
    return total


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
