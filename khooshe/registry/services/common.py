"""Helpers shared by the registry's services: normalising input, describing what changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from khooshe.geo.models import County, Province
from khooshe.persian.aliases import STAFF_ONLY_MESSAGE, aliases_text
from khooshe.persian.text import clean_text
from khooshe.persian.validators import (
    normalize_legal_id,
    normalize_mobile,
    normalize_national_code,
    normalize_postal_code,
)

#: How each identifier typed by a person becomes its canonical form.
NORMALIZERS = {
    "aliases": aliases_text,
    "legal_id": normalize_legal_id,
    "national_code": normalize_national_code,
    "postal_code": normalize_postal_code,
    "mobile": normalize_mobile,
}


def deny(message: str | None = None) -> PermissionDenied:
    return PermissionDenied(message or _("شما اجازه این کار را ندارید."))


def check_aliases_change(actor, record, data: Mapping[str, Any], *, may_edit: bool) -> None:
    """Aliases decide what the registry's search and the public record's mentions find, so
    only staff keep them (``may_edit``: the record's own permission predicate for staff); the
    record's owner may send them back unchanged, as its edit form does."""
    if "aliases" not in data or may_edit:
        return
    if data["aliases"] != (getattr(record, "aliases", "") or ""):
        raise deny(str(STAFF_ONLY_MESSAGE))


def normalize_fields(
    model: type[models.Model], fields: Mapping[str, Any], *, allowed: Iterable[str]
) -> dict[str, Any]:
    """Check the field names, clean text with :func:`clean_text`, normalise identifiers
    (errors are collected per field) and resolve a province given as its ISO code."""
    allowed = set(allowed)
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown {model.__name__} fields: {sorted(unknown)}")
    cleaned: dict[str, Any] = {}
    errors: dict[str, list] = {}
    for name, value in fields.items():
        field = model._meta.get_field(name)
        if name in NORMALIZERS:
            if value in (None, ""):
                cleaned[name] = None if field.null else ""
                continue
            try:
                cleaned[name] = NORMALIZERS[name](value)
            except ValidationError as error:
                errors[name] = error.messages
            continue
        if name == "province" and isinstance(value, str):
            value = Province.objects.filter(code=value.upper()).first()
            if value is None:
                errors[name] = [_("استان نامعتبر است.")]
                continue
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            value = clean_text(value) if value else ""
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_county(province: Province | None, county: County | None) -> None:
    if county is not None and province is not None and county.province_id != province.pk:
        raise ValidationError({"county": [_("این شهرستان در استان انتخاب‌شده نیست.")]})


def describe_set_change(label: str, before: Iterable, after: Iterable) -> str:
    """«توانمندی‌ها: + وب، − شبکه» — the M2M part of a history entry."""
    before_set, after_set = {str(x) for x in before}, {str(x) for x in after}
    added, removed = sorted(after_set - before_set), sorted(before_set - after_set)
    parts = []
    if added:
        parts.append("+ " + "، ".join(added))
    if removed:
        parts.append("− " + "، ".join(removed))
    return f"{label}: {' ; '.join(parts)}" if parts else ""
