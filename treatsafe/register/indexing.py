"""The denormalised search rows of a listing (see `search`), rebuilt after every change."""

from treatsafe.register.accreditation import Status
from treatsafe.register.models import Practitioner, SearchEntry


def search_rows(listing: Practitioner, clinics, offers) -> list[SearchEntry]:
    return [SearchEntry(**values) for values in search_row_values(listing, clinics, offers)]


def search_row_values(listing, clinics, offers) -> list[dict]:
    """The field values of a listing's search rows (the demo loader writes them as is)."""
    if listing.status == Status.DRAFT:
        return []
    rows = []
    by_clinic: dict[int, set[str]] = {c.pk: set() for c in clinics}
    for offer in offers:
        if offer.is_published and offer.verdict != "unlawful" and offer.clinic_id in by_clinic:
            by_clinic[offer.clinic_id].add(offer.treatment)
    for clinic in clinics:
        for slug in [SearchEntry.ANY, *sorted(by_clinic[clinic.pk])]:
            rows.append(
                {
                    "practitioner_id": listing.pk,
                    "clinic_id": clinic.pk,
                    "treatment": slug,
                    "latitude": clinic.latitude,
                    "longitude": clinic.longitude,
                    "nation": clinic.nation,
                    "status": listing.status,
                    "accredited_until": listing.accredited_until,
                }
            )
    return rows


def reindex(listing: Practitioner) -> None:
    SearchEntry.objects.filter(practitioner_id=listing.pk).delete()
    rows = search_rows(listing, list(listing.clinics.all()), list(listing.offers.all()))
    SearchEntry.objects.bulk_create(rows, batch_size=2000)


def reindex_many(practitioner_ids) -> None:
    for listing in Practitioner.objects.filter(pk__in=list(practitioner_ids)):
        reindex(listing)
