"""Governance journeys: a visitor filters the promise board (htmx, the URL kept); an agency
representative reports progress on its commitment (done is refused without evidence);
another agency's representative gets no form; staff record a resolution on a meeting and
print the minutes; the MoU shows its five articles and one note in order."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from khooshe.accounts.models import Role
from khooshe.governance.models import Commitment, CommitmentStatus
from khooshe.governance.tests.factories import (
    ClauseFactory,
    CommitmentFactory,
    MeetingFactory,
    OrganizationFactory,
)
from tests.browser.test_accessibility import AXE, serious_violations


def _data():
    agency = OrganizationFactory(name="اداره کل ارتباطات آزمون")
    other = OrganizationFactory(name="دستگاه دیگر")
    today = datetime.date.today()
    CommitmentFactory(
        owner=agency, title="راه‌اندازی مرکز داده", due_on=today - datetime.timedelta(days=3),
        status=CommitmentStatus.LATE,
    )  # fmt: skip
    CommitmentFactory(owner=agency, title="راه‌اندازی مرکز تماس")
    meeting = MeetingFactory(title="اولین نشست خوشه فاوا")
    first = ClauseFactory(number=1, position=1, text="ماده یکم")
    agreement = first.agreement
    for i in range(2, 6):
        ClauseFactory(agreement=agreement, number=i, position=i, text=f"ماده شماره {i}")
    ClauseFactory(agreement=agreement, kind="note", number=1, position=6, text="تبصره تنها")
    return agency, other, meeting, agreement


def test_visitor_filters_the_board(page, live_url, transactional_db):
    _data()
    page.goto(f"{live_url}/governance/?province=IR-02")
    expect(page.locator("#commitments tbody tr")).to_have_count(2)
    page.evaluate("window.__sameDocument = true")
    page.select_option("#id_status", "late")
    expect(page.locator("#commitments tbody tr")).to_have_count(1)
    expect(page.locator("#commitments")).to_contain_text("مرکز داده")
    assert page.evaluate("window.__sameDocument") is True
    expect(page).to_have_url(re.compile(r"status=late"))
    page.goto(page.url)
    expect(page.locator("#commitments tbody tr")).to_have_count(1)


def test_agency_rep_reports_progress_and_another_agency_cannot(page, live_url, make_user, login):
    agency, other, _meeting, _agreement = _data()
    make_user("rep1", role=Role.AGENCY_REP, organization=agency)
    make_user("rep2", role=Role.AGENCY_REP, organization=other)
    login(page, "rep2")
    page.goto(f"{live_url}/governance/")
    page.click("text=راه‌اندازی مرکز تماس")
    expect(page.locator("h1")).to_have_text("راه‌اندازی مرکز تماس")
    expect(page.locator("#update-title")).to_have_count(0)
    detail = page.url
    page.click("header button:has-text('خروج')")
    login(page, "rep1")
    page.goto(detail)
    page.fill("#id_percent", "100")
    page.click("main button:has-text('ثبت گزارش')")
    expect(page.locator("#form-errors")).to_contain_text("مستند")
    page.fill("#id_percent", "50")
    page.fill("#id_text", "خرید تجهیزات انجام شد")
    page.click("main button:has-text('ثبت گزارش')")
    expect(page.locator("#timeline")).to_contain_text("خرید تجهیزات انجام شد")
    expect(page.locator("#commitment-facts")).to_contain_text("۵۰٪")


def test_staff_record_a_resolution_and_print_the_minutes(page, live_url, make_user, login):
    agency, _other, meeting, agreement = _data()
    make_user("gov1", role=Role.GOVERNORATE_STAFF, province="IR-02")
    login(page, "gov1")
    page.goto(f"{live_url}/governance/meetings/{meeting.pk}/")
    page.fill("#id_text", "گردآوری بانک اطلاعات فعالان")
    page.select_option("#id_owner", str(agency.pk))
    page.fill("#id_due_on", "پایان اسفند ۱۴۰۳")
    page.click("main button:has-text('ثبت مصوبه')")
    expect(page.locator("#resolutions")).to_contain_text("۱۴۰۳/۰۱")
    expect(page.locator("#resolutions")).to_contain_text("۱۴۰۳/۱۲/۳۰")
    page.click("text=نسخه چاپی صورتجلسه")
    expect(page.locator("#meeting-when")).to_contain_text("۲ تیر ۱۴۰۳")
    page.goto(f"{live_url}/governance/agreements/{agreement.pk}/")
    expect(page.locator("#clause-summary")).to_contain_text("۵ ماده و ۱ تبصره")
    headings = page.locator("#clauses h2").all_inner_texts()
    assert headings == ["ماده ۱", "ماده ۲", "ماده ۳", "ماده ۴", "ماده ۵", "تبصره ۱"]


def test_governance_pages_have_no_serious_accessibility_violations(
    page, live_url, make_user, login
):
    if not AXE.exists():
        pytest.skip("npm packages are not installed")
    agency, _other, meeting, agreement = _data()
    make_user("rep3", role=Role.AGENCY_REP, organization=agency)

    commitment = Commitment.objects.get(title="راه‌اندازی مرکز تماس")
    login(page, "rep3")
    for path in (
        "/governance/?province=IR-02",
        f"/governance/commitments/{commitment.pk}/",
        f"/governance/meetings/{meeting.pk}/print/",
        f"/governance/agreements/{agreement.pk}/",
        "/governance/bodies/",
        "/governance/projects/",
    ):
        page.goto(live_url + path)
        assert serious_violations(page) == [], path


def test_staff_forms_have_no_serious_accessibility_violations(page, live_url, make_user, login):
    if not AXE.exists():
        pytest.skip("npm packages are not installed")
    _agency, _other, meeting, agreement = _data()
    make_user("gov2", role=Role.GOVERNORATE_STAFF, province="IR-02")
    login(page, "gov2")
    for path in (
        "/governance/bodies/new/",
        f"/governance/meetings/{meeting.pk}/",
        f"/governance/bodies/{meeting.body_id}/meetings/new/",
        f"/governance/agreements/{agreement.pk}/",
        "/governance/projects/new/",
    ):
        page.goto(live_url + path)
        assert serious_violations(page) == [], path
