"""The demo register's past: accreditation events on the hash-chained audit log and the
assessments behind them, written batch by batch onto one unbroken chain."""

import datetime as dt

from treatsafe.register import audit
from treatsafe.register.accreditation import Status, add_months
from treatsafe.register.demo_rows import values_of
from treatsafe.register.standards import STANDARDS, Finding

DEMO_ACTOR = (None, "demo-data")


class History:
    """Appends each batch's history to the audit chain (locked for the whole load)."""

    def __init__(self):
        audit._lock_chain()
        self.prev = audit.last_hash()

    def write(self, rng, listings, now, audit_rows, assessment_rows) -> None:
        """Add the listings' history to the demo loader's rows (demo_rows.Rows)."""
        entries, assessments = [], []
        for listing in listings:
            entries += _timeline_entries(rng, listing, now, assessments)
        for fields in entries:
            when = fields.pop("when")
            entry = audit.build_entry(prev_hash=self.prev, when=when, **fields)
            values = values_of(entry)
            values.pop("id")
            audit_rows.add(**values)
            self.prev = entry.hash
        for values in assessments:
            assessment_rows.add(**values)


def _timeline(rng, listing, now, assessments) -> list[tuple]:
    status, until = listing.status, listing.accredited_until
    if status == Status.DRAFT:
        return []
    timeline = []
    if status in (Status.APPLIED, Status.UNDER_ASSESSMENT):
        applied = now - dt.timedelta(days=rng.randint(2, 40))
        timeline.append(("apply", applied, Status.APPLIED, None, ""))
        if status == Status.UNDER_ASSESSMENT:
            timeline.append(("start_assessment", applied + dt.timedelta(days=1), status, None, ""))
        return timeline
    accredited_on = add_months(until, -12)
    start = dt.datetime.combine(accredited_on, dt.time(10), tzinfo=dt.UTC)
    timeline += [
        ("apply", start - dt.timedelta(days=30), Status.APPLIED, None, ""),
        ("start_assessment", start - dt.timedelta(days=20), Status.UNDER_ASSESSMENT, None, ""),
        ("accredit", start, Status.ACCREDITED, until, ""),
    ]
    later = min(now, start + dt.timedelta(days=rng.randint(30, 200)))
    if status == Status.EXPIRED:
        expired_on = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(2), tzinfo=dt.UTC)
        timeline.append(("expire", expired_on, Status.EXPIRED, until, ""))
    elif status in (Status.SUSPENDED, Status.REVOKED):
        action = "suspend" if status == Status.SUSPENDED else "revoke"
        timeline.append((action, later, status, until, listing.status_reason))
    for standard in STANDARDS:
        assessments.append(
            {
                "practitioner_id": listing.pk,
                "standard": standard.code,
                "finding": Finding.MET,
                "evidence": "Demo data: synthetic evidence.",
                "assessed_at": start,
            }
        )
    return timeline


def _timeline_entries(rng, listing, now, assessments) -> list[dict]:
    previous = {
        "status": Status.DRAFT,
        "accredited_until": None,
        "status_reason": "",
        "renewal_requested": False,
    }
    entries = []
    for action, when, target, expiry, reason in _timeline(rng, listing, now, assessments):
        after = {
            "status": target,
            "accredited_until": expiry,
            "status_reason": reason,
            "renewal_requested": False,
        }
        entries.append(
            {
                "user": None,
                "actor": DEMO_ACTOR,
                "action": action,
                "obj_type": "practitioner",
                "obj_id": listing.pk,
                "practitioner_id": listing.pk,
                "before": {**previous, "is_demo": True},
                "after": {**after, "is_demo": True},
                "when": when,
            }
        )
        previous = after
    return entries
