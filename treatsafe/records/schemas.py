"""API shapes for treatment records."""

import datetime as dt

from ninja import Schema

from treatsafe.core.schemas import ErrorOut  # noqa: F401  (re-exported for the API modules)


class ProductUseIn(Schema):
    product_id: int
    batch: str
    expires_on: dt.date


class RecordIn(Schema):
    treated_on: dt.date
    treatment: str
    clinic_id: int
    route: str
    area: str
    aftercare: str
    patient_age_band: str
    products: list[ProductUseIn]
    prescriber_name: str = ""
    prescriber_number: str = ""
    consultation_date: dt.date | None = None
    patient_email: str = ""


class CorrectionIn(RecordIn):
    reason: str


class RecordIssuedOut(Schema):
    token: str
    url: str
    version: int


class RecordSummaryOut(Schema):
    token: str
    treated_on: dt.date
    treatment: str
    version: int


class ProblemIn(Schema):
    what_happened: str
    started_on: dt.date
    how_now: str
    seen_doctor: str
    emergency_signs: list[str] = []


class ProblemOut(Schema):
    id: int
    triage: str
    triage_reason: str
    emergency: list[str]
    advice: str
