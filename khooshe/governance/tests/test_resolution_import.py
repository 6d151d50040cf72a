"""Resolutions from Excel: a dry run that names each bad row and writes nothing; a recording
that makes the meetings, the numbered resolutions and a commitment per owner and co-owner,
all or nothing."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from khooshe.governance.imports import COLUMNS, resolutions_apply, resolutions_check
from khooshe.governance.models import Commitment, Meeting, Resolution
from khooshe.governance.tests.factories import BodyFactory, MeetingFactory, OrganizationFactory
from khooshe.persian.jalali import jalali_to_date
from khooshe.persian.text import to_persian_digits
from khooshe.registry.tests.factories import legal_id

pytestmark = pytest.mark.django_db

HEADER = list(COLUMNS.values())


def _xlsx(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def body():
    return BodyFactory(name="کارگروه فناوری اطلاعات استان", aliases="کارگروه فاوا")


@pytest.fixture
def guild():
    return OrganizationFactory(
        name="سازمان نظام صنفی رایانه‌ای استان مازندران", aliases="نصر", legal_id=legal_id(77)
    )


def _row(number, text, owner, **cells):
    values = {
        "row": number,
        "body": "کارگروه فاوا",
        "meeting_date": "۱۴۰۳/۰۴/۰۲",
        "number": number,
        "text": text,
        "owner": owner,
        "co_owners": "",
        "due": "پایان مهر ۱۴۰۳",
        "source": "صورتجلسه",
        **cells,
    }
    return [values[name] for name in COLUMNS]


def test_a_good_file_records_meetings_resolutions_and_each_owners_commitment(
    staff, body, agency, guild
):
    content = _xlsx(
        [
            _row(7, "ارائه خدمات الکترونیک در جشنواره", agency.name, co_owners="نصر"),
            _row(8, "راه‌اندازی مرکز داده", to_persian_digits(guild.legal_id), due="1403/06/31"),
            _row(3, "گزارش خوشه", guild.name, meeting_date="1403/05/10"),
        ]
    )
    report = resolutions_check(actor=staff, content=content, filename="r.xlsx")
    assert report.rejected == []
    assert Resolution.objects.count() == 0  # a dry run writes nothing
    report = resolutions_apply(actor=staff, content=content, filename="r.xlsx")
    assert report.applied
    assert Meeting.objects.filter(body=body).count() == 2
    first = Resolution.objects.get(body=body, sequence=7)
    assert (first.year, first.owner, first.due_on) == (1403, agency, jalali_to_date(1403, 7, 30))
    owners = set(Commitment.objects.filter(resolution=first).values_list("owner", flat=True))
    assert owners == {agency.pk, guild.pk}
    assert Resolution.objects.get(sequence=8).owner == guild  # matched by legal ID
    assert Resolution.objects.get(sequence=3).meeting.held_at.date().isoformat() == "2024-07-31"


def test_planted_faults_are_named_row_by_row_and_nothing_is_written(staff, body, agency):
    OrganizationFactory(name="شرکت داده پردازان شمال")
    MeetingFactory(body=body)
    content = _xlsx(
        [
            _row(1, "مصوبه درست", agency.name),
            _row(2, "نهاد ناشناخته", agency.name, body="شورای ناشناخته"),
            _row(3, "تاریخ ناممکن", agency.name, meeting_date="1403/07/31"),
            _row(4, "مسئول ناشناخته", "شرکت داده پردازان"),
            _row(5, "موعد نامفهوم", agency.name, due="هر وقت شد"),
            _row(6, "", agency.name),
            _row(1, "شماره تکراری", agency.name),
            _row(9, "جلسه آینده", agency.name, meeting_date="1499/01/01"),
        ]
    )
    report = resolutions_apply(actor=staff, content=content, filename="r.xlsx")
    assert not report.applied
    assert Resolution.objects.count() == 0
    assert Commitment.objects.count() == 0
    errors = [" ".join(row.errors) for row in report.rows]
    assert errors[0] == ""
    assert "شورای ناشناخته" in errors[1]
    assert "تاریخ جلسه" in errors[2]
    assert "یافت نشد" in errors[3]
    assert "شرکت داده پردازان شمال" in errors[3]  # the nearest name offered
    assert "موعد" in errors[4]
    assert "متن مصوبه" in errors[5]
    assert "مصوبه شماره ۱ سال ۱۴۰۳" in errors[6]  # the same number twice in the file
    assert "آینده" in errors[7]


def test_a_body_of_another_province_is_not_found(staff_elsewhere, body, agency):
    report = resolutions_check(
        actor=staff_elsewhere, content=_xlsx([_row(1, "مصوبه", agency.name)]), filename="r.xlsx"
    )
    assert "کارگروه فاوا" in report.rows[0].errors[0]


def test_the_page_checks_by_default_and_records_when_asked(client, staff, body, agency):
    client.force_login(staff)
    url = reverse("governance:resolution_import")
    assert client.get(url).status_code == 200
    assert client.get(reverse("governance:resolution_import_template")).status_code == 200

    def upload(**extra):
        content = _xlsx([_row(1, "ارائه خدمات الکترونیک", agency.name)])
        file = io.BytesIO(content)
        file.name = "resolutions.xlsx"
        return client.post(url, {"file": file, **extra})

    checked = upload()
    assert checked.status_code == 200
    assert "درست است" in checked.content.decode()
    assert Resolution.objects.count() == 0
    recorded = upload(apply="on")
    assert recorded.status_code == 200
    assert Resolution.objects.count() == 1
    again = upload(apply="on")  # the same number again: refused, nothing written
    assert again.status_code == 400
    assert "پیش‌تر ثبت شده" in again.content.decode()
    assert Resolution.objects.count() == 1


def test_a_file_without_the_required_columns_or_of_another_type_is_refused(client, staff):
    client.force_login(staff)
    url = reverse("governance:resolution_import")
    file = io.BytesIO(_xlsx([["x"]], header=["نهاد", "متن مصوبه"]))
    file.name = "r.xlsx"
    response = client.post(url, {"file": file})
    assert response.status_code == 400
    assert "تاریخ جلسه" in response.content.decode()
    text = io.BytesIO(b"hello")
    text.name = "r.txt"
    assert client.post(url, {"file": text}).status_code == 400


def test_only_staff_import(client, agency_rep):
    client.force_login(agency_rep)
    assert client.get(reverse("governance:resolution_import")).status_code == 403
