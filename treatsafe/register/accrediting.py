"""Accreditation: moving a listing through the state machine, recording assessors' findings
against the standards, and the checks that must pass before a listing is accredited. Every
change is one transaction with its audit entry."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from treatsafe.core.errors import Conflict, InvalidInput
from treatsafe.register import accreditation, audit
from treatsafe.register.accreditation import Role, Status
from treatsafe.register.indexing import reindex
from treatsafe.register.models import Assessment, AuditEntry, Practitioner
from treatsafe.register.permissions import require_assessor, require_owner
from treatsafe.register.registration import validate_registration
from treatsafe.register.services import ACCREDITATION_FIELDS, locked_listing, today
from treatsafe.register.standards import STANDARDS_BY_CODE, Finding, unmet_standards


class AccreditationBlocked(Conflict):
    code = "accreditation_blocked"


# The states in which an assessor records findings (a renewal is assessed afresh).
FINDING_STATUSES = (Status.UNDER_ASSESSMENT, Status.ACCREDITED, Status.EXPIRED)


def accreditation_blockers(listing: Practitioner, on: dt.date) -> list[str]:
    """Why this listing cannot be accredited today (empty when it can)."""
    problems = []
    findings = dict(listing.assessments.values_list("standard", "finding"))
    for standard in unmet_standards(findings):
        problems.append(f"Standard not met: {standard.title}.")
    problems += [f"Not re-assessed for renewal: {title}." for title in _stale_findings(listing)]
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


def _stale_findings(listing: Practitioner) -> list[str]:
    """A renewal is a fresh assessment: on an accredited or expired listing, the titles of the
    standards whose finding predates the current accreditation (its last accredit or renew)."""
    if listing.status not in (Status.ACCREDITED, Status.EXPIRED):
        return []
    since = (
        AuditEntry.objects.filter(practitioner_id=listing.pk, action__in=("accredit", "renew"))
        .order_by("-id")
        .values_list("created_at", flat=True)
        .first()
    )
    if since is None:
        return []
    return [
        STANDARDS_BY_CODE[code].title
        for code, at in listing.assessments.values_list("standard", "assessed_at")
        if code in STANDARDS_BY_CODE and at < since
    ]


@transaction.atomic
def transition(
    user, practitioner_id: int, action: str, reason: str = "", on: dt.date | None = None
) -> Practitioner:
    """Move a listing through the accreditation state machine, recording it in the audit log."""
    on = on or today()
    listing = locked_listing(practitioner_id)
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
    listing = locked_listing(practitioner_id)
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
            listing = locked_listing(listing_id)
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
    listing = locked_listing(practitioner_id)
    require_assessor(user, listing)
    if standard not in STANDARDS_BY_CODE:
        raise InvalidInput(f"There is no standard called {standard!r}.", field="standard")
    if finding not in Finding.values:
        raise InvalidInput("Choose met, not met or does not apply.", field="finding")
    if finding == Finding.NOT_APPLICABLE and not STANDARDS_BY_CODE[standard].may_not_apply:
        raise InvalidInput(
            f"'{STANDARDS_BY_CODE[standard].title}' applies to every listing.", field="finding"
        )
    if listing.status not in FINDING_STATUSES:
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
