"""Showing indicator values: Persian digits, «کمتر از ۵» for a small group, a sign."""

from decimal import Decimal

from django import template

from khooshe.indicators.selectors import is_suppressed
from khooshe.persian.jalali import is_english_active
from khooshe.persian.money import format_number

register = template.Library()


def format_value(value, places: int = 2) -> str:
    if value is None:
        return "—"
    if is_suppressed(value):
        return str(value)
    number = Decimal(value)
    digits = "latin" if is_english_active() else "fa"
    if number == number.to_integral_value():
        return format_number(int(number), digits=digits)
    text = format_number(number.quantize(Decimal(1).scaleb(-places)), digits=digits)
    return text.replace(".", "٫") if digits == "fa" else text


@register.filter
def ind_value(value) -> str:
    """«۱۲٬۵۰۰» / «۳٫۲۵» / «کمتر از ۵» / «—» for no value."""
    return format_value(value)


@register.filter
def ind_signed(value) -> str:
    """A difference with its sign: «+۳٫۲» / «−۱٫۵»."""
    if value is None:
        return "—"
    number = Decimal(value)
    sign = "+" if number > 0 else "−" if number < 0 else ""
    # A left-to-right mark keeps the sign before the number inside right-to-left text.
    return "\u200e" + sign + format_value(abs(number))
