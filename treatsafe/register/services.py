"""Changing a listing: the practitioner's details, clinics, products and treatments offered.

Every change runs in one transaction with its audit entry, checks who is asking, and rebuilds the
listing's search rows. Accreditation is in `accrediting`, verdict recomputation in `recompute`,
search rows in `indexing`. Views and the API call these; none of them touch HTTP.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from treatsafe.core.errors import Conflict, InvalidInput, NotFound
from treatsafe.register import accreditation, audit, verdicts
from treatsafe.register.accreditation import Status
from treatsafe.register.indexing import reindex
from treatsafe.register.models import (
    Clinic,
    Nation,
    Offer,
    Practitioner,
    Product,
    Report,
)
from treatsafe.register.permissions import require_owner
from treatsafe.register.registration import validate_registration
from treatsafe.register.standards import reopened_standards

PRACTITIONER_FIELDS = (
    "name",
    "profession",
    "statutory_register",
    "registration_number",
    "is_prescriber",
    "qualifications",
    "insurer",
    "insurance_expires",
    "complications_contact",
)
ACCREDITATION_FIELDS = ("status", "accredited_until", "status_reason", "renewal_requested")
CLINIC_FIELDS = (
    "name",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "location_precision",
    "nation",
    "local_authority",
    "phone",
    "website",
)
PRODUCT_FIELDS = (
    "name",
    "manufacturer",
    "source",
    "route",
    "regulatory_status",
    "ingredients",
    "label_verdict",
)
OFFER_FIELDS = ("treatment", "clinic_id", "price_from", "price_to", "verdict", "is_published")


class UnlawfulOffer(Conflict):
    code = "unlawful_offer"


def today() -> dt.date:
    return timezone.localdate()


# --- listings -------------------------------------------------------------------------------


def get_public_listing(practitioner_id: int) -> Practitioner:
    """A listing the public may see: anything but a draft."""
    listing = (
        Practitioner.objects.filter(pk=practitioner_id)
        .exclude(status=Status.DRAFT)
        .prefetch_related("clinics")
        .first()
    )
    if listing is None:
        raise NotFound(f"There is no public listing number {practitioner_id}.")
    return listing


def own_listing(user) -> Practitioner | None:
    if not user or not user.is_authenticated:
        return None
    return Practitioner.objects.filter(user=user).first()


def _clean_practitioner(data: dict) -> dict:
    data = {k: data[k] for k in PRACTITIONER_FIELDS if k in data}
    if not (data.get("name") or "").strip():
        raise InvalidInput("Enter the practitioner's full name.", field="name")
    data["registration_number"] = validate_registration(
        data.get("statutory_register", "none"), data.get("registration_number", "")
    )
    return data


@transaction.atomic
def create_listing(user, data: dict) -> Practitioner:
    if own_listing(user) is not None:
        raise Conflict("You already have a listing: edit it instead.")
    listing = Practitioner.objects.create(user=user, **_clean_practitioner(data))
    audit.record(
        user,
        "listing_created",
        listing,
        practitioner_id=listing.pk,
        after=audit.snapshot(listing, PRACTITIONER_FIELDS + ACCREDITATION_FIELDS),
    )
    return listing


@transaction.atomic
def update_listing(user, practitioner_id: int, data: dict) -> Practitioner:
    """The practitioner edits their own details. Accreditation fields are not theirs to set:
    any such key is refused, not ignored."""
    forbidden = set(data) & (set(ACCREDITATION_FIELDS) | {"accredited_until", "user", "is_demo"})
    listing = locked_listing(practitioner_id)
    require_owner(user, listing)
    if forbidden:
        raise accreditation.NotAllowed(
            "You cannot change your own accreditation.", fields=sorted(forbidden)
        )
    before = audit.snapshot(listing, PRACTITIONER_FIELDS)
    for name, value in _clean_practitioner({**before, **data}).items():
        setattr(listing, name, value)
    listing.save()
    after = audit.snapshot(listing, PRACTITIONER_FIELDS)
    changed = audit.record_changes(
        user, "listing_updated", listing, practitioner_id=listing.pk, before=before, after=after
    )
    if changed:
        reopen_findings(user, listing, changed)
        _refresh_verdicts(listing)
    return listing


ASSESSED = (Status.UNDER_ASSESSMENT, Status.ACCREDITED, Status.SUSPENDED, Status.EXPIRED)


def reopen_findings(user, listing: Practitioner, changes: set[str]) -> list[str]:
    """After a practitioner changes something an assessor verified, drop those findings (kept in
    the audit log) so the standard is assessed again. The accreditation state is untouched:
    only an assessor changes it."""
    if listing.status not in ASSESSED:
        return []
    findings = listing.assessments.filter(standard__in=reopened_standards(changes))
    before = {a.standard: {"finding": a.finding, "evidence": a.evidence} for a in findings}
    if not before:
        return []
    audit.record(
        user,
        "findings_reopened",
        listing,
        practitioner_id=listing.pk,
        before=before,
        after={"changed": sorted(changes)},
    )
    findings.delete()
    return sorted(before)


def locked_listing(practitioner_id: int) -> Practitioner:
    listing = Practitioner.objects.select_for_update().filter(pk=practitioner_id).first()
    if listing is None:
        raise NotFound(f"There is no listing number {practitioner_id}.")
    return listing


# --- clinics --------------------------------------------------------------------------------


def nation_key(text: str) -> str:
    key = (text or "").strip().lower().replace(" ", "_")
    if key not in Nation.values:
        raise InvalidInput(f"{text!r} is not a UK nation.")
    return key


def place_postcode(postcode: str) -> dict:
    """Where a postcode is: the clinic's point, nation and local authority."""
    from treatsafe.geo.services import lookup_postcode

    found = lookup_postcode(postcode)
    if found.latitude is None or found.longitude is None:
        raise InvalidInput(f"{found.postcode} has no map position: give a postcode with premises.")
    return {
        "postcode": found.postcode,
        "latitude": found.latitude,
        "longitude": found.longitude,
        "location_precision": found.precision or "postcode",
        "nation": nation_key(found.nation),
        "local_authority": found.local_authority or "",
    }


@transaction.atomic
def add_clinic(user, practitioner_id: int, data: dict) -> Clinic:
    listing = locked_listing(practitioner_id)
    require_owner(user, listing)
    if not (data.get("name") or "").strip() or not (data.get("address") or "").strip():
        raise InvalidInput("Enter the clinic's name and address.")
    fields = {k: data.get(k, "") for k in ("name", "address", "phone", "website")}
    clinic = Clinic.objects.create(created_by=listing, **fields, **place_postcode(data["postcode"]))
    listing.clinics.add(clinic)
    audit.record(
        user,
        "clinic_added",
        clinic,
        practitioner_id=listing.pk,
        after=audit.snapshot(clinic, CLINIC_FIELDS),
    )
    reopen_findings(user, listing, {"clinics"})
    reindex(listing)
    return clinic


class SharedClinic(Conflict):
    code = "shared_clinic"


def _own_clinic(listing: Practitioner, clinic_id: int) -> Clinic:
    clinic = Clinic.objects.select_for_update().filter(pk=clinic_id, practitioners=listing).first()
    if clinic is None:
        raise NotFound("There is no clinic of yours with that number.")
    return clinic


@transaction.atomic
def update_clinic(user, practitioner_id: int, clinic_id: int, data: dict) -> Clinic:
    """Change a clinic's details. A new postcode moves it on the map (and may change its nation,
    so the treatment verdicts are checked again). A clinic other practitioners also work at is
    not one practitioner's to change."""
    listing = locked_listing(practitioner_id)
    require_owner(user, listing)
    clinic = _own_clinic(listing, clinic_id)
    if clinic.practitioners.exclude(pk=listing.pk).exists():
        raise SharedClinic(
            "Other practitioners on the register also work at this clinic, so only an assessor "
            "can change its details. You can leave it and add it again with the right details."
        )
    values = {k: data.get(k, getattr(clinic, k)) for k in ("name", "address", "phone", "website")}
    if not (values["name"] or "").strip() or not (values["address"] or "").strip():
        raise InvalidInput("Enter the clinic's name and address.")
    before = audit.snapshot(clinic, CLINIC_FIELDS)
    postcode = data.get("postcode")
    if postcode and "".join(postcode.split()).upper() != "".join(clinic.postcode.split()):
        values.update(place_postcode(postcode))
    for name, value in values.items():
        setattr(clinic, name, value)
    clinic.save()
    after = audit.snapshot(clinic, CLINIC_FIELDS)
    changed = audit.record_changes(
        user, "clinic_updated", clinic, practitioner_id=listing.pk, before=before, after=after
    )
    if changed:
        if changed & {"address", "postcode"}:
            reopen_findings(user, listing, {"clinics"})
        _refresh_verdicts(listing)
    return clinic


@transaction.atomic
def leave_clinic(user, practitioner_id: int, clinic_id: int) -> list[str]:
    """The practitioner no longer works at a clinic: it leaves their listing, with the treatments
    they offered there. Returns the slugs of the treatments removed."""
    listing = locked_listing(practitioner_id)
    require_owner(user, listing)
    clinic = _own_clinic(listing, clinic_id)
    offers = list(listing.offers.filter(clinic=clinic).order_by("id"))
    audit.record(
        user,
        "clinic_left",
        clinic,
        practitioner_id=listing.pk,
        before={
            **audit.snapshot(clinic, CLINIC_FIELDS),
            "offers": [audit.snapshot(o, ("id", *OFFER_FIELDS)) for o in offers],
        },
    )
    Offer.objects.filter(pk__in=[o.pk for o in offers]).delete()
    listing.clinics.remove(clinic)
    reindex(listing)
    return [o.treatment for o in offers]


# --- products and offers --------------------------------------------------------------------


def _compute_product(product: Product, stamp: str) -> None:
    verdict, reasons = verdicts.check_product_label(product.ingredients or "")
    product.label_verdict, product.label_reasons = verdict, list(reasons)
    product.verdicts_fingerprint = stamp


def facts(product: Product) -> verdicts.ProductFacts:
    return verdicts.ProductFacts(
        product.source, product.route, product.regulatory_status, product.ingredients or ""
    )


def _compute_offer(offer: Offer, listing: Practitioner, products, nation: str, stamp: str) -> None:
    verdict, reasons = verdicts.check_offer(
        offer.treatment,
        tuple(sorted((facts(p) for p in products), key=repr)),
        nation,
        listing.profession,
        listing.is_prescriber,
    )
    offer.verdict, offer.verdict_reasons = verdict, list(reasons)
    offer.verdicts_fingerprint = stamp
    if verdict == "unlawful":
        offer.is_published = False


@transaction.atomic
def save_product(user, practitioner_id: int, data: dict, product_id: int | None = None) -> Product:
    listing = locked_listing(practitioner_id)
    require_owner(user, listing)
    if product_id is None:
        product, before = Product(practitioner=listing), None
    else:
        product = Product.objects.filter(pk=product_id, practitioner=listing).first()
        if product is None:
            raise NotFound("There is no product of yours with that number.")
        before = audit.snapshot(product, PRODUCT_FIELDS)
    for name in ("name", "manufacturer", "source", "route", "regulatory_status", "ingredients"):
        if name in data:
            setattr(product, name, data[name])
    if not product.name.strip() or not product.manufacturer.strip():
        raise InvalidInput("Enter the product's name and manufacturer.")
    _compute_product(product, current_fingerprint())
    product.save()
    audit.record(
        user,
        "product_saved",
        product,
        practitioner_id=listing.pk,
        before=before,
        after=audit.snapshot(product, PRODUCT_FIELDS),
    )
    reopen_findings(user, listing, {"products"})
    _refresh_verdicts(listing)
    return product


@transaction.atomic
def delete_product(user, practitioner_id: int, product_id: int) -> None:
    """Remove a product: it leaves every treatment it was used for, whose verdicts are then
    checked again."""
    listing = locked_listing(practitioner_id)
    require_owner(user, listing)
    product = Product.objects.filter(pk=product_id, practitioner=listing).first()
    if product is None:
        raise NotFound("There is no product of yours with that number.")
    audit.record(
        user,
        "product_deleted",
        product,
        practitioner_id=listing.pk,
        before={
            **audit.snapshot(product, PRODUCT_FIELDS),
            "offers": list(product.offers.values_list("pk", flat=True)),
        },
    )
    product.delete()
    _refresh_verdicts(listing)


def _price(value, name: str) -> Decimal:
    try:
        price = Decimal(str(value)).quantize(Decimal("0.01"))
    except ArithmeticError:
        raise InvalidInput(f"Enter the {name} in pounds, like 150 or 150.00.") from None
    if price < 0 or price > Decimal("100000"):
        raise InvalidInput(f"The {name} must be between £0 and £100,000.")
    return price


@transaction.atomic
def save_offer(user, practitioner_id: int, data: dict, offer_id: int | None = None) -> Offer:
    """Add or change a treatment offered. It is published unless the treatment checker finds
    it unlawful, in which case it is kept, unpublished, with the reasons."""
    from treatsafe.treatments.catalogue import get_treatment

    listing = locked_listing(practitioner_id)
    require_owner(user, listing)
    if offer_id is None:
        offer, before = Offer(practitioner=listing), None
    else:
        offer = Offer.objects.filter(pk=offer_id, practitioner=listing).first()
        if offer is None:
            raise NotFound("There is no treatment of yours with that number.")
        before = audit.snapshot(offer, OFFER_FIELDS)
    before_products = list(offer.products.values_list("pk", flat=True)) if offer.pk else []
    treatment = get_treatment(data.get("treatment", offer.treatment))
    clinic = listing.clinics.filter(pk=data.get("clinic_id", offer.clinic_id)).first()
    if clinic is None:
        raise InvalidInput("Choose one of the clinics you work at.", field="clinic_id")
    offer.treatment, offer.clinic = treatment.slug, clinic
    offer.price_from = _price(data.get("price_from", offer.price_from), "lowest price")
    offer.price_to = _price(data.get("price_to", offer.price_to), "highest price")
    if offer.price_to < offer.price_from:
        raise InvalidInput("The highest price must be at least the lowest price.", field="price_to")
    product_ids = data.get("product_ids")
    products = (
        list(listing.products.filter(pk__in=product_ids))
        if product_ids is not None
        else (list(offer.products.all()) if offer.pk else [])
    )
    offer.is_published = bool(data.get("is_published", True))
    _compute_offer(offer, listing, products, clinic.nation, current_fingerprint())
    offer.save()
    offer.products.set(products)
    audit.record(
        user,
        "offer_saved",
        offer,
        practitioner_id=listing.pk,
        before=before,
        after={**audit.snapshot(offer, OFFER_FIELDS), "products": [p.pk for p in products]},
    )
    changes = set()
    if before is None or before["treatment"] != offer.treatment:
        changes.add("treatments")
    if sorted(p.pk for p in products) != sorted(before_products):
        changes.add("products")
    reopen_findings(user, listing, changes)
    reindex(listing)
    return offer


@transaction.atomic
def publish_offer(user, offer_id: int, publish: bool = True) -> Offer:
    offer = Offer.objects.select_related("practitioner").filter(pk=offer_id).first()
    if offer is None:
        raise NotFound("There is no treatment with that number.")
    require_owner(user, offer.practitioner)
    if publish and offer.verdict == "unlawful":
        raise UnlawfulOffer(
            "This treatment is unlawful as offered, so it cannot be published.",
            reasons=offer.verdict_reasons,
        )
    before = audit.snapshot(offer, OFFER_FIELDS)
    offer.is_published = publish
    offer.save()
    audit.record(
        user,
        "offer_published" if publish else "offer_unpublished",
        offer,
        practitioner_id=offer.practitioner_id,
        before=before,
        after=audit.snapshot(offer, OFFER_FIELDS),
    )
    reindex(offer.practitioner)
    return offer


@transaction.atomic
def delete_offer(user, offer_id: int) -> None:
    offer = Offer.objects.select_related("practitioner").filter(pk=offer_id).first()
    if offer is None:
        raise NotFound("There is no treatment with that number.")
    require_owner(user, offer.practitioner)
    before = audit.snapshot(offer, OFFER_FIELDS)
    audit.record(user, "offer_deleted", offer, practitioner_id=offer.practitioner_id, before=before)
    offer.delete()
    reindex(offer.practitioner)


# --- verdicts -------------------------------------------------------------------------------


def current_fingerprint() -> str:
    return verdicts.fingerprint()


def _refresh_verdicts(listing: Practitioner) -> None:
    stamp = current_fingerprint()
    for product in listing.products.all():
        _compute_product(product, stamp)
        product.save()
    for offer in listing.offers.select_related("clinic").prefetch_related("products"):
        _compute_offer(offer, listing, list(offer.products.all()), offer.clinic.nation, stamp)
        offer.save()
    reindex(listing)


# --- reports --------------------------------------------------------------------------------


@transaction.atomic
def report_listing(practitioner_id: int, description: str) -> Report:
    listing = get_public_listing(practitioner_id)
    description = (description or "").strip()
    if not description:
        raise InvalidInput("Describe what concerns you about this listing.", field="description")
    if len(description) > 5000:
        raise InvalidInput("Keep the description under 5,000 characters.", field="description")
    return Report.objects.create(practitioner=listing, description=description)
