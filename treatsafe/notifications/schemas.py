"""Public output shapes of the notifications API (never an address: watchers stay private)."""

from ninja import Schema


class WatchIn(Schema):
    email: str


class WatchOut(Schema):
    message: str


class DecisionOut(Schema):
    id: str
    date: str
    action: str
    title: str
    listing_id: int
    listing_name: str
    listing_url: str
    status: str | None
    status_label: str | None
    accredited_until: str | None
    reason: str | None


class DecisionsOut(Schema):
    decisions: list[DecisionOut]
