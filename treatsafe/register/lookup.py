"""Look-up by name, clinic or statutory registration number, behind the one search box.

`look_up` tells what the text is: a registration number (its format, `registration.REGISTERS`),
a postcode or town (the geo service knows it), or else a practitioner's or clinic's name. Names
are found with the database's own trigram index over folded text (accents and case removed,
`indexing.fold`): on SQLite an FTS5 table with the trigram tokenizer, on PostgreSQL a pg_trgm GIN
index (migration 0004). A look-up first asks for every listing containing each word; only when
none does it asks for the nearest trigram matches (typos), and every candidate is ranked by
rapidfuzz's token-set similarity, so both databases rank alike. A name look-up lists every public
state, each with its label, as the statutory registers do.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone
from rapidfuzz import fuzz

from treatsafe.register import search as register_search
from treatsafe.register.accreditation import Status, effective_status
from treatsafe.register.indexing import KEY_SEPARATOR, fold
from treatsafe.register.models import Clinic, NameEntry, Practitioner, Profession
from treatsafe.register.registration import REGISTERS, normalise_number

PER_PAGE = 20
MIN_LETTERS = 3
MAX_CANDIDATES = 1000  # more matches than this are counted, and the index's best kept
FUZZY_CANDIDATES = 500  # listings re-ranked, per index query, when none has every word
FUZZY_MIN_SCORE = 80  # rapidfuzz token-set ratio a typo match must reach
TITLES = {"dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "nurse"}
# Words in so many clinic names that the index would read half the register for them: checked
# in Python on the candidates the other words find, and asked of the index only when alone.
COMMON_WORDS = {
    "aesthetic",
    "aesthetics",
    "and",
    "beauty",
    "centre",
    "center",
    "clinic",
    "clinics",
    "cosmetic",
    "laser",
    "medical",
    "skin",
    "studio",
    "the",
}
NAME_TABLE = NameEntry._meta.db_table


class Kind:
    NAME = "name"
    NUMBER = "number"
    PLACE = "place"


KINDS = (Kind.NAME, Kind.NUMBER, Kind.PLACE)


def number_registers(text: str) -> list[str]:
    """The statutory registers whose number format `text` has (empty when it has none)."""
    number = normalise_number(text)
    if not number or not re.search(r"\d", number):
        return []
    return [
        code
        for code, spec in REGISTERS.items()
        if spec.pattern and re.fullmatch(spec.pattern, number)
    ]


def query_words(text: str) -> list[str]:
    words = fold(text).split()
    meaningful = [w for w in words if w not in TITLES]
    return meaningful or words


def score(words: list[str], key: str) -> float:
    """How well the query matches the best of the listing's names (practitioner, clinics)."""
    query = " ".join(words)
    return max(fuzz.token_set_ratio(query, part) for part in key.split(KEY_SEPARATOR))


# --- the text index, per database -----------------------------------------------------------


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _sqlite_match(groups: list[list[str]]) -> str:
    """An FTS5 query: every group must match, any fragment of a group will do."""
    return " AND ".join("(" + " OR ".join(f'"{f}"' for f in group) + ")" for group in groups)


def _candidates(groups: list[list[str]], limit: int) -> tuple[list[tuple[int, str]], int | None]:
    """Listings whose names hold, for every group, one of its fragments (each 3 letters or
    more), up to `limit`; with the full count only when there are more than that."""
    if connection.vendor == "sqlite":
        match = _sqlite_match(groups)
        base = (
            f"FROM register_name_fts f JOIN {NAME_TABLE} e ON e.id = f.rowid "
            "WHERE register_name_fts MATCH %s"
        )
        rows = _fetch(f"SELECT e.practitioner_id, e.key {base} LIMIT %s", [match, limit + 1])
        if len(rows) <= limit:
            return rows, None
        total = _fetch(f"SELECT COUNT(*) {base}", [match])[0][0]
        ranked = f"SELECT e.practitioner_id, e.key {base} ORDER BY f.rank LIMIT %s"
        return _fetch(ranked, [match, limit]), total
    # PostgreSQL: pg_trgm's GIN index serves LIKE, and ORs of them
    where = " AND ".join("(" + " OR ".join(["key LIKE %s"] * len(group)) + ")" for group in groups)
    params = [f"%{f}%" for group in groups for f in group]
    rows = _fetch(
        f"SELECT practitioner_id, key FROM {NAME_TABLE} WHERE {where} LIMIT %s",
        [*params, limit + 1],
    )
    if len(rows) <= limit:
        return rows, None
    total = _fetch(f"SELECT COUNT(*) FROM {NAME_TABLE} WHERE {where}", params)[0][0]
    return rows[:limit], total


def _containing(words: list[str]) -> tuple[list[tuple[int, str]], int]:
    """Listings whose names contain every word (up to MAX_CANDIDATES), and how many there are."""
    long_words = [w for w in words if len(w) >= MIN_LETTERS and w not in COMMON_WORDS]
    long_words = long_words or [w for w in words if len(w) >= MIN_LETTERS]
    short_words = [w for w in words if w not in long_words]
    if long_words:
        rows, total = _candidates([[w] for w in long_words], MAX_CANDIDATES)
    else:  # only short words ("Ng"): a plain scan, rare and small
        likes = " AND ".join(["key LIKE %s"] * len(words))
        rows = _fetch(
            f"SELECT practitioner_id, key FROM {NAME_TABLE} WHERE {likes} LIMIT %s",
            [*[f"%{w}%" for w in words], MAX_CANDIDATES],
        )
        total = None
    rows = [(pk, key) for pk, key in rows if all(w in key for w in short_words)]
    if total is not None and short_words and len(long_words) < len(words):
        # more than a page of candidates for the rarer words: count the full name exactly
        every = [[w] for w in words if len(w) >= MIN_LETTERS]
        every_rows, counted = _candidates(every, MAX_CANDIDATES)
        total = counted if counted is not None else len(every_rows)
    return rows, total if total is not None else len(rows)


def fragments(word: str) -> list[str]:
    """Pieces of a word that one slip (a letter dropped, doubled or changed) leaves whole:
    its two halves for a long word, its trigrams for a short one."""
    if len(word) >= 2 * MIN_LETTERS:
        half = len(word) // 2
        return [word[: half + len(word) % 2], word[half:]]
    return [word[i : i + MIN_LETTERS] for i in range(len(word) - MIN_LETTERS + 1)]


def _similar(words: list[str]) -> list[tuple[int, str]]:
    """Candidates for a name with slips (re-ranked by rapidfuzz afterwards): those holding,
    for every word, a fragment one slip leaves whole; and, for a name of several words,
    those holding every word but one (whatever the slip in that one)."""
    words = [w for w in words if len(w) >= MIN_LETTERS and w not in COMMON_WORDS]
    if not words:
        return []
    rows, _ = _candidates([fragments(w) for w in words], FUZZY_CANDIDATES)
    found = dict(rows)
    if len(words) > 1:
        for i in range(len(words)):
            others = [[w] for j, w in enumerate(words) if j != i]
            more, _ = _candidates(others, MAX_CANDIDATES)
            found.update(more)
    return list(found.items())


@dataclass
class NameMatches:
    words: list[str]
    ranked: list[tuple[int, str, float]]  # practitioner id, key, score: best first
    total: int
    approximate: bool  # found by similarity (a typo), not by every word


def find_names(text: str) -> NameMatches:
    words = query_words(text)
    if sum(len(w) for w in words) < MIN_LETTERS:
        raise register_search.InvalidSearch(
            f"Enter at least {MIN_LETTERS} letters of a name.", field="q"
        )
    rows, total = _containing(words)
    approximate = False
    if not rows:
        approximate = True
        scored = [(pk, key, score(words, key)) for pk, key in _similar(words)]
        ranked = [r for r in scored if r[2] >= FUZZY_MIN_SCORE]
        total = len(ranked)
    else:
        ranked = [(pk, key, score(words, key)) for pk, key in rows]
    ranked.sort(key=lambda r: (-r[2], r[1], r[0]))
    return NameMatches(words, ranked, total, approximate)


# --- answers --------------------------------------------------------------------------------


def page_bounds(total: int, page: int, per_page: int = PER_PAGE) -> tuple[int, int]:
    """The slice [start, end) of page `page` (from 1); page 1 of nothing is empty, not wrong."""
    last = max(1, -(-total // per_page))
    if page < 1 or page > last:
        raise register_search.InvalidSearch(
            f"Ask for a page from 1 to {last}.", field="page", pages=last
        )
    start = (page - 1) * per_page
    return start, min(total, start + per_page)


def _best_clinics(ids: list[int], words: list[str]) -> dict[int, int]:
    """For each listing, the clinic to show: the one whose name matches the words best."""
    if not ids:
        return {}
    links = Practitioner.clinics.through._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    rows = _fetch(
        f"SELECT l.practitioner_id, c.id, c.name FROM {links} l "
        f"JOIN {Clinic._meta.db_table} c ON c.id = l.clinic_id "
        f"WHERE l.practitioner_id IN ({marks}) ORDER BY l.practitioner_id, c.id",
        list(ids),
    )
    best: dict[int, tuple[float, int]] = {}
    query = " ".join(words)
    for pk, clinic_id, name in rows:
        value = fuzz.token_set_ratio(query, fold(name)) if query else 0
        if pk not in best or value > best[pk][0]:
            best[pk] = (value, clinic_id)
    return {pk: clinic_id for pk, (_, clinic_id) in best.items()}


def _without_clinic(listing: Practitioner, today: dt.date) -> dict:
    status = effective_status(listing.status, listing.accredited_until, today)
    return {
        "id": listing.pk,
        "name": listing.name,
        "profession": dict(Profession.choices).get(listing.profession, listing.profession),
        "clinic": None,
        "distance_miles": None,
        "accreditation": {
            "status": status,
            "label": Status(status).label,
            "expires": listing.accredited_until.isoformat() if listing.accredited_until else None,
            "reason": listing.status_reason or None,
        },
        "treatments": [],
        "is_demo": listing.is_demo,
    }


def listing_results(ids: list[int], words: list[str], today: dt.date) -> list[dict]:
    """Public result dicts (the search's shape, without a distance) in the order of `ids`."""
    clinics = _best_clinics(ids, words)
    hits = [register_search.Hit(pk, clinics[pk], 0.0) for pk in ids if pk in clinics]
    by_id = {r["id"]: r for r in register_search.hydrate(hits, today)}
    for result in by_id.values():
        result["distance_miles"] = None
    missing = [pk for pk in ids if pk not in by_id]
    for listing in Practitioner.objects.filter(pk__in=missing):
        by_id[listing.pk] = _without_clinic(listing, today)
    return [by_id[pk] for pk in ids if pk in by_id]


def _shape(text, kind, total, page, start, results, per_page=PER_PAGE, **query) -> dict:
    return {
        "query": {"text": text, "kind": kind, **query},
        "total": total,
        "page": page,
        "per_page": per_page,
        "first": start + 1 if results else 0,
        "last": start + len(results),
        "pages": max(1, -(-total // per_page)),
        "results": results,
        "beyond_radius": [],
    }


def by_name(text: str, page: int = 1, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    matches = find_names(text)
    start, end = page_bounds(matches.total, page)
    ids = [pk for pk, _, _ in matches.ranked[start:end]]
    results = listing_results(ids, matches.words, today)
    return _shape(
        text, Kind.NAME, matches.total, page, start, results, approximate=matches.approximate
    )


def by_number(text: str, page: int = 1, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    number = normalise_number(text)
    registers = number_registers(text)
    entries = NameEntry.objects.filter(number=number).order_by("key", "practitioner_id")
    ids = list(entries.values_list("practitioner_id", flat=True))
    start, end = page_bounds(len(ids), page)
    results = listing_results(ids[start:end], [], today)
    names = [REGISTERS[code].name.split(" (")[0] for code in registers]
    return _shape(text, Kind.NUMBER, len(ids), page, start, results, number=number, registers=names)


def by_place(
    place: register_search.Place,
    text: str,
    *,
    page: int = 1,
    radius_miles: float = register_search.DEFAULT_RADIUS,
    treatment: str | None = None,
    nation: str | None = None,
    include_all: bool = False,
    per_page: int = PER_PAGE,
    today: dt.date | None = None,
) -> dict:
    """Listings near a place, nearest first, a page at a time, with the true total."""
    from treatsafe.register.counting import count_within

    today = today or timezone.localdate()
    query = register_search.SearchQuery(
        latitude=place.latitude,
        longitude=place.longitude,
        radius_miles=radius_miles,
        treatment=treatment,
        nation=nation,
        include_all=include_all,
        limit=per_page,
    ).validated()
    total = count_within(query, today)
    start, _ = page_bounds(total, page, per_page)
    query = register_search.SearchQuery(**{**query.__dict__, "offset": start})
    answer = register_search.search(query, today=today, place=place)
    answer["query"]["text"] = text
    answer["query"]["kind"] = Kind.PLACE
    shaped = _shape(text, Kind.PLACE, total, page, start, answer["results"], per_page)
    return {
        **shaped,
        "query": answer["query"],
        "beyond_radius": answer["beyond_radius"],
        "crown_dependency": place.crown_dependency,
    }


def look_up(text: str, *, by: str | None = None, page: int = 1, **place_filters) -> dict:
    """The one search box: a registration number, a postcode or town, or a name.

    `by` forces one reading ("name", "number" or "place"). A text that is neither a number
    format nor a place the geo service knows is looked up as a name.
    """
    from treatsafe.geo.services import UnknownPlace

    text = (text or "").strip()
    if not text:
        raise register_search.InvalidSearch(
            "Enter a postcode, a town, a name or a registration number.", field="q"
        )
    if by == Kind.NAME:
        return by_name(text, page)
    if by == Kind.NUMBER or (by is None and number_registers(text)):
        return by_number(text, page)
    try:
        place = register_search.locate(text)
    except UnknownPlace:
        if by == Kind.PLACE:
            raise
        return by_name(text, page)
    return by_place(place, text, page=page, **place_filters)
