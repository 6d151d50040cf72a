"""Small helpers for rendering forms the same way on every page."""

from django import forms, template

register = template.Library()

_CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def bootstrap(bound_field):
    """Render a bound field's widget with Bootstrap's classes and accessible error links."""
    widget = bound_field.field.widget
    css = "form-check-input" if isinstance(widget, _CHECK_WIDGETS) else "form-control"
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        css = "form-select"
    if bound_field.errors:
        css += " is-invalid"
    attrs = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    if _is_typed_text(widget) and "dir" not in widget.attrs:
        attrs["dir"] = "auto"  # what is typed reads in its own direction (Persian or English)
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_help")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


def _is_typed_text(widget) -> bool:
    if isinstance(widget, forms.Textarea):
        return True
    return isinstance(widget, forms.TextInput) and widget.input_type in ("text", "search")


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)
