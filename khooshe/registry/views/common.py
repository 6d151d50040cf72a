"""What the registry's list pages share: the filters a query string chooses."""

from __future__ import annotations

from collections.abc import Iterable


def filters_of(request, keys: Iterable[str]) -> dict[str, str]:
    """The non-blank values of ``keys`` (a FilterSet's parameters) in the query string."""
    return {key: request.GET[key].strip() for key in keys if request.GET.get(key, "").strip()}
