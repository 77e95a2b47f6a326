"""Named builders for register test data: a test states only what matters to it."""

import datetime as dt
import itertools
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from treatsafe.register import indexing
from treatsafe.register.models import Assessment, Clinic, Offer, Practitioner, Product
from treatsafe.register.standards import STANDARDS, Finding

_numbers = itertools.count(1)


def make_user(role: str | None = "practitioners", **fields):
    from django.contrib.auth import get_user_model

    n = next(_numbers)
    user = get_user_model().objects.create_user(
        username=fields.pop("username", f"user{n}"),
        email=fields.pop("email", f"user{n}@example.test"),
        password="a long enough password 123",
        **fields,
    )
    if role:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    return user


def make_assessor(**fields):
    return make_user("assessors", **fields)


def make_clinic(latitude=51.5074, longitude=-0.1278, nation="england", **fields) -> Clinic:
    n = next(_numbers)
    return Clinic.objects.create(
        name=fields.pop("name", f"Clinic {n}"),
        address=fields.pop("address", f"{n} High Street"),
        postcode=fields.pop("postcode", "W1G 9PF"),
        latitude=latitude,
        longitude=longitude,
        nation=nation,
        **fields,
    )


def make_listing(
    status="draft",
    *,
    user=None,
    clinic=None,
    treatments=("dermal-filler",),
    accredited_until=None,
    **fields,
) -> Practitioner:
    """A practitioner with one clinic and a lawful-looking published offer per treatment
    (verdicts set directly, so these tests do not depend on the checkers)."""
    n = next(_numbers)
    defaults = {
        "name": f"Practitioner {n}",
        "profession": "nurse",
        "statutory_register": "nmc",
        "registration_number": "01A2345N",
        "is_prescriber": True,
        "insurer": "Example Insurance",
        "insurance_expires": timezone.localdate() + dt.timedelta(days=400),
        "complications_contact": "020 7946 0000",
    }
    if status == "accredited" and accredited_until is None:
        accredited_until = timezone.localdate() + dt.timedelta(days=200)
    listing = Practitioner.objects.create(
        user=user,
        status=status,
        accredited_until=accredited_until,
        **{**defaults, **fields},
    )
    clinic = clinic or make_clinic()
    listing.clinics.add(clinic)
    for slug in treatments:
        Offer.objects.create(
            practitioner=listing,
            clinic=clinic,
            treatment=slug,
            price_from=Decimal("150"),
            price_to=Decimal("300"),
            verdict="lawful",
            is_published=True,
        )
    indexing.reindex(listing)
    return listing


def make_product(listing, **fields) -> Product:
    defaults = {
        "name": "Hyaluronic filler",
        "manufacturer": "Example Labs",
        "source": "synthetic",
        "route": "injected",
        "regulatory_status": "device",
    }
    return Product.objects.create(practitioner=listing, **{**defaults, **fields})


def meet_all_standards(listing, assessor) -> None:
    for standard in STANDARDS:
        Assessment.objects.update_or_create(
            practitioner=listing,
            standard=standard.code,
            defaults={
                "finding": Finding.MET,
                "evidence": "seen",
                "assessor": assessor,
                "assessed_at": timezone.now(),
            },
        )
