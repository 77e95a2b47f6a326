"""The accreditation state machine, as data and one pure function.

applied -> under assessment -> accredited (12 months) -> renewed / expired / suspended / revoked.
A listing starts as a draft its practitioner can edit; only the practitioner can apply (or ask
for renewal) and only an assessor can move a listing between any other states, so nobody ever
changes their own accreditation. `expire` is done by the system when the expiry date passes.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import models

from treatsafe.core.dates import govuk_date
from treatsafe.core.errors import Conflict, Forbidden, InvalidInput

ACCREDITATION_MONTHS = 12


class Status(models.TextChoices):
    DRAFT = "draft", "Not yet applied"
    APPLIED = "applied", "Applied"
    UNDER_ASSESSMENT = "under_assessment", "Under assessment"
    ACCREDITED = "accredited", "Accredited"
    EXPIRED = "expired", "Accreditation expired"
    SUSPENDED = "suspended", "Suspended"
    REVOKED = "revoked", "Revoked"


# States the public can see. A draft is private to its practitioner and the assessors.
PUBLIC_STATUSES = tuple(s.value for s in Status if s != Status.DRAFT)


class Role(models.TextChoices):
    PRACTITIONER = "practitioner"
    ASSESSOR = "assessor"
    SYSTEM = "system"


class IllegalTransition(Conflict):
    code = "illegal_transition"


class NotAllowed(Forbidden):
    code = "not_allowed"


class ReasonRequired(InvalidInput):
    code = "reason_required"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    role: str
    needs_reason: bool = False
    sets_expiry: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "apply", "Apply for assessment", (Status.DRAFT,), Status.APPLIED, Role.PRACTITIONER
        ),
        Transition(
            "start_assessment",
            "Start assessment",
            (Status.APPLIED,),
            Status.UNDER_ASSESSMENT,
            Role.ASSESSOR,
        ),
        Transition(
            "refuse",
            "Refuse accreditation",
            (Status.APPLIED, Status.UNDER_ASSESSMENT),
            Status.DRAFT,
            Role.ASSESSOR,
            needs_reason=True,
        ),
        Transition(
            "accredit",
            "Accredit for 12 months",
            (Status.UNDER_ASSESSMENT,),
            Status.ACCREDITED,
            Role.ASSESSOR,
            sets_expiry=True,
        ),
        Transition(
            "renew",
            "Renew for 12 months",
            (Status.ACCREDITED, Status.EXPIRED),
            Status.ACCREDITED,
            Role.ASSESSOR,
            sets_expiry=True,
        ),
        Transition("expire", "Mark as expired", (Status.ACCREDITED,), Status.EXPIRED, Role.SYSTEM),
        Transition(
            "lapse",
            "Suspend: insurance ended",
            (Status.ACCREDITED,),
            Status.SUSPENDED,
            Role.SYSTEM,
            needs_reason=True,
        ),
        Transition(
            "suspend",
            "Suspend",
            (Status.ACCREDITED,),
            Status.SUSPENDED,
            Role.ASSESSOR,
            needs_reason=True,
        ),
        Transition(
            "reinstate",
            "Lift the suspension",
            (Status.SUSPENDED,),
            Status.ACCREDITED,
            Role.ASSESSOR,
            needs_reason=True,
        ),
        Transition(
            "revoke",
            "Revoke",
            (Status.ACCREDITED, Status.SUSPENDED, Status.EXPIRED, Status.UNDER_ASSESSMENT),
            Status.REVOKED,
            Role.ASSESSOR,
            needs_reason=True,
        ),
    )
}


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months, clamped to the month's last day (29 Feb + 12 months = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def effective_status(status: str, accredited_until: dt.date | None, today: dt.date) -> str:
    """What a listing is today: an accreditation past its expiry date is expired, whether or
    not the nightly `expire` transition has run yet."""
    if status == Status.ACCREDITED and (accredited_until is None or accredited_until < today):
        return Status.EXPIRED
    return status


@dataclass(frozen=True)
class Outcome:
    action: str
    source: str
    target: str
    accredited_until: dt.date | None
    reason: str


def plan(
    action: str,
    status: str,
    role: str,
    *,
    today: dt.date,
    accredited_until: dt.date | None = None,
    reason: str = "",
    insured_until: dt.date | None = None,
) -> Outcome:
    """Decide the result of `action` on a listing in `status`, by someone in `role`.

    Raises IllegalTransition (unknown action, or not possible from this state), NotAllowed
    (the role may not do it) or ReasonRequired. An accreditation never runs past
    `insured_until`: its expiry is capped there, with a reason saying so. Pure: no database,
    no clock.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise IllegalTransition(f"There is no action called {action!r}.", action=action)
    if role != transition.role:
        raise NotAllowed(
            f"Only the {transition.role} can {transition.label.lower()}.", action=action
        )
    current = effective_status(status, accredited_until, today)
    if action == "expire":
        current = status  # the system records an expiry that effective_status already shows
    if current not in transition.sources:
        raise IllegalTransition(
            f"'{transition.label}' is not possible for a listing whose status is "
            f"'{Status(current).label}'.",
            action=action,
            status=current,
        )
    if action == "expire" and accredited_until and accredited_until >= today:
        raise IllegalTransition("This accreditation has not reached its expiry date.")
    if action == "reinstate" and current != Status.SUSPENDED:
        raise IllegalTransition("Only a suspended listing can be reinstated.")
    reason = (reason or "").strip()
    if transition.needs_reason and not reason:
        raise ReasonRequired("Give a reason: it is published on the listing.", action=action)
    until = accredited_until
    if transition.sets_expiry:
        start = today
        if action == "renew" and accredited_until and accredited_until > today:
            start = accredited_until
        until = add_months(start, ACCREDITATION_MONTHS)
        if insured_until and until > insured_until:
            until = insured_until  # never accredited beyond the insurance: capped, and said so
            reason = reason or (
                f"Accredited only until the end of the practitioner's insurance "
                f"({govuk_date(insured_until)}): new cover can extend it."
            )
    if transition.target == Status.DRAFT:
        until = None
    return Outcome(action, current, transition.target, until, reason)


def actions_for(status: str, role: str, accredited_until: dt.date | None, today: dt.date):
    """The transitions `role` may take from the listing's current state (for buttons)."""
    current = effective_status(status, accredited_until, today)
    return [
        t
        for t in TRANSITIONS.values()
        if t.role == role and current in t.sources and t.role != Role.SYSTEM
    ]
