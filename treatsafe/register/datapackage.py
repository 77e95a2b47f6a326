"""The open data's description as a Frictionless Data Package (`datapackage.json`), served beside
the CSV and JSON exports: licence, provenance and a field-by-field schema of the CSV, so the
CSV itself is plain (its header on the first line) and opens in any spreadsheet."""

from django.utils import timezone

from treatsafe.core.attribution import ATTRIBUTIONS
from treatsafe.register.accreditation import PUBLIC_STATUSES
from treatsafe.register.exports import CSV_COLUMNS, DEMO_NOTICE, LICENCE
from treatsafe.register.models import Nation
from treatsafe.register.registration import REGISTERS

PROFILE = "data-package"  # one tabular resource (the CSV) and the JSON beside it

# name: (type, description, extra) for every CSV column, in order.
FIELDS = {
    "listing_id": ("integer", "The listing's number, as in /register/practitioners/<id>/.", {}),
    "name": ("string", "The practitioner's name.", {}),
    "profession": ("string", "Their profession, in words.", {}),
    "statutory_register": (
        "string",
        "The statutory register they are on ('none' for none).",
        {"constraints": {"enum": list(REGISTERS)}},
    ),
    "registration_number": ("string", "Their number on that register (empty for none).", {}),
    "is_prescriber": ("boolean", "Whether they are an independent prescriber.", {}),
    "accreditation_status": (
        "string",
        "The listing's state today (an accreditation past its date reads 'expired').",
        {"constraints": {"enum": list(PUBLIC_STATUSES)}},
    ),
    "accredited_until": ("date", "When the accreditation ends or ended (ISO 8601).", {}),
    "status_reason": ("string", "The published reason for the state (suspension, ...).", {}),
    "clinic_name": ("string", "A clinic they work at.", {}),
    "clinic_address": ("string", "The clinic's address, without the postcode.", {}),
    "postcode": ("string", "The clinic's postcode.", {}),
    "nation": ("string", "The UK nation of the clinic.", {"constraints": {"enum": Nation.values}}),
    "local_authority": ("string", "The clinic's local authority.", {}),
    "latitude": ("number", "The clinic's latitude (WGS 84), from its postcode.", {}),
    "longitude": ("number", "The clinic's longitude (WGS 84), from its postcode.", {}),
    "clinic_phone": ("string", "The clinic's phone number.", {}),
    "clinic_website": ("string", "The clinic's website.", {}),
    "treatment": ("string", "The treatment offered there (catalogue slug); empty for none.", {}),
    "treatment_name": ("string", "The treatment's name.", {}),
    "price_from": ("number", "The lowest price, in pounds.", {}),
    "price_to": ("number", "The highest price, in pounds.", {}),
    "verdict": ("string", "The treatment checker's verdict on the treatment as offered.", {}),
    "products": ("string", "Products used: name (manufacturer; source; route; status); ...", {}),
    "is_demo": ("boolean", "True for synthetic demo data: the person does not exist.", {}),
}
assert list(FIELDS) == CSV_COLUMNS, "every CSV column is described, in order"


def descriptor(csv_path: str = "export.csv", json_path: str = "export.json") -> dict:
    """The Data Package; resource paths are relative to where `datapackage.json` is served."""
    fields = [
        {"name": name, "type": kind, "description": text, **extra}
        for name, (kind, text, extra) in FIELDS.items()
    ]
    return {
        "profile": PROFILE,
        "name": "treatsafe-register",
        "title": "TreatSafe register of accredited aesthetic practitioners",
        "description": (
            "Every public listing on the TreatSafe register: practitioners, the clinics they "
            "work at, the treatments they offer with products and prices, and the state of "
            f"their accreditation. {DEMO_NOTICE}"
        ),
        "created": timezone.now().isoformat(timespec="seconds"),
        "licenses": [
            {"name": "CC-BY-4.0", "title": LICENCE["name"], "path": LICENCE["url"]},
        ],
        "sources": [
            {"title": "TreatSafe register (listings and assessments)"},
            *(
                {"title": a.dataset, "path": a.licence_url, "description": a.text}
                for a in ATTRIBUTIONS
                if "OS" in a.dataset or "Postcode" in a.dataset
            ),
        ],
        "contributors": [{"title": "TreatSafe", "role": "publisher"}],
        "resources": [
            {
                "name": "register",
                "title": "One row per published treatment (or per clinic without one)",
                "path": csv_path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "header": True},
                "schema": {
                    "fields": fields,
                    "missingValues": [""],
                },
            },
            {
                "name": "register-json",
                "title": "The same listings as one JSON document, clinics and products nested",
                "path": json_path,
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
            },
        ],
    }
