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


class LabelIngredientOut(Schema):
    input: str
    inci: str | None
    cosing_ref: int | None
    match: Literal["exact", "synonym", "fuzzy", "none"]
    score: float
    annex_entries: list[AnnexEntryOut]
    flags: list[str]
    may_contain: bool
    declared_percent: float | None


class LabelOut(Schema):
    verdict: Literal["prohibited", "restricted", "ok", "unknown_ingredients"]
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
