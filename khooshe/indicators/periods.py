"""Reporting periods: a Jalali year (``1403``) or a quarter of it (``1403-Q2``).

A quarter is three Jalali months: Q1 Farvardin–Khordad, Q2 Tir–Shahrivar, Q3 Mehr–Azar,
Q4 Dey–Esfand. A period's dates are Gregorian (the records' dates are), its start and end
inclusive. Typed periods are read in any digit script (``۱۴۰۳-Q۲``, ``١٤٠٣``), with ``Q``,
``q``, ``-``, ``/`` or a space, or the Persian «فصل ۲ ۱۴۰۳» / «۱۴۰۳ فصل ۲».
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.persian.jalali import jalali_month_end, parse_jalali_date, to_jalali
from khooshe.persian.text import to_latin_digits, to_persian_digits

#: Jalali years a period may name (the records start after 1380; 1500 is far enough).
FIRST_YEAR, LAST_YEAR = 1380, 1500

_PERIOD = re.compile(r"(\d{4})(?:\s*[-/ ]?\s*[qQ]?\s*([1-4]))?")
_PERSIAN_QUARTER = re.compile(
    r"(?:فصل\s*([1-4])\s*(?:سال)?\s*(\d{4})|(\d{4})\s*[-/ ]?\s*فصل\s*([1-4]))"
)
_INVISIBLE = re.compile("[\u200c-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None  # None: the whole year

    @property
    def code(self) -> str:
        return f"{self.year}" if self.quarter is None else f"{self.year}-Q{self.quarter}"

    @property
    def is_year(self) -> bool:
        return self.quarter is None

    @property
    def start(self) -> datetime.date:
        month = 1 if self.quarter is None else 3 * (self.quarter - 1) + 1
        return _month_start(self.year, month)

    @property
    def end(self) -> datetime.date:
        month = 12 if self.quarter is None else 3 * self.quarter
        return jalali_month_end(self.year, month)

    @property
    def label(self) -> str:
        """«۱۴۰۳» or «فصل ۲ ۱۴۰۳» (in the active language's digits)."""
        if self.quarter is None:
            return to_persian_digits(self.year)
        return _("فصل %(q)s %(year)s") % {
            "q": to_persian_digits(self.quarter),
            "year": to_persian_digits(self.year),
        }

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def is_closed(self, today: datetime.date | None = None) -> bool:
        return self.end < (today or timezone.localdate())

    def is_future(self, today: datetime.date | None = None) -> bool:
        return self.start > (today or timezone.localdate())

    def quarters(self) -> list[Period]:
        return [Period(self.year, q) for q in range(1, 5)] if self.quarter is None else [self]

    def __str__(self) -> str:
        return self.code


def _month_start(year: int, month: int) -> datetime.date:
    if month == 1:
        return jalali_month_end(year - 1, 12) + datetime.timedelta(days=1)
    return jalali_month_end(year, month - 1) + datetime.timedelta(days=1)


def _clean(value) -> str:
    return _INVISIBLE.sub("", to_latin_digits(str(value))).strip()


def _period_error() -> ValidationError:
    return ValidationError(
        _("دوره را به شکل سال (۱۴۰۳) یا فصل (۱۴۰۳-Q2) بنویسید."), code="invalid_period"
    )


def _checked(year: int, quarter: int | None) -> Period:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("سال %(year)s بیرون از بازه %(first)s تا %(last)s است.")
            % {
                "year": to_persian_digits(year),
                "first": to_persian_digits(FIRST_YEAR),
                "last": to_persian_digits(LAST_YEAR),
            },
            code="invalid_period",
        )
    return Period(year, quarter)


def parse_period(value) -> Period:
    """A period typed by a person or sent by a client; ValidationError in Persian otherwise."""
    text = _clean(value)
    match = _PERIOD.fullmatch(text)
    if match:
        return _checked(int(match.group(1)), int(match.group(2)) if match.group(2) else None)
    match = _PERSIAN_QUARTER.fullmatch(text)
    if match:
        if match.group(1):
            return _checked(int(match.group(2)), int(match.group(1)))
        return _checked(int(match.group(3)), int(match.group(4)))
    raise _period_error()


def period_of(day: datetime.date, *, quarter: bool = False) -> Period:
    jalali = to_jalali(day)
    return Period(jalali.year, (jalali.month - 1) // 3 + 1 if quarter else None)


def parse_bound(value) -> Period:
    """A ``from``/``to`` bound: a period, or a date (Jalali or ISO, any digits) read as the
    quarter that holds it."""
    text = _clean(value)
    try:
        return parse_period(text)
    except ValidationError:
        pass
    try:
        day = parse_jalali_date(text)
    except ValidationError as exc:
        raise ValidationError(
            _("بازه را با دوره (۱۴۰۳ یا ۱۴۰۳-Q2) یا تاریخ (۱۴۰۳/۰۴/۰۱ یا 2024-06-21) بنویسید."),
            code="invalid_period",
        ) from exc
    return period_of(day, quarter=True)


def current_periods(today: datetime.date | None = None) -> list[Period]:
    """The open periods: this Jalali year and its current quarter."""
    today = today or timezone.localdate()
    return [period_of(today), period_of(today, quarter=True)]


def recent_periods(years: int = 2, today: datetime.date | None = None) -> list[Period]:
    """The last ``years`` Jalali years (this one included) and their quarters up to today."""
    today = today or timezone.localdate()
    this = period_of(today).year
    found: list[Period] = []
    for year in range(this - years + 1, this + 1):
        found.append(Period(year))
        found.extend(q for q in Period(year).quarters() if not q.is_future(today))
    return found


def in_range(period: Period, start: Period | None, end: Period | None) -> bool:
    """Whether ``period`` lies within [start, end] (comparing their first and last days)."""
    if start is not None and period.end < start.start:
        return False
    return not (end is not None and period.start > end.end)


def jalali_label(day: datetime.date) -> str:
    j = to_jalali(day)
    return to_persian_digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}")
