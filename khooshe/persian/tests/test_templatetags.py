import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

TIR_2 = datetime.date(2024, 6, 22)
MORNING = datetime.datetime(2024, 6, 22, 4, 16, tzinfo=datetime.UTC)  # 07:46 in Tehran


def render(source, **context):
    return Template("{% load persian %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ d|jalali }}", "۱۴۰۳/۰۴/۰۲"),
        ('{{ d|jalali:"long" }}', "۲ تیر ۱۴۰۳"),
        ('{{ d|jalali:"month_year" }}', "تیر ۱۴۰۳"),
        ("{{ t|jalali }}", "۱۴۰۳/۰۴/۰۲"),
        ("{{ t|jalali_datetime }}", "۲ تیر ۱۴۰۳، ساعت ۰۷:۴۶"),
        ("{{ n|fa_digits }}", "۱۴۰۳"),
        ("{{ amount|rial }}", "۱۲٬۵۰۰٬۰۰۰ ریال"),
        ("{{ amount|toman }}", "۱٬۲۵۰٬۰۰۰ تومان"),
        ("{{ amount|fa_number }}", "۱۲٬۵۰۰٬۰۰۰"),
        ("{{ ratio|fa_number }}", "۱٬۲۳۴٫۵"),
        ("{{ name|search_key }}", "کسبوکار"),
    ],
)
def test_filters_in_persian(source, expected):
    context = {
        "d": TIR_2,
        "t": MORNING,
        "n": 1403,
        "amount": 12_500_000,
        "ratio": Decimal("1234.5"),
        "name": "كسب و كار",
    }
    assert render(source, **context) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ d|jalali }}", "1403/04/02"),
        ('{{ d|jalali:"long" }}', "2 Tir 1403"),
        ('{{ d|jalali:"month_year" }}', "Tir 1403"),
        ("{{ t|jalali_datetime }}", "2 Tir 1403, 07:46"),
        ("{{ n|fa_digits }}", "1403"),
        ("{{ amount|rial }}", "12,500,000 rials"),
        ("{{ amount|toman }}", "1,250,000 tomans"),
        ("{{ amount|fa_number }}", "12,500,000"),
    ],
)
def test_filters_in_english_keep_jalali_dates_with_latin_digits(source, expected):
    with translation.override("en"):
        assert render(source, d=TIR_2, t=MORNING, n=1403, amount=12_500_000) == expected


def test_fa_digits_writes_latin_digits_on_english_pages_whatever_was_typed():
    with translation.override("en"):
        assert render("{{ v|fa_digits }}", v="۲") == "2"
        assert render("{{ v|fa_digits }}", v="<b>۱۲</b>") == "&lt;b&gt;12&lt;/b&gt;"


def test_filters_accept_numbers_written_in_any_digits():
    assert render("{{ v|rial }}", v="۱۲۵۰۰") == "۱۲٬۵۰۰ ریال"
    assert render("{{ v|fa_number }}", v="1500") == "۱٬۵۰۰"


@pytest.mark.parametrize(
    "source",
    [
        "{{ v|jalali }}",
        "{{ v|jalali_datetime }}",
        "{{ v|rial }}",
        "{{ v|toman }}",
        "{{ v|fa_number }}",
        "{{ v|fa_digits }}",
        "{{ v|search_key }}",
    ],
)
def test_filters_render_none_as_empty(source):
    assert render(source, v=None) == ""


def test_filters_leave_wrong_types_alone():
    assert render("{{ v|jalali }}", v="not a date") == "not a date"
    assert render("{{ v|rial }}", v="n/a") == "n/a"
    assert render("{{ v|rial }}", v=Decimal("1.5")) == "1.5"
    assert render("{{ v|fa_number }}", v="NaN") == "NaN"


def test_fa_digits_keeps_escaping():
    assert render("{{ v|fa_digits }}", v="<b>12</b>") == "&lt;b&gt;۱۲&lt;/b&gt;"
