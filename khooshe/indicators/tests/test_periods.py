import datetime

import pytest
from django.core.exceptions import ValidationError

from khooshe.indicators.periods import Period, parse_bound, parse_period, period_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1403", Period(1403)),
        ("۱۴۰۳", Period(1403)),
        ("١٤٠٣", Period(1403)),
        ("1403-Q2", Period(1403, 2)),
        ("۱۴۰۳-Q۲", Period(1403, 2)),
        ("1403q4", Period(1403, 4)),
        ("1403/3", Period(1403, 3)),
        ("فصل ۲ ۱۴۰۳", Period(1403, 2)),
        ("۱۴۰۳ فصل ۱", Period(1403, 1)),
    ],
)
def test_periods_in_any_digits(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1403-Q5", "14", "1403-13"])
def test_bad_period_is_a_persian_message(text):
    with pytest.raises(ValidationError) as error:
        parse_period(text)
    assert "دوره" in error.value.messages[0]


def test_year_out_of_range():
    with pytest.raises(ValidationError) as error:
        parse_period("۹۹۹۹")
    assert "بیرون از بازه" in error.value.messages[0]


def test_period_dates():
    year = Period(1403)
    assert year.start == datetime.date(2024, 3, 20)
    assert year.end == datetime.date(2025, 3, 20)  # Esfand 1403 has 30 days
    q2 = Period(1403, 2)
    assert q2.start == datetime.date(2024, 6, 21)  # 1 Tir
    assert q2.end == datetime.date(2024, 9, 21)  # 31 Shahrivar
    assert period_of(datetime.date(2024, 7, 1), quarter=True) == q2


def test_bound_reads_dates_jalali_or_iso():
    assert parse_bound("۱۴۰۳/۰۴/۰۱") == Period(1403, 2)
    assert parse_bound("2024-06-21") == Period(1403, 2)
    assert parse_bound("1402") == Period(1402)
    with pytest.raises(ValidationError):
        parse_bound("فردا")
