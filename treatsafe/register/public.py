"""The public shape of a listing: what the page, the API and the exports show, and nothing
more (no account, email or internal fields)."""

import datetime as dt
import functools

from django.utils import timezone

from treatsafe.register.accreditation import Status, effective_status
from treatsafe.register.models import AuditEntry, Clinic, Offer, Practitioner, Product
from treatsafe.register.registration import REGISTERS

ACCREDITATION_ACTIONS = {
    "apply": "Applied for accreditation",
    "start_assessment": "Assessment started",
    "refuse": "Accreditation refused",
    "accredit": "Accredited",
    "renew": "Accreditation renewed",
    "expire": "Accreditation expired",
    "suspend": "Accreditation suspended",
    "reinstate": "Suspension lifted",
    "revoke": "Accreditation revoked",
    "renewal_requested": "Applied for renewal",
}


@functools.cache
def treatment_names() -> dict[str, str]:
    from treatsafe.treatments.catalogue import TREATMENTS

    return {t.slug: t.name for t in TREATMENTS}


def treatment_name(slug: str) -> str:
    return treatment_names().get(slug, slug)


def public_offer(offer: Offer) -> dict:
    return {
        "slug": offer.treatment,
        "name": treatment_name(offer.treatment),
        "price_from": float(offer.price_from),
        "price_to": float(offer.price_to),
        "verdict": offer.verdict,
    }


def public_product(product: Product) -> dict:
    return {
        "name": product.name,
        "manufacturer": product.manufacturer,
        "source": product.source,
        "route": product.route,
        "regulatory_status": product.regulatory_status,
        "label_verdict": product.label_verdict or None,
    }


def public_accreditation(listing: Practitioner, today: dt.date) -> dict:
    status = effective_status(listing.status, listing.accredited_until, today)
    return {
        "status": status,
        "label": Status(status).label,
        "expires": listing.accredited_until.isoformat() if listing.accredited_until else None,
        "reason": listing.status_reason or None,
    }


def public_clinic(clinic: Clinic) -> dict:
    return {
        "id": clinic.pk,
        "name": clinic.name,
        "address": clinic.address,
        "postcode": clinic.postcode,
        "nation": clinic.nation,
        "local_authority": clinic.local_authority,
        "location_precision": clinic.location_precision,
        "latitude": round(clinic.latitude, 5),
        "longitude": round(clinic.longitude, 5),
        "phone": clinic.phone,
        "website": clinic.website,
    }


def accreditation_history(practitioner_id: int) -> list[dict]:
    """The listing's accreditation events from the audit log, oldest first."""
    entries = AuditEntry.objects.filter(
        practitioner_id=practitioner_id, action__in=list(ACCREDITATION_ACTIONS)
    ).order_by("id")
    history = []
    for entry in entries:
        after = entry.after or {}
        history.append(
            {
                "date": entry.created_at.date().isoformat(),
                "event": ACCREDITATION_ACTIONS[entry.action],
                "status": after.get("status"),
                "expires": after.get("accredited_until"),
                "reason": after.get("status_reason") or None,
            }
        )
    return history


def public_listing(listing: Practitioner, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    register = REGISTERS.get(listing.statutory_register)
    offers = listing.offers.select_related("clinic").prefetch_related("products").order_by("id")
    published = [o for o in offers if o.is_published and o.verdict != "unlawful"]
    return {
        "id": listing.pk,
        "name": listing.name,
        "profession": listing.get_profession_display(),
        "statutory_register": {
            "code": listing.statutory_register,
            "name": register.name if register else listing.statutory_register,
            "number": listing.registration_number or None,
            "check_url": register.url if register and register.url else None,
        },
        "is_prescriber": listing.is_prescriber,
        "qualifications": listing.qualifications,
        "insurance": {
            "insurer": listing.insurer or None,
            "expires": listing.insurance_expires.isoformat() if listing.insurance_expires else None,
            "in_date": bool(listing.insurance_expires and listing.insurance_expires >= today),
        },
        "complications_contact": listing.complications_contact or None,
        "accreditation": public_accreditation(listing, today),
        "clinics": [public_clinic(c) for c in listing.clinics.all()],
        "treatments": [
            {
                **public_offer(o),
                "clinic_id": o.clinic_id,
                "verdict_reasons": o.verdict_reasons,
                "products": [public_product(p) for p in o.products.all()],
            }
            for o in published
        ],
        "unlawful_withheld": sum(1 for o in offers if o.verdict == "unlawful"),
        "accreditation_history": accreditation_history(listing.pk),
        "is_demo": listing.is_demo,
    }
