import datetime
import zoneinfo

import jdatetime
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from khooshe.persian.jalali import (
    JALALI_MONTHS,
    JALALI_MONTHS_EN,
    TEHRAN,
    add_jalali_months,
    find_jalali_dates,
    format_jalali,
    format_jalali_datetime,
    jalali_month_end,
    jalali_to_date,
    jalali_year_of,
    parse_jalali_date,
    parse_jalali_month_end,
    to_jalali,
    today_jalali_year,
)

TIR_2 = datetime.date(2024, 6, 22)  # 1403/04/02


def jalali(value):
    jdate = to_jalali(value)
    return (jdate.year, jdate.month, jdate.day)


def message(exc_info):
    return exc_info.value.messages[0]


def test_month_names():
    assert len(JALALI_MONTHS) == len(JALALI_MONTHS_EN) == 12
    assert (JALALI_MONTHS[0], JALALI_MONTHS[11]) == ("فروردین", "اسفند")
    assert (JALALI_MONTHS_EN[0], JALALI_MONTHS_EN[3]) == ("Farvardin", "Tir")


def test_tehran_is_utc_plus_3_30_all_year_without_dst():
    # A tz database older than 2022b says +4:30 in summer; this catches it.
    for month in (1, 4, 7, 10):
        offset = zoneinfo.ZoneInfo("Asia/Tehran").utcoffset(datetime.datetime(2026, month, 1))
        assert offset == datetime.timedelta(hours=3, minutes=30)


@pytest.mark.parametrize(
    "value",
    [
        "1403/4/2",
        "۱۴۰۳-۰۴-۰۲",
        "١٤٠٣/٠٤/٠٢",
        "1403.04.02",
        "1403 4 2",
        " ۱۴۰۳ / ۴ / ۲ ",
        "\u200f۱۴۰۳/۰۴/۰۲",
        "2024-06-22",
    ],
)
def test_parse_accepts_any_digits_separators_and_iso(value):
    assert parse_jalali_date(value) == TIR_2


def test_esfand_30_exists_in_leap_1403_only():
    assert jalali(parse_jalali_date("1403/12/30")) == (1403, 12, 30)
    with pytest.raises(ValidationError) as exc_info:
        parse_jalali_date("1404/12/30")
    assert exc_info.value.code == "invalid_jalali_date"
    assert (
        message(exc_info)
        == "تاریخ ۱۴۰۴/۱۲/۳۰ وجود ندارد؛ سال ۱۴۰۴ کبیسه نیست و اسفند آن ۲۹ روز دارد."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1403/07/31", "تاریخ ۱۴۰۳/۰۷/۳۱ وجود ندارد؛ مهر ۳۰ روز دارد."),
        ("۱۴۰۳/۱۳/۰۱", "تاریخ ۱۴۰۳/۱۳/۰۱ وجود ندارد؛ سال ۱۲ ماه دارد."),
        ("1403/00/10", "تاریخ ۱۴۰۳/۰۰/۱۰ وجود ندارد؛ سال ۱۲ ماه دارد."),
        ("1403/01/00", "تاریخ ۱۴۰۳/۰۱/۰۰ وجود ندارد؛ روزهای ماه از ۱ شروع می‌شوند."),
        ("2024-02-30", "تاریخ میلادی ۲۰۲۴-۰۲-۳۰ وجود ندارد."),
        ("فردا", "تاریخ را به شکل ۱۴۰۳/۰۴/۰۲ بنویسید."),
        ("1403/04", "تاریخ را به شکل ۱۴۰۳/۰۴/۰۲ بنویسید."),
        ("03/04/02", "تاریخ را به شکل ۱۴۰۳/۰۴/۰۲ بنویسید."),
        ("", "تاریخ را به شکل ۱۴۰۳/۰۴/۰۲ بنویسید."),
    ],
)
def test_impossible_and_unparsable_dates_say_why(value, expected):
    with pytest.raises(ValidationError) as exc_info:
        parse_jalali_date(value)
    assert exc_info.value.code == "invalid_jalali_date"
    assert message(exc_info) == expected


def test_error_messages_in_english():
    with translation.override("en"), pytest.raises(ValidationError) as exc_info:
        parse_jalali_date("1403/07/31")
    assert message(exc_info) == "The date 1403/07/31 does not exist: Mehr has 30 days."


def test_jalali_to_date():
    assert jalali_to_date(1403, 4, 2) == TIR_2


def test_format_styles_and_digits():
    assert format_jalali(TIR_2) == "۱۴۰۳/۰۴/۰۲"
    assert format_jalali(TIR_2, "long") == "۲ تیر ۱۴۰۳"
    assert format_jalali(TIR_2, "month_year") == "تیر ۱۴۰۳"
    assert format_jalali(TIR_2, digits="latin") == "1403/04/02"
    assert format_jalali(TIR_2, "long", digits="latin", month_names="en") == "2 Tir 1403"
    with pytest.raises(ValueError, match="style"):
        format_jalali(TIR_2, "short")


def test_format_datetime_uses_the_day_in_tehran():
    late_utc = datetime.datetime(2024, 6, 21, 21, 0, tzinfo=datetime.UTC)  # 00:30 in Tehran
    assert format_jalali(late_utc) == "۱۴۰۳/۰۴/۰۲"
    assert format_jalali_datetime(late_utc) == "۲ تیر ۱۴۰۳، ساعت ۰۰:۳۰"


def test_format_jalali_datetime():
    value = datetime.datetime(2024, 6, 22, 4, 16, tzinfo=datetime.UTC)
    assert format_jalali_datetime(value) == "۲ تیر ۱۴۰۳، ساعت ۰۷:۴۶"
    assert format_jalali_datetime(value, digits="latin", month_names="en") == "2 Tir 1403, 07:46"
    assert (
        format_jalali_datetime(value.astimezone(TEHRAN).replace(tzinfo=None))
        == "۲ تیر ۱۴۰۳، ساعت ۰۷:۴۶"
    )


def test_month_end():
    assert jalali(jalali_month_end(1403, 12)) == (1403, 12, 30)
    assert jalali(jalali_month_end(1404, 12)) == (1404, 12, 29)
    assert jalali(jalali_month_end(1403, 6)) == (1403, 6, 31)
    assert jalali(jalali_month_end(1403, 7)) == (1403, 7, 30)
    assert jalali_month_end(1403, 12) == datetime.date(2025, 3, 20)


def test_add_months_clamps_to_month_end():
    shahrivar_31 = jalali_to_date(1403, 6, 31)
    assert jalali(add_jalali_months(shahrivar_31, 1)) == (1403, 7, 30)
    assert jalali(add_jalali_months(shahrivar_31, 6)) == (1403, 12, 30)
    assert jalali(add_jalali_months(shahrivar_31, 18)) == (1404, 12, 29)
    assert jalali(add_jalali_months(shahrivar_31, -6)) == (1402, 12, 29)
    assert add_jalali_months(TIR_2, 0) == TIR_2


def test_add_months_with_anchor_day_returns_to_31():
    shahrivar_31 = jalali_to_date(1403, 6, 31)
    assert jalali(add_jalali_months(shahrivar_31, 2, anchor_day=31)) == (1403, 8, 30)
    assert jalali(add_jalali_months(shahrivar_31, 7, anchor_day=31)) == (1404, 1, 31)
    with pytest.raises(ValueError, match="anchor_day"):
        add_jalali_months(shahrivar_31, 1, anchor_day=32)


def test_add_months_agrees_with_jdatetime_month_by_month():
    start = jalali_to_date(1400, 1, 31)
    for months in range(120):
        result = to_jalali(add_jalali_months(start, months, anchor_day=31))
        year, month = divmod(1400 * 12 + months, 12)
        assert (result.year, result.month) == (year, month + 1)
        next_day = jdatetime.date.fromgregorian(
            date=result.togregorian() + datetime.timedelta(days=1)
        )
        assert result.day == 31 or next_day.day == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("پایان شهریور ۱۳۹۳", (1393, 6, 31)),
        ("قرارداد تا پایان مهر 1393 اعتبار دارد", (1393, 7, 30)),
        ("آخر اسفند ۱۴۰۳", (1403, 12, 30)),
        ("آخر اسفند ۱۴۰۴", (1404, 12, 29)),
        ("تا پایانِ مهرماه سال ۱۴۰۲", (1402, 7, 30)),
        ("valid until the end of Shahrivar 1393.", (1393, 6, 31)),
        ("End of Esfand 1403", (1403, 12, 30)),
    ],
)
def test_parse_month_end_phrases(text, expected):
    assert jalali(parse_jalali_month_end(text)) == expected


@pytest.mark.parametrize("text", ["", "پایان کار", "شهریور ۱۳۹۳", "پایان شهریور"])
def test_parse_month_end_returns_none(text):
    assert parse_jalali_month_end(text) is None


def test_find_dates_in_free_text():
    text = "جلسه ۱۴۰۳/۰۴/۰۲ و 02 تیر 1403، سپس ۱۵ اسفندماه ۱۴۰۲ و ٣ دي ١٤٠٣ برگزار شد."
    assert find_jalali_dates(text) == [
        ("۱۴۰۳/۰۴/۰۲", TIR_2),
        ("02 تیر 1403", TIR_2),
        ("۱۵ اسفندماه ۱۴۰۲", jalali_to_date(1402, 12, 15)),
        ("٣ دي ١٤٠٣", jalali_to_date(1403, 10, 3)),
    ]


def test_find_dates_skips_impossible_and_gregorian_dates():
    assert find_jalali_dates("۱۴۰۳/۰۷/۳۱ و 2024/06/22 و ۳۱ مهر ۱۴۰۳ و 1403-4-2.") == [
        ("1403-4-2", TIR_2)
    ]
    assert find_jalali_dates("") == []


def test_year_helpers():
    assert jalali_year_of(TIR_2) == 1403
    assert jalali_year_of(datetime.date(2025, 3, 21)) == 1404
    assert jalali_year_of(datetime.datetime(2025, 3, 20, 21, 0, tzinfo=datetime.UTC)) == 1404
    assert (
        today_jalali_year()
        == jdatetime.date.fromgregorian(date=datetime.datetime.now(TEHRAN).date()).year
    )
