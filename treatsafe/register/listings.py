"""A search's hits as public listings: each hit's listing, its clinic and the offers shown
there, read in one query (search.answer, the name look-up and the benchmark use it)."""

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from treatsafe.register.accreditation import Status, effective_status
from treatsafe.register.models import Clinic, Offer, Practitioner, Profession
from treatsafe.register.public import treatment_name

PROFESSIONS = dict(Profession.choices)
STATUS_LABELS = {status.value: str(status.label) for status in Status}


@dataclass
class Hit:
    practitioner_id: int
    clinic_id: int
    distance_miles: float


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


_HYDRATE_SQL = (
    "WITH hit (practitioner_id, clinic_id) AS (VALUES {pairs}) "
    "SELECT p.id, p.name, p.profession, p.status, {until}, p.status_reason, "
    "p.is_demo, c.id, c.name, c.address, c.postcode, c.nation, c.local_authority, "
    "c.location_precision, c.latitude, c.longitude, c.phone, "
    "o.treatment, CAST(o.price_from AS FLOAT), CAST(o.price_to AS FLOAT), o.verdict "
    f"FROM hit JOIN {Practitioner._meta.db_table} p ON p.id = hit.practitioner_id "
    f"JOIN {Clinic._meta.db_table} c ON c.id = hit.clinic_id "
    f"LEFT JOIN {Offer._meta.db_table} o ON o.practitioner_id = hit.practitioner_id "
    "AND o.clinic_id = hit.clinic_id AND o.is_published = TRUE AND o.verdict <> 'unlawful' "
    "ORDER BY p.id, c.id, o.treatment, o.id"
)


def hydrate(hits: list[Hit], today: dt.date) -> list[dict]:
    """Search hits as public result dicts: one query whatever their number (each hit's listing,
    its clinic and the published offers there, joined from the hits' own pairs: reading every
    listing against every clinic cost twice as much), in plain SQL because at this size
    building ORM queries costs more than running them."""
    if not hits:
        return []
    pairs = sorted({(h.practitioner_id, h.clinic_id) for h in hits})
    # on SQLite as text, parsed once a listing: Django's converter parsed it once a row
    until = "p.accredited_until || ''" if connection.vendor == "sqlite" else "p.accredited_until"
    sql = _HYDRATE_SQL.format(pairs=", ".join(["(%s, %s)"] * len(pairs)), until=until)
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for pair in pairs for value in pair])
        rows = cursor.fetchall()
    listings: dict[int, tuple] = {}
    clinics: dict[int, tuple] = {}
    offers: dict[tuple[int, int], list[dict]] = {}
    for row in rows:
        listings[row[0]] = row[:7]
        clinics[row[7]] = row[7:17]
        mine = offers.setdefault((row[0], row[7]), [])
        slug, price_from, price_to, verdict = row[17:21]
        if slug is not None:
            mine.append(
                {
                    "slug": slug,
                    "name": treatment_name(slug),
                    "price_from": float(price_from),
                    "price_to": float(price_to),
                    "verdict": verdict,
                }
            )
    professions = PROFESSIONS
    results = []
    for hit in hits:
        pk, name, profession, status, until, reason, is_demo = listings[hit.practitioner_id]
        clinic = clinics[hit.clinic_id]
        until = _date(until)
        status = effective_status(status, until, today)
        results.append(
            {
                "id": pk,
                "name": name,
                "profession": professions.get(profession, profession),
                "clinic": {
                    "id": clinic[0],
                    "name": clinic[1],
                    "address": clinic[2],
                    "postcode": clinic[3],
                    "nation": clinic[4],
                    "local_authority": clinic[5],
                    "location_precision": clinic[6],
                    "latitude": round(clinic[7], 5),
                    "longitude": round(clinic[8], 5),
                    "phone": clinic[9],
                },
                "distance_miles": round(hit.distance_miles, 2),
                "accreditation": {
                    "status": status,
                    "label": STATUS_LABELS[status],
                    "expires": until.isoformat() if until else None,
                    "reason": reason or None,
                },
                "treatments": offers.get((pk, clinic[0]), []),
                "is_demo": bool(is_demo),
            }
        )
    return results
