"""The legal rules as data: load the YAML files in `rules/`, validate them, and keep the rule set.

Each rule file holds `rules:`, a list of rules; `sources.yaml` holds `sources:`, each source
described once (title, issuer, url, date, primary or secondary evidence). A rule cites sources by
id with the exact clause. A malformed rule, or one that cites nothing (every rule but
the fallback must cite at least one source, even a `needs_source` one for the part a source
supports), raises RuleFileError naming the file and the rule, at start-up
(TreatmentsConfig.ready) and in the tests. `changes.yaml` is the dated change log of the rules,
checked against the rule ids (treatsafe.treatments.changes).
"""

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import ImproperlyConfigured

from treatsafe.treatments.catalogue import SLUGS

RULES_DIR = Path(__file__).resolve().parent / "rules"

VERDICTS = ("lawful", "caution", "red_flag", "unlawful")  # least to most severe
SEVERITY = {verdict: rank for rank, verdict in enumerate(VERDICTS)}
STATUSES = ("in_force", "enacted_not_commenced", "proposed")
EVIDENCE = ("primary", "secondary")
UK_NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")
JURISDICTIONS = (*UK_NATIONS, "Crown Dependency")
HEALTHCARE_PROFESSIONALS = ("doctor", "dentist", "nurse", "pharmacist")

# What the advert checker can find in an advert, in the order a reader should see them when
# verdicts are equal (adverts/checker.py reads this order too).
ADVERT_CLAIMS = (
    "prescription_only_medicine",
    "unlicensed_medicine",
    "human_origin",
    "microneedling_exosomes",
    "medicinal_claim",
    "absolute_claim",
    "unproven_efficacy",
    "under_18",
    "time_pressure",
    "cheap_price",
)

# What a rule can match on (`when:`), and the values each key takes. "not_given" / "not_stated" /
# "not_asked" are the facts when the person did not answer.
VOCABULARY: dict[str, tuple[str, ...]] = {
    "treatment": SLUGS,
    "source": ("human", "animal", "plant", "microbial", "synthetic", "unknown"),
    "route": ("topical", "after-microneedling", "injected", "unknown"),
    "jurisdiction": JURISDICTIONS,
    "age_band": ("under_18", "18_or_over", "not_given"),
    "administered_by": (*HEALTHCARE_PROFESSIONALS, "non_healthcare", "unknown", "not_given"),
    "prescriber": ("yes", "remote", "no", "unknown"),
    "regulatory_status": (
        "compliant_cosmetic",
        "licensed_medicine",
        "medical_device",
        "unknown",
        "not_stated",
    ),
    "label_verdict": (
        "prohibited",
        "restriction_broken",
        "ok",
        "unknown_ingredients",
        "not_given",
    ),
    "label_human_origin": ("yes", "no", "not_given"),
    "packaging": ("shown", "no_ingredient_list", "refused", "not_asked"),
    "evidence": ("given", "absolute_claims", "none", "not_asked"),
    "accreditation": ("yes", "no", "unknown", "not_asked"),
    # Is the clinic registered with Healthcare Improvement Scotland? (asked in Scotland only)
    "clinic_registered": ("yes", "no", "unknown", "not_asked"),
    "advert_claim": ADVERT_CLAIMS,
}
# Shorthands a rule file may use instead of a list.
SHORTHANDS = {
    ("jurisdiction", "UK"): UK_NATIONS,
    ("jurisdiction", "any"): JURISDICTIONS,
    ("administered_by", "healthcare_professional"): HEALTHCARE_PROFESSIONALS,
}
RULE_KEYS = {
    "id",
    "title",
    "when",
    "verdict",
    "explanation",
    "status",
    "takes_effect",
    "last_verified",
    "needs_source",
    "citations",
    "fallback",
    "concerns",
}
REQUIRED_RULE_KEYS = {"id", "title", "when", "verdict", "explanation", "status", "last_verified"}
SOURCE_KEYS = {"title", "issuer", "url", "date", "evidence"}
RULE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class RuleFileError(ImproperlyConfigured):
    """A rule file is malformed. The message names the file and, where there is one, the rule."""

    def __init__(self, path: Path | str, problem: str, rule_id: str | None = None):
        self.path, self.rule_id, self.problem = Path(path), rule_id, problem
        where = f"{self.path.name}, rule {rule_id!r}" if rule_id else self.path.name
        super().__init__(f"Treatment rules: {where}: {problem}")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    issuer: str
    url: str | None
    date: dt.date | None
    evidence: str


@dataclass(frozen=True)
class Citation:
    source: Source
    clause: str | None

    def as_dict(self) -> dict:
        return {
            "source_id": self.source.id,
            "title": self.source.title,
            "issuer": self.source.issuer,
            "url": self.source.url,
            "date": self.source.date.isoformat() if self.source.date else None,
            "clause": self.clause,
            "evidence": self.source.evidence,
        }


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    when: dict[str, frozenset[str]]
    verdict: str
    explanation: str
    status: str
    last_verified: dt.date
    citations: tuple[Citation, ...]
    needs_source: bool = False
    takes_effect: dt.date | None = None
    fallback: bool = False
    file: str = ""
    # The treatments whose lawfulness this rule's finding is about (None: whichever it matches).
    # A rule matched for another treatment only gives background: it never decides the verdict
    # and is never shown as "in order" (e.g. the Welsh special procedures licence on a toxin).
    concerns: frozenset[str] | None = None

    def concerns_treatment(self, treatment: str) -> bool:
        return self.concerns is None or treatment in self.concerns

    @property
    def conditions(self) -> list[tuple[str, list[str]]]:
        """The `when` conditions in a stable order, for display."""
        return [(key, sorted(values)) for key, values in self.when.items()]

    @property
    def in_force(self) -> bool:
        return self.status == "in_force"

    def matches(self, facts: dict[str, str | None]) -> bool:
        """True when every condition of the rule holds for these facts. An unknown jurisdiction
        (None) satisfies only a rule that applies in every UK nation."""
        for key, allowed in self.when.items():
            value = facts.get(key)
            if key == "jurisdiction" and value is None:
                if not allowed.issuperset(UK_NATIONS):
                    return False
            elif value not in allowed:
                return False
        return True

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "when": {key: sorted(values) for key, values in self.when.items()},
            "verdict": self.verdict,
            "explanation": self.explanation,
            "status": self.status,
            "takes_effect": self.takes_effect.isoformat() if self.takes_effect else None,
            "last_verified": self.last_verified.isoformat(),
            "needs_source": self.needs_source,
            "concerns": sorted(self.concerns) if self.concerns is not None else None,
            "citations": [citation.as_dict() for citation in self.citations],
        }


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    sources: dict[str, Source]
    changes: tuple = ()  # treatsafe.treatments.changes.Change, newest first

    @property
    def last_verified(self) -> dt.date:
        """The date by which every rule had been checked against its sources (the oldest)."""
        return min(rule.last_verified for rule in self.rules)

    @property
    def fallback(self) -> Rule:
        return next(rule for rule in self.rules if rule.fallback)

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def matching(self, facts: dict[str, str | None]) -> list[Rule]:
        return [rule for rule in self.rules if not rule.fallback and rule.matches(facts)]

    def as_dict(self) -> dict:
        return {
            "last_verified": self.last_verified.isoformat(),
            "verdicts": list(reversed(VERDICTS)),
            "statuses": list(STATUSES),
            "vocabulary": {key: list(values) for key, values in VOCABULARY.items()},
            "rules": [rule.as_dict() for rule in self.rules],
        }


def _date(value, path, what, rule_id=None) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RuleFileError(path, f"{what} {value!r} is not a date (YYYY-MM-DD)", rule_id) from None


def _load_sources(path: Path, data) -> dict[str, Source]:
    if not isinstance(data, dict):
        raise RuleFileError(path, "`sources` must be a mapping of source ids")
    sources = {}
    for source_id, entry in data.items():
        where = f"source {source_id!r}"
        if not isinstance(entry, dict):
            raise RuleFileError(path, f"{where} must be a mapping")
        if unknown := set(entry) - SOURCE_KEYS:
            raise RuleFileError(path, f"{where} has unknown keys {sorted(unknown)}")
        for key in ("title", "issuer"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise RuleFileError(path, f"{where} needs a {key}")
        if entry.get("evidence") not in EVIDENCE:
            raise RuleFileError(path, f"{where}: evidence must be one of {', '.join(EVIDENCE)}")
        url = entry.get("url")
        if url is not None and not (isinstance(url, str) and url.startswith("https://")):
            raise RuleFileError(path, f"{where}: url must start with https://")
        date = entry.get("date")
        sources[source_id] = Source(
            id=source_id,
            title=entry["title"].strip(),
            issuer=entry["issuer"].strip(),
            url=url,
            date=_date(date, path, f"{where} date") if date is not None else None,
            evidence=entry["evidence"],
        )
    return sources


def _parse_when(path: Path, rule_id: str, when) -> dict[str, frozenset[str]]:
    if not isinstance(when, dict):
        raise RuleFileError(path, "`when` must be a mapping of conditions", rule_id)
    conditions = {}
    for key, values in when.items():
        if key not in VOCABULARY:
            raise RuleFileError(
                path, f"unknown condition {key!r} (known: {', '.join(VOCABULARY)})", rule_id
            )
        if isinstance(values, str) and (key, values) in SHORTHANDS:
            values = SHORTHANDS[(key, values)]
        if not isinstance(values, list | tuple) or not values:
            raise RuleFileError(path, f"condition {key!r} must be a non-empty list", rule_id)
        expanded: set[str] = set()
        for value in values:
            if isinstance(value, str) and (key, value) in SHORTHANDS:
                expanded.update(SHORTHANDS[(key, value)])
            elif value in VOCABULARY[key] and isinstance(value, str):
                expanded.add(value)
            else:
                hint = " (quote yes/no in YAML)" if isinstance(value, bool) else ""
                raise RuleFileError(
                    path,
                    f"condition {key!r} has unknown value {value!r}{hint}; "
                    f"allowed: {', '.join(VOCABULARY[key])}",
                    rule_id,
                )
        conditions[key] = frozenset(expanded)
    return conditions


def _parse_rule(path: Path, entry, sources: dict[str, Source]) -> Rule:
    if not isinstance(entry, dict):
        raise RuleFileError(path, f"each rule must be a mapping, found {entry!r}")
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        raise RuleFileError(path, f"rule id {rule_id!r} must be lower-case words joined by -")
    if missing := REQUIRED_RULE_KEYS - set(entry):
        raise RuleFileError(path, f"missing {', '.join(sorted(missing))}", rule_id)
    if unknown := set(entry) - RULE_KEYS:
        raise RuleFileError(path, f"unknown keys {', '.join(sorted(unknown))}", rule_id)
    for key in ("title", "explanation"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise RuleFileError(path, f"{key} must be text", rule_id)
    verdict, status = entry["verdict"], entry["status"]
    if verdict not in VERDICTS:
        raise RuleFileError(path, f"verdict {verdict!r} is not one of {VERDICTS}", rule_id)
    if status not in STATUSES:
        raise RuleFileError(path, f"status {status!r} is not one of {STATUSES}", rule_id)
    needs_source = entry.get("needs_source", False)
    if not isinstance(needs_source, bool):
        raise RuleFileError(path, "needs_source must be true or false", rule_id)
    raw_citations = entry.get("citations") or []
    if not isinstance(raw_citations, list):
        raise RuleFileError(path, "citations must be a list", rule_id)
    fallback = entry.get("fallback", False)
    if fallback is not True and fallback is not False:
        raise RuleFileError(path, "fallback must be true or false", rule_id)
    if not raw_citations and not fallback:
        raise RuleFileError(
            path,
            "cites nothing: every rule that decides or explains a verdict cites at least one "
            "source (a `needs_source` rule cites what a source does support)",
            rule_id,
        )
    if fallback and (verdict != "caution" or not needs_source or raw_citations):
        raise RuleFileError(
            path, "the fallback rule says caution, needs_source: true, and cites nothing", rule_id
        )
    if needs_source and verdict in ("unlawful", "lawful"):
        raise RuleFileError(
            path, f"a needs_source rule cannot state the law (verdict {verdict!r})", rule_id
        )
    citations = []
    for citation in raw_citations:
        if not isinstance(citation, dict) or citation.get("source") not in sources:
            known = citation.get("source") if isinstance(citation, dict) else citation
            raise RuleFileError(path, f"cites unknown source {known!r}", rule_id)
        clause = citation.get("clause")
        if clause is not None and not isinstance(clause, str):
            raise RuleFileError(path, "a citation's clause must be text", rule_id)
        citations.append(Citation(source=sources[citation["source"]], clause=clause))
    takes_effect = entry.get("takes_effect")
    when = _parse_when(path, rule_id, entry["when"])
    concerns = entry.get("concerns", None)
    if concerns is not None:
        if not isinstance(concerns, list) or any(slug not in SLUGS for slug in concerns):
            raise RuleFileError(
                path, f"concerns must be a list of treatments from: {', '.join(SLUGS)}", rule_id
            )
        concerns = frozenset(concerns)
    return Rule(
        id=rule_id,
        title=entry["title"].strip(),
        when=when,
        verdict=verdict,
        explanation=" ".join(entry["explanation"].split()),
        status=status,
        last_verified=_date(entry["last_verified"], path, "last_verified", rule_id),
        citations=tuple(citations),
        needs_source=needs_source,
        takes_effect=(_date(takes_effect, path, "takes_effect", rule_id) if takes_effect else None),
        fallback=fallback,
        file=path.name,
        concerns=concerns,
    )


def _read_yaml(path: Path):
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleFileError(path, f"is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not ({"rules", "sources", "changes"} & set(data)):
        raise RuleFileError(
            path, "must be a mapping with a `rules:`, `sources:` or `changes:` list"
        )
    return data


def load_rules(directory: Path | None = None) -> RuleSet:
    """Read and validate every *.yaml file in `directory` (default: the shipped rules); raise
    RuleFileError on any fault."""
    directory = Path(directory or RULES_DIR)
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise RuleFileError(directory, "no rule files found")
    documents = [(path, _read_yaml(path)) for path in files]
    sources: dict[str, Source] = {}
    for path, data in documents:
        if "sources" in data:
            sources.update(_load_sources(path, data["sources"]))
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path, data in documents:
        if "rules" not in data:
            continue
        if not isinstance(data["rules"], list):
            raise RuleFileError(path, "`rules` must be a list")
        for entry in data["rules"]:
            rule = _parse_rule(path, entry, sources)
            if rule.id in seen:
                raise RuleFileError(path, f"duplicate id (also in {seen[rule.id]})", rule.id)
            seen[rule.id] = path.name
            rules.append(rule)
    fallbacks = [rule for rule in rules if rule.fallback]
    if len(fallbacks) != 1:
        raise RuleFileError(directory, f"expected one fallback rule, found {len(fallbacks)}")
    from treatsafe.treatments.changes import parse_changes

    change_files = [(path, data["changes"]) for path, data in documents if "changes" in data]
    changes = parse_changes(change_files, rules, directory)
    return RuleSet(rules=tuple(rules), sources=sources, changes=changes)


_RULESET: RuleSet | None = None


def get_ruleset() -> RuleSet:
    """The shipped rule set, loaded once (TreatmentsConfig.ready loads it at start-up)."""
    global _RULESET
    if _RULESET is None:
        _RULESET = load_rules()
    return _RULESET
