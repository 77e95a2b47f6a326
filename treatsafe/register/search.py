"""Finding listings near a place: the one search behind the page, the API and the benchmark.

Designed for 100,000 listings: each listing's clinics are denormalised into `SearchEntry` rows
(one per published treatment plus one for 'any'), indexed on (treatment, status, latitude,
longitude, accredited_until, nation, practitioner_id, clinic_id, x, y, z), which covers the
query. A search reads a
small bounding box on that index and grows it until it holds enough listings, so it reads a few
dozen rows whatever the size of the register. Each row carries its clinic as a unit vector, so
the database keeps the rows within the circle and orders them by distance with a dot product
(the same test as haversine, in plain arithmetic on both databases); only the nearest come
back. When nothing lies within the radius the box keeps growing until the nearest accredited
listings are found, so the answer is never empty while an accredited practitioner exists
anywhere.
"""

import datetime as dt
import hashlib
import math
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from treatsafe.core.errors import InvalidInput
from treatsafe.geo.pointsets import Circle
from treatsafe.geo.postcodes import cos_of_miles, unit_vector
from treatsafe.geo.services import haversine_miles
from treatsafe.register.accreditation import PUBLIC_STATUSES, Status
from treatsafe.register.density import density
from treatsafe.register.listings import Hit, read
from treatsafe.register.models import (
    Nation,
    SearchEntry,
    SearchTotal,
    SearchVersion,
)

MILES_PER_DEGREE_LAT = 69.05
RADIUS_CHOICES = (1, 5, 10, 25, 50, 100)
DEFAULT_RADIUS = 10
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_RADIUS = 600
BEYOND_LIMIT = 5
UK_SPAN_MILES = 900  # further than Land's End to Unst: the widest box ever needed


class InvalidSearch(InvalidInput):
    code = "invalid_search"


@dataclass(frozen=True)
class SearchQuery:
    latitude: float
    longitude: float
    radius_miles: float = DEFAULT_RADIUS
    treatment: str | None = None
    nation: str | None = None
    include_all: bool = False  # every public state, not just accredited
    limit: int = DEFAULT_LIMIT
    offset: int = 0  # skip the nearest `offset` listings (a later page)

    def validated(self) -> "SearchQuery":
        if not (0 < self.radius_miles <= MAX_RADIUS):
            raise InvalidSearch(
                f"The distance must be more than 0 and at most {MAX_RADIUS} miles.",
                field="radius_miles",
            )
        if not (1 <= self.limit <= MAX_LIMIT):
            raise InvalidSearch(f"Ask for 1 to {MAX_LIMIT} results.", field="limit")
        if self.offset < 0:
            raise InvalidSearch("A page starts at 0 or later.", field="page")
        if self.nation and self.nation not in Nation.values:
            raise InvalidSearch(
                f"Choose a nation from: {', '.join(Nation.values)}.", field="nation"
            )
        if self.treatment:
            from treatsafe.treatments.catalogue import get_treatment

            get_treatment(self.treatment)
        return self


@dataclass
class Found:
    query: SearchQuery
    within: list[Hit]
    beyond: list[Hit] = field(default_factory=list)
    version: tuple | None = None  # of the search rows read (SearchVersion), None if unknown
    total: int | None = None  # how many listings lie within the radius, if known
    counted: bool = False  # `total` was counted by this search, not kept by an earlier one


def bounding_box(latitude: float, longitude: float, miles: float):
    """A lat/lon box that contains every point within `miles` (a little more)."""
    d_lat = miles / MILES_PER_DEGREE_LAT
    widest = min(89.0, abs(latitude) + d_lat)
    d_lon = miles / (MILES_PER_DEGREE_LAT * math.cos(math.radians(widest)))
    return latitude - d_lat, latitude + d_lat, longitude - d_lon, longitude + d_lon


SEARCH_TABLE = SearchEntry._meta.db_table
VERSION_TABLE = SearchVersion._meta.db_table
TOTAL_TABLE = SearchTotal._meta.db_table


def circle_of(query: SearchQuery, miles: float) -> Circle:
    """The box around the circle, which the covering index reads, then the circle itself."""
    lat_min, lat_max, lon_min, lon_max = bounding_box(query.latitude, query.longitude, miles)
    vector = unit_vector(query.latitude, query.longitude)
    return Circle(lat_min, lat_max, lon_min, lon_max, vector, cos_of_miles(miles))


def within_circle(query: SearchQuery, miles: float, accredited_only: bool, today):
    """SQL conditions (and their parameters) for the search rows of the query's treatment,
    status and nation within `miles` of its point: the box, then the dot product of unit
    vectors (geo.pointsets counts in memory by the same test)."""
    circle = circle_of(query, miles)
    sql = ["treatment = %s"]
    params: list = [query.treatment or SearchEntry.ANY]
    if accredited_only:
        sql.append("status = %s AND accredited_until >= %s")
        params += [Status.ACCREDITED, today]
    else:
        sql.append(f"status IN ({', '.join(['%s'] * len(PUBLIC_STATUSES))})")
        params += PUBLIC_STATUSES
    sql.append("latitude BETWEEN %s AND %s AND longitude BETWEEN %s AND %s")
    params += [circle.lat_min, circle.lat_max, circle.lon_min, circle.lon_max]
    if query.nation:
        sql.append("nation = %s")
        params.append(query.nation)
    sql.append("x * %s + y * %s + z * %s >= %s")
    params += [*circle.vector, circle.cos_radius]
    return " AND ".join(sql), params


def total_key(query: SearchQuery, today: dt.date) -> str:
    """What a search's total depends on, as a SearchTotal key."""
    parts = (query.latitude, query.longitude, query.radius_miles, query.treatment, query.nation)
    text = repr((*parts, query.include_all, today.isoformat()))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def count_sql(query: SearchQuery, today) -> tuple[str, list]:
    """SQL (and its parameters) counting the distinct listings with a clinic within the query's
    radius (the search's first statement, or counting.py's own when that found no row)."""
    circle, params = within_circle(query, query.radius_miles, not query.include_all, today)
    return f"SELECT COUNT(DISTINCT practitioner_id) FROM {SEARCH_TABLE} WHERE {circle}", params


def _candidates(query: SearchQuery, miles: float, accredited_only: bool, today, limit: int, count):
    """The `limit` search rows nearest the point within `miles`, nearest first, measured and
    kept by the database (within_circle). Plain SQL: it can run several times a search, and
    building ORM queries cost more than running them. The rows hang off the version row
    (LEFT JOIN), so even an empty box brings back the search rows' version, the search's total
    kept at that version if any, and, with `count` when none is kept, the total counted afresh
    in the same statement (see counting.py): a row of NULLs then stands for no row."""
    where, params = within_circle(query, miles, accredited_only, today)
    key = total_key(query, today)
    kept = (
        f"(SELECT t.total FROM {TOTAL_TABLE} t"
        " WHERE t.key = %s AND t.epoch = v.epoch AND t.n = v.n)"
    )
    fresh, fresh_params = "NULL", []
    if count:  # the database counts only when nothing is kept (CASE evaluates lazily)
        counting, fresh_params = count_sql(query, today)
        fresh, fresh_params = (
            f"CASE WHEN {kept} IS NULL THEN ({counting}) END",
            [key, *fresh_params],
        )
    sql = (
        f"SELECT r.practitioner_id, r.clinic_id, r.latitude, r.longitude, r.dot, v.epoch, v.n,"
        f" {kept}, {fresh} FROM {VERSION_TABLE} v LEFT JOIN ("
        "SELECT practitioner_id, clinic_id, latitude, longitude, x * %s + y * %s + z * %s AS dot"
        f" FROM {SEARCH_TABLE} WHERE {where}"
        " ORDER BY dot DESC, practitioner_id, clinic_id LIMIT %s"
        ") r ON 1 = 1 ORDER BY r.dot DESC, r.practitioner_id, r.clinic_id"
    )
    vector = unit_vector(query.latitude, query.longitude)
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, *fresh_params, *vector, *params, limit])
        return cursor.fetchall()


def _nearest(query, miles, accredited_only, today, want, start=None, seen=None) -> list[Hit]:
    """The nearest `want` distinct listings within `miles`.

    Starts with a small box (sized by the density around the point) and grows it: every
    point within r of the centre lies inside the box for r, so once `want` listings are found
    within r they are the nearest `want` overall. Usually the first box is enough.
    """
    r = min(miles, start or density.first_box_miles(query, want))
    while True:
        hits = _nearest_within(query, r, accredited_only, today, want, seen)
        if len(hits) >= want or r >= miles:
            return hits[:want]
        # grow by the density seen so far: area scales with r squared
        factor = 4.0 if not hits else min(4.0, max(1.5, 1.25 * math.sqrt(want / len(hits))))
        r = min(miles, r * factor)


def _nearest_within(query, r, accredited_only, today, want, seen) -> list[Hit]:
    """Up to `want` distinct listings within r, nearest first, each at its nearest clinic.
    A listing with several clinics near the point has several rows: read more if they hid
    listings further out."""
    limit = 2 * want + 8
    while True:
        count = seen is not None and not seen  # the total: asked with the first rows only
        rows = _candidates(query, r, accredited_only, today, limit, count)
        if rows and count:
            seen.append(rows[0][5:9])  # the rows' version, the kept total and a fresh count
        rows = [row for row in rows if row[0] is not None]
        hits: dict[int, Hit] = {}
        for practitioner_id, clinic_id, latitude, longitude, *_ in rows:
            if practitioner_id not in hits:
                distance = haversine_miles(query.latitude, query.longitude, latitude, longitude)
                hits[practitioner_id] = Hit(practitioner_id, clinic_id, distance)
                if len(hits) == want:  # the nearest `want`: the rows further out are not needed
                    break
        if len(hits) >= want or len(rows) < limit:
            return list(hits.values())
        limit *= 4


def find(query: SearchQuery, today: dt.date | None = None) -> Found:
    """The nearest listings, from the database, with the total kept at the search rows'
    version or counted in the first statement (counting.find_in_memory does it in memory)."""
    query = query.validated()
    today = today or timezone.localdate()
    seen: list = []
    want = query.offset + query.limit
    nearest = _nearest(query, query.radius_miles, not query.include_all, today, want, seen=seen)
    within = nearest[query.offset :]
    found = Found(query, within)
    if not nearest:  # nothing within the radius: the nearest accredited listings anywhere
        # nothing lies within the radius, so start just beyond it
        found.beyond = _nearest(
            query,
            UK_SPAN_MILES,
            True,
            today,
            min(query.limit, BEYOND_LIMIT),
            start=max(query.radius_miles * 2, density.first_box_miles(query, BEYOND_LIMIT)),
            seen=seen,
        )
    if seen:  # the first statement's version and total (of the query's own radius)
        epoch, n, kept, fresh = seen[0]
        found.version = (epoch, n)
        found.total, found.counted = (kept, False) if kept is not None else (fresh, True)
    return found


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float
    precision: str
    nation: str | None
    crown_dependency: str | None = None  # "Jersey", ...: outside the UK and the register


def locate(text: str) -> Place:
    """A postcode, district or town as a point (raises the geo service's typed errors)."""
    from treatsafe.geo.services import lookup_place

    found = lookup_place(text)
    if found.latitude is None or found.longitude is None:
        raise InvalidSearch(
            f"We know {found.label} but not where it is on a map: enter a nearby postcode.",
            field="postcode",
        )
    return Place(
        found.label,
        found.latitude,
        found.longitude,
        found.precision,
        found.nation,
        found.crown_dependency,
    )


def search(query: SearchQuery, today: dt.date | None = None, place: Place | None = None) -> dict:
    """The search answer in its public shape (the API body; the page renders the same)."""
    today = today or timezone.localdate()
    return answer(find(query, today), today, place)[0]


def answer(
    found: Found,
    today: dt.date,
    place: Place | None = None,
    as_json: bool = False,
    one_query: bool = False,
) -> tuple[dict, int]:
    """What was found, in the search answer's public shape (`as_json`: for orjson to write,
    each listing a dict or a ready-made JSON fragment; `one_query`: its listings read in one;
    listings.read), and the number of queries reading its listings took."""
    query = found.query
    results, queries = read(found.within, today, as_json, one_query)
    beyond, more = read(found.beyond, today, as_json, one_query)
    shaped = {
        "query": {
            "place": place.label if place else None,
            "precision": place.precision if place else None,
            "latitude": round(query.latitude, 5),
            "longitude": round(query.longitude, 5),
            "radius_miles": query.radius_miles,
            "treatment": query.treatment,
            "nation": query.nation,
            "status": "all" if query.include_all else "accredited",
            "limit": query.limit,
        },
        "results": results,
        "beyond_radius": beyond,
    }
    return shaped, queries + more
