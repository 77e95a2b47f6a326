"""Making listing cards (models.ListingCard, read by listings.hydrate): a listing's cards when
it is indexed, and every missing or out-of-date card when the server starts or the demo
register is loaded. Each card is made from the same joined rows a search would read without
it, so a card and a join always give the same dict. SQLite only (listings.py says why)."""

import orjson
from django.db import connection, transaction

from treatsafe.register.listings import (
    CARD_TABLE,
    CURRENT_CARD,
    cards_from_rows,
    cards_kept,
    joined_sql,
    recipe,
    shown_until,
)
from treatsafe.register.models import SearchEntry

BATCH = 5_000  # listings a statement: a few MB of rows at a time
SEARCH_TABLE = SearchEntry._meta.db_table
# every searchable pair (each has an 'any treatment' row) in a range of listings, without a
# current card
_MISSING = (
    "WITH hit (practitioner_id, clinic_id) AS ("
    f"SELECT practitioner_id, clinic_id FROM {SEARCH_TABLE} "
    f"WHERE treatment = '{SearchEntry.ANY}' AND practitioner_id BETWEEN %s AND %s) "
)
_UPSERT = (
    f"INSERT INTO {CARD_TABLE} (practitioner_id, clinic_id, recipe, card, shown_until) "
    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (practitioner_id, clinic_id) "
    "DO UPDATE SET recipe = excluded.recipe, card = excluded.card, "
    "shown_until = excluded.shown_until"
)


def write_for(listing_id: int) -> None:
    """The listing's cards made afresh from its rows (after its search rows are written)."""
    if not cards_kept():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {CARD_TABLE} WHERE practitioner_id = %s", [listing_id])
    _write(listing_id, listing_id)


def write_missing() -> int:
    """Every searchable listing's missing or out-of-date cards; how many were made."""
    if not cards_kept():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(practitioner_id), MAX(practitioner_id) FROM {SEARCH_TABLE}")
        low, high = cursor.fetchone()
    if low is None:
        return 0
    return sum(_write(start, min(high, start + BATCH - 1)) for start in range(low, high + 1, BATCH))


def _write(low: int, high: int) -> int:
    sql = f"{_MISSING}{joined_sql()} WHERE NOT EXISTS ({CURRENT_CARD})"
    # read and written in one transaction, which on SQLite holds the write lock from its start
    # (BEGIN IMMEDIATE, settings): no other writer can change a row between the two
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [low, high, recipe()])
        cards = cards_from_rows(cursor.fetchall())
        cursor.executemany(
            _UPSERT,
            [
                (p, c, recipe(), orjson.dumps(card).decode(), shown_until(card))
                for (p, c), card in cards.items()
            ],
        )
    return len(cards)
