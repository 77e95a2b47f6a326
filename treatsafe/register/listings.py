"""A search's hits as public listings (search.answer, the name look-up and the benchmark use
it).

Each hit is a listing at one of its clinics. On SQLite its public dict is read ready-made from
its card (models.ListingCard), all the hits' cards in one query; the hits without a current card
are then joined, in a second, from the listing's row, its clinic's row and its offers there. What
depends on the day (an accreditation past its date is expired) and on the search (the distance)
is filled in as each is read. PostgreSQL always joins: under its concurrent writers a card could
be made from rows another transaction is changing (SQLite lets one writer in at a time), and its
own buffer cache keeps the join cheap.
"""

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass

import orjson
from django.db import connection

from treatsafe.register.accreditation import Status, effective_status
from treatsafe.register.models import Clinic, ListingCard, Offer, Practitioner, Profession
from treatsafe.register.public import treatment_name, treatment_names

PROFESSIONS = dict(Profession.choices)
STATUS_LABELS = {status.value: str(status.label) for status in Status}
CARD_SHAPE = 1  # raise when a card's shape changes
CARD_TABLE = ListingCard._meta.db_table


@dataclass
class Hit:
    practitioner_id: int
    clinic_id: int
    distance_miles: float


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def cards_kept() -> bool:
    return connection.vendor == "sqlite"


@functools.cache
def recipe() -> str:
    """The code-side parts of a card: a card of another recipe is never read, and is made
    again (cards.write_missing)."""
    parts = (CARD_SHAPE, *(sorted(names.items()) for names in (PROFESSIONS, STATUS_LABELS)))
    parts += (sorted(treatment_names().items()),)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


# a hit's listing, clinic and offers, one row an offer (or one row with no offer), each row
# (listing id, clinic id, card, ...): the card is NULL here
_JOINED = (
    "SELECT p.id, c.id, NULL, p.name, p.profession, p.status, {until}, p.status_reason, "
    "p.is_demo, c.name, c.address, c.postcode, c.nation, c.local_authority, "
    "c.location_precision, c.latitude, c.longitude, c.phone, "
    "o.treatment, CAST(o.price_from AS FLOAT), CAST(o.price_to AS FLOAT), o.verdict, o.id "
    f"FROM {{hits}} hit JOIN {Practitioner._meta.db_table} p ON p.id = hit.practitioner_id "
    f"JOIN {Clinic._meta.db_table} c ON c.id = hit.clinic_id "
    f"LEFT JOIN {Offer._meta.db_table} o ON o.practitioner_id = hit.practitioner_id "
    "AND o.clinic_id = hit.clinic_id AND o.is_published = TRUE AND o.verdict <> 'unlawful'"
)
CURRENT_CARD = (
    f"SELECT 1 FROM {CARD_TABLE} k WHERE k.practitioner_id = hit.practitioner_id "
    "AND k.clinic_id = hit.clinic_id AND k.recipe = %s"
)
# each hit's current card, or NULL
_CARDS = (
    "SELECT hit.practitioner_id, hit.clinic_id, k.card, k.shown_until FROM hit "
    f"LEFT JOIN {CARD_TABLE} k ON k.practitioner_id = hit.practitioner_id "
    "AND k.clinic_id = hit.clinic_id AND k.recipe = %s"
)
# In one statement: the hits' current cards, then the hits without one, joined (a third slower
# than _CARDS when every card is there). `missing` is MATERIALIZED: read in place, SQLite's
# planner built a Bloom filter over every offer (80 ms) for the join.
_CARDS_THEN_JOINED = (
    f", missing AS MATERIALIZED (SELECT * FROM hit WHERE NOT EXISTS ({CURRENT_CARD})) "
    "SELECT k.practitioner_id, k.clinic_id, k.card, k.shown_until" + ", NULL" * 19 + " "
    f"FROM hit JOIN {CARD_TABLE} k ON k.practitioner_id = hit.practitioner_id "
    "AND k.clinic_id = hit.clinic_id AND k.recipe = %s UNION ALL "
)


def joined_sql(hits: str = "hit") -> str:
    """_JOINED for the pairs in the table or CTE `hits`."""
    # on SQLite the date as text, parsed once a listing: Django's converter parsed it once a row
    until = "p.accredited_until || ''" if connection.vendor == "sqlite" else "p.accredited_until"
    return _JOINED.format(until=until, hits=hits)


def cards_from_rows(rows) -> dict[tuple[int, int], dict]:
    """Each (listing, clinic)'s public dict from joined rows (_JOINED's, in any order), without
    what depends on the day or the search: the distance is None, the accreditation as stored,
    the offers in the listing's order (by treatment, then id)."""
    cards: dict[tuple[int, int], dict] = {}
    for row in sorted(rows, key=_offer_order):
        card = cards.get((row[0], row[1]))
        if card is None:
            card = cards[row[0], row[1]] = _card(row)
        if row[18] is not None:
            slug, price_from, price_to, verdict = row[18:22]
            card["treatments"].append(
                {
                    "slug": slug,
                    "name": treatment_name(slug),
                    "price_from": float(price_from),
                    "price_to": float(price_to),
                    "verdict": verdict,
                }
            )
    return cards


def _card(row: tuple) -> dict:
    clinic = {
        "id": row[1],
        "name": row[9],
        "address": row[10],
        "postcode": row[11],
        "nation": row[12],
        "local_authority": row[13],
        "location_precision": row[14],
        "latitude": round(row[15], 5),
        "longitude": round(row[16], 5),
        "phone": row[17],
    }
    return listing_card(row[0], *row[3:9], clinic=clinic)


def listing_card(pk, name, profession, status, until, reason, is_demo, clinic) -> dict:
    """A listing's public dict at `clinic` (that clinic's public dict, or None), without what
    depends on the day or the search: no distance, no treatments yet, the accreditation as
    stored (`as_of` gives it as it stands on a day)."""
    until = _date(until)
    return {
        "id": pk,
        "name": name,
        "profession": PROFESSIONS.get(profession, profession),
        "clinic": clinic,
        "distance_miles": None,
        "accreditation": {
            "status": status,
            "label": STATUS_LABELS[status],
            "expires": until.isoformat() if until else None,
            "reason": reason or None,
        },
        "treatments": [],
        "is_demo": bool(is_demo),
    }


def hydrate(hits: list[Hit], today: dt.date, as_json: bool = False) -> list:
    """Search hits as public result dicts (see the module's docstring), in plain SQL because at
    this size building ORM queries costs more than running them: one query whatever their
    number, two when some hit has no current card (`read`). `as_json`: a kept card that reads
    as stored today comes as its JSON with the distance written in (an orjson.Fragment, for a
    body that orjson writes), not parsed and written again."""
    return read(hits, today, as_json)[0]


def read(
    hits: list[Hit], today: dt.date, as_json: bool = False, one_query: bool = False
) -> tuple[list, int]:
    """hydrate's results, and the number of queries they took; `one_query`: one in any case
    (a search with no query to spare)."""
    if not hits:
        return [], 0
    pairs = sorted({(h.practitioner_id, h.clinic_id) for h in hits})
    if not cards_kept():
        rows, queries = _rows(joined_sql(), pairs), 1
    elif one_query:
        sql = _CARDS_THEN_JOINED + joined_sql("missing")
        rows, queries = _rows(sql, pairs, [recipe(), recipe()], cte=True), 1
    else:
        rows, queries = _rows(_CARDS, pairs, [recipe()]), 1
        if missing := [(row[0], row[1]) for row in rows if row[2] is None]:
            # the join reads only these pairs: every listing against every clinic cost twice
            rows = [row for row in rows if row[2] is not None] + _rows(joined_sql(), missing)
            queries += 1
    kept = {(row[0], row[1]): row[2:4] for row in rows if row[2] is not None}
    joined = cards_from_rows(row for row in rows if row[2] is None)
    day = today.isoformat()
    results = []
    for hit in hits:
        key = (hit.practitioner_id, hit.clinic_id)
        if key in kept:
            text, shown_until = kept[key]
            if as_json and (shown_until is None or day <= shown_until):
                results.append(_with_distance(text, hit.distance_miles))
                continue
            card = orjson.loads(text)
        else:
            card = dict(joined[key])
        card["distance_miles"] = round(hit.distance_miles, 2)
        as_of(card, today)
        results.append(card)
    return results, queries


def _rows(select: str, pairs: list, params: list = (), cte: bool = False) -> list[tuple]:
    """`select` run over the CTE `hit` of these (listing, clinic) pairs (`cte`: `select`
    begins with more CTEs)."""
    values = ", ".join(["(%s, %s)"] * len(pairs))
    sql = f"WITH hit (practitioner_id, clinic_id) AS (VALUES {values}){'' if cte else ' '}{select}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for pair in pairs for value in pair] + list(params))
        return cursor.fetchall()


NO_DISTANCE = '"distance_miles":null'  # as orjson writes it; no string value can hold it
DISTANCE = '"distance_miles":'


def _with_distance(card: str, miles: float) -> orjson.Fragment:
    return orjson.Fragment(
        card.replace(NO_DISTANCE, DISTANCE + orjson.dumps(round(miles, 2)).decode(), 1)
    )


def shown_until(card: dict) -> str | None:
    """The last day a card reads as stored (ListingCard.shown_until): an accredited listing's
    expiry date (none: it has already lapsed, so never); None for any other status."""
    shown = card["accreditation"]
    if shown["status"] != Status.ACCREDITED:
        return None
    return shown["expires"] or "0000-00-00"


def _offer_order(row: tuple) -> tuple:
    """By listing, clinic, then each offer by treatment and id."""
    return row[0], row[1], row[18] or "", row[22] or 0


def as_of(card: dict, today: dt.date) -> None:
    """The card's accreditation as it stands on `today` (an accredited listing past its date is
    expired, whether or not the nightly `expire` has run)."""
    shown = card["accreditation"]
    if shown["status"] != Status.ACCREDITED:
        return
    status = effective_status(shown["status"], _date(shown["expires"]), today)
    if status != shown["status"]:
        card["accreditation"] = {**shown, "status": status, "label": STATUS_LABELS[status]}
