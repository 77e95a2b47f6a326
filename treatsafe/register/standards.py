"""The published standards a listing is assessed against, as data. Each assessment records,
for every standard, the assessor's finding and an evidence note."""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Standard:
    code: str
    title: str
    requirement: str
    evidence: str
    may_not_apply: bool = False


STANDARDS: tuple[Standard, ...] = (
    Standard(
        "insurance",
        "Valid insurance",
        "Medical malpractice and public liability insurance that covers every treatment offered, "
        "in date for the whole accreditation period or renewed before it lapses.",
        "Insurance certificate: insurer, policy number, cover, treatments named, expiry date.",
    ),
    Standard(
        "registration",
        "Verified statutory registration",
        "Where the practitioner claims a statutory registration (GMC, NMC, GDC, GPhC, HCPC, "
        "PSNI), the assessor has checked the number on the regulator's public register and it "
        "has no conditions that bar the treatments offered.",
        "Date checked and the register entry seen.",
        may_not_apply=True,
    ),
    Standard(
        "qualifications",
        "Qualifications for each treatment",
        "A recognised qualification or documented supervised training for every treatment "
        "offered, at the level the treatment needs.",
        "Certificates per treatment, awarding body, date.",
    ),
    Standard(
        "prescriber",
        "Prescriber arrangements for prescription-only medicines",
        "Prescription-only medicines (such as botulinum toxin) are prescribed by a UK prescriber "
        "after a face-to-face consultation with the patient, never remotely, and are supplied "
        "through a lawful chain.",
        "The prescriber's name and register number, consultation records, supplier invoices.",
        may_not_apply=True,
    ),
    Standard(
        "premises",
        "Premises and infection control",
        "Clean, suitable premises with hand washing, sharps disposal, clinical waste collection "
        "and any local licence or registration the premises need.",
        "Visit or photographs, waste contract, local authority licence where one applies.",
    ),
    Standard(
        "consent",
        "Consent and record keeping",
        "A consultation before treatment, written informed consent with a cooling-off period for "
        "injectables, and treatment records kept securely with product batch numbers.",
        "Anonymised consent form and treatment record.",
    ),
    Standard(
        "complications",
        "Complications and emergencies",
        "A complications protocol, emergency medicines (such as hyaluronidase and adrenaline "
        "where relevant), and a contact patients can reach after treatment.",
        "Protocol, medicines list with expiry dates, out-of-hours contact.",
    ),
    Standard(
        "complaints",
        "Complaints procedure",
        "A written complaints procedure given to patients, with timescales and where to go next.",
        "The procedure and a log of complaints (anonymised).",
    ),
    Standard(
        "products",
        "Lawful products",
        "Every product is lawful for its route and source: no human-derived ingredients in "
        "cosmetics, no unlicensed medicines, devices with a UKCA or CE mark. TreatSafe's "
        "treatment and label checkers must find no unlawful offer.",
        "Product list with manufacturer, batch, regulatory status; the checkers' verdicts.",
    ),
)

STANDARDS_BY_CODE = {s.code: s for s in STANDARDS}

# What a practitioner may change that an assessor verified: a change to any of these on an
# assessed listing reopens the standard's finding, so the assessor checks it again. Keys are
# listing fields, or "clinics", "products" and "treatments" (a treatment added or changed).
REOPENED_BY: dict[str, frozenset[str]] = {
    "insurance": frozenset({"insurer", "insurance_expires"}),
    "registration": frozenset({"name", "profession", "statutory_register", "registration_number"}),
    "qualifications": frozenset({"profession", "qualifications", "treatments"}),
    "prescriber": frozenset({"profession", "is_prescriber", "treatments", "products"}),
    "premises": frozenset({"clinics"}),
    "complications": frozenset({"complications_contact"}),
    "products": frozenset({"products", "treatments"}),
}


def reopened_standards(changes: set[str]) -> list[str]:
    """The codes of the standards whose findings the given changes reopen."""
    return [code for code, keys in REOPENED_BY.items() if keys & changes]


class Finding(models.TextChoices):
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "not_applicable", "Does not apply"


def unmet_standards(findings: dict[str, str]) -> list[Standard]:
    """The standards that stop accreditation: not assessed, not met, or marked 'does not
    apply' when they always apply."""
    unmet = []
    for standard in STANDARDS:
        finding = findings.get(standard.code)
        if finding == Finding.MET:
            continue
        if finding == Finding.NOT_APPLICABLE and standard.may_not_apply:
            continue
        unmet.append(standard)
    return unmet
