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
        self.states: dict[tuple, tuple[dict, str]] = {}  # each distinct state, made once
        self.heads: dict[str, str] = {}

    def write(self, rng, listings, now, audit_rows, assessment_rows) -> None:
        """Add the listings' history to the demo loader's rows (demo_rows.Rows)."""
        entries, assessments = [], []
        for listing in listings:
            entries += self._entries(rng, listing, now, assessments)
        prev = self.prev
        for action, when, pk, (before, before_text), (after, after_text) in entries:
            created_at = when.astimezone(dt.UTC)
            message = (
                f'{self._head(action)}{after_text},"before":{before_text},'
                f'"created_at":"{created_at.isoformat()}",'
                f'"object_id":"{pk}","object_type":"practitioner",'
                f'"practitioner_id":{pk},"prev_hash":"{prev}"}}'
            )  # audit.canonical(fields) for the fields audit.entry_fields reads back
            digest = audit.mac(message.encode())
            audit_rows.add(created_at, action, str(pk), pk, before, after, prev, digest)
            prev = digest
        self.prev = prev
        for values in assessments:
            assessment_rows.add(*values)

    def _head(self, action: str) -> str:
        """The canonical JSON of an entry up to its state after, which sorts first after the
        action and actor."""
        head = self.heads.get(action)
        if head is None:
            actor_id, actor = DEMO_ACTOR
            opening = canonical_text({"action": action, "actor": actor, "actor_id": actor_id})
            head = self.heads[action] = opening[:-1] + ',"after":'
        return head

    def _state(self, status, until, reason) -> tuple[dict, str]:
        """A listing's state as the audit log holds it, and its canonical JSON; the same
        objects each time it recurs (so each is written as JSON once: demo_rows._json)."""
        key = (status, until, reason)
        found = self.states.get(key)
        if found is None:
            state = {  # JSON-safe: what audit.to_json_safe gives
                "status": str(status),
                "accredited_until": until.isoformat() if until else None,
                "status_reason": reason,
                "renewal_requested": False,
                "is_demo": True,
            }
            found = self.states[key] = (state, canonical_text(state))
        return found

    def _entries(self, rng, listing, now, assessments) -> list[tuple]:
        """(action, when, listing id, state before, state after) for each step of its past,
        each state with its canonical JSON."""
        previous = self._state(Status.DRAFT, None, "")
        entries = []
        for action, when, target, expiry, reason in _timeline(rng, listing, now, assessments):
            after = self._state(target, expiry, reason)
            entries.append((action, when, listing.pk, previous, after))
            previous = after
        return entries


def canonical_text(value) -> str:
    return audit.canonical(value).decode()


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
