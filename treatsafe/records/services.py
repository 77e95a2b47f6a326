"""Treatment records: issue, correct, show, export, delete and purge them, and decide who may see
one. Pure domain functions (no HTTP); views, API and commands all call these.

Who sees a record: the patient, through the record's random token; the practitioner who gave
the treatment; an assessor only while handling a complication report about it. Every view by a
practitioner or an assessor is written to the audit log with its reason. The public never
sees records."""

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction

from treatsafe.core.errors import NotFound
from treatsafe.records import clock, notify
from treatsafe.records.models import (
    ComplicationReport,
    RecordProduct,
    RecordVersion,
    TreatmentRecord,
)
from treatsafe.records.recording import RecordInput, check_record
from treatsafe.register import audit
from treatsafe.register.accreditation import effective_status
from treatsafe.register.permissions import is_assessor
from treatsafe.register.services import own_listing

FIELD_LABELS = {
    "treated_on": "date of treatment",
    "treatment": "treatment",
    "route": "route",
    "area": "area treated",
    "aftercare": "aftercare advice",
    "patient_age_band": "patient's age",
    "prescriber_name": "prescriber",
    "prescriber_number": "prescriber's registration number",
    "consultation_date": "consultation date",
    "clinic_name": "clinic",
}


class RecordNotFound(NotFound):
    code = "record_not_found"


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def keep_until(treated_on: dt.date) -> dt.date:
    return treated_on + dt.timedelta(days=settings.RECORD_RETENTION_DAYS)


def require_listing(user):
    listing = own_listing(user) if user is not None else None
    if listing is None:
        raise RecordNotFound("Only a practitioner with a listing can record treatments.")
    return listing


def _issue_version(record, listing, checked, number: int, changes: str) -> RecordVersion:
    data, clinic = checked.data, checked.clinic
    status = effective_status(listing.status, listing.accredited_until, clock.today())
    version = RecordVersion(
        record=record,
        number=number,
        issued_at=clock.now(),
        changes=changes,
        treated_on=data.treated_on,
        treatment=data.treatment,
        route=data.route,
        area=data.area,
        aftercare=data.aftercare,
        patient_age_band=data.patient_age_band,
        prescriber_name=data.prescriber_name if checked.prescription_only else "",
        prescriber_number=data.prescriber_number if checked.prescription_only else "",
        consultation_date=data.consultation_date if checked.prescription_only else None,
        practitioner_name=listing.name,
        profession=listing.profession,
        statutory_register=listing.statutory_register,
        registration_number=listing.registration_number,
        is_prescriber=listing.is_prescriber,
        accreditation_status=status,
        accredited_until=listing.accredited_until,
        complications_contact=listing.complications_contact,
        clinic_id_at_time=clinic.pk,
        clinic_name=clinic.name,
        clinic_address=clinic.address,
        clinic_postcode=clinic.postcode,
        nation=clinic.nation,
        verdict=checked.verdict,
        verdict_reasons=checked.reasons,
    )
    version.save(force_insert=True)
    for product, use in checked.products:
        RecordProduct(
            version=version,
            product_ref=product.pk,
            name=product.name,
            manufacturer=product.manufacturer,
            source=product.source,
            route=product.route,
            regulatory_status=product.regulatory_status,
            ingredients=product.ingredients,
            label_verdict=product.label_verdict,
            batch=use.batch,
            expires_on=use.expires_on,
        ).save(force_insert=True)
    return version


def record_treatment(user, data: RecordInput, *, base_url: str = ""):
    """Issue a new record (version 1) for the user's own listing. Refused with RecordRefused
    (nothing stored) when a check fails. Emails the patient when an address is given."""
    return issue_record(require_listing(user), data, user=user, base_url=base_url)


def issue_record(listing, data: RecordInput, *, user=None, base_url="", is_demo=False):
    checked = check_record(listing, data, clock.today())
    with transaction.atomic():
        record = TreatmentRecord.objects.create(
            token=new_token(),
            practitioner=listing,
            patient_email=data.patient_email,
            created_at=clock.now(),
            keep_until=keep_until(data.treated_on),
            is_demo=is_demo,
        )
        _issue_version(record, listing, checked, 1, "")
        audit.record(
            user, "record_issued", record, practitioner_id=listing.pk, after={"version": 1}
        )
    if record.patient_email:
        transaction.on_commit(lambda: notify.record_issued(record, base_url))
    return record


def snapshot_of(version: RecordVersion) -> dict:
    products = [(p.product_ref, p.batch, p.expires_on.isoformat()) for p in version.products.all()]
    values = {name: getattr(version, name) for name in FIELD_LABELS}
    values["products"] = sorted(products)
    return values


def correct_record(user, token: str, data: RecordInput, reason: str, *, base_url: str = ""):
    """Issue the next version of one of the user's records. The earlier versions stay as they
    were; the new one says what changed and why."""
    listing = require_listing(user)
    record = own_records(user).filter(token=token).first()
    if record is None:
        raise RecordNotFound("There is no record of yours at that address.")
    reason = (reason or "").strip()
    if not reason:
        from treatsafe.records.recording import RecordRefused

        raise RecordRefused("Say why you are correcting the record.", field="reason")
    data.patient_email = ""  # the address is not part of a correction
    checked = check_record(listing, data, clock.today())
    after = {name: getattr(checked.data, name, None) for name in FIELD_LABELS}
    after["clinic_name"] = checked.clinic.name
    after["products"] = sorted(
        (p.pk, use.batch, use.expires_on.isoformat()) for p, use in checked.products
    )
    with transaction.atomic():
        record = TreatmentRecord.objects.select_for_update().get(pk=record.pk)
        previous = record.current
        before = snapshot_of(previous)
        if not checked.prescription_only:
            for name in ("prescriber_name", "prescriber_number", "consultation_date"):
                after[name] = before[name] if not before[name] else None
        changed = [k for k in after if after[k] != before[k] and (after[k] or before[k])]
        labels = [FIELD_LABELS.get(k, "products, batches or expiry dates") for k in changed]
        text = f"Changed: {', '.join(labels) or 'nothing but the reason'}. Reason: {reason[:500]}"
        version = _issue_version(record, listing, checked, previous.number + 1, text)
        TreatmentRecord.objects.filter(pk=record.pk).update(
            keep_until=keep_until(version.treated_on)
        )
        audit.record(
            user,
            "record_corrected",
            record,
            practitioner_id=listing.pk,
            before={"version": previous.number},
            after={"version": version.number, "changed": changed},
        )
    if record.patient_email:
        transaction.on_commit(lambda: notify.record_corrected(record, base_url))
    return record


# --- who may see a record ------------------------------------------------------------------


def own_records(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return TreatmentRecord.objects.none()
    return TreatmentRecord.objects.filter(practitioner__user=user)


def for_patient(token: str) -> TreatmentRecord:
    """The record at this address (the patient holds the address)."""
    record = TreatmentRecord.objects.filter(token=token).first() if token else None
    if record is None:
        raise RecordNotFound("There is no treatment record at this address. It may be deleted.")
    return record


def _audit_view(user, record, reason: str) -> None:
    with transaction.atomic():
        audit.record(
            user,
            "record_viewed",
            record,
            practitioner_id=record.practitioner_id,
            after={"reason": reason},
        )


def for_practitioner(user, token: str, reason: str = "own record") -> TreatmentRecord:
    """One of the practitioner's own records; another's is 'not found'. The view is audited."""
    record = own_records(user).filter(token=token).first()
    if record is None:
        raise RecordNotFound("There is no record of yours at that address.")
    _audit_view(user, record, f"practitioner: {reason}")
    return record


def handling_report(user, report_id: int) -> ComplicationReport:
    """A complication report the assessor is handling (taken on, not closed)."""
    report = ComplicationReport.objects.filter(pk=report_id).first()
    if (
        report is None
        or not is_assessor(user)
        or report.handler_id != user.pk
        or report.status == ComplicationReport.State.CLOSED
    ):
        raise RecordNotFound("You are not handling a report with that number.")
    return report


def for_assessor(user, report_id: int) -> TreatmentRecord:
    """The record a report is about, for the assessor handling it; audited with the report."""
    report = handling_report(user, report_id)
    if report.record is None:
        raise RecordNotFound("The patient has deleted this record.")
    _audit_view(user, report.record, f"assessor handling complication report {report.pk}")
    return report.record


def delete_for_patient(token: str) -> None:
    """The patient deletes their copy: the record and every version go; reports and reviews
    they made stay, without the record."""
    record = for_patient(token)
    with transaction.atomic():
        audit.record(
            None,
            "record_deleted_by_patient",
            record,
            practitioner_id=record.practitioner_id,
            actor=(None, "patient"),
        )
        record.delete()


def purge_expired(today: dt.date | None = None, dry_run: bool = False) -> int:
    """Remove records whose retention period has ended."""
    today = today or clock.today()
    expired = TreatmentRecord.objects.filter(keep_until__lt=today)
    count = expired.count()
    if count and not dry_run:
        with transaction.atomic():
            for record in expired.iterator():
                audit.record(
                    None,
                    "record_purged",
                    record,
                    practitioner_id=record.practitioner_id,
                    after={"keep_until": record.keep_until},
                )
            expired.delete()
    return count
