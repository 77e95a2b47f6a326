"""Template helpers for GOV.UK Design System forms, shared by every app."""

from django import forms, template

register = template.Library()


@register.filter
def widget_kind(field) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.filter
def input_type(field) -> str:
    return getattr(field.field.widget, "input_type", "text")


@register.filter
def error_target(field) -> str:
    """The id an error summary links to: the first option of radios or checkboxes."""
    if widget_kind(field) in ("radios", "checkboxes"):
        return f"{field.auto_id}_0"
    return field.id_for_label


@register.filter
def govuk_date(value) -> str:
    """A date as people read it here: 28 November 2026 (core.dates.govuk_date)."""
    from treatsafe.core.dates import govuk_date as format_date

    return format_date(value)


@register.filter
def days_ago(value, today) -> str:
    """'12 days ago', 'today', 'yesterday', for how long something has waited."""
    from treatsafe.core.dates import days_between

    days = days_between(value, today)
    if days is None:
        return ""
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"
