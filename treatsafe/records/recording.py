"""The checks made when a practitioner records a treatment (or corrects a record). Pure
functions over the listing and the rules: a record that fails any check is refused with a clear
error naming the field, and nothing is stored.

The legal checks are the treatment checker's own rules (treatments/rules/*.yaml, with their
citations): the treatment as given, with each product, in the clinic's nation, by this
practitioner, to a patient of this age band. An unlawful verdict, for example botulinum toxin
or filler for an under-18 in England (the Botulinum Toxin and Cosmetic Fillers (Children) Act
2021) or a prohibited ingredient, refuses the record."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from treatsafe.core.errors import InvalidInput
from treatsafe.register.verdicts import HEALTHCARE_PROFESSIONS, NATION_JURISDICTION
from treatsafe.register.verdicts import REGULATORY_STATUS as CHECKER_STATUS
from treatsafe.treatments.catalogue import SLUGS, get_treatment

AGE_BANDS = {"18_or_over": "18 or over", "under_18": "Under 18"}
ROUTES = {
    "topical": "On the skin",
    "after-microneedling": "On the skin after microneedling",
    "injected": "Injected",
}
MAX_PRODUCTS = 5


class RecordRefused(InvalidInput):
    code = "record_refused"


@dataclass(frozen=True)
class ProductUse:
    product_id: int
    batch: str
    expires_on: dt.date | None


@dataclass
class RecordInput:
    treated_on: dt.date | None
    treatment: str
    clinic_id: int | None
    route: str
    area: str
    aftercare: str
    patient_age_band: str
    products: list[ProductUse] = field(default_factory=list)
    prescriber_name: str = ""
    prescriber_number: str = ""
    consultation_date: dt.date | None = None
    patient_email: str = ""


@dataclass
class CheckedRecord:
    data: RecordInput
    clinic: object
    products: list[tuple[object, ProductUse]]
    verdict: str
    reasons: list[str]
    prescription_only: bool


def _refuse(message: str, field_name: str):
    raise RecordRefused(message, field=field_name)


def _require(value: str, field_name: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        _refuse(message, field_name)
    return value


def check_record(listing, data: RecordInput, today: dt.date) -> CheckedRecord:
    """Every check, in the order a person would fix them. Raise RecordRefused (one error, with
    the field it belongs to)."""
    if data.treatment not in SLUGS:
        _refuse("Choose the treatment from the list.", "treatment")
    treatment = get_treatment(data.treatment)
    if data.treated_on is None:
        _refuse("Enter the date of the treatment.", "treated_on")
    if data.treated_on > today:
        _refuse("The date of the treatment must be today or in the past.", "treated_on")
    clinic = listing.clinics.filter(pk=data.clinic_id).first() if data.clinic_id else None
    if clinic is None:
        _refuse("Choose the clinic where you gave the treatment, from your listing.", "clinic")
    if data.route not in ROUTES:
        _refuse("Choose how the treatment was given.", "route")
    data.area = _require(data.area, "area", "Enter the area treated.")[:200]
    data.aftercare = _require(data.aftercare, "aftercare", "Enter the aftercare advice you gave.")
    if data.patient_age_band not in AGE_BANDS:
        _refuse("Say whether the patient is 18 or over.", "patient_age_band")
    data.patient_email = (data.patient_email or "").strip()
    if data.patient_email:
        try:
            validate_email(data.patient_email)
        except ValidationError:
            _refuse(
                "Enter the patient's email address in the right format, like name@example.com, "
                "or leave it empty.",
                "patient_email",
            )
    products = _check_products(listing, data)
    prescription_only = treatment.is_prescription_only
    if prescription_only:
        _check_prescription(data, treatment.name)
    verdict, reasons = _check_law(listing, clinic, data, products)
    return CheckedRecord(data, clinic, products, verdict, reasons, prescription_only)


def _check_products(listing, data: RecordInput) -> list:
    if not data.products:
        _refuse("Add at least one product you used, from your listing.", "products")
    if len(data.products) > MAX_PRODUCTS:
        _refuse(f"Record at most {MAX_PRODUCTS} products on one record.", "products")
    own = {p.pk: p for p in listing.products.filter(pk__in=[u.product_id for u in data.products])}
    checked = []
    for use in data.products:
        product = own.get(use.product_id)
        if product is None:
            _refuse("Choose each product from the products on your listing.", "products")
        batch = (use.batch or "").strip()
        if not batch:
            _refuse(f"Enter the batch or lot number of {product.name}.", "products")
        if use.expires_on is None:
            _refuse(f"Enter the expiry date of {product.name}'s batch.", "products")
        if use.expires_on < data.treated_on:
            _refuse(
                f"{product.name} batch {batch} expired on {use.expires_on:%-d %B %Y}, before the "
                f"treatment on {data.treated_on:%-d %B %Y}. An expired product must not be used.",
                "products",
            )
        checked.append((product, ProductUse(product.pk, batch[:64], use.expires_on)))
    return checked


def _check_prescription(data: RecordInput, name: str) -> None:
    data.prescriber_name = _require(
        data.prescriber_name,
        "prescriber_name",
        f"{name} is a prescription-only medicine: enter the prescriber's name.",
    )[:200]
    data.prescriber_number = _require(
        data.prescriber_number,
        "prescriber_number",
        f"{name} is a prescription-only medicine: enter the prescriber's professional "
        "registration number.",
    )[:32]
    if data.consultation_date is None:
        _refuse(
            f"{name} is a prescription-only medicine: enter the date of the prescriber's "
            "face-to-face consultation with the patient.",
            "consultation_date",
        )
    if data.consultation_date > data.treated_on:
        _refuse(
            "The face-to-face consultation must be on or before the date of the treatment.",
            "consultation_date",
        )


def _check_law(listing, clinic, data: RecordInput, products) -> tuple[str, list[str]]:
    """The treatment checker's verdict for each product; refuse an unlawful one."""
    from treatsafe.register.verdicts import check_product_label, worst
    from treatsafe.treatments.services import TreatmentQuery, check_treatment

    verdicts, reasons = [], []
    for product, _use in products:
        label_verdict, _ = check_product_label(product.ingredients or "")
        query = TreatmentQuery(
            treatment=data.treatment,
            source=product.source or "unknown",
            route=data.route,
            jurisdiction=NATION_JURISDICTION.get(clinic.nation),
            age_band=data.patient_age_band,
            administered_by=HEALTHCARE_PROFESSIONS.get(listing.profession, "non_healthcare"),
            prescriber="yes" if (data.prescriber_name or listing.is_prescriber) else "unknown",
            regulatory_status=CHECKER_STATUS.get(product.regulatory_status),
            label_verdict=label_verdict or None,
        )
        result = check_treatment(query)
        verdicts.append(result.verdict)
        if result.verdict == "unlawful":
            rules = [r for r in result.reasons if r.verdict == "unlawful"]
            about_age = any("age_band" in _rule_keys(r.rule_id) for r in rules)
            _refuse(
                f"This treatment is against the law as recorded, so it cannot be recorded "
                f"({product.name}): {'; '.join(r.title for r in rules)}.",
                "patient_age_band" if about_age else "products",
            )
        for reason in result.concerns:
            if reason.title not in reasons:
                reasons.append(reason.title)
    return worst(verdicts), reasons


def _rule_keys(rule_id: str) -> set[str]:
    """The facts a rule matches on (its `when:` keys)."""
    from treatsafe.treatments.rules import get_ruleset

    rule = next((r for r in get_ruleset().rules if r.id == rule_id), None)
    return set(getattr(rule, "when", {}) or {}) if rule else set()
