"""Template filters that write dates, money and numbers the way the active language does.

Dates are Jalali in every language; what changes is the script: Persian pages get Persian
digits and month names («۲ تیر ۱۴۰۳»), English pages Latin digits and transliterated month
names («2 Tir 1403»). Filters fail quietly, as Django's own do: ``None`` gives ``""`` and a
value of the wrong type comes back unchanged.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from khooshe.persian import jalali as jalali_dates
from khooshe.persian import money
from khooshe.persian import text as persian_text
from khooshe.persian.jalali import is_english_active

register = template.Library()


def _digits() -> jalali_dates.Digits:
    return "latin" if is_english_active() else "fa"


def _month_names() -> jalali_dates.MonthNames:
    return "en" if is_english_active() else "fa"


def _number(value: Any) -> int | Decimal | None:
    """``value`` as a number, reading digits of any script from strings; None if it is not one."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return value
    try:
        number = Decimal(persian_text.to_latin_digits(str(value)).strip())
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() else number


@register.filter(is_safe=True)
def fa_digits(value: Any) -> str:
    """Digits in Persian on Persian pages («۱۴۰۳»), in Latin on English ones («رتبه ۲» stored
    as typed reads «Grade 2»)."""
    if value is None:
        return ""
    if is_english_active():
        return persian_text.to_latin_digits(str(value))
    return persian_text.to_persian_digits(value)


@register.filter
def jalali(value: Any, style: str = "numeric") -> Any:
    """A date as ``۱۴۰۳/۰۴/۰۲``; ``|jalali:"long"`` → «۲ تیر ۱۴۰۳», ``"month_year"`` → «تیر ۱۴۰۳»."""
    if value is None:
        return ""
    if not isinstance(value, date):
        return value
    return jalali_dates.format_jalali(value, style, digits=_digits(), month_names=_month_names())


@register.filter
def jalali_datetime(value: Any) -> Any:
    """An aware datetime as «۲ تیر ۱۴۰۳، ساعت ۰۷:۴۶» in Asia/Tehran."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return value
    return jalali_dates.format_jalali_datetime(value, digits=_digits(), month_names=_month_names())


@register.filter
def rial(value: Any) -> Any:
    """A whole number of rials as «۱۲٬۵۰۰٬۰۰۰ ریال»."""
    number = _number(value)
    if not isinstance(number, int):
        return "" if value is None else value
    return money.format_rial(number, digits=_digits())


@register.filter
def toman(value: Any) -> Any:
    """A whole number of rials shown in tomans: ``125000`` → «۱۲٬۵۰۰ تومان»."""
    number = _number(value)
    if not isinstance(number, int):
        return "" if value is None else value
    return money.format_toman(number, digits=_digits())


@register.filter
def fa_number(value: Any) -> Any:
    """A number with thousands separators: «۱۲٬۵۰۰» on Persian pages, ``12,500`` on English ones."""
    number = _number(value)
    if number is None:
        return "" if value is None else value
    return money.format_number(number, digits=_digits())


@register.filter
def search_key(value: Any) -> str:
    """The folded search key of a text (see :func:`khooshe.persian.text.search_key`)."""
    return persian_text.search_key(None if value is None else str(value))
