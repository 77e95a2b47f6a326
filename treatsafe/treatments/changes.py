"""The rules' change log as data: `rules/changes.yaml` records, by date, each rule added, changed,
whose status changed (for example from proposed to in force) or removed, so a reader can see when
the law, or our reading of it, moved.

Checked at start-up against the rule set (rules.load_rules): every rule has an `added` entry; an
entry names only rules that exist (a `removed` one only rules that no longer do); a status change
names a real status and the last one for a rule matches the rule's status now.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

CHANGE_KINDS = ("added", "changed", "status_changed", "removed")
CHANGE_LABELS = {
    "added": "Added",
    "changed": "Changed",
    "status_changed": "Status changed",
    "removed": "Removed",
}
ENTRY_KEYS = {"date", "change", "rules", "summary", "from", "to"}


@dataclass(frozen=True)
class Change:
    date: dt.date
    kind: str
    rule_ids: tuple[str, ...]
    summary: str
    status_from: str | None = None
    status_to: str | None = None

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self.kind]

    def as_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "change": self.kind,
            "rules": list(self.rule_ids),
            "summary": self.summary,
            "status_from": self.status_from,
            "status_to": self.status_to,
        }


def parse_changes(files: list[tuple[Path, object]], rules, directory: Path) -> tuple[Change, ...]:
    """The change entries of every `changes:` list, newest first; raise RuleFileError on a fault."""
    from treatsafe.treatments.rules import STATUSES, RuleFileError, _date

    ids = {rule.id: rule for rule in rules}
    changes: list[Change] = []
    for path, entries in files:
        if not isinstance(entries, list):
            raise RuleFileError(path, "`changes` must be a list")
        for number, entry in enumerate(entries, start=1):
            where = f"change {number}"
            if not isinstance(entry, dict):
                raise RuleFileError(path, f"{where} must be a mapping")
            if unknown := set(entry) - ENTRY_KEYS:
                raise RuleFileError(path, f"{where} has unknown keys {sorted(unknown)}")
            kind = entry.get("change")
            if kind not in CHANGE_KINDS:
                kinds = ", ".join(CHANGE_KINDS)
                raise RuleFileError(path, f"{where}: change must be one of {kinds}")
            rule_ids = entry.get("rules")
            if not isinstance(rule_ids, list) or not rule_ids:
                raise RuleFileError(path, f"{where}: rules must be a non-empty list of rule ids")
            for rule_id in rule_ids:
                if kind == "removed" and rule_id in ids:
                    raise RuleFileError(path, f"{where}: {rule_id!r} is removed but still a rule")
                if kind != "removed" and rule_id not in ids:
                    raise RuleFileError(path, f"{where}: names unknown rule {rule_id!r}")
            summary = entry.get("summary")
            if not isinstance(summary, str) or not summary.strip():
                raise RuleFileError(path, f"{where} needs a summary")
            status_from, status_to = entry.get("from"), entry.get("to")
            if kind == "status_changed":
                if status_from not in STATUSES or status_to not in STATUSES:
                    raise RuleFileError(
                        path, f"{where}: a status change needs from and to, each one of {STATUSES}"
                    )
                if status_from == status_to:
                    raise RuleFileError(path, f"{where}: from and to are the same status")
            elif status_from is not None or status_to is not None:
                raise RuleFileError(path, f"{where}: from and to belong to a status change only")
            changes.append(
                Change(
                    date=_date(entry.get("date"), path, f"{where} date"),
                    kind=kind,
                    rule_ids=tuple(rule_ids),
                    summary=" ".join(summary.split()),
                    status_from=status_from,
                    status_to=status_to,
                )
            )
    changes.sort(key=lambda change: change.date, reverse=True)  # stable: file order within a day
    added = {rule_id for change in changes if change.kind == "added" for rule_id in change.rule_ids}
    if missing := sorted(set(ids) - added):
        raise RuleFileError(
            directory / "changes.yaml", f"no `added` entry for {', '.join(missing)}"
        )
    for rule_id, rule in ids.items():
        last = next(
            (c for c in changes if c.kind == "status_changed" and rule_id in c.rule_ids), None
        )
        if last is not None and last.status_to != rule.status:
            raise RuleFileError(
                directory / "changes.yaml",
                f"the last status change says {last.status_to!r}, the rule says {rule.status!r}",
                rule_id,
            )
    return tuple(changes)


def changes_for(changes: tuple[Change, ...], rule_id: str) -> list[Change]:
    """The entries naming one rule, newest first."""
    return [change for change in changes if rule_id in change.rule_ids]
