"""Money in rials: one integer everywhere, formatted at the edges.

Amounts are stored as whole rials (the legal unit); the toman (10 rials) is what people say,
so ``format_toman`` exists for display only. Persian text separates thousands with ARABIC
THOUSANDS SEPARATOR U+066C (٬) and decimals with ARABIC DECIMAL SEPARATOR U+066B (٫); Latin
output uses ``,`` and ``.``. The unit word goes through gettext, so English pages say "rials".

``parse_amount`` is strict about separators on purpose: «۱۲٬۵۰۰٬۰۰۰», «12,500,000» and
«12 500 000» are fine, but «12,5» is refused rather than read as 125 — in Persian writing a
comma-like mark may be a decimal point, and guessing wrong by a factor of 1,000 on money is
worse than asking again.
"""

import re
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from khooshe.persian.text import to_latin_digits, to_persian_digits

__all__ = ["format_number", "format_rial", "format_toman", "parse_amount"]

Digits = Literal["fa", "latin"]

_PERSIAN_SEPARATORS = str.maketrans({",": "٬", ".": "٫"})
_INVISIBLE = re.compile("[\u200c-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")
_DIGITS_AND_SEPARATORS = re.compile(r"[0-9][0-9,٬،\s]*")
_GROUPED = re.compile(r"[0-9]{1,3}([,٬،]|\s)[0-9]{3}(?:\1[0-9]{3})*")
_DECIMAL = re.compile(r"[0-9]+[.٫/][0-9]+")


def format_number(value: int | Decimal, *, digits: Digits = "fa") -> str:
    """``12500000`` → ``۱۲٬۵۰۰٬۰۰۰`` (or ``12,500,000`` with ``digits="latin"``)."""
    text = f"{value:,}"
    if digits == "fa":
        return to_persian_digits(text.translate(_PERSIAN_SEPARATORS))
    return text


def format_rial(amount: int, *, digits: Digits = "fa") -> str:
    """``12500000`` → «۱۲٬۵۰۰٬۰۰۰ ریال»."""
    return gettext("%(amount)s ریال") % {"amount": format_number(amount, digits=digits)}


def format_toman(amount_rial: int, *, digits: Digits = "fa") -> str:
    """A rial amount shown in tomans: ``125000`` → «۱۲٬۵۰۰ تومان» (``125005`` → «۱۲٬۵۰۰٫۵ تومان»)."""
    tomans = Decimal(amount_rial) / 10
    if tomans == tomans.to_integral_value():
        tomans = tomans.quantize(Decimal(1))
    return gettext("%(amount)s تومان") % {"amount": format_number(tomans, digits=digits)}


def parse_amount(value: str | int) -> int:
    """A non-negative whole amount from what a person typed, in any digits.

    Thousands may be separated with ``,`` ``٬`` ``،`` or spaces, one kind per amount, every
    three digits. Raises ValidationError for anything else.
    """
    if isinstance(value, bool):
        raise _junk()
    if isinstance(value, int):
        number = value
    else:
        text = _INVISIBLE.sub("", to_latin_digits(str(value))).strip()
        negative = text[:1] in {"-", "−"}
        if negative:
            text = text[1:].lstrip()
        if _DECIMAL.fullmatch(text):
            raise ValidationError(
                gettext("مبلغ باید عدد صحیح باشد، بدون ممیز."), code="amount_not_integer"
            )
        if not _DIGITS_AND_SEPARATORS.fullmatch(text):
            raise _junk()
        if not text.isdigit() and not _GROUPED.fullmatch(text):
            raise ValidationError(
                gettext("جداکنندهٔ هزارگان باید هر سه رقم بیاید؛ مثلاً ۱۲٬۵۰۰٬۰۰۰."),
                code="invalid_amount_grouping",
            )
        number = int(re.sub("[^0-9]", "", text))
        if negative:
            number = -number
    if number < 0:
        raise ValidationError(gettext("مبلغ نمی‌تواند منفی باشد."), code="negative_amount")
    return number


def _junk() -> ValidationError:
    return ValidationError(
        gettext("مبلغ را فقط با رقم بنویسید؛ مثلاً ۱۲٬۵۰۰٬۰۰۰."), code="invalid_amount"
    )
