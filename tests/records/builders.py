"""Named builders for treatment-record tests."""

import datetime as dt

from tests.register.builders import make_assessor, make_listing, make_product, make_user
from treatsafe.records import services
from treatsafe.records.recording import ProductUse, RecordInput

__all__ = ["make_assessor", "make_user", "practitioner", "record_input", "issue"]


def practitioner(status="accredited", **fields):
    """A signed-up practitioner with a listing, a clinic in England and a filler product."""
    user = make_user()
    listing = make_listing(status, user=user, **fields)
    product = make_product(listing)
    return user, listing, product


def record_input(listing, product=None, **fields) -> RecordInput:
    product = product or listing.products.first()
    today = dt.date.today()
    values = {
        "treated_on": today - dt.timedelta(days=1),
        "treatment": "dermal-filler",
        "clinic_id": listing.clinics.first().pk,
        "route": "injected",
        "area": "upper lip",
        "aftercare": "No make-up for 24 hours.",
        "patient_age_band": "18_or_over",
        "products": [ProductUse(product.pk, "LOT123", today + dt.timedelta(days=300))],
        "patient_email": "",
    }
    values.update(fields)
    return RecordInput(**values)


def issue(user, listing, **fields):
    return services.record_treatment(user, record_input(listing, **fields))
