"""How many listings a place search finds in all, so a page can say "66 within 10 miles,
showing 1 to 20" (the search itself reads only the nearest ones).

Exact: in one read of the same covering index as the search, the database counts the distinct
listings with a row inside the circle, by the same dot product of unit vectors as the search
(the haversine test in plain arithmetic). A dense city still means tens of thousands of rows,
so each total is remembered for the version of the search rows it was counted at.
"""

import datetime as dt

from django.db import connection

from treatsafe.register.search import SEARCH_TABLE, SearchQuery, within_circle

REMEMBERED_TOTALS = 20_000  # a few MB a process


class Totals:
    """Totals this process has counted, each with the version of the search rows it was counted
    at (SearchVersion, which the search reads in its own first query): a total is used again
    only while the version is unchanged, so any change to any listing's search rows, made by
    any process, makes every remembered total stale at once. A count in central London reads
    tens of thousands of rows; the same search again reads none."""

    def __init__(self, size: int = REMEMBERED_TOTALS):
        self.size = size
        self._totals: dict[tuple, tuple] = {}

    def get(self, key: tuple, version) -> int | None:
        found = self._totals.get(key)
        return found[1] if found is not None and found[0] == version else None

    def put(self, key: tuple, version, total: int) -> None:
        if len(self._totals) >= self.size:
            self._totals = {}  # rebuilt from the searches people make next
        self._totals[key] = (version, total)

    def clear(self) -> None:
        self._totals = {}


totals = Totals()


def may_remember() -> bool:
    """Outside a transaction every read sees only committed rows; inside one, this connection
    also sees its own writes, which may yet be rolled back and their version number reused."""
    return not connection.in_atomic_block


def count_within(query: SearchQuery, today: dt.date, version=None) -> int:
    """The number of distinct listings with a clinic within the query's radius, remembered
    for the search rows' `version` when given (see may_remember)."""
    remember = version is not None and may_remember()
    key = (query.latitude, query.longitude, query.radius_miles, query.treatment, query.nation)
    key += (query.include_all, today)
    if remember and (total := totals.get(key, version)) is not None:
        return total
    total = _count(query, today)
    if remember:
        totals.put(key, version, total)
    return total


def _count(query: SearchQuery, today: dt.date) -> int:
    where, params = within_circle(query, query.radius_miles, not query.include_all, today)
    sql = f"SELECT COUNT(DISTINCT practitioner_id) FROM {SEARCH_TABLE} WHERE {where}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
