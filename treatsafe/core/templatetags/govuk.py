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
