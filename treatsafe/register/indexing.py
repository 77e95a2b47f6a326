"""The denormalised search rows of a listing (see `search`) and its name row (see `lookup`),
rebuilt after every change."""

import functools
import unicodedata

from treatsafe.register.accreditation import Status
from treatsafe.register.models import NameEntry, Practitioner, SearchEntry

# Letters NFKD does not split into a base letter and an accent.
_LETTERS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)
KEY_SEPARATOR = " | "


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
        for slug in [SearchEntry.ANY, *sorted(by_clinic[clinic.pk])]:
            rows.append(
                (listing.pk, clinic.pk, slug, clinic.latitude, clinic.longitude, clinic.nation)
                + (status, until)
            )
    return rows


def reindex(listing: Practitioner) -> None:
    SearchEntry.objects.filter(practitioner_id=listing.pk).delete()
    NameEntry.objects.filter(practitioner_id=listing.pk).delete()
    clinics = list(listing.clinics.all())
    rows = search_rows(listing, clinics, list(listing.offers.all()))
    SearchEntry.objects.bulk_create(rows, batch_size=2000)
    entry = name_entry(listing, clinics)
    if entry is not None:
        entry.save()


def reindex_many(practitioner_ids) -> None:
    for listing in Practitioner.objects.filter(pk__in=list(practitioner_ids)):
        reindex(listing)
