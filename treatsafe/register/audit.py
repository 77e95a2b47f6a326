"""Writing and verifying the MAC-chained audit log.

Each entry's `hash` is the HMAC-SHA-256 of its canonical JSON (sorted keys, no spaces), keyed by
settings.TREATSAFE_AUDIT_KEY (kept outside the database), and the JSON includes the previous
entry's MAC. Changing, inserting or deleting an entry breaks every later link, and without the
key nobody who can only write to the database can re-chain the log or append a forged entry.
Deleting the newest entries, or all of them, leaves a chain that still links up: signed
checkpoints outside the database catch that (treatsafe/register/checkpoints.py).
Entries are written inside the caller's transaction, so a change and its audit entry are stored
together or not at all.
"""

import datetime as dt
import decimal
import functools
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
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


def audit_key() -> bytes:
    return settings.TREATSAFE_AUDIT_KEY.encode()


@functools.lru_cache(maxsize=8)
def _purpose_key(key: bytes, purpose: bytes) -> bytes:
    return hmac.new(key, b"treatsafe-audit:" + purpose, hashlib.sha256).digest()


def mac(message: bytes, purpose: bytes = b"entry") -> str:
    """HMAC-SHA-256 under a key derived for one purpose (entries, checkpoints), so a MAC made
    for one can never pass as the other."""
    return hmac.digest(_purpose_key(audit_key(), purpose), message, "sha256").hex()


def compute_hash(entry) -> str:
    return mac(canonical(entry_fields(entry)))


def legacy_hash(entry) -> str:
    """The unkeyed SHA-256 the log used before its MAC (read once, by the migration that
    re-chains the log)."""
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
    _checkpoint_on_commit()
    return entry


def _checkpoint_on_commit() -> None:
    """After the change commits, append a signed checkpoint of the new head outside the
    database: then even deleting the newest entries is caught. One per transaction."""
    if any(item[1] is _write_checkpoint for item in connection.run_on_commit):
        return
    transaction.on_commit(_write_checkpoint)


def _write_checkpoint() -> None:
    from treatsafe.register import checkpoints

    checkpoints.write_after_commit()


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


def verify(
    entries: Iterator[AuditEntry] | None = None, positions: dict[int, tuple[int, str]] | None = None
) -> tuple[int, BrokenLink | None]:
    """Walk the chain in order. Return (entries checked, the first broken link or None).
    For each entry id in `positions`, fill in (its position in the chain, its MAC)."""
    if entries is None:
        entries = AuditEntry.objects.order_by("id").iterator(chunk_size=5000)
    expected_prev = GENESIS
    count = 0
    for entry in entries:
        count += 1
        if positions is not None and entry.pk in positions:
            positions[entry.pk] = (count, entry.hash)
        if entry.prev_hash != expected_prev:
            return count, BrokenLink(
                entry.pk,
                "its link to the previous entry is broken (an entry before it was changed, "
                "inserted or deleted)",
            )
        if compute_hash(entry) != entry.hash:
            return count, BrokenLink(
                entry.pk,
                "its contents do not match its MAC (edited, or written without the audit key)",
            )
        expected_prev = entry.hash
    return count, None


def snapshot(instance, fields: Iterable[str]) -> dict:
    return {name: to_json_safe(getattr(instance, name)) for name in fields}
