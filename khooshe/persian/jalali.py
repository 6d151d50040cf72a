"""Jalali (Solar Hijri) dates at the edges of the system.

We store Gregorian ``date``/aware ``datetime`` values and convert only when reading input or
showing output. Every piece of calendar arithmetic (month lengths, leap years, conversion) is
jdatetime's: it agrees with the official leap-year table (1403 and 1408 are leap, 1404 and
1407 are not), and a home-made rule is exactly how pickers end up showing Esfand 1403 with 29
days. A Jalali day 31 is not a Gregorian one, so Jalali input is never parsed with
``strptime``; we take the three numbers apart ourselves and let jdatetime judge them.

Time zone: Asia/Tehran is UTC+3:30 all year since Iran dropped daylight saving time in 2022.
``zoneinfo`` reads the system tz database first and falls back to the ``tzdata`` package;
a tz database older than 2022b still says +4:30 in summer. ``test_jalali`` checks the 2026
summer offset so a stale database fails the test suite instead of shifting times by an hour.

Error messages are Persian msgids (English is the translation) and show numbers the way the
active language writes them: Persian digits and month names in Persian, Latin ones in English.
"""

import datetime
import re
import zoneinfo
from typing import Literal

import jdatetime
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext

from khooshe.persian.text import fold, to_latin_digits, to_persian_digits

__all__ = [
    "JALALI_MONTHS",
    "JALALI_MONTHS_EN",
    "TEHRAN",
    "add_jalali_months",
    "find_jalali_dates",
    "format_jalali",
    "format_jalali_datetime",
    "is_english_active",
    "jalali_month_end",
    "jalali_to_date",
    "jalali_year_of",
    "looks_like_date",
    "parse_jalali_date",
    "parse_jalali_month_end",
    "to_jalali",
    "today_jalali_year",
]

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")

JALALI_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
JALALI_MONTHS_EN = (
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
)
# Other spellings met in real documents, month number by name.
_MONTH_VARIANTS = {"امرداد": 5, "Amordad": 5, "Dei": 10}

INVALID_CODE = "invalid_jalali_date"
# Years above this are Gregorian: Jalali 1700 is 2321 CE, Gregorian 1700 is Jalali 1078.
_GREGORIAN_FROM_YEAR = 1700

Digits = Literal["fa", "latin"]
MonthNames = Literal["fa", "en"]
Style = Literal["numeric", "long", "month_year"]


def is_english_active() -> bool:
    """Whether the active language is English (Latin digits, English month names)."""
    return (get_language() or "").startswith("en")


def _local_digits(value: str) -> str:
    return value if is_english_active() else to_persian_digits(value)


def _local_month(month: int) -> str:
    return (JALALI_MONTHS_EN if is_english_active() else JALALI_MONTHS)[month - 1]


def _invalid(message: str, **params: str) -> ValidationError:
    return ValidationError(message, code=INVALID_CODE, params=params or None)


def _format_error() -> ValidationError:
    return _invalid(gettext("تاریخ را به شکل ۱۴۰۳/۰۴/۰۲ بنویسید."))


def jalali_to_date(year: int, month: int, day: int) -> datetime.date:
    """The Gregorian date of a Jalali year/month/day; ValidationError says why one is impossible."""
    shown = _local_digits(f"{year:04d}/{month:02d}/{day:02d}")
    if not 1 <= month <= 12:
        raise _invalid(gettext("تاریخ %(date)s وجود ندارد؛ سال ۱۲ ماه دارد."), date=shown)
    if day < 1:
        raise _invalid(
            gettext("تاریخ %(date)s وجود ندارد؛ روزهای ماه از ۱ شروع می‌شوند."), date=shown
        )
    try:
        month_end = jalali_month_end(year, month)
    except ValueError as exc:  # outside the years jdatetime knows
        raise _format_error() from exc
    days = to_jalali(month_end).day
    if day > days:
        if month == 12 and days == 29:
            raise _invalid(
                gettext(
                    "تاریخ %(date)s وجود ندارد؛ سال %(year)s کبیسه نیست و اسفند آن ۲۹ روز دارد."
                ),
                date=shown,
                year=_local_digits(str(year)),
            )
        raise _invalid(
            gettext("تاریخ %(date)s وجود ندارد؛ %(month)s %(days)s روز دارد."),
            date=shown,
            month=_local_month(month),
            days=_local_digits(str(days)),
        )
    return month_end - datetime.timedelta(days=days - day)


_DATE_INPUT = re.compile(r"(\d{4})\s*[-/.\s\u066b]\s*(\d{1,2})\s*[-/.\s\u066b]\s*(\d{1,2})")
_INVISIBLE = re.compile("[\u200c-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")


def _input_text(value) -> str:
    return _INVISIBLE.sub("", to_latin_digits(str(value))).strip()


def looks_like_date(value) -> bool:
    """Whether ``value`` is written as a date (three numbers, year first), possible or not:
    a caller that also accepts other forms («پایان شهریور ۱۴۰۳») passes such a text to
    :func:`parse_jalali_date`, whose refusal says exactly why the day does not exist."""
    return _DATE_INPUT.fullmatch(_input_text(value)) is not None


def parse_jalali_date(value: str) -> datetime.date:
    """Read a Jalali date typed by a person (any digits; ``/ - .`` or spaces between parts).

    ``1403/4/2``, ``۱۴۰۳-۰۴-۰۲`` and ``١٤٠٣/٠٤/٠٢`` all give ``date(2024, 6, 22)``. A year
    above 1700 is read as Gregorian year-month-day, so API clients may send ``2024-06-22``.
    Raises ValidationError (code ``invalid_jalali_date``) naming what is wrong.
    """
    match = _DATE_INPUT.fullmatch(_input_text(value))
    if match is None:
        raise _format_error()
    year, month, day = (int(part) for part in match.groups())
    if year <= _GREGORIAN_FROM_YEAR:
        return jalali_to_date(year, month, day)
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise _invalid(
            gettext("تاریخ میلادی %(date)s وجود ندارد."),
            date=_local_digits(f"{year:04d}-{month:02d}-{day:02d}"),
        ) from exc


def _gregorian_date(value: datetime.date) -> datetime.date:
    """The calendar day of a date, or of a datetime in Tehran (naive ones are Tehran time)."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(TEHRAN)
        return value.date()
    return value


def to_jalali(value: datetime.date) -> jdatetime.date:
    """The Jalali date of a date, or of a datetime's day in Tehran."""
    return jdatetime.date.fromgregorian(date=_gregorian_date(value))


def format_jalali(
    value: datetime.date,
    style: Style = "numeric",
    *,
    digits: Digits = "fa",
    month_names: MonthNames = "fa",
) -> str:
    """``۱۴۰۳/۰۴/۰۲`` (numeric), ``۲ تیر ۱۴۰۳`` (long) or ``تیر ۱۴۰۳`` (month_year).

    ``digits="latin"`` is for APIs and exports (``1403/04/02``); ``month_names="en"`` gives
    ``2 Tir 1403``. Datetimes are shown as their day in Asia/Tehran.
    """
    jalali = to_jalali(value)
    month = (JALALI_MONTHS_EN if month_names == "en" else JALALI_MONTHS)[jalali.month - 1]
    if style == "numeric":
        text = f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}"
    elif style == "long":
        text = f"{jalali.day} {month} {jalali.year}"
    elif style == "month_year":
        text = f"{month} {jalali.year}"
    else:
        raise ValueError(f"Unknown Jalali date style {style!r}.")
    return to_persian_digits(text) if digits == "fa" else text


def format_jalali_datetime(
    value: datetime.datetime, *, digits: Digits = "fa", month_names: MonthNames = "fa"
) -> str:
    """``۲ تیر ۱۴۰۳، ساعت ۰۷:۴۶`` in Asia/Tehran (naive datetimes are taken as Tehran time)."""
    if value.tzinfo is not None:
        value = value.astimezone(TEHRAN)
    day = format_jalali(value, "long", digits="latin", month_names=month_names)
    separator = ", " if month_names == "en" else "، ساعت "
    text = f"{day}{separator}{value:%H:%M}"
    return to_persian_digits(text) if digits == "fa" else text


def jalali_month_end(year: int, month: int) -> datetime.date:
    """The Gregorian date of the last day of a Jalali month (Esfand 1403 has 30 days)."""
    if month == 12:
        next_month = jdatetime.date(year + 1, 1, 1)
    else:
        next_month = jdatetime.date(year, month + 1, 1)
    return next_month.togregorian() - datetime.timedelta(days=1)


def add_jalali_months(
    value: datetime.date, months: int, anchor_day: int | None = None
) -> datetime.date:
    """The same Jalali day ``months`` months later (or earlier), clamped to the month's end.

    1403/06/31 + 1 month is 1403/07/30. A schedule that must come back to day 31 passes
    ``anchor_day=31``: 1403/06/31 + 2 is 1403/08/30 and + 7 is 1404/01/31.
    """
    jalali = to_jalali(value)
    day = anchor_day if anchor_day is not None else jalali.day
    if not 1 <= day <= 31:
        raise ValueError(f"anchor_day must be between 1 and 31, not {day}.")
    year, month_index = divmod(jalali.year * 12 + jalali.month - 1 + months, 12)
    month_end = jalali_month_end(year, month_index + 1)
    return month_end - datetime.timedelta(days=max(0, to_jalali(month_end).day - day))


def jalali_year_of(value: datetime.date) -> int:
    """The Jalali year of a date, or of a datetime's day in Tehran."""
    return to_jalali(value).year


def today_jalali_year() -> int:
    """The current Jalali year in Tehran."""
    return jalali_year_of(datetime.datetime.now(tz=TEHRAN))


# --- Finding dates in free text -------------------------------------------------------------


def _month_alternation(names: dict[str, int]) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


_MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(JALALI_MONTHS, start=1)},
    **{name: number for number, name in enumerate(JALALI_MONTHS_EN, start=1)},
    **_MONTH_VARIANTS,
}
_FOLDED_MONTHS = {fold(name): number for name, number in _MONTH_NUMBERS.items()}

_MONTH_END_PHRASE = re.compile(
    r"(?<!\w)(?:پایان|انتهای|انتها|اخرین روز|اخر|(?:the )?end of|last day of)"
    rf"(?: ماه)? ({_month_alternation(_FOLDED_MONTHS)})(?: ?ماه)?(?: سال)? (\d{{4}})(?!\d)"
)


def parse_jalali_month_end(text: str) -> datetime.date | None:
    """The last day of the month named in «پایان شهریور ۱۳۹۳», «تا پایان مهر 1393»,
    «آخر اسفند ۱۴۰۳» or «end of Shahrivar 1393»; None when the text names no such month end.
    """
    for match in _MONTH_END_PHRASE.finditer(fold(text)):
        try:
            return jalali_month_end(int(match.group(2)), _FOLDED_MONTHS[match.group(1)])
        except ValueError:  # a year jdatetime does not know
            continue
    return None


# Free text is searched in a copy with the same length (digits made ASCII, Arabic ي/ك made
# Persian), so a match's span is also its span in the original text.
_SAME_LENGTH_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
_NUMERIC_DATE = re.compile(r"(?<![\d/.\-])(\d{4})([/\-.])(\d{1,2})\2(\d{1,2})(?!\d|[/\-.]\d)")
_LONG_DATE = re.compile(
    rf"(?<![\d/.])(\d{{1,2}})\s+({_month_alternation(_MONTH_NUMBERS)})"
    r"(?:[\s\u200c]?ماه)?\s+(?:سال\s+)?(\d{4})(?!\d)",
    re.IGNORECASE,
)
_MONTH_NUMBERS_CASEFOLD = {name.casefold(): number for name, number in _MONTH_NUMBERS.items()}


def find_jalali_dates(text: str) -> list[tuple[str, datetime.date]]:
    """Every Jalali date written in ``text``, in order: ``(as written, Gregorian date)``.

    Finds ``1403/04/02`` (also with ``-`` or ``.``, any digits) and «۲ تیر ۱۴۰۳», «02 تیر
    1403», «۲ تیرماه ۱۴۰۳». Impossible dates and Gregorian years are skipped.
    """
    if not text:
        return []
    searchable = to_latin_digits(text).translate(_SAME_LENGTH_LETTERS)
    found: list[tuple[int, str, datetime.date]] = []
    candidates = [
        (match, int(match.group(1)), int(match.group(3)), int(match.group(4)))
        for match in _NUMERIC_DATE.finditer(searchable)
    ] + [
        (
            match,
            int(match.group(3)),
            _MONTH_NUMBERS_CASEFOLD[match.group(2).casefold()],
            int(match.group(1)),
        )
        for match in _LONG_DATE.finditer(searchable)
    ]
    for match, year, month, day in candidates:
        if year > _GREGORIAN_FROM_YEAR:
            continue
        try:
            date = jalali_to_date(year, month, day)
        except ValidationError:
            continue
        found.append((match.start(), text[match.start() : match.end()], date))
    return [(written, date) for _, written, date in sorted(found, key=lambda item: item[0])]
