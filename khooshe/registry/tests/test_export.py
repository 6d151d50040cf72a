"""Export of directory lists: headers, Jalali dates, private columns, hidden records."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.geo.models import Province
from khooshe.registry.imports import read_table
from khooshe.registry.models import GuildMembership, Organization
from khooshe.registry.search import search_fields

pytestmark = pytest.mark.django_db


def make(name, *, province="IR-02", **extra):
    province = Province.objects.get(code=province)
    return Organization.objects.create(
        name=name,
        kind=extra.pop("kind", "company"),
        province=province,
        **search_fields(name),
        **extra,
    )


@pytest.fixture
def orgs():
    visible = make(
        "شبکه‌گستران ساری",
        legal_id="10100000048",
        founded_on=datetime.date(2024, 6, 22),
        county=Province.objects.get(code="IR-02").counties.get(name="ساری"),
    )
    GuildMembership.objects.create(
        organization=visible,
        province=visible.province,
        number="7001",
        grade="پایه ۲",
        expires_on=datetime.date(2026, 3, 20),
    )
    make("پنهان‌کاران", is_public=False)
    make("تبریز داده", province="IR-03")
    return visible


def rows_of_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_public_csv_has_persian_headers_jalali_dates_and_no_private_data(client, orgs):
    response = client.get(reverse("registry:export"), {"format": "csv", "province": "IR-02"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = rows_of_csv(response)
    header = rows[0]
    assert header[:3] == ["نام", "نام انگلیسی", "نوع"]
    assert "شناسه ملی" not in header
    assert [r[0] for r in rows[1:]] == ["شبکه‌گستران ساری"]
    record = dict(zip(header, rows[1], strict=True))
    assert record["تاریخ تأسیس"] == "۱۴۰۳/۰۴/۰۲"
    assert record["تاریخ انقضای عضویت"] == "۱۴۰۴/۱۲/۲۹"
    assert record["شماره عضویت نصر"] == "7001"
    assert record["استان"] == "مازندران"
    assert record["شهرستان"] == "ساری"
    assert record["نوع"] == "شرکت"


def test_search_filter_is_applied(client, orgs):
    response = client.get(reverse("registry:export"), {"format": "csv", "q": "شبكه گستران"})
    assert [r[0] for r in rows_of_csv(response)[1:]] == ["شبکه‌گستران ساری"]


def test_staff_export_has_hidden_records_of_their_province_and_legal_ids(client, orgs):
    user = UserFactory()
    grant(user, Role.GUILD_STAFF, province="IR-02")
    client.force_login(user)
    response = client.get(reverse("registry:export"), {"format": "xlsx"})
    assert response.status_code == 200
    table = read_table(response.content, "export.xlsx")
    header = table[0]
    assert "شناسه ملی" in header
    records = {r[0]: dict(zip(header, r, strict=False)) for r in table[1:]}
    assert set(records) == {"شبکه‌گستران ساری", "پنهان‌کاران", "تبریز داده"}
    assert records["شبکه‌گستران ساری"]["شناسه ملی"] == "10100000048"
    # Another province's record: listed (public) but its private columns stay empty.
    assert records["تبریز داده"]["شناسه ملی"] == ""


def test_xlsx_sheet_is_right_to_left(client, orgs):
    response = client.get(reverse("registry:export"))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet.sheet_view.rightToLeft
    assert sheet["A1"].value == "نام"


def test_export_queries_do_not_grow_with_rows(client, orgs, django_assert_max_num_queries):
    for n in range(30):
        make(f"سازمان صادرات {n}")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("registry:export"), {"format": "csv"})
        rows = rows_of_csv(response)
    assert len(rows) == 1 + 32
