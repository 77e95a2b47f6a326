"""Changing the register: listings, clinics, products, offers, assessments and accreditation.

Every change runs in one transaction with its audit entry, checks who is asking, and rebuilds the
listing's search rows. Views and the API call these; none of them touch HTTP.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from treatsafe.core.errors import Conflict, InvalidInput, NotFound
from treatsafe.register import accreditation, audit, verdicts
from treatsafe.register.accreditation import Role, Status
from treatsafe.register.models import (
    Assessment,
    Clinic,
    Nation,
    Offer,
    Practitioner,
    Product,
    Report,
    SearchEntry,
    VerdictState,
)
from treatsafe.register.permissions import require_assessor, require_owner
from treatsafe.register.registration import validate_registration
from treatsafe.register.standards import STANDARDS_BY_CODE, Finding, unmet_standards

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


RECOMPUTE_BATCH = 500


class AccreditationBlocked(Conflict):
    code = "accreditation_blocked"


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
    listing = _locked(practitioner_id)
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
    changed = {k for k in after if after[k] != before[k]}
    if changed:
        audit.record(
            user,
            "listing_updated",
            listing,
            practitioner_id=listing.pk,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
        _refresh_verdicts(listing)
    return listing


def _locked(practitioner_id: int) -> Practitioner:
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
    listing = _locked(practitioner_id)
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
    reindex(listing)
    return clinic


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
    listing = _locked(practitioner_id)
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
    _refresh_verdicts(listing)
    return product


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

    listing = _locked(practitioner_id)
    require_owner(user, listing)
    if offer_id is None:
        offer, before = Offer(practitioner=listing), None
    else:
        offer = Offer.objects.filter(pk=offer_id, practitioner=listing).first()
        if offer is None:
            raise NotFound("There is no treatment of yours with that number.")
        before = audit.snapshot(offer, OFFER_FIELDS)
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


@dataclass
class RecomputeOutcome:
    changed: bool
    products: int
    offers: int
    unpublished: int


def _update_grouped(model, changes: dict[tuple, list[int]], fields: tuple[str, ...]) -> None:
    """One UPDATE per distinct new value (there are few), in chunks of ids."""
    for values, ids in changes.items():
        for start in range(0, len(ids), RECOMPUTE_BATCH):
            model.objects.filter(pk__in=ids[start : start + RECOMPUTE_BATCH]).update(
                **{
                    field: list(value) if isinstance(value, tuple) else value
                    for field, value in zip(fields, values, strict=True)
                }
            )


def recompute_verdicts(force: bool = False) -> RecomputeOutcome:
    """Recompute every stored verdict if the rules or reference data changed since they were
    computed (or always, with force). Offers that become unlawful are unpublished.

    Reads plain values, runs the checkers once per distinct set of facts (verdicts.py caches
    them) and writes only the rows whose verdict changed, grouped by new value, so it stays
    quick at 100,000 listings."""
    stamp = current_fingerprint()
    state = VerdictState.objects.filter(key="verdicts").first()
    if state and state.fingerprint == stamp and not force:
        return RecomputeOutcome(False, 0, 0, 0)
    verdicts.clear_cache()
    with transaction.atomic():
        facts_of, product_changes = {}, {}
        rows = Product.objects.values_list(
            "pk",
            "source",
            "route",
            "regulatory_status",
            "ingredients",
            "label_verdict",
            "label_reasons",
        )
        for pk, source, route, status, ingredients, old_verdict, old_reasons in rows.iterator(
            chunk_size=5000
        ):
            facts_of[pk] = verdicts.ProductFacts(source, route, status, ingredients or "")
            verdict, reasons = verdicts.check_product_label(ingredients or "")
            if (verdict, list(reasons)) != (old_verdict, old_reasons):
                product_changes.setdefault((verdict, reasons), []).append(pk)
        _update_grouped(Product, product_changes, ("label_verdict", "label_reasons"))
        products_of: dict[int, list] = {}
        links = Offer.products.through.objects.values_list("offer_id", "product_id")
        for offer_id, product_id in links.iterator(chunk_size=5000):
            products_of.setdefault(offer_id, []).append(facts_of[product_id])
        offer_changes: dict[tuple, list[int]] = {}
        unpublished: list[tuple[int, int, str]] = []
        rows = Offer.objects.values_list(
            "pk",
            "practitioner_id",
            "treatment",
            "clinic__nation",
            "practitioner__profession",
            "practitioner__is_prescriber",
            "verdict",
            "verdict_reasons",
            "is_published",
        )
        count = 0
        for (
            pk,
            listing_id,
            slug,
            nation,
            profession,
            prescriber,
            old,
            old_reasons,
            published,
        ) in rows.iterator(chunk_size=5000):
            count += 1
            products = tuple(sorted(products_of.get(pk, ()), key=repr))
            verdict, reasons = verdicts.check_offer(slug, products, nation, profession, prescriber)
            publish = published and verdict != "unlawful"
            if (verdict, list(reasons), publish) != (old, old_reasons, published):
                offer_changes.setdefault((verdict, reasons, publish), []).append(pk)
                if published and not publish:
                    unpublished.append((pk, listing_id, verdict))
        _update_grouped(Offer, offer_changes, ("verdict", "verdict_reasons", "is_published"))
        Product.objects.update(verdicts_fingerprint=stamp)
        Offer.objects.update(verdicts_fingerprint=stamp)
        for pk, listing_id, verdict in unpublished:
            audit.record(
                None,
                "offer_unpublished",
                Offer(pk=pk),
                practitioner_id=listing_id,
                before={"is_published": True},
                after={"verdict": verdict, "is_published": False},
            )
        if unpublished:
            reindex_many({listing_id for _, listing_id, _ in unpublished})
        VerdictState.objects.update_or_create(
            key="verdicts", defaults={"fingerprint": stamp, "computed_at": timezone.now()}
        )
    return RecomputeOutcome(True, len(facts_of), count, len(unpublished))


# --- accreditation --------------------------------------------------------------------------


def accreditation_blockers(listing: Practitioner, on: dt.date) -> list[str]:
    """Why this listing cannot be accredited today (empty when it can)."""
    problems = []
    findings = dict(listing.assessments.values_list("standard", "finding"))
    for standard in unmet_standards(findings):
        problems.append(f"Standard not met: {standard.title}.")
    unlawful = listing.offers.filter(verdict="unlawful").count()
    if unlawful:
        problems.append(
            f"{unlawful} treatment(s) offered are unlawful as offered: they must be withdrawn."
        )
    if not listing.insurance_expires or listing.insurance_expires < on:
        problems.append("No insurance in date.")
    try:
        validate_registration(listing.statutory_register, listing.registration_number)
    except InvalidInput as error:
        problems.append(f"Registration: {error.message}")
    if not listing.offers.filter(is_published=True).exists():
        problems.append("No lawful treatment is offered.")
    return problems


@transaction.atomic
def transition(
    user, practitioner_id: int, action: str, reason: str = "", on: dt.date | None = None
) -> Practitioner:
    """Move a listing through the accreditation state machine, recording it in the audit log."""
    on = on or today()
    listing = _locked(practitioner_id)
    spec = accreditation.TRANSITIONS.get(action)
    role = spec.role if spec else Role.ASSESSOR
    if role == Role.PRACTITIONER:
        require_owner(user, listing)
    elif role == Role.ASSESSOR:
        require_assessor(user, listing)
    outcome = accreditation.plan(
        action,
        listing.status,
        role,
        today=on,
        accredited_until=listing.accredited_until,
        reason=reason,
    )
    if action in ("accredit", "renew"):
        problems = accreditation_blockers(listing, on)
        if problems:
            raise AccreditationBlocked(
                "This listing cannot be accredited yet: " + " ".join(problems), problems=problems
            )
    if action == "apply" and not listing.clinics.exists():
        raise InvalidInput("Add the clinic where you work before applying.")
    before = audit.snapshot(listing, ACCREDITATION_FIELDS)
    listing.status = outcome.target
    listing.accredited_until = outcome.accredited_until
    listing.status_reason = outcome.reason
    listing.status_changed_at = timezone.now()
    if action in ("renew", "accredit", "refuse", "revoke"):
        listing.renewal_requested = False
    listing.save()
    audit.record(
        user,
        action,
        listing,
        practitioner_id=listing.pk,
        before=before,
        after=audit.snapshot(listing, ACCREDITATION_FIELDS),
    )
    reindex(listing)
    return listing


@transaction.atomic
def request_renewal(user, practitioner_id: int) -> Practitioner:
    listing = _locked(practitioner_id)
    require_owner(user, listing)
    current = accreditation.effective_status(listing.status, listing.accredited_until, today())
    if current not in (Status.ACCREDITED, Status.EXPIRED):
        raise accreditation.IllegalTransition(
            "Only an accredited or expired listing can ask for renewal."
        )
    before = audit.snapshot(listing, ACCREDITATION_FIELDS)
    listing.renewal_requested = True
    listing.save(update_fields=["renewal_requested", "updated_at"])
    audit.record(
        user,
        "renewal_requested",
        listing,
        practitioner_id=listing.pk,
        before=before,
        after=audit.snapshot(listing, ACCREDITATION_FIELDS),
    )
    return listing


def expire_due(on: dt.date | None = None) -> int:
    """Record the expiry of every accreditation past its date (the system's transition)."""
    on = on or today()
    due = Practitioner.objects.filter(status=Status.ACCREDITED, accredited_until__lt=on)
    count = 0
    for listing_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            listing = _locked(listing_id)
            outcome = accreditation.plan(
                "expire",
                listing.status,
                Role.SYSTEM,
                today=on,
                accredited_until=listing.accredited_until,
            )
            before = audit.snapshot(listing, ACCREDITATION_FIELDS)
            listing.status = outcome.target
            listing.status_changed_at = timezone.now()
            listing.save()
            audit.record(
                None,
                "expire",
                listing,
                practitioner_id=listing.pk,
                before=before,
                after=audit.snapshot(listing, ACCREDITATION_FIELDS),
            )
            reindex(listing)
            count += 1
    return count


@transaction.atomic
def record_finding(
    user, practitioner_id: int, standard: str, finding: str, evidence: str
) -> Assessment:
    listing = _locked(practitioner_id)
    require_assessor(user, listing)
    if standard not in STANDARDS_BY_CODE:
        raise InvalidInput(f"There is no standard called {standard!r}.", field="standard")
    if finding not in Finding.values:
        raise InvalidInput("Choose met, not met or does not apply.", field="finding")
    if finding == Finding.NOT_APPLICABLE and not STANDARDS_BY_CODE[standard].may_not_apply:
        raise InvalidInput(
            f"'{STANDARDS_BY_CODE[standard].title}' applies to every listing.", field="finding"
        )
    if listing.status not in (Status.UNDER_ASSESSMENT, Status.ACCREDITED, Status.EXPIRED):
        raise accreditation.IllegalTransition(
            "Start the assessment before recording findings.", status=listing.status
        )
    current = listing.assessments.filter(standard=standard).first()
    before = {"finding": current.finding, "evidence": current.evidence} if current else None
    assessment, _ = Assessment.objects.update_or_create(
        practitioner=listing,
        standard=standard,
        defaults={
            "finding": finding,
            "evidence": evidence.strip(),
            "assessor": user,
            "assessed_at": timezone.now(),
        },
    )
    audit.record(
        user,
        "finding_recorded",
        assessment,
        practitioner_id=listing.pk,
        before=before,
        after={"standard": standard, "finding": finding, "evidence": evidence.strip()},
    )
    return assessment


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


# --- search rows ----------------------------------------------------------------------------


def search_rows(listing: Practitioner, clinics, offers) -> list[SearchEntry]:
    if listing.status == Status.DRAFT:
        return []
    rows = []
    by_clinic: dict[int, set[str]] = {c.pk: set() for c in clinics}
    for offer in offers:
        if offer.is_published and offer.verdict != "unlawful" and offer.clinic_id in by_clinic:
            by_clinic[offer.clinic_id].add(offer.treatment)
    for clinic in clinics:
        for slug in [SearchEntry.ANY, *sorted(by_clinic[clinic.pk])]:
            rows.append(
                SearchEntry(
                    practitioner_id=listing.pk,
                    clinic_id=clinic.pk,
                    treatment=slug,
                    latitude=clinic.latitude,
                    longitude=clinic.longitude,
                    nation=clinic.nation,
                    status=listing.status,
                    accredited_until=listing.accredited_until,
                )
            )
    return rows


def reindex(listing: Practitioner) -> None:
    SearchEntry.objects.filter(practitioner_id=listing.pk).delete()
    rows = search_rows(listing, list(listing.clinics.all()), list(listing.offers.all()))
    SearchEntry.objects.bulk_create(rows, batch_size=2000)


def reindex_many(practitioner_ids) -> None:
    for listing in Practitioner.objects.filter(pk__in=list(practitioner_ids)):
        reindex(listing)
