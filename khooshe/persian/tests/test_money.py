from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from khooshe.persian.money import format_number, format_rial, format_toman, parse_amount


def test_format_rial():
    assert format_rial(12_500_000) == "۱۲٬۵۰۰٬۰۰۰ ریال"
    assert format_rial(12_500_000, digits="latin") == "12,500,000 ریال"
    assert format_rial(0) == "۰ ریال"


def test_format_toman_divides_by_ten():
    assert format_toman(125_000) == "۱۲٬۵۰۰ تومان"
    assert format_toman(125_005) == "۱۲٬۵۰۰٫۵ تومان"
    assert format_toman(125_000, digits="latin") == "12,500 تومان"


def test_units_follow_the_language():
    with translation.override("en"):
        assert format_rial(12_500_000, digits="latin") == "12,500,000 rials"
        assert format_toman(125_000, digits="latin") == "12,500 tomans"


def test_format_number():
    assert format_number(1234567) == "۱٬۲۳۴٬۵۶۷"
    assert format_number(Decimal("1234.5"), digits="latin") == "1,234.5"
    assert format_number(-1500) == "-۱٬۵۰۰"


@pytest.mark.parametrize(
    "value",
    [
        "12500000",
        "۱۲٬۵۰۰٬۰۰۰",
        "١٢,٥٠٠,٠٠٠",
        "12,500,000",
        "12 500 000",
        "۱۲،۵۰۰،۰۰۰",
        " 12500000 ",
        12_500_000,
    ],
)
def test_parse_amount_accepts_any_digits_and_separators(value):
    assert parse_amount(value) == 12_500_000


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "invalid_amount"),
        ("abc", "invalid_amount"),
        ("12 ریال", "invalid_amount"),
        ("12.500.000", "invalid_amount"),
        (True, "invalid_amount"),
        ("12.5", "amount_not_integer"),
        ("۱۲٫۵", "amount_not_integer"),
        ("12,5", "invalid_amount_grouping"),
        ("1,23,456", "invalid_amount_grouping"),
        ("12,500 000", "invalid_amount_grouping"),
        ("-5", "negative_amount"),
        ("−۵٬۰۰۰", "negative_amount"),
        (-3, "negative_amount"),
    ],
)
def test_parse_amount_refuses_junk(value, code):
    with pytest.raises(ValidationError) as exc_info:
        parse_amount(value)
    assert exc_info.value.code == code
