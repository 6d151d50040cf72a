"""Helpers shared by the registry's pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.http import urlencode

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
FILTER_KEYS = (
    "q",
    "kind",
    "province",
    "county",
    "capability",
    "sector",
    "guild_member",
    "knowledge_based",
    "verified",
    "cluster",
    "ordering",
)


def page_size_of(request) -> int:
    try:
        size = int(request.GET.get("page_size", DEFAULT_PAGE_SIZE))
    except ValueError:
        return DEFAULT_PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def request_filters(request) -> dict[str, str]:
    return {k: request.GET[k].strip() for k in FILTER_KEYS if request.GET.get(k, "").strip()}


def query_string(filters: dict, **changes) -> str:
    values = {**filters, **changes}
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
