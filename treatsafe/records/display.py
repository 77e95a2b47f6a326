"""What a treatment record shows: the page, the PDF, the JSON download and the API give the
same data, built here. Verdicts are the checkers' current ones; the rest is as issued."""

from treatsafe.records import clock
from treatsafe.records.models import RecordProduct, RecordVersion, TreatmentRecord
from treatsafe.records.recording import AGE_BANDS, ROUTES
from treatsafe.register.accreditation import Status
from treatsafe.register.public import public_accreditation, treatment_name


def product_view(product: RecordProduct, version: RecordVersion) -> dict:
    from treatsafe.register.verdicts import (
        VERDICT_LABELS,
        ProductFacts,
        check_offer,
        check_product_label,
    )

    facts = ProductFacts(
        product.source, version.route, product.regulatory_status, product.ingredients
    )
    label, _ = check_product_label(product.ingredients or "")
    verdict, reasons = check_offer(
        version.treatment, (facts,), version.nation, version.profession, version.is_prescriber
    )
    return {
        "name": product.name,
        "manufacturer": product.manufacturer,
        "source": product.source,
        "route": ROUTES.get(version.route, version.route),
        "regulatory_status": product.regulatory_status,
        "medicine_or_device": product.regulatory_status in ("licensed_medicine", "device"),
        "batch": product.batch,
        "expires_on": product.expires_on.isoformat(),
        "label_verdict": label,
        "label_verdict_label": VERDICT_LABELS.get(label, label),
        "treatment_verdict": verdict,
        "treatment_verdict_label": VERDICT_LABELS.get(verdict, verdict),
        "treatment_reasons": list(reasons),
    }


def version_view(version: RecordVersion) -> dict:
    return {
        "version": version.number,
        "issued_at": version.issued_at.isoformat(),
        "changes": version.changes or None,
        "treated_on": version.treated_on.isoformat(),
        "treatment": {"slug": version.treatment, "name": treatment_name(version.treatment)},
        "route": ROUTES.get(version.route, version.route),
        "area": version.area,
        "aftercare": version.aftercare,
        "patient_age": AGE_BANDS.get(version.patient_age_band, version.patient_age_band),
        "prescription": {
            "prescriber": version.prescriber_name,
            "registration_number": version.prescriber_number,
            "consultation_date": version.consultation_date.isoformat()
            if version.consultation_date
            else None,
        }
        if version.prescriber_name
        else None,
        "verdict_at_issue": version.verdict,
        "verdict_reasons_at_issue": version.verdict_reasons,
    }


def record_view(record: TreatmentRecord) -> dict:
    """Everything the record page, the PDF and the JSON download show."""
    versions = list(record.versions.prefetch_related("products").order_by("number"))
    current = versions[-1]
    listing = record.practitioner
    products = [product_view(p, current) for p in current.products.all()]
    at_time = {
        "status": current.accreditation_status,
        "label": Status(current.accreditation_status).label,
        "expires": current.accredited_until.isoformat() if current.accredited_until else None,
    }
    return {
        "reference": record.token[:8],
        "issued_at": versions[0].issued_at.isoformat(),
        "current": version_view(current),
        "versions": [version_view(v) for v in reversed(versions)],
        "practitioner": {
            "id": listing.pk if listing else None,
            "name": current.practitioner_name,
            "registration_number": current.registration_number or None,
            "complications_contact": (listing.complications_contact if listing else "")
            or current.complications_contact
            or None,
            "accreditation_at_treatment": at_time,
            "accreditation_now": public_accreditation(listing, clock.today()) if listing else None,
        },
        "clinic": {
            "name": current.clinic_name,
            "address": current.clinic_address,
            "postcode": current.clinic_postcode,
            "nation": current.nation,
        },
        "products": products,
        "medicine_or_device": any(p["medicine_or_device"] for p in products)
        or current.treatment in ("botulinum-toxin", "dermal-filler"),
        "notices": [
            {
                "kind": n.kind,
                "title": n.get_kind_display(),
                "product": n.product_name,
                "batch": n.batch or None,
                "reason": n.reason,
                "date": n.created_at.date().isoformat(),
            }
            for n in record.notices.all()
        ],
        "keep_until": record.keep_until.isoformat(),
        "is_demo": record.is_demo,
    }


def patient_export(record: TreatmentRecord) -> dict:
    """The patient's download: the record with every version, and their own reports."""
    data = record_view(record)
    data["email"] = record.patient_email or None
    data["complication_reports"] = [
        {
            "created_at": r.created_at.isoformat(),
            "what_happened": r.what_happened,
            "started_on": r.started_on.isoformat(),
            "status": r.get_status_display(),
            "outcome": r.get_outcome_display() or None,
        }
        for r in record.complications.all()
    ]
    return data
