"""API shapes: input, and public output (nothing else is exposed)."""

from datetime import date
from typing import Literal

from ninja import Schema

from treatsafe.core.schemas import ErrorOut  # noqa: F401  (the API's one error shape)


class LabelIn(Schema):
    text: str


class AnnexEntryOut(Schema):
    annex: Literal["II", "III", "IV", "V", "VI"]
    ref: str
    regulation: str
    conditions: str
    name: str
    key: str
    max_concentration: str
    max_percent: float | None
    within_limit: bool | None
    adopted_after_2020: bool


class FindingOut(Schema):
    kind: Literal["banned", "broken", "scope", "maker"]
    ingredient: str  # as written on the label
    entry: str  # "Annex V/29"
    text: str  # the condition, quoted from the annex


class FunctionOut(Schema):
    name: str  # as CosIng writes it, e.g. "HUMECTANT"
    plain: str  # "Humectant"
    meaning: str  # "draws in water and keeps skin or the product moist"


class LabelIngredientOut(Schema):
    input: str
    inci: str | None
    cosing_ref: int | None
    match: Literal["exact", "synonym", "fuzzy", "none"]
    score: float
    status: Literal[
        "prohibited", "restriction_broken", "unknown_ingredients", "scope", "limits", "ok"
    ]
    annex_entries: list[AnnexEntryOut]
    findings: list[FindingOut]
    functions: list[FunctionOut]
    fragrance_allergen: bool  # an EU fragrance allergen (information, not a warning)
    flags: list[str]
    may_contain: bool
    declared_percent: float | None


class LabelOut(Schema):
    # prohibited: Annex II or human origin, do not use; restriction_broken: the label itself
    # shows a condition broken; unknown_ingredients: some names could not be checked; ok: no
    # banned ingredient found (conditions only the maker can meet are in maker_limits)
    verdict: Literal["prohibited", "restriction_broken", "unknown_ingredients", "ok"]
    headline: str
    explanation: str
    summary: str  # "1 preservative, 2 fragrance allergens, 1 UV filter"
    problems: list[FindingOut]  # bans and conditions the label shows broken
    # allowed only in some kinds of product (the label does not say which it is)
    product_type_checks: list[FindingOut]
    maker_limits: list[FindingOut]  # "Limits the maker must keep to"
    unknown_count: int
    product_type: str | None  # what the text around the list says the product is
    ingredients: list[LabelIngredientOut]
    warnings: list[str]


class LabelPhotoOut(LabelOut):
    text: str  # what was read from the photo, for the person to correct


class SynonymOut(Schema):
    name: str
    kind: str


class IngredientAnnexOut(Schema):
    annex: str
    ref: str
    key: str
    kind: str
    name: str
    regulation: str
    adopted_after_2020: bool
    product_type: str
    max_concentration: str
    max_percent: float | None
    other: str
    conditions_and_warnings: str
    update_date: date | None
    linked_by: str


class IngredientOut(Schema):
    cosing_ref: int
    inci_name: str
    inn_name: str
    ph_eur_name: str
    cas_numbers: str
    ec_numbers: str
    description: str
    functions: list[str]
    function_meanings: list[FunctionOut]  # the same functions in plain English
    synonyms: list[SynonymOut]
    restriction_text: str
    update_date: date | None
    annex_entries: list[IngredientAnnexOut]
    flags: list[str]
    source: str


class IngredientSummaryOut(Schema):
    cosing_ref: int
    inci_name: str
    url: str


class SuggestionOut(Schema):
    cosing_ref: int
    inci_name: str
    score: float


class IngredientSearchOut(Schema):
    query: str
    results: list[IngredientSummaryOut]
    suggestions: list[SuggestionOut]
