"""JSON API for treatment records (mounted under /api/v1/ by treatsafe.api).

Practitioners' clinic software authenticates with a personal API token (`Authorization: Bearer
tsr_...`); the patient's operations take the record's private token in the path."""

from django.urls import reverse
from ninja import Router, Status
from ninja.security import HttpBearer

from treatsafe.records import complications, display, services, tokens
from treatsafe.records.ratelimit import check, client_key
from treatsafe.records.recording import ProductUse, RecordInput
from treatsafe.records.schemas import (
    CorrectionIn,
    ErrorOut,
    ProblemIn,
    ProblemOut,
    RecordIn,
    RecordIssuedOut,
    RecordSummaryOut,
)

router = Router(tags=["treatment records"])


class PractitionerToken(HttpBearer):
    def authenticate(self, request, token):
        check(
            "api-token",
            client_key(request),
            limit=600,
            window=60,
            message="Too many requests: slow down.",
        )
        user = tokens.authenticate(token)
        if user is not None:
            request.user = user
        return user


def _input(body: RecordIn) -> RecordInput:
    return RecordInput(
        treated_on=body.treated_on,
        treatment=body.treatment,
        clinic_id=body.clinic_id,
        route=body.route,
        area=body.area,
        aftercare=body.aftercare,
        patient_age_band=body.patient_age_band,
        products=[ProductUse(p.product_id, p.batch, p.expires_on) for p in body.products],
        prescriber_name=body.prescriber_name,
        prescriber_number=body.prescriber_number,
        consultation_date=body.consultation_date,
        patient_email=body.patient_email,
    )


def _issued(request, record) -> dict:
    return {
        "token": record.token,
        "url": request.build_absolute_uri(reverse("records:patient", args=[record.token])),
        "version": record.current.number,
    }


@router.post(
    "/records",
    auth=PractitionerToken(),
    response={201: RecordIssuedOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    summary="Record a treatment you gave (practitioner's API token)",
)
def create_record(request, body: RecordIn):
    """Refused with 400 and the field at fault (nothing stored) for an unlawful treatment, an
    expired batch, a prescription-only medicine without prescriber and consultation, or an
    under-18 for botulinum toxin or filler in England."""
    base = request.build_absolute_uri("/").rstrip("/")
    record = services.record_treatment(request.auth, _input(body), base_url=base)
    return Status(201, _issued(request, record))


@router.get(
    "/records",
    auth=PractitionerToken(),
    response={200: list[RecordSummaryOut], 401: ErrorOut},
    summary="Your treatment records (newest first, up to 500)",
)
def list_records(request):
    rows = []
    for record in services.own_records(request.auth).prefetch_related("versions")[:500]:
        version = record.current
        rows.append(
            {
                "token": record.token,
                "treated_on": version.treated_on,
                "treatment": version.treatment,
                "version": version.number,
            }
        )
    return rows


@router.get(
    "/records/{token}",
    auth=PractitionerToken(),
    response={200: dict, 401: ErrorOut, 404: ErrorOut},
    summary="One of your treatment records (the view is audited)",
)
def get_record(request, token: str):
    record = services.for_practitioner(request.auth, token, "read through the API")
    return display.record_view(record)


@router.post(
    "/records/{token}/corrections",
    auth=PractitionerToken(),
    response={201: RecordIssuedOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    summary="Correct one of your records: issues a new version",
)
def correct_record(request, token: str, body: CorrectionIn):
    base = request.build_absolute_uri("/").rstrip("/")
    record = services.correct_record(request.auth, token, _input(body), body.reason, base_url=base)
    return Status(201, _issued(request, record))


@router.get(
    "/patient-records/{token}",
    response={200: dict, 404: ErrorOut},
    summary="The patient's record and their data (the token is the record's private address)",
)
def patient_record(request, token: str):
    return display.patient_export(services.for_patient(token))


@router.delete(
    "/patient-records/{token}",
    response={204: None, 404: ErrorOut},
    summary="The patient deletes their record",
)
def delete_patient_record(request, token: str):
    services.delete_for_patient(token)
    return Status(204, None)


@router.post(
    "/patient-records/{token}/complications",
    response={201: ProblemOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="The patient reports a problem after the treatment",
)
def report_problem(request, token: str, body: ProblemIn):
    """Any emergency sign makes the answer tell the patient to call 999 or go to A&E now."""
    record = services.for_patient(token)
    signs = complications.emergency(body.emergency_signs)
    check(
        "complication",
        client_key(request),
        limit=10,
        window=3600,
        message="Too many reports from here: try again in an hour, or call NHS 111.",
    )
    report = complications.report_problem(
        record,
        complications.ReportInput(
            body.what_happened,
            body.started_on,
            body.how_now,
            body.seen_doctor,
            body.emergency_signs,
        ),
    )
    advice = (
        "Call 999 or go to A&E now."
        if signs
        else "If you get worse, call NHS 111, or 999 in an emergency."
    )
    return Status(
        201,
        {
            "id": report.pk,
            "triage": report.triage,
            "triage_reason": report.triage_reason,
            "emergency": signs,
            "advice": advice,
        },
    )
