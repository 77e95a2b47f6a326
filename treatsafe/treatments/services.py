"""The treatment checker: pure functions over the rule set. No HTTP, no templates.

`evaluate(query)` applies every matching rule in force and returns the most severe verdict with
every reason; matching rules not yet in force are returned as `coming`, never applied. A matching
rule whose finding is about other treatments (Rule.concerns) is `background`: it never decides
the verdict and is never shown as what is in order.
`check_treatment(query)` first runs the label checker when label text is given.
`resolve_jurisdiction(postcode, nation)` turns a postcode into the jurisdiction the rules use.
"""

import datetime as dt
from dataclasses import asdict, dataclass, field, replace

from treatsafe.core.errors import InvalidInput
from treatsafe.treatments import advice
from treatsafe.treatments.catalogue import SLUGS, get_treatment
from treatsafe.treatments.rules import (
    JURISDICTIONS,
    SEVERITY,
    VOCABULARY,
    Citation,
    Rule,
    RuleSet,
    get_ruleset,
)


class InvalidTreatmentQuery(InvalidInput):
    code = "invalid_query"


class NationNeeded(InvalidInput):
    """The postcode is in more than one nation (or in none we know): ask the person which."""

    code = "nation_needed"


AGE_BANDS = ("under_18", "18_or_over")
OPTIONAL_CHOICES = {
    "administered_by": VOCABULARY["administered_by"],
    "regulatory_status": VOCABULARY["regulatory_status"],
    "label_verdict": VOCABULARY["label_verdict"],
    "packaging": VOCABULARY["packaging"],
    "evidence": VOCABULARY["evidence"],
    "accreditation": VOCABULARY["accreditation"],
    "clinic_registered": VOCABULARY["clinic_registered"],
}


@dataclass(frozen=True)
class TreatmentQuery:
    """One treatment offer as the person describes it. `None` means "not asked / not given"."""

    treatment: str
    source: str
    route: str
    jurisdiction: str | None
    age: int | None = None
    age_band: str | None = None
    administered_by: str | None = None
    prescriber: str = "unknown"
    regulatory_status: str | None = None
    label_text: str | None = None
    label_verdict: str | None = None
    label_human_origin: bool | None = None
    packaging: str | None = None
    evidence: str | None = None
    accreditation: str | None = None
    clinic_registered: str | None = None

    def validated(self) -> "TreatmentQuery":
        """This query with its age band filled in and blank answers as None; raise
        InvalidTreatmentQuery naming the field."""
        blanks = {
            name: None
            for name in ("jurisdiction", "age_band", *OPTIONAL_CHOICES)
            if getattr(self, name) == ""
        }
        if blanks:
            return replace(self, **blanks).validated()
        _choice("treatment", self.treatment, SLUGS)
        _choice("source", self.source, VOCABULARY["source"])
        _choice("route", self.route, VOCABULARY["route"])
        _choice("prescriber", self.prescriber, VOCABULARY["prescriber"])
        if self.jurisdiction is not None:
            _choice("jurisdiction", self.jurisdiction, JURISDICTIONS)
        for name, allowed in OPTIONAL_CHOICES.items():
            if getattr(self, name) is not None:
                _choice(name, getattr(self, name), allowed)
        age_band = self.age_band
        if age_band is not None:
            _choice("age_band", age_band, AGE_BANDS)
        if self.age is not None:
            if isinstance(self.age, bool) or not isinstance(self.age, int):
                raise InvalidTreatmentQuery("Age must be a whole number of years.", field="age")
            if not 0 < self.age < 130:
                raise InvalidTreatmentQuery("Age must be between 1 and 129.", field="age")
            from_age = "under_18" if self.age < 18 else "18_or_over"
            if age_band is not None and age_band != from_age:
                raise InvalidTreatmentQuery(
                    f"Age {self.age} does not fit the age band {age_band!r}.", field="age_band"
                )
            age_band = from_age
        return replace(self, age_band=age_band)

    def facts(self) -> dict[str, str | None]:
        """The values rules match on (rules.VOCABULARY)."""
        return {
            "treatment": self.treatment,
            "source": self.source,
            "route": self.route,
            "jurisdiction": self.jurisdiction,
            "age_band": self.age_band or "not_given",
            "administered_by": self.administered_by or "not_given",
            "prescriber": self.prescriber,
            "regulatory_status": self.regulatory_status or "not_stated",
            "label_verdict": self.label_verdict or "not_given",
            "label_human_origin": {True: "yes", False: "no", None: "not_given"}[
                self.label_human_origin
            ],
            "packaging": self.packaging or "not_asked",
            "evidence": self.evidence or "not_asked",
            "accreditation": self.accreditation or "not_asked",
            "clinic_registered": self.clinic_registered or "not_asked",
        }

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("label_text")
        data["label_given"] = bool(self.label_text)
        return data


def _choice(name: str, value, allowed) -> None:
    if value not in allowed:
        raise InvalidTreatmentQuery(
            f"{name.replace('_', ' ').capitalize()} {value!r} is not recognised. "
            f"Choose one of: {', '.join(allowed)}.",
            field=name,
            allowed=list(allowed),
        )


@dataclass(frozen=True)
class Reason:
    """One rule that applies, as the person sees it."""

    rule_id: str
    verdict: str
    title: str
    text: str
    citations: tuple[Citation, ...]
    needs_source: bool
    status: str
    takes_effect: dt.date | None

    @classmethod
    def from_rule(cls, rule: Rule) -> "Reason":
        return cls(
            rule_id=rule.id,
            verdict=rule.verdict,
            title=rule.title,
            text=rule.explanation,
            citations=rule.citations,
            needs_source=rule.needs_source,
            status=rule.status,
            takes_effect=rule.takes_effect,
        )

    def as_dict(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "verdict": self.verdict,
            "title": self.title,
            "text": self.text,
            "needs_source": self.needs_source,
            "status": self.status,
            "takes_effect": self.takes_effect.isoformat() if self.takes_effect else None,
            "citations": [citation.as_dict() for citation in self.citations],
        }


@dataclass(frozen=True)
class TreatmentResult:
    verdict: str
    summary: str
    reasons: tuple[Reason, ...]
    coming: tuple[Reason, ...]
    query: TreatmentQuery
    rules_last_verified: dt.date
    label: dict | None = None
    notes: tuple[str, ...] = field(default=())
    background: tuple[Reason, ...] = field(default=())

    @property
    def verdict_label(self) -> str:
        return advice.VERDICT_LABELS[self.verdict]

    @property
    def concerns(self) -> tuple[Reason, ...]:
        """The reasons behind a verdict worse than lawful (all reasons when it is lawful)."""
        if self.verdict == "lawful":
            return self.reasons
        return tuple(r for r in self.reasons if r.verdict != "lawful")

    @property
    def parts_met(self) -> tuple[Reason, ...]:
        """Lawful reasons under a worse verdict: shown apart, so that a green "lawful" never
        sits among the reasons a treatment is against the law. Only rules about the treatment
        asked about are reasons at all (see `background`)."""
        if self.verdict == "lawful":
            return ()
        return tuple(r for r in self.reasons if r.verdict == "lawful")

    @property
    def questions(self) -> tuple[advice.Question, ...]:
        return advice.QUESTIONS

    @property
    def next_steps(self) -> tuple[advice.NextStep, ...]:
        return advice.NEXT_STEPS[self.verdict]

    @property
    def treatment(self):
        return get_treatment(self.query.treatment)

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "summary": self.summary,
            "reasons": [reason.as_dict() for reason in self.reasons],
            "coming": [reason.as_dict() for reason in self.coming],
            "background": [reason.as_dict() for reason in self.background],
            "notes": list(self.notes),
            "questions": [question.as_dict() for question in self.questions],
            "next_steps": [step.as_dict() for step in self.next_steps],
            "rules_last_verified": self.rules_last_verified.isoformat(),
            "inputs": self.query.as_dict(),
            "label": self.label,
        }


def _by_severity(rules: list[Rule]) -> list[Rule]:
    return sorted(rules, key=lambda rule: -SEVERITY[rule.verdict])


def evaluate(
    query: TreatmentQuery, ruleset: RuleSet | None = None, label: dict | None = None
) -> TreatmentResult:
    """Apply the rules to a query (pure: the label verdict is already in the query)."""
    ruleset = ruleset or get_ruleset()
    query = query.validated()
    matching = ruleset.matching(query.facts())
    about = [rule for rule in matching if rule.concerns_treatment(query.treatment)]
    background = [rule for rule in matching if not rule.concerns_treatment(query.treatment)]
    in_force = [rule for rule in about if rule.in_force]
    coming = [rule for rule in about if not rule.in_force]
    notes = []
    if not in_force:
        in_force = [ruleset.fallback]
    if query.jurisdiction is None:
        notes.append(
            "We do not know which nation the treatment is in, so only rules that apply across "
            "the whole UK were checked."
        )
    reasons = [Reason.from_rule(rule) for rule in _by_severity(in_force)]
    verdict = reasons[0].verdict
    summary = advice.SUMMARIES[verdict].format(
        name=get_treatment(query.treatment).name, place=advice.place_phrase(query.jurisdiction)
    )
    return TreatmentResult(
        verdict=verdict,
        summary=summary,
        reasons=tuple(reasons),
        coming=tuple(Reason.from_rule(rule) for rule in _by_severity(coming)),
        query=query,
        rules_last_verified=ruleset.last_verified,
        label=label,
        notes=tuple(notes),
        background=tuple(Reason.from_rule(rule) for rule in background),
    )


def check_treatment(query: TreatmentQuery, ruleset: RuleSet | None = None) -> TreatmentResult:
    """Check a treatment offer. When label text is given (and not already checked), the label
    checker runs first and its verdict feeds the rules; a prohibited ingredient makes the
    treatment unlawful. Raises InvalidInput subclasses for bad input."""
    label = None
    if query.label_text and query.label_text.strip() and query.label_verdict is None:
        from treatsafe.ingredients.services import check_label

        label_result = check_label(query.label_text)
        label = label_result.as_dict()
        query = replace(
            query,
            label_verdict=label_result.verdict,
            label_human_origin=bool(label_result.human_origin),
        )
    return evaluate(query, ruleset, label=label)


def resolve_jurisdiction(postcode: str, nation: str | None = None) -> tuple[str, object]:
    """The rules' jurisdiction for a postcode, and the postcode result. A cross-border postcode
    needs `nation`, one of its candidate nations; without it NationNeeded lists them."""
    from treatsafe.geo.services import lookup_postcode

    result = lookup_postcode(postcode)
    jurisdiction = result.checker_jurisdiction
    if jurisdiction:
        return jurisdiction, result
    candidates = list(result.candidate_nations or [])
    if nation and (nation in candidates or (not candidates and nation in JURISDICTIONS)):
        return nation, result
    if nation:
        raise NationNeeded(
            f"{nation!r} is not one of the nations this postcode is in: {', '.join(candidates)}.",
            field="nation",
            candidate_nations=candidates,
        )
    raise NationNeeded(
        "This postcode is near a border. Tell us which nation the clinic is in.",
        field="nation",
        candidate_nations=candidates or list(JURISDICTIONS),
    )


def query_from_inputs(
    *,
    treatment: str,
    source: str = "unknown",
    route: str = "unknown",
    postcode: str | None = None,
    nation: str | None = None,
    jurisdiction: str | None = None,
    **fields,
) -> TreatmentQuery:
    """A query from what a person typed (API, CLI, forms): the jurisdiction comes from the
    postcode through the postcode service, or is given directly; blank answers count as not
    given."""
    if postcode and postcode.strip():
        jurisdiction, _ = resolve_jurisdiction(postcode, nation or None)
    elif nation and not jurisdiction:
        jurisdiction = nation
    values = {key: (value if value != "" else None) for key, value in fields.items()}
    values.setdefault("prescriber", "unknown")
    if values["prescriber"] is None:
        values["prescriber"] = "unknown"
    return TreatmentQuery(
        treatment=treatment,
        source=source or "unknown",
        route=route or "unknown",
        jurisdiction=jurisdiction or None,
        **values,
    )
