"""Small presentation helpers for the register's templates."""

from django import template

from treatsafe.register.verdicts import VERDICT_LABELS

register = template.Library()

STATUS_TAGS = {
    "accredited": "govuk-tag--green",
    "applied": "govuk-tag--blue",
    "under_assessment": "govuk-tag--light-blue",
    "expired": "govuk-tag--grey",
    "suspended": "govuk-tag--orange",
    "revoked": "govuk-tag--red",
    "draft": "govuk-tag--grey",
}
VERDICT_TAGS = {
    "lawful": "govuk-tag--green",
    "ok": "govuk-tag--green",
    "caution": "govuk-tag--yellow",
    "restriction_broken": "govuk-tag--orange",
    "unknown_ingredients": "govuk-tag--yellow",
    "red_flag": "govuk-tag--orange",
    "unlawful": "govuk-tag--red",
    "prohibited": "govuk-tag--red",
}
CHOICE_LABELS = {
    "human": "Human",
    "animal": "Animal",
    "plant": "Plant",
    "microbial": "Microbial",
    "synthetic": "Synthetic",
    "topical": "On the skin",
    "after-microneedling": "On the skin after microneedling",
    "injected": "Injected",
    "licensed_medicine": "Licensed medicine",
    "device": "UKCA or CE-marked medical device",
    "cosmetic": "Cosmetic",
    "unlicensed": "None (unlicensed)",
    "england": "England",
    "scotland": "Scotland",
    "wales": "Wales",
    "northern_ireland": "Northern Ireland",
}


@register.filter
def status_tag(status: str) -> str:
    return STATUS_TAGS.get(status, "govuk-tag--grey")


@register.filter
def verdict_tag(verdict: str) -> str:
    return VERDICT_TAGS.get(verdict or "", "govuk-tag--grey")


@register.filter
def verdict_label(verdict: str) -> str:
    return VERDICT_LABELS.get(verdict or "", verdict)


@register.filter
def choice_label(value: str) -> str:
    return CHOICE_LABELS.get(value, value)


@register.filter
def pounds(value) -> str:
    value = float(value)
    return f"£{value:,.0f}" if value == int(value) else f"£{value:,.2f}"


@register.simple_tag
def extension_links(audience: str) -> list[tuple[str, str]]:
    """(text, URL) of the pages apps above the register add for assessors or practitioners."""
    from django.urls import reverse

    from treatsafe.register.extensions import LINKS

    return [(text, reverse(name)) for text, name in LINKS.get(audience, [])]
