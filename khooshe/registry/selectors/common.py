"""Running a FilterSet the way every registry list does."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import QuerySet


def apply_filters(
    filterset_class, data: Mapping[str, str], queryset: QuerySet, *, strict: bool = False
):
    """Run a FilterSet. A parameter with an invalid value is dropped (the others still apply)
    or, when ``strict`` (the API), refused with a ValidationError naming it."""
    filterset = filterset_class(data=data, queryset=queryset)
    if filterset.is_valid():
        return filterset.qs
    if strict:
        raise ValidationError({field: list(errors) for field, errors in filterset.errors.items()})
    kept = {k: v for k, v in data.items() if k not in filterset.errors}
    filterset = filterset_class(data=kept, queryset=queryset)
    return filterset.qs if filterset.is_valid() else queryset
