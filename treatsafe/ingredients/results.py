"""The label checker's result: findings, annex entries, ingredients and the label, with their
public (API) shape. Plain data: assessment.py makes them, wording.py words them."""

from dataclasses import dataclass
from typing import NamedTuple

from treatsafe.ingredients.conditions import FAMILY_NAMES
from treatsafe.ingredients.functions import Function, summary
from treatsafe.ingredients.wording import headline_of

VERDICTS = ["prohibited", "restriction_broken", "unknown_ingredients", "ok"]
ANNEX_KINDS = {
    "II": "prohibited substance",
    "III": "restricted substance",
    "IV": "allowed colourant",
    "V": "allowed preservative",
    "VI": "allowed UV filter",
}
HUMAN_ORIGIN_ENTRY = ("II", "416")
ANIMAL_BY_PRODUCT_ENTRY = ("II", "419")
LAST_YEAR_BEFORE_GB_DIVERGENCE = 2020
SOFT_HYPHEN = "\u00ad"
# bump when the way labels are judged changes, so stored verdicts are recomputed
ASSESSMENT_VERSION = "2026-11-28.4"


class Finding(NamedTuple):
    """One condition of the law applied to one ingredient: `banned` (Annex II), `broken` (the
    label shows the condition is not met) or `maker` (only the maker can meet or check it). A
    named tuple: immutable, and made a third as dearly as a frozen dataclass."""

    kind: str
    ingredient: str
    entry: str  # "Annex V/29"
    text: str

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "ingredient": self.ingredient,
            "entry": self.entry,
            "text": self.text,
        }


class EntryResult(NamedTuple):
    """One annex entry as it applies to one ingredient on one label."""

    key: str
    annex: str
    ref: str
    name: str
    regulation: str
    conditions: str
    product_type: str = ""
    max_concentration: str = ""
    max_percent: float | None = None
    within_limit: bool | None = None
    adopted_after_2020: bool = False
    loosest_percent: float | None = None

    @property
    def kind(self) -> str:
        return ANNEX_KINDS[self.annex]

    @property
    def label(self) -> str:
        return f"Annex {self.annex}/{self.ref}"

    def as_dict(self) -> dict:
        return {
            "annex": self.annex,
            "ref": self.ref,
            "regulation": self.regulation,
            "conditions": self.conditions,
            "name": self.name,
            "key": self.key,
            "max_concentration": self.max_concentration,
            "max_percent": self.max_percent,
            "within_limit": self.within_limit,
            "adopted_after_2020": self.adopted_after_2020,
        }


class IngredientResult(NamedTuple):
    """One ingredient of a label, judged: a named tuple (tuples inside), because results are
    shared between labels through the memos and must never change, and a tuple is made and
    read more cheaply than a dataclass. Made as a plain tuple of its fields in assessment.py
    (judged, with_findings): keep the order."""

    input: str
    inci: str | None
    cosing_ref: int | None
    match: str
    score: float
    annex_entries: tuple[EntryResult, ...] = ()
    flags: tuple[str, ...] = ()
    may_contain: bool = False
    declared_percent: float | None = None
    findings: tuple[Finding, ...] = ()
    functions: tuple[Function, ...] = ()
    fragrance_allergen: bool = False
    roles: tuple[str, ...] = ()
    # prohibited, restriction_broken, unknown_ingredients, scope, limits (conditions only
    # the maker can meet) or ok: status_of(findings, match)
    status: str = "ok"

    @property
    def over_limit(self) -> bool:
        """The declared concentration is above the highest limit of every entry that could
        allow the ingredient."""
        allowing = [entry for entry in self.annex_entries if entry.annex != "II"]
        return bool(allowing) and all(entry.within_limit is False for entry in allowing)

    def as_dict(self) -> dict:
        return {
            "input": self.input,
            "inci": self.inci,
            "cosing_ref": self.cosing_ref,
            "match": self.match,
            "score": self.score,
            "status": self.status,
            "annex_entries": [entry.as_dict() for entry in self.annex_entries],
            "findings": [finding.as_dict() for finding in self.findings],
            "functions": [function.as_dict() for function in self.functions],
            "fragrance_allergen": self.fragrance_allergen,
            "flags": list(self.flags),
            "may_contain": self.may_contain,
            "declared_percent": self.declared_percent,
        }


def status_of(findings: tuple[Finding, ...], match: str) -> str:
    """An ingredient's own status from its findings and how it was matched."""
    if not findings:  # most ingredients
        return "unknown_ingredients" if match == "none" else "ok"
    kinds = {finding.kind for finding in findings}
    if "banned" in kinds:
        return "prohibited"
    if "broken" in kinds:
        return "restriction_broken"
    if match == "none":
        return "unknown_ingredients"
    if "scope" in kinds:
        return "scope"
    return "limits" if "maker" in kinds else "ok"


@dataclass(slots=True)
class LabelResult:
    verdict: str
    ingredients: list[IngredientResult]
    warnings: list[str]
    product_family: str | None = None

    @property
    def human_origin(self) -> bool:
        return any("human_origin" in i.flags for i in self.ingredients)

    @property
    def exosome(self) -> bool:
        return any("exosome" in i.flags for i in self.ingredients)

    @property
    def problems(self) -> list[Finding]:
        """Bans first, then conditions the label shows broken."""
        found = [f for i in self.ingredients for f in i.findings if f.kind == "banned"]
        return found + [f for i in self.ingredients for f in i.findings if f.kind == "broken"]

    @property
    def scope_checks(self) -> list[Finding]:
        """Ingredients allowed only in some kinds of product, where the label does not say
        what the product is: the person can check that."""
        return [f for i in self.ingredients for f in i.findings if f.kind == "scope"]

    @property
    def maker_limits(self) -> list[Finding]:
        return [f for i in self.ingredients for f in i.findings if f.kind == "maker"]

    @property
    def unknown_count(self) -> int:
        return sum(1 for i in self.ingredients if i.match == "none")

    @property
    def summary(self) -> str:
        return summary(i.roles for i in self.ingredients)

    @property
    def headline(self) -> tuple[str, str]:
        return headline_of(self)

    def as_dict(self) -> dict:
        heading, explanation = self.headline
        return {
            "verdict": self.verdict,
            "headline": heading,
            "explanation": explanation,
            "summary": self.summary,
            "problems": [finding.as_dict() for finding in self.problems],
            "product_type_checks": [finding.as_dict() for finding in self.scope_checks],
            "maker_limits": [finding.as_dict() for finding in self.maker_limits],
            "unknown_count": self.unknown_count,
            "product_type": FAMILY_NAMES.get(self.product_family) if self.product_family else None,
            "ingredients": [ingredient.as_dict() for ingredient in self.ingredients],
            "warnings": self.warnings,
        }
