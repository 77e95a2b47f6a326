"""Signed checkpoints of the audit log, kept outside the database.

A checkpoint is one line of JSON: when, how many entries, the id and MAC of the newest entry
(the head), and a MAC of all that under the audit key. Lines are only ever appended to
settings.TREATSAFE_AUDIT_CHECKPOINTS (after every change that writes an entry, and by
`treatsafe audit-checkpoint`, run daily). Publishing a checkpoint line (a website, an email to a
third party) fixes the log up to it for good. Someone able to write to the database but
without the key can neither make a checkpoint nor change one: deleting the newest entries or
emptying the table leaves fewer entries than a checkpoint counted, and `verify-audit` says so.
"""

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from treatsafe.register import audit
from treatsafe.register.models import AuditEntry

log = logging.getLogger(__name__)
PURPOSE = b"checkpoint"


def path() -> Path:
    return Path(settings.TREATSAFE_AUDIT_CHECKPOINTS)


def current() -> dict:
    """A signed checkpoint of the log as it is now (not written anywhere)."""
    head = AuditEntry.objects.order_by("-id").values("id", "hash").first()
    body = {
        "at": timezone.now().replace(microsecond=0).isoformat(),
        "count": AuditEntry.objects.filter(id__lte=head["id"]).count() if head else 0,
        "head_id": head["id"] if head else None,
        "head": head["hash"] if head else audit.GENESIS,
    }
    return {**body, "mac": audit.mac(audit.canonical(body), PURPOSE)}


def line(checkpoint: dict) -> str:
    return json.dumps(checkpoint, sort_keys=True, separators=(",", ":"))


def append(checkpoint: dict) -> None:
    """Append one line; O_APPEND keeps lines whole when several processes write at once."""
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    with os.fdopen(fd, "a") as out:
        out.write(line(checkpoint) + "\n")


def write() -> dict:
    checkpoint = current()
    append(checkpoint)
    return checkpoint


def write_after_commit() -> None:
    try:
        write()
    except OSError:  # the change is committed; say loudly that its checkpoint is missing
        log.exception("Could not write the audit checkpoint to %s", path())


def is_genuine(checkpoint: dict) -> bool:
    body = {k: checkpoint.get(k) for k in ("at", "count", "head_id", "head")}
    given = checkpoint.get("mac")
    return isinstance(given, str) and audit.hmac.compare_digest(
        given, audit.mac(audit.canonical(body), PURPOSE)
    )


@dataclass
class Problem:
    line_number: int
    problem: str


def read(source: Path | None = None) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """Every checkpoint line with its line number; malformed or forged lines as problems."""
    source = source or path()
    if not source.exists():
        return [], []
    found, problems = [], []
    for number, text in enumerate(source.read_text().splitlines(), start=1):
        if not text.strip():
            continue
        try:
            checkpoint = json.loads(text)
        except ValueError:
            problems.append(Problem(number, "is not a checkpoint (not JSON)"))
            continue
        if not isinstance(checkpoint, dict) or not is_genuine(checkpoint):
            problems.append(Problem(number, "is not signed with the audit key (forged or edited)"))
            continue
        found.append((number, checkpoint))
    return found, problems


def verify(source: Path | None = None) -> tuple[int, int, list[Problem]]:
    """Walk the chain and hold it against every genuine checkpoint.
    Return (entries checked, checkpoints checked, problems); no problems means intact."""
    found, problems = read(source)
    positions = {c["head_id"]: None for _, c in found if c["head_id"] is not None}
    count, broken = audit.verify(positions=positions)
    if broken:
        problems.insert(0, Problem(0, f"entry {broken.entry_id}: {broken.problem}"))
    for number, checkpoint in found:
        if checkpoint["head_id"] is None:
            continue
        seen = positions.get(checkpoint["head_id"])
        if seen is None:
            problems.append(
                Problem(
                    number,
                    f"counted {checkpoint['count']} entries up to entry {checkpoint['head_id']} "
                    f"at {checkpoint['at']}, which is no longer in the log (the newest entries "
                    f"were deleted, or the log was emptied: it has {count} entries)",
                )
            )
        elif seen != (checkpoint["count"], checkpoint["head"]):
            problems.append(
                Problem(
                    number,
                    f"entry {checkpoint['head_id']} is no longer entry number "
                    f"{checkpoint['count']} with the MAC recorded at {checkpoint['at']}",
                )
            )
    return count, len(found), problems
