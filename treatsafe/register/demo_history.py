"""The demo register's past: accreditation events on the hash-chained audit log and the
assessments behind them, written batch by batch onto one unbroken chain."""

import datetime as dt

from treatsafe.register import audit
from treatsafe.register.accreditation import Status, add_months
from treatsafe.register.standards import STANDARDS, Finding

DEMO_ACTOR = (None, "demo-data")


class History:
    """Appends each batch's history to the audit chain (locked for the whole load), computing
    the MACs in one pass over plain values (no model objects)."""

    AUDIT_FIELDS = (
        "created_at",
        "action",
        "object_id",
        "practitioner_id",
        "before",
        "after",
        "prev_hash",
        "hash",
    )
    AUDIT_FIXED = {"actor_id": DEMO_ACTOR[0], "actor": DEMO_ACTOR[1], "object_type": "practitioner"}
    # one row per standard for each listing that was assessed (demo_rows.Rows' fan)
    ASSESSMENT_FIELDS = ("practitioner_id", "assessed_at")
    ASSESSMENT_FIXED = {"finding": Finding.MET, "evidence": "Demo data: synthetic evidence."}
    ASSESSED = ("standard", tuple(standard.code for standard in STANDARDS))

    def __init__(self):
        audit._lock_chain()
        self.prev = audit.last_hash()

    def write(self, rng, listings, now, audit_rows, assessment_rows) -> None:
        """Add the listings' history to the demo loader's rows (demo_rows.Rows)."""
        entries, assessments = [], []
        for listing in listings:
            entries += _timeline_entries(rng, listing, now, assessments)
        actor_id, actor = DEMO_ACTOR
        prev = self.prev
        for action, when, pk, before, after in entries:
            created_at = when.astimezone(dt.UTC)
            fields = {  # what audit.entry_fields reads back from the stored entry
                "created_at": created_at.isoformat(),
                "actor_id": actor_id,
                "actor": actor,
                "action": action,
                "object_type": "practitioner",
                "object_id": str(pk),
                "practitioner_id": pk,
                "before": before,
                "after": after,
                "prev_hash": prev,
            }
            digest = audit.mac(audit.canonical(fields))
            audit_rows.add(created_at, action, str(pk), pk, before, after, prev, digest)
            prev = digest
        self.prev = prev
        for values in assessments:
            assessment_rows.add(*values)


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
    assessments.append((listing.pk, start))  # one row per standard (History.ASSESSED)
    return timeline


def _state(status, until, reason) -> dict:
    """A listing's state as the audit log holds it (JSON-safe: audit.to_json_safe's output)."""
    return {
        "status": str(status),
        "accredited_until": until.isoformat() if until else None,
        "status_reason": reason,
        "renewal_requested": False,
        "is_demo": True,
    }


def _timeline_entries(rng, listing, now, assessments) -> list[tuple]:
    """(action, when, listing id, state before, state after) for each step of its past."""
    previous = _state(Status.DRAFT, None, "")
    entries = []
    for action, when, target, expiry, reason in _timeline(rng, listing, now, assessments):
        after = _state(target, expiry, reason)
        entries.append((action, when, listing.pk, previous, after))
        previous = after
    return entries
