"""DRF fields for Jalali dates and Iranian identifiers.

The API speaks Jalali with Latin digits (``1403/04/02``): it is what clients show and what
spreadsheets sort. It accepts any digit script and ISO ``2024-06-22`` too, so a client that
only knows Gregorian dates can still write. Where a client needs both calendars,
``JalaliDateWithIsoField`` returns ``{"jalali": "1403/04/02", "iso": "2024-06-22"}``.

Identifier fields accept what people type (any digits, spaces, dashes, ``+98``) and store the
canonical form of :mod:`khooshe.persian.validators`; error codes are the validators' codes.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from khooshe.persian.forms import MAX_BIGINT
from khooshe.persian.jalali import format_jalali, parse_jalali_date, to_jalali
from khooshe.persian.validators import (
    normalize_card_number,
    normalize_legal_id,
    normalize_mobile,
    normalize_national_code,
    normalize_postal_code,
    normalize_sheba,
)

__all__ = [
    "MAX_BIGINT",
    "CardNumberField",
    "IntegerField",
    "JalaliDateField",
    "JalaliDateWithIsoField",
    "LegalIdField",
    "MobileField",
    "NationalCodeField",
    "PostalCodeField",
    "ShebaField",
    "jalali_pair",
]

_JALALI_SCHEMA = {
    "type": "string",
    "example": "1403/04/02",
    "description": (
        "Jalali (Solar Hijri) date, written as 1403/04/02. Input also accepts Persian or "
        "Arabic-Indic digits, - . or spaces as separators, and ISO 8601 (2024-06-22)."
    ),
}


class IntegerField(serializers.IntegerField):
    """A whole number within the databases' 64-bit range unless told a narrower one: a larger
    one is a 400 in the request's language, never an overflow in the database (a 500)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_value", MAX_BIGINT)
        kwargs.setdefault("min_value", -MAX_BIGINT - 1)
        super().__init__(**kwargs)


def _drf_error(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(exc.messages, code=getattr(exc, "code", None))


def jalali_pair(value: date) -> dict[str, str]:
    """``{"jalali": "1403/04/02", "iso": "2024-06-22"}`` for a date (datetimes: day in Tehran)."""
    return {
        "jalali": format_jalali(value, digits="latin"),
        "iso": to_jalali(value).togregorian().isoformat(),
    }


@extend_schema_field(_JALALI_SCHEMA)
class JalaliDateField(serializers.Field):
    """A date read from Jalali (any digits) or ISO text, written as ``1403/04/02``."""

    default_error_messages = {"invalid": _("تاریخ را به شکل ۱۴۰۳/۰۴/۰۲ بنویسید.")}

    def to_internal_value(self, data: Any) -> date:
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            return parse_jalali_date(data)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc

    def to_representation(self, value: date) -> str:
        return format_jalali(value, digits="latin")


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            "jalali": {"type": "string", "example": "1403/04/02"},
            "iso": {"type": "string", "format": "date", "example": "2024-06-22"},
        },
        "required": ["jalali", "iso"],
    }
)
class JalaliDateWithIsoField(serializers.Field):
    """Read-only: a date in both calendars, ``{"jalali": …, "iso": …}``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: date) -> dict[str, str]:
        return jalali_pair(value)


class _NormalizedField(serializers.CharField):
    normalize: Callable[[str], str]

    def to_internal_value(self, data: Any) -> str:
        text = super().to_internal_value(data)
        if not text:
            return text
        try:
            return self.normalize(text)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc


class MobileField(_NormalizedField):
    normalize = staticmethod(normalize_mobile)


class NationalCodeField(_NormalizedField):
    normalize = staticmethod(normalize_national_code)


class LegalIdField(_NormalizedField):
    normalize = staticmethod(normalize_legal_id)


class PostalCodeField(_NormalizedField):
    normalize = staticmethod(normalize_postal_code)


class ShebaField(_NormalizedField):
    normalize = staticmethod(normalize_sheba)


class CardNumberField(_NormalizedField):
    normalize = staticmethod(normalize_card_number)
