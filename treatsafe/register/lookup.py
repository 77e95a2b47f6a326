"""Look-up by name, clinic or statutory registration number, behind the one search box.

`look_up` tells what the text is: a registration number (its format, `registration.REGISTERS`),
a postcode or town (the geo service knows it), or else a practitioner's or clinic's name
(`names.find_names`: the database's own trigram index, typos corrected, ranked by rapidfuzz). A
name look-up lists every public state, each with its label, as the statutory registers do.
"""

import datetime as dt
import re

import orjson
from django.db import connection
from django.utils import timezone
from rapidfuzz import fuzz

from treatsafe.core.keptanswers import KeptAnswers
from treatsafe.core.responses import dumps
from treatsafe.register import counting
from treatsafe.register import search as register_search
from treatsafe.register.indexing import fold
from treatsafe.register.listings import as_of, hydrate, listing_card
from treatsafe.register.models import Clinic, NameEntry, Practitioner
from treatsafe.register.names import MIN_LETTERS, find_names, query_words, score
from treatsafe.register.registration import REGISTERS, normalise_number

__all__ = ["MIN_LETTERS", "PER_PAGE", "find_names", "look_up", "query_words", "score"]

PER_PAGE = 20
# A page starting deeper than this many listings is first checked against the total that the
# first page finds: a page past the end then costs a search for the first page, not a search for
# every listing before it, nor an offset too large for the database's integers.
DEEPEST_UNCHECKED = 10_000


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


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- answers --------------------------------------------------------------------------------


def _deep(page: int, per_page: int = PER_PAGE) -> bool:
    return (page - 1) * per_page >= DEEPEST_UNCHECKED


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
    clinics: dict[int, list[tuple[int, str]]] = {}
    for pk, clinic_id, name in rows:
        clinics.setdefault(pk, []).append((clinic_id, name))
    query = " ".join(words)
    best = {}
    for pk, choices in clinics.items():
        if len(choices) == 1 or not query:  # the first, nothing to choose by
            best[pk] = choices[0][0]
        else:  # the best match, the first of equals
            scores = [fuzz.token_set_ratio(query, fold(name)) for _, name in choices]
            best[pk] = choices[scores.index(max(scores))][0]
    return best


def _without_clinic(listing: Practitioner, today: dt.date) -> dict:
    fields = ("name", "profession", "status", "accredited_until", "status_reason", "is_demo")
    card = listing_card(listing.pk, *(getattr(listing, f) for f in fields), clinic=None)
    as_of(card, today)
    return card


def listing_results(ids: list[int], words: list[str], today: dt.date) -> list[dict]:
    """Public result dicts (the search's shape, without a distance) in the order of `ids`."""
    clinics = _best_clinics(ids, words)
    hits = [register_search.Hit(pk, clinics[pk], 0.0) for pk in ids if pk in clinics]
    by_id = {r["id"]: r for r in hydrate(hits, today)}
    for result in by_id.values():
        result["distance_miles"] = None
    missing = [pk for pk in ids if pk not in by_id]
    for listing in Practitioner.objects.filter(pk__in=missing) if missing else ():
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
    if _deep(page):
        page_bounds(find_names(text).total, page)
    matches = find_names(text, want=page * PER_PAGE)
    start, end = page_bounds(matches.total, page)
    ids = matches.page(start, end)
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


# by_place's answers as JSON, per process, while the register stays at their version
place_answers = KeptAnswers()


def by_place(place: register_search.Place, text: str, **filters) -> dict:
    """Listings near a place, nearest first, a page at a time, with the true total (the
    filters: place_answer_json's)."""
    answer = orjson.loads(place_answer_json(place, text, **filters))
    answer["crown_dependency"] = place.crown_dependency
    return answer


def place_answer_json(
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
) -> bytes:
    """by_place's answer (without the Crown Dependency) as JSON: the API's body. An answer
    this process has given before is given again after one query, when the register is still
    at the version it was worked out at; a new one costs at most three (the nearest rows with
    the total, keeping a large total for other processes, the listings)."""
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
    if page < 1:
        page_bounds(0, page, per_page)  # the same error as any page out of range
    if _deep(page, per_page):
        first = place_answer_json(
            place, text, radius_miles=radius_miles, treatment=treatment, nation=nation,
            include_all=include_all, per_page=per_page, today=today,
        )  # fmt: skip
        page_bounds(orjson.loads(first)["total"], page, per_page)
    start = (page - 1) * per_page  # checked against the total once it is known
    query = register_search.SearchQuery(**{**query.__dict__, "offset": start})
    key = (place, text, page, per_page, query, today)
    remember = counting.may_remember()
    checked = remember and place_answers.has(key)
    version = None
    if checked:
        version = counting.current_version()
        if (kept := place_answers.get(key, version)) is not None:
            return kept
    found, spent = _found(query, today, version)
    total = counting.count_within(query, today, found, share=False)
    page_bounds(total, page, per_page)
    # At most three queries. A search that spent one on the version reads its listings in one
    # and leaves a large total to be kept by another; so does one whose listings took two (some
    # without a card).
    thrifty = checked or spent
    answer, queries = register_search.answer(found, today, place, as_json=True, one_query=thrifty)
    if not (thrifty or queries > 1):
        counting.share_total(query, today, found, total)
    answer["query"]["text"] = text
    answer["query"]["kind"] = Kind.PLACE
    shaped = _shape(text, Kind.PLACE, total, page, start, answer["results"], per_page)
    body = dumps({**shaped, "query": answer["query"], "beyond_radius": answer["beyond_radius"]})
    if remember and found.version is not None:
        place_answers.put(key, found.version, body)
    return body


def _found(query, today: dt.date, version: tuple | None) -> tuple:
    """The search, from the points this process holds when they are at the register's version
    (`version` if already read), else from the database, which then has the points read again
    in the background if they are stale; and whether a query was spent on finding them stale."""
    memory = counting.points_for(query)
    if memory is not None and (found := counting.find_in_memory(query, today, memory, version)):
        return found, False
    found = register_search.find(query, today)
    if found.version is not None and counting.may_remember():
        counting.accredited_points.refresh_soon(found.version)
    return found, memory is not None


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
