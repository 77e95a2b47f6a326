"""How many listings a place search finds in all, so a page can say "66 within 10 miles,
showing 1 to 20" (the search itself reads only the nearest ones).

Exact, and cheap at 100,000 listings: in one read of the same covering index as the search, the
database counts the listings plainly inside the circle (a flat-earth distance, pure arithmetic so
it runs on both databases, with a safety margin far larger than its error within 100 miles), and
only the rows in the ring near the edge come back to be measured with haversine in Python, like
the search's own distances. Wider circles are measured row by row.
"""

import datetime as dt
import math

from django.db import connection

from treatsafe.geo.services import haversine_miles
from treatsafe.register.accreditation import PUBLIC_STATUSES, Status
from treatsafe.register.models import SearchEntry
from treatsafe.register.search import MILES_PER_DEGREE_LAT, SEARCH_TABLE, SearchQuery, bounding_box

FLAT_EARTH_UP_TO = 100  # miles: the flat-earth error stays under 5 % there, at UK latitudes
MARGIN = 0.08  # inside (1 - MARGIN) r surely in, beyond (1 + MARGIN) r surely out
REMEMBERED_TOTALS = 20_000  # a few MB a process


def _where(query: SearchQuery, today: dt.date) -> tuple[str, list]:
    lat_min, lat_max, lon_min, lon_max = bounding_box(
        query.latitude, query.longitude, query.radius_miles
    )
    sql = ["treatment = %s"]
    params: list = [query.treatment or SearchEntry.ANY]
    if query.include_all:
        sql.append(f"status IN ({', '.join(['%s'] * len(PUBLIC_STATUSES))})")
        params += list(PUBLIC_STATUSES)
    else:
        sql.append("status = %s")
        params.append(Status.ACCREDITED)
    sql.append("latitude BETWEEN %s AND %s AND longitude BETWEEN %s AND %s")
    params += [lat_min, lat_max, lon_min, lon_max]
    if not query.include_all:
        sql.append("accredited_until >= %s")
        params.append(today)
    if query.nation:
        sql.append("nation = %s")
        params.append(query.nation)
    return " AND ".join(sql), params


def _flat_distance_squared(query: SearchQuery) -> tuple[str, list]:
    """(miles north)^2 + (miles east)^2 as SQL arithmetic."""
    k_lat = MILES_PER_DEGREE_LAT
    k_lon = MILES_PER_DEGREE_LAT * math.cos(math.radians(query.latitude))
    sql = "((latitude - %s) * %s) * ((latitude - %s) * %s) + "
    sql += "((longitude - %s) * %s) * ((longitude - %s) * %s)"
    params = [query.latitude, k_lat, query.latitude, k_lat]
    params += [query.longitude, k_lon, query.longitude, k_lon]
    return sql, params


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
    where, params = _where(query, today)
    r = query.radius_miles

    def inside(pid_lat_lon) -> bool:
        _, lat, lon = pid_lat_lon
        return haversine_miles(query.latitude, query.longitude, lat, lon) <= r

    if r > FLAT_EARTH_UP_TO:
        rows = _rows(
            f"SELECT practitioner_id, latitude, longitude FROM {SEARCH_TABLE} WHERE {where}", params
        )
        return len({row[0] for row in rows if inside(row)})
    flat, flat_params = _flat_distance_squared(query)
    inner, outer = (r * (1 - MARGIN)) ** 2, (r * (1 + MARGIN)) ** 2
    # One query reading the box once (a common table expression used thrice, so both databases
    # materialise it): the count surely inside, and the rows in the ring near the edge whose
    # listing has no clinic surely inside (those are counted already). A correlated look-up
    # per ring row instead cost SQLite a range scan each: p95 over a second at 100,000.
    rows = _rows(
        f"WITH near AS (SELECT practitioner_id, latitude, longitude, {flat} AS flat "
        f"FROM {SEARCH_TABLE} WHERE {where}) "
        "SELECT 0, COUNT(DISTINCT practitioner_id), NULL, NULL FROM near WHERE flat <= %s "
        "UNION ALL SELECT 1, practitioner_id, latitude, longitude FROM near n "
        "WHERE flat > %s AND flat <= %s AND NOT EXISTS (SELECT 1 FROM near i "
        "WHERE i.practitioner_id = n.practitioner_id AND i.flat <= %s)",
        [*flat_params, *params, inner, inner, outer, inner],
    )
    surely_in = next(count for ring, count, _, _ in rows if not ring)
    edge = {row[1] for row in rows if row[0] and inside(row[1:])}
    return surely_in + len(edge)
