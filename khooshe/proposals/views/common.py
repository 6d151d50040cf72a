"""Helpers shared by the proposal pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

PAGE_SIZE = 25


def form_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, field by field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def query_string(request, *, drop=("page",)) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


def paginate(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def wants_partial(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request and htmx.target == "results"
