"""The denormalised search rows of a listing (see `search`) and its name row (see `names`),
rebuilt after every change; and the words of every name row (`vocabulary`), for correcting
slips."""

import functools
import threading
import unicodedata

from django.db import connection

from treatsafe.geo.postcodes import unit_vector
from treatsafe.register import cards
from treatsafe.register.accreditation import Status
from treatsafe.register.models import NameEntry, Practitioner, SearchEntry

# Letters NFKD does not split into a base letter and an accent.
_LETTERS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)
KEY_SEPARATOR = " | "
NAME_TABLE = NameEntry._meta.db_table
VOCABULARY_LOOKBACK = 200  # name rows read again each time (see Vocabulary.words)


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Text as the name index holds it: lower case, accents removed, punctuation as spaces,
    so 'Siân O’Néill-Price' and 'sian o neill price' are the same key. (Cached: a bulk load
    folds the same clinic and person names over and over.)"""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold().translate(_LETTERS))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.translate(_LETTERS)
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def name_key(listing, clinics) -> tuple[str, str] | None:
    """(key, number) of a listing's name row; None for a draft, which is not public."""
    if listing.status == Status.DRAFT:
        return None
    names = [fold(listing.name)] + [fold(c.name) for c in clinics]
    key = KEY_SEPARATOR.join(n for n in names if n) or "-"
    return key, (listing.registration_number or "").upper()


def name_entry(listing: Practitioner, clinics) -> NameEntry | None:
    found = name_key(listing, clinics)
    if found is None:
        return None
    return NameEntry(practitioner_id=listing.pk, key=found[0], number=found[1])


SEARCH_FIELDS = (
    "practitioner_id",
    "clinic_id",
    "treatment",
    "latitude",
    "longitude",
    "nation",
    "status",
    "accredited_until",
    "x",
    "y",
    "z",
)


def search_rows(listing: Practitioner, clinics, offers) -> list[SearchEntry]:
    return [
        SearchEntry(**dict(zip(SEARCH_FIELDS, values, strict=True)))
        for values in search_row_values(listing, clinics, offers)
    ]


def search_row_values(listing, clinics, offers) -> list[tuple]:
    """The values of a listing's search rows, in SEARCH_FIELDS order (the demo loader writes
    them as they are)."""
    if listing.status == Status.DRAFT:
        return []
    rows = []
    by_clinic: dict[int, set[str]] = {c.pk: set() for c in clinics}
    for offer in offers:
        if offer.is_published and offer.verdict != "unlawful" and offer.clinic_id in by_clinic:
            by_clinic[offer.clinic_id].add(offer.treatment)
    status, until = listing.status, listing.accredited_until
    for clinic in clinics:
        on_sphere = unit_vector(clinic.latitude, clinic.longitude)
        for slug in [SearchEntry.ANY, *sorted(by_clinic[clinic.pk])]:
            rows.append(
                (listing.pk, clinic.pk, slug, clinic.latitude, clinic.longitude, clinic.nation)
                + (status, until, *on_sphere)
            )
    return rows


class Vocabulary:
    """Every word of the register's names, for correcting slips: read once from the name rows,
    then, before each use, only the rows added since (their ids only grow: a changed listing
    gets a new row) and the last VOCABULARY_LOOKBACK again (a row whose transaction committed
    after a later one was read); read afresh only if the ids went back (the table was emptied or
    replaced). Names indexed in this process are added as they are written (`add`). A word no
    name uses any more stays until then: it can only propose a correction that finds nothing."""

    def __init__(self):
        self._lock = threading.Lock()
        self._words: set[str] = set()
        self._list: list[str] = []
        self._snapshot: tuple[str, ...] = ()
        self._last_id = 0

    def _take(self, keys) -> None:
        for key in keys:
            for word in key.replace(KEY_SEPARATOR, " ").split():
                if word not in self._words:
                    self._words.add(word)
                    self._list.append(word)
        if len(self._snapshot) != len(self._list):
            self._snapshot = tuple(self._list)

    def add(self, key: str) -> None:
        with self._lock:
            self._take([key])

    def words(self) -> tuple[str, ...]:
        # the rows after the last one read, and the last row of all (both by the primary key)
        sql = (
            f"SELECT id, key FROM {NAME_TABLE} WHERE id > %s UNION ALL "
            f"SELECT * FROM (SELECT id, key FROM {NAME_TABLE} ORDER BY id DESC LIMIT 1) last"
        )
        with self._lock:
            with connection.cursor() as cursor:
                # again the last LOOKBACK rows: one written in a transaction that committed
                # after a later id was read
                cursor.execute(sql, [self._last_id - VOCABULARY_LOOKBACK])
                rows = cursor.fetchall()
                if max((pk for pk, _ in rows), default=0) < self._last_id:  # gone back
                    self._words, self._list, self._snapshot = set(), [], ()
                    cursor.execute(sql, [0])
                    rows = cursor.fetchall()
            self._take(key for _, key in sorted(rows))
            self._last_id = max((pk for pk, _ in rows), default=0)
            return self._snapshot

    def __contains__(self, word: str) -> bool:
        return word in self._words


vocabulary = Vocabulary()


def reindex(listing: Practitioner) -> None:
    SearchEntry.objects.filter(practitioner_id=listing.pk).delete()
    NameEntry.objects.filter(practitioner_id=listing.pk).delete()
    clinics = list(listing.clinics.all())
    rows = search_rows(listing, clinics, list(listing.offers.all()))
    SearchEntry.objects.bulk_create(rows, batch_size=2000)
    cards.write_for(listing.pk)
    entry = name_entry(listing, clinics)
    if entry is not None:
        entry.save()
        vocabulary.add(entry.key)


def reindex_many(practitioner_ids) -> None:
    for listing in Practitioner.objects.filter(pk__in=list(practitioner_ids)):
        reindex(listing)
