"""Input and public output shapes of the treatments API."""

from ninja import Field, Schema

from treatsafe.core.schemas import ErrorOut  # noqa: F401  (the API's one error shape)


class TreatmentOut(Schema):
    slug: str
    name: str
    description: str
    aliases: list[str]
    is_prescription_only: bool
    usual_routes: list[str]
    url: str


class CitationOut(Schema):
    source_id: str
    title: str
    issuer: str
    url: str | None
    date: str | None
    clause: str | None
    evidence: str


class ReasonOut(Schema):
    rule_id: str
    verdict: str
    title: str
    text: str
    needs_source: bool
    status: str
    takes_effect: str | None
    citations: list[CitationOut]


class AnswerOut(Schema):
    value: str
    label: str
    walk_away: bool


class QuestionOut(Schema):
    id: str
    question: str
    why: str
    walk_away_when: str
    answers: list[AnswerOut]


class NextStepOut(Schema):
    id: str
    text: str
    url: str | None


class PriceOut(Schema):
    treatment: str
    basis: str
    usual_low: float | None
    usual_high: float | None
    description: str
    source: dict | None
    listed_prices: int
    offered: float | None
    far_below_usual: bool
    warning: str | None
    note: str
    basis_note: str


class CheckIn(Schema):
    """A treatment offer. Give `postcode` (and `nation` for a cross-border postcode) or
    `jurisdiction` directly."""

    treatment: str = Field(..., examples=["exosomes"])
    source: str = Field("unknown", examples=["plant"])
    route: str = Field("unknown", examples=["topical"])
    postcode: str | None = Field(None, max_length=20, examples=["CF10 1AA"])
    nation: str | None = None
    jurisdiction: str | None = None
    age: int | None = None
    age_band: str | None = None
    administered_by: str | None = None
    prescriber: str = "unknown"
    regulatory_status: str | None = None
    label: str | None = Field(None, description="The product's ingredient list, if you have it")
    packaging: str | None = None
    evidence: str | None = None
    accreditation: str | None = None
    clinic_registered: str | None = Field(
        None, description="Scotland: is the clinic registered with Healthcare Improvement Scotland?"
    )
    price: float | None = Field(None, description="The price offered, in pounds")


class CheckOut(Schema):
    verdict: str
    summary: str
    reasons: list[ReasonOut]
    coming: list[ReasonOut]
    background: list[ReasonOut] = Field(
        default_factory=list,
        description="Rules that apply here but are about other treatments: never the verdict",
    )
    notes: list[str]
    questions: list[QuestionOut]
    next_steps: list[NextStepOut]
    rules_last_verified: str
    inputs: dict
    label: dict | None
    price: PriceOut | None = None


class RuleOut(Schema):
    id: str
    title: str
    when: dict[str, list[str]]
    verdict: str
    explanation: str
    status: str
    takes_effect: str | None
    last_verified: str
    needs_source: bool
    concerns: list[str] | None = None
    citations: list[CitationOut]


class RuleSetOut(Schema):
    last_verified: str
    verdicts: list[str]
    statuses: list[str]
    vocabulary: dict[str, list[str]]
    rules: list[RuleOut]
    licence: str


class AdvertIn(Schema):
    text: str = Field(
        ...,
        description="The advert, social media post or message, up to 20,000 characters",
        examples=["Stem-cell exosome injections, guaranteed results!"],
    )


class AdvertQuoteOut(Schema):
    text: str = Field(..., description="The advert's own words, as written")
    start: int = Field(..., description="Offset of the first character in the advert")
    end: int = Field(..., description="Offset just after the last character (text[start:end])")
    detail: str | None = None


class AdvertFlagOut(Schema):
    claim: str = Field(..., description="The claim id, e.g. prescription_only_medicine")
    label: str
    quotes: list[AdvertQuoteOut]
    rule_id: str
    verdict: str
    rule_title: str
    explanation: str
    needs_source: bool
    citations: list[CitationOut]


class AdvertOut(Schema):
    verdict: str | None
    flags: list[AdvertFlagOut]
    characters: int
    rules_last_verified: str
    note: str


class CheckQuery(Schema):
    """The check as query parameters: the same fields as CheckIn, without the label."""

    treatment: str
    source: str = "unknown"
    route: str = "unknown"
    postcode: str | None = Field(None, max_length=20)
    nation: str | None = None
    jurisdiction: str | None = None
    age: int | None = None
    age_band: str | None = None
    administered_by: str | None = None
    prescriber: str = "unknown"
    regulatory_status: str | None = None
    packaging: str | None = None
    evidence: str | None = None
    accreditation: str | None = None
    clinic_registered: str | None = None
    price: float | None = None


class RuleChangeOut(Schema):
    date: str
    change: str
    rules: list[str]
    summary: str
    status_from: str | None
    status_to: str | None


class RuleChangesOut(Schema):
    changes: list[RuleChangeOut]
    licence: str
