"""Writing and verifying the hash-chained audit log.

Each entry's hash is the SHA-256 of its canonical JSON (sorted keys, no spaces), which includes
the previous entry's hash, so changing, inserting or deleting any entry breaks every later link.
Entries are written inside the caller's transaction, so a change and its audit entry are stored
together or not at all.
"""

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from treatsafe.register.models import AuditEntry

GENESIS = "0" * 64
SYSTEM = "system"


def to_json_safe(value):
    """Plain JSON values, so what is hashed is exactly what the database gives back."""
    if isinstance(value, dict):
        return {str(k): to_json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [to_json_safe(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, float):
        return repr(value)
    return str(value)


def canonical(fields: dict) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_fields(entry: AuditEntry) -> dict:
    return {
        "created_at": entry.created_at.astimezone(dt.UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor": entry.actor,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "practitioner_id": entry.practitioner_id,
        "before": entry.before,
        "after": entry.after,
        "prev_hash": entry.prev_hash,
    }


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(canonical(entry_fields(entry))).hexdigest()


def _lock_chain() -> None:
    """Serialise appends so two writers never chain onto the same entry."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(7042001)")


def last_hash() -> str:
    return AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS


def actor_of(user) -> tuple[int | None, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, SYSTEM
    return user.pk, user.get_username()


def build_entry(
    *,
    prev_hash: str,
    user,
    action: str,
    obj_type: str,
    obj_id,
    practitioner_id: int | None,
    before: dict | None,
    after: dict | None,
    actor: tuple[int | None, str] | None = None,
    when: dt.datetime | None = None,
) -> AuditEntry:
    actor_id, actor_name = actor or actor_of(user)
    entry = AuditEntry(
        created_at=(when or timezone.now()).astimezone(dt.UTC),
        actor_id=actor_id,
        actor=actor_name,
        action=action,
        object_type=obj_type,
        object_id=str(obj_id),
        practitioner_id=practitioner_id,
        before=to_json_safe(before),
        after=to_json_safe(after),
        prev_hash=prev_hash,
    )
    entry.hash = compute_hash(entry)
    return entry


def record(
    user,
    action: str,
    obj,
    *,
    practitioner_id: int | None,
    before: dict | None = None,
    after: dict | None = None,
    actor: tuple[int | None, str] | None = None,
) -> AuditEntry:
    """Append one entry. Must run inside the transaction that makes the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the change's transaction")
    _lock_chain()
    entry = build_entry(
        prev_hash=last_hash(),
        user=user,
        action=action,
        obj_type=type(obj).__name__.lower(),
        obj_id=obj.pk,
        practitioner_id=practitioner_id,
        before=before,
        after=after,
        actor=actor,
    )
    entry.save(force_insert=True)
    return entry


@dataclass
class BrokenLink:
    entry_id: int
    problem: str


def record_changes(user, action: str, obj, *, practitioner_id: int, before: dict, after: dict):
    """Append one entry with only the fields that changed between two snapshots, if any did;
    return the names of the changed fields."""
    changed = {k for k in after if after[k] != before[k]}
    if changed:
        record(
            user,
            action,
            obj,
            practitioner_id=practitioner_id,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return changed


def verify(entries: Iterator[AuditEntry] | None = None) -> tuple[int, BrokenLink | None]:
    """Walk the chain in order. Return (entries checked, the first broken link or None)."""
    if entries is None:
        entries = AuditEntry.objects.order_by("id").iterator(chunk_size=5000)
    expected_prev = GENESIS
    count = 0
    for entry in entries:
        count += 1
        if entry.prev_hash != expected_prev:
            return count, BrokenLink(
                entry.pk,
                "its link to the previous entry is broken (an entry before it was changed, "
                "inserted or deleted)",
            )
        if compute_hash(entry) != entry.hash:
            return count, BrokenLink(entry.pk, "its contents do not match its hash (edited)")
        expected_prev = entry.hash
    return count, None


def snapshot(instance, fields: Iterable[str]) -> dict:
    return {name: to_json_safe(getattr(instance, name)) for name in fields}
