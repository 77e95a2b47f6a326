"""API shapes for verified reviews."""

from ninja import Schema


class ReviewProductOut(Schema):
    name: str
    manufacturer: str
    source: str
    source_label: str
    route: str


class ReviewedTreatmentOut(Schema):
    slug: str
    name: str


class ReviewOut(Schema):
    id: int
    verified_treatment: bool
    rating: int
    text: str
    treatment: ReviewedTreatmentOut
    treated_on: str
    products: list[ReviewProductOut]
    reply: str | None
    published_at: str
    practitioner_id: int | None
    is_demo: bool


class ReviewsOut(Schema):
    count: int
    average: float | None
    reviews: list[ReviewOut]


class ReviewIn(Schema):
    rating: int
    text: str


class ReviewSubmittedOut(Schema):
    id: int
    status: str
    held_reason: str | None
