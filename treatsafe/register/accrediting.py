"""Accreditation: moving a listing through the state machine, recording assessors' findings
against the standards, and the checks that must pass before a listing is accredited. Every
change is one transaction with its audit entry."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from treatsafe.core.dates import govuk_date
from treatsafe.core.errors import Conflict, InvalidInput
from treatsafe.register import accreditation, audit, signals
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
        insured_until=listing.insurance_expires,
    )
    if action == "reinstate" and (not listing.insurance_expires or listing.insurance_expires < on):
        raise AccreditationBlocked("This listing cannot be reinstated: no insurance in date.")
    if action in ("accredit", "renew"):
        problems = accreditation_blockers(listing, on)
        if problems:
            raise AccreditationBlocked(
                "This listing cannot be accredited yet: " + " ".join(problems), problems=problems
            )
    if action == "apply" and not listing.clinics.exists():
        raise InvalidInput("Add the clinic where you work before applying.")
    _apply(user, listing, outcome, on)
    return listing


def _apply(user, listing: Practitioner, outcome: accreditation.Outcome, on: dt.date) -> None:
    """Write an outcome, its audit entry and search rows; tell higher apps once committed."""
    action = outcome.action
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
    signals.send_after_commit(
        signals.status_changed,
        listing=listing,
        action=action,
        before=outcome.source,
        reason=outcome.reason,
        on=on,
    )


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


def _system(listing_id: int, action: str, on: dt.date, reason: str = "") -> None:
    with transaction.atomic():
        listing = locked_listing(listing_id)
        outcome = accreditation.plan(
            action,
            listing.status,
            Role.SYSTEM,
            today=on,
            accredited_until=listing.accredited_until,
            reason=reason,
        )
        _apply(None, listing, outcome, on)


def expire_due(on: dt.date | None = None) -> int:
    """Record the expiry of every accreditation past its date (the system's transition)."""
    on = on or today()
    due = Practitioner.objects.filter(status=Status.ACCREDITED, accredited_until__lt=on)
    ids = list(due.values_list("pk", flat=True))
    for listing_id in ids:
        _system(listing_id, "expire", on)
    return len(ids)


def suspend_uninsured(on: dt.date | None = None) -> int:
    """Suspend every accredited listing whose insurance has ended, saying when it ended: a
    listing never shows as accredited without cover."""
    on = on or today()
    lapsed = Practitioner.objects.filter(status=Status.ACCREDITED, accredited_until__gte=on).filter(
        Q(insurance_expires__lt=on) | Q(insurance_expires__isnull=True)
    )
    rows = list(lapsed.values_list("pk", "insurance_expires"))
    for listing_id, ended in rows:
        when = f"ended on {govuk_date(ended)}" if ended else "is not recorded"
        _system(listing_id, "lapse", on, f"Insurance {when}; suspended until new cover is shown.")
    return len(rows)


REMINDER_DAYS = 30


def remind_expiring(on: dt.date | None = None) -> int:
    """Tell higher apps about every accreditation ending within 30 days (they send the email,
    once per expiry date)."""
    on = on or today()
    due = Practitioner.objects.filter(
        status=Status.ACCREDITED,
        accredited_until__gte=on,
        accredited_until__lte=on + dt.timedelta(days=REMINDER_DAYS),
    )
    count = 0
    for listing in due:
        signals.expiry_approaching.send(
            sender="register", listing=listing, days=(listing.accredited_until - on).days
        )
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
