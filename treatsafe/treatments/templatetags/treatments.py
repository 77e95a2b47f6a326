from django import template

from treatsafe.treatments.advice import VERDICT_LABELS

register = template.Library()


@register.filter
def verdict_label(verdict: str | None) -> str:
    """ "red_flag" -> "Warning signs"."""
    return VERDICT_LABELS.get(verdict or "", "No warning signs found")


@register.filter
def pounds(value) -> str:
    return "" if value is None else f"£{value:,.0f}"


TAG_COLOURS = {
    "unlawful": "red",
    "prohibited": "red",
    "red_flag": "orange",
    "caution": "yellow",
    "restriction_broken": "orange",
    "unknown_ingredients": "yellow",
    "lawful": "green",
    "ok": "green",
}


@register.filter
def tag_colour(verdict: str | None) -> str:
    """The govuk-tag modifier for a verdict ("unlawful" -> "govuk-tag--red")."""
    return "govuk-tag--" + TAG_COLOURS.get(verdict or "", "grey")


@register.filter
def humanise(value: str | None) -> str:
    return (value or "").replace("_", " ").capitalize()


STATUS_LABELS = {
    "in_force": "In force",
    "enacted_not_commenced": "Passed, not yet in force",
    "proposed": "Proposed",
}


@register.filter
def status_label(status: str | None) -> str:
    """ "enacted_not_commenced" -> "Passed, not yet in force"."""
    return STATUS_LABELS.get(status or "", humanise(status))
