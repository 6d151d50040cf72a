"""Form fields that accept what Persian users type and clean it to one canonical form.

People type digits in Persian, Arabic-Indic or Latin script (phones and keyboards differ),
add spaces and dashes, and paste invisible bidi marks. These fields accept all of that and
hand ``cleaned_data`` the canonical value (a Gregorian ``date``, ``09…`` mobile, ASCII-digit
identifiers, an ``int`` of rials), so models and services only ever see one form.

Values shown back in the form are written the way the active language writes numbers:
Persian digits for Persian, Latin for English; both are accepted on input.
"""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy

from khooshe.persian.jalali import format_jalali, is_english_active, parse_jalali_date
from khooshe.persian.money import format_number, parse_amount
from khooshe.persian.text import clean_text, to_latin_digits, to_persian_digits
from khooshe.persian.validators import (
    normalize_card_number,
    normalize_legal_id,
    normalize_mobile,
    normalize_national_code,
    normalize_postal_code,
    normalize_sheba,
)

#: The largest whole number the databases store (a signed 64-bit integer).
MAX_BIGINT = 2**63 - 1


__all__ = [
    "CardNumberField",
    "JalaliDateField",
    "JalaliDateInput",
    "LegalIdField",
    "MobileField",
    "NationalCodeField",
    "NumberInput",
    "PersianCharField",
    "PersianDecimalField",
    "PersianIntegerField",
    "PostalCodeField",
    "RialField",
    "ShebaField",
]


def _display_jalali(value: Any) -> Any:
    if isinstance(value, date):
        return format_jalali(value, digits="latin" if is_english_active() else "fa")
    return value


class JalaliDateInput(forms.TextInput):
    """A text box for @majidh1/jalalidatepicker (``data-jdp``) showing the date in Jalali."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "data-jdp": "",
                "inputmode": "numeric",
                "autocomplete": "off",
                **(attrs or {}),
            }
        )

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        # The example date in the reader's digits (the widget outlives a language switch).
        context["widget"]["attrs"].setdefault(
            "placeholder", "1403/04/02" if is_english_active() else "۱۴۰۳/۰۴/۰۲"
        )
        return context

    def format_value(self, value: Any) -> str | None:
        return super().format_value(_display_jalali(value))


class JalaliDateField(forms.Field):
    """A Jalali date typed in any digits (or ISO ``2024-06-22``), cleaned to a Gregorian date."""

    widget = JalaliDateInput

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return parse_jalali_date(str(value))

    def prepare_value(self, value: Any) -> Any:
        return _display_jalali(value)


class PersianCharField(forms.CharField):
    """Text cleaned with :func:`khooshe.persian.text.clean_text` (Arabic ي/ك, bidi marks, …)."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return clean_text(text) if text else text

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # Typed in Persian or English: each reads in its own direction.
        attrs = super().widget_attrs(widget)
        if "dir" not in widget.attrs:
            attrs["dir"] = "auto"
        return attrs


class EnglishCharField(forms.CharField):
    """Text written in English (a name's English form): typed and read left to right, so
    «Caspian Data Software Co.» keeps its full stop at the end on a right-to-left page."""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "dir": "ltr", "lang": "en"}


def _example_mobile() -> str:
    return "09123456789" if is_english_active() else "۰۹۱۲۳۴۵۶۷۸۹"


#: The example mobile number in the reader's digits, chosen when the form is drawn.
example_mobile = lazy(_example_mobile, str)()


class _NormalizedField(forms.CharField):
    """A CharField whose value goes through one ``normalize_*`` function."""

    normalize: Callable[[str], str]
    input_attrs: dict[str, str] = {}

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return self.normalize(text) if text else text

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "dir": "ltr", **self.input_attrs}


class MobileField(_NormalizedField):
    normalize = staticmethod(normalize_mobile)
    input_attrs = {"inputmode": "tel", "autocomplete": "tel", "placeholder": example_mobile}


class NationalCodeField(_NormalizedField):
    normalize = staticmethod(normalize_national_code)
    input_attrs = {"inputmode": "numeric", "autocomplete": "off"}


class LegalIdField(_NormalizedField):
    normalize = staticmethod(normalize_legal_id)
    input_attrs = {"inputmode": "numeric", "autocomplete": "off"}


class PostalCodeField(_NormalizedField):
    normalize = staticmethod(normalize_postal_code)
    input_attrs = {"inputmode": "numeric", "autocomplete": "postal-code"}


class ShebaField(_NormalizedField):
    normalize = staticmethod(normalize_sheba)
    input_attrs = {"autocomplete": "off"}


class CardNumberField(_NormalizedField):
    normalize = staticmethod(normalize_card_number)
    input_attrs = {"inputmode": "numeric", "autocomplete": "cc-number"}


class RialField(forms.IntegerField):
    """A whole number of rials typed in any digits, with or without thousands separators.

    A text input, not ``type=number``: browsers refuse Persian digits and separators there.
    """

    widget = forms.TextInput

    def __init__(self, *, max_value: int = MAX_BIGINT, **kwargs: Any) -> None:
        super().__init__(max_value=max_value, **kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        return parse_amount(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return format_number(value, digits="latin" if is_english_active() else "fa")
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "inputmode": "numeric", "dir": "ltr"}


class NumberInput(forms.TextInput):
    """A text input for numbers: browsers drop Persian digits typed into ``type=number``
    silently, so no form of ours renders one (a test over every form holds it)."""

    def __init__(self, attrs=None):
        super().__init__(
            {"inputmode": "numeric", "dir": "ltr", "autocomplete": "off", **(attrs or {})}
        )


def _shown(value):
    """Digits as the page's language writes them (Persian digits unless English)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        value = value.to_integral() if value == value.to_integral() else value.normalize()
        value = f"{value:f}"
    text = str(value)
    if is_english_active():
        return text
    return to_persian_digits(text).replace(".", "٫")


class PersianIntegerField(forms.IntegerField):
    """A whole number typed in any digit script, within the databases' 64-bit range unless
    told a narrower one (a larger one is a form error, never an overflow in the database)."""

    widget = NumberInput

    def __init__(self, *, max_value=MAX_BIGINT, min_value=-MAX_BIGINT - 1, **kwargs):
        super().__init__(max_value=max_value, min_value=min_value, **kwargs)

    def to_python(self, value):
        return super().to_python(
            to_latin_digits(str(value)).strip() if value is not None else value
        )

    def prepare_value(self, value):
        return _shown(value)

    def widget_attrs(self, widget):
        return {}


class PersianDecimalField(forms.DecimalField):
    """A decimal typed in any digit script, with «٫», «.» or «/» as the decimal point."""

    widget = NumberInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = to_latin_digits(str(value)).strip().replace("٫", ".").replace("/", ".")
        try:
            return Decimal(text)
        except InvalidOperation as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def prepare_value(self, value):
        return _shown(value)

    def widget_attrs(self, widget):
        return {}
