"""The whole public register as open data, in CSV and JSON, with its licence and attribution.

Only what the listing pages show publicly: no accounts, emails or assessment notes; drafts and
unpublished (including unlawful) offers are left out. Built in batches, so memory stays flat at
100,000 listings.
"""

import csv
import io
import json
import re
from collections.abc import Iterator

from django.utils import timezone

from treatsafe.core.attribution import attribution_text
from treatsafe.register import extensions
from treatsafe.register.accreditation import Status
from treatsafe.register.models import Offer, Practitioner
from treatsafe.register.public import (
    public_accreditation,
    public_clinic,
    public_offer,
    public_product,
)

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "TreatSafe register. Clinic locations derived from OS Code-Point Open.",
}
DEMO_NOTICE = (
    "Demo data: rows marked is_demo=true are synthetic, made up for demonstration; the people "
    "and clinics do not exist."
)
CSV_COLUMNS = [
    "listing_id",
    "name",
    "profession",
    "statutory_register",
    "registration_number",
    "is_prescriber",
    "accreditation_status",
    "accredited_until",
    "status_reason",
    "clinic_name",
    "clinic_address",
    "postcode",
    "nation",
    "local_authority",
    "latitude",
    "longitude",
    "clinic_phone",
    "clinic_website",
    "treatment",
    "treatment_name",
    "price_from",
    "price_to",
    "verdict",
    "products",
    "is_demo",
]
BATCH = 1000
# A text cell starting with one of these runs as a formula in a spreadsheet (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER_LIKE = re.compile(r"[+-][\d\s().-]*")  # +44 20 7946 0000: digits, no function call


def defuse(value):
    """A text cell a spreadsheet would read as a formula, with a leading apostrophe so it shows
    as typed. Numbers, and phone numbers like +44 20 7946 0000, are left alone."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not NUMBER_LIKE.fullmatch(value)
    ):
        return "'" + value
    return value


def _listings() -> Iterator[tuple[Practitioner, list[Offer]]]:
    """Public listings with their clinics and published offers, a batch at a time."""
    ids = list(
        Practitioner.objects.exclude(status=Status.DRAFT)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        listings = Practitioner.objects.filter(pk__in=batch).prefetch_related("clinics")
        offers: dict[int, list[Offer]] = {}
        published = (
            Offer.objects.filter(practitioner_id__in=batch, is_published=True)
            .exclude(verdict="unlawful")
            .select_related("clinic")
            .prefetch_related("products")
            .order_by("id")
        )
        for offer in published:
            offers.setdefault(offer.practitioner_id, []).append(offer)
        for listing in listings.order_by("id"):
            yield listing, offers.get(listing.pk, [])


def _describe(product) -> str:
    p = public_product(product)
    return (
        f"{p['name']} ({p['manufacturer']}; {p['source']}; {p['route']}; {p['regulatory_status']})"
    )


def csv_lines() -> Iterator[str]:
    today = timezone.localdate()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    for line in [
        f"TreatSafe register export, {timezone.now():%Y-%m-%d %H:%M %Z}",
        f"Licence: {LICENCE['name']} {LICENCE['url']}. {LICENCE['attribution']}",
        DEMO_NOTICE,
        *attribution_text().splitlines(),
    ]:
        yield f"# {line}\n"
    writer.writerow(CSV_COLUMNS)
    yield flush()
    for listing, offers in _listings():
        accreditation = public_accreditation(listing, today)
        base = [
            listing.pk,
            listing.name,
            listing.get_profession_display(),
            listing.statutory_register,
            listing.registration_number,
            listing.is_prescriber,
            accreditation["status"],
            accreditation["expires"] or "",
            accreditation["reason"] or "",
        ]
        clinics = {c.pk: c for c in listing.clinics.all()}
        rows = [(clinics.get(o.clinic_id) or o.clinic, o) for o in offers]
        rows += [
            (c, None) for c in clinics.values() if not any(o.clinic_id == c.pk for o in offers)
        ]
        for clinic, offer in rows:
            where = [
                clinic.name,
                " ".join(clinic.address.split()),
                clinic.postcode,
                clinic.nation,
                clinic.local_authority,
                round(clinic.latitude, 5),
                round(clinic.longitude, 5),
                clinic.phone,
                clinic.website,
            ]
            if offer is None:
                what = ["", "", "", "", "", ""]
            else:
                o = public_offer(offer)
                products = "; ".join(_describe(p) for p in offer.products.all())
                what = [
                    o["slug"],
                    o["name"],
                    o["price_from"],
                    o["price_to"],
                    o["verdict"],
                    products,
                ]
            writer.writerow([defuse(v) for v in (*base, *where, *what, listing.is_demo)])
        yield flush()


def json_chunks() -> Iterator[str]:
    """The export as one JSON document, streamed listing by listing."""
    today = timezone.localdate()
    head = {
        "title": "TreatSafe register",
        "generated_at": timezone.now().isoformat(),
        "licence": LICENCE,
        "attribution": attribution_text(),
        "demo_data": DEMO_NOTICE,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "listings": ['
    first = True
    for listing, offers in _listings():
        item = {
            "id": listing.pk,
            "name": listing.name,
            "profession": listing.get_profession_display(),
            "statutory_register": listing.statutory_register,
            "registration_number": listing.registration_number or None,
            "is_prescriber": listing.is_prescriber,
            "accreditation": public_accreditation(listing, today),
            "clinics": [public_clinic(c) for c in listing.clinics.all()],
            "treatments": [
                {
                    **public_offer(o),
                    "clinic_id": o.clinic_id,
                    "products": [public_product(p) for p in o.products.all()],
                }
                for o in offers
            ],
            "is_demo": listing.is_demo,
        }
        yield ("" if first else ",") + json.dumps(item, ensure_ascii=False)
        first = False
    yield "]"
    for key, rows in extensions.EXPORT_SECTIONS:  # e.g. published reviews, from apps above
        yield f", {json.dumps(key)}: ["
        for i, row in enumerate(rows()):
            yield ("," if i else "") + json.dumps(row, ensure_ascii=False)
        yield "]"
    yield "}"
