"""The postcode service: one call turns what a person typed (a postcode, a district or a post
town) into a place, a nation and a jurisdiction. Used by the API, the CLI, the pages, the
treatment checker and the register alike.

The nation is never guessed: where a district crosses a border and the full postcode is not in
the data, the answer is `nation=None` with the candidate nations. Each lookup is a few
primary-key reads on normalised keys (districts and local authorities, a few thousand rows, are
read whole once); the rules live in treatsafe.geo.answers.

The postcode data changes only when `import-data` loads new files, so each process keeps its
answers in a bounded in-memory cache keyed by what was typed (a search then reads no postcode
rows). The cache is tied to the imported dataset's fingerprint: an import in this process empties
it at once (the fingerprint row is saved), and other processes notice the new fingerprint within
a second (`core.fingerprints`, read once for all look-ups).
"""

import threading
from collections import OrderedDict
from collections.abc import Callable

from django.db import connection
from django.db.models.signals import post_save

from treatsafe.core import fingerprints
from treatsafe.core.models import ImportedDataset
from treatsafe.geo import answers
from treatsafe.geo.models import (
    Jurisdiction,
    LocalAuthority,
    PlaceName,
    PostcodeArea,
    PostcodeDistrict,
    UnitPostcode,
)
from treatsafe.geo.postcodes import (
    EXAMPLE,
    InvalidPostcode,
    ParsedPostcode,
    haversine_miles,
    join_words,
    looks_like_postcode,
    parse_postcode,
    place_key,
)
from treatsafe.geo.results import AmbiguousPlace, PostcodeResult, UnknownPlace, UnknownPostcode

__all__ = [
    "AmbiguousPlace",
    "InvalidPostcode",
    "PostcodeResult",
    "UnknownPlace",
    "UnknownPostcode",
    "haversine_miles",
    "lookup_place",
    "lookup_postcode",
]

MAX_PLACE_LENGTH = 100
GEO_DATASET = "uk_geo"
CACHE_SIZE = 20_000  # answers kept per process (about 2 KB each)


class LookupCache:
    """Answers by what was typed, valid while the geo dataset's fingerprint stays the same.
    Only answers are kept: errors (unknown or ambiguous places) are looked up again."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, str], PostcodeResult] = OrderedDict()
        self._tables: dict[str, dict] = {}
        self._fingerprint: str | None = None

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._tables.clear()
            self._fingerprint = None

    def _current_fingerprint(self) -> str | None:
        fingerprint = fingerprints.current(GEO_DATASET)  # read at most once a second
        with self._lock:
            if fingerprint != self._fingerprint:
                self._entries.clear()
                self._tables.clear()
                self._fingerprint = fingerprint
        return fingerprint

    def table(self, name: str, read: Callable[[], dict]) -> dict:
        """A small reference table (districts, authorities) read whole once per fingerprint:
        a new postcode then costs one query, for its own row."""
        fingerprint = self._current_fingerprint()
        found = self._tables.get(name)
        if found is None:
            found = read()
            with self._lock:
                if fingerprint is not None and fingerprint == self._fingerprint:
                    self._tables[name] = found
        return found

    def get(self, kind: str, text: str, compute: Callable[[str], PostcodeResult]):
        fingerprint = self._current_fingerprint()
        key = (kind, text)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        result = compute(text)
        with self._lock:
            if fingerprint is not None and fingerprint == self._fingerprint:
                self._entries[key] = result
                if len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return result


lookups = LookupCache()


def _imported(sender, instance, **kwargs):
    if instance.name == GEO_DATASET:
        lookups.clear()


post_save.connect(_imported, sender=ImportedDataset, dispatch_uid="geo-lookup-cache")


def lookup_postcode(text: str) -> PostcodeResult:
    """Look up a full postcode ("w1g9pf") or a district ("SY10") (cached: see LookupCache).

    Raises InvalidPostcode (400) for text that is not shaped like a postcode, and
    UnknownPostcode (404) for a well-formed one whose district the data does not hold.
    """
    return lookups.get("postcode", text, _lookup_postcode)


def lookup_place(text: str) -> PostcodeResult:
    """Look up a postcode, a district or a post town ("Cardiff"), for search boxes (cached).

    Raises InvalidPostcode, UnknownPostcode (UnknownPlace for a name), or AmbiguousPlace
    when several distant places share the name.
    """
    return lookups.get("place", text, _lookup_place)


def _lookup_postcode(text: str) -> PostcodeResult:
    """Look up a full postcode ("w1g9pf") or a district ("SY10").

    Raises InvalidPostcode (400) for text that is not shaped like a postcode, and
    UnknownPostcode (404) for a well-formed one whose district the data does not hold.
    """
    parsed = parse_postcode(text)
    district = lookups.table("districts", _districts).get(parsed.outward)
    if district is None:
        return _from_area_only(text, parsed)
    if district.terminated:
        raise UnknownPostcode(
            f"{parsed.outward} is a postcode district that is no longer in use. "
            "Check the postcode: it may have changed.",
            query=text,
        )
    if parsed.is_full:
        unit = _unit(parsed.text)
        if unit is not None:
            authority = lookups.table("authorities", _authorities).get(unit.local_authority_code)
            return answers.unit_result(text, parsed, unit, district, authority)
    return answers.district_result(text, parsed, district)


def _districts() -> dict[str, PostcodeDistrict]:
    return {d.district: d for d in PostcodeDistrict.objects.select_related("area")}


def _authorities() -> dict[str, LocalAuthority]:
    return {a.gss_code: a for a in LocalAuthority.objects.all()}


def warm_up() -> None:
    """Read the reference tables now (the server's master, before forking)."""
    lookups.table("districts", _districts)
    lookups.table("authorities", _authorities)


UNIT_FIELDS = [field.attname for field in UnitPostcode._meta.concrete_fields]
UNIT_SQL = f"SELECT {', '.join(UNIT_FIELDS)} FROM {UnitPostcode._meta.db_table} WHERE postcode = %s"


def _unit(postcode: str) -> UnitPostcode | None:
    """One row by its key, in plain SQL: building the ORM's query cost more than running it."""
    with connection.cursor() as cursor:
        cursor.execute(UNIT_SQL, [postcode])
        row = cursor.fetchone()
    return UnitPostcode.from_db(connection.alias, UNIT_FIELDS, row) if row else None


def _lookup_place(text: str) -> PostcodeResult:
    stripped = (text or "").strip()
    if not stripped:
        raise InvalidPostcode(f"Enter a postcode, like {EXAMPLE}, or a town.", query=text or "")
    if looks_like_postcode(stripped):
        return _lookup_postcode(stripped)
    if len(stripped) > MAX_PLACE_LENGTH:
        raise InvalidPostcode("Enter a postcode or a town name of 100 characters or fewer.")
    places = list(
        PlaceName.objects.filter(key=place_key(stripped))
        .select_related("district", "district__area")
        .order_by("district_id")
    )
    located = [p.district for p in places if answers.has_location(p.district)]
    if not located:
        raise UnknownPlace(
            f"We cannot find a place called “{stripped[:40]}”. "
            f"Enter a postcode, like {EXAMPLE}, or a post town, like Cardiff.",
            query=text,
        )
    groups = answers.group_nearby(located)
    name = places[0].name
    if len(groups) > 1:
        areas = [answers.area_names(group) for group in groups]
        raise AmbiguousPlace(
            f"There is more than one place called {name}, in the {join_words(areas)} postcode "
            "areas. Enter a postcode instead.",
            query=text,
            options=[answers.describe_group(name, group) for group in groups],
        )
    return answers.place_result(text, name, groups[0])


def _from_area_only(text: str, parsed: ParsedPostcode) -> PostcodeResult:
    """A district the data lacks: known only for Northern Ireland and the Crown Dependencies,
    whose district lists are older, and for the non-geographic areas (BX, BF ...), whose
    districts are not published; anywhere else it does not exist."""
    area = PostcodeArea.objects.filter(code=parsed.area).first()
    if area is None:
        raise UnknownPostcode(
            f"No UK postcode starts with {parsed.area}. Check the postcode.", query=text
        )
    decided_by_area = area.code in answers.AREAS_DECIDED_BY_AREA
    if not decided_by_area and area.jurisdiction != Jurisdiction.NON_GEOGRAPHIC:
        raise UnknownPostcode(
            f"We cannot find the postcode district {parsed.outward}. Check the postcode.",
            query=text,
        )
    return answers.area_only_result(text, parsed, area)
