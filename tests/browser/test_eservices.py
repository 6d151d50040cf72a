"""E-service catalogue journeys: an agency's representative adds a service typing Persian
digits (fee, time, launch date, a call center number); the public finds it typed in another
spelling (Arabic ي/ك, no ZWNJ), filters by channel with htmx and opens the service's page; a
representative of another agency gets no form; staff of the province mark the catalogue
reviewed. On a phone-sized screen too."""

import re

import pytest
from playwright.sync_api import expect

from khooshe.accounts.models import Role
from khooshe.eservices.models import EService
from khooshe.eservices.tests.factories import AgencyFactory, ChannelFactory, EServiceFactory


@pytest.fixture
def agencies(transactional_db):
    agency = AgencyFactory(name="اداره کل ثبت اسناد و املاک مازندران")
    other = AgencyFactory(name="اداره کل امور مالیاتی مازندران")
    web = EServiceFactory(agency=other, name="تسلیم اظهارنامه مالیاتی")
    ChannelFactory(eservice=web, kind="web")
    return agency, other


def test_representative_adds_and_the_public_finds_it(page, live_url, make_user, login, agencies):
    agency, _other = agencies
    make_user("sabt.rep", role=Role.AGENCY_REP, organization=agency)
    login(page, "sabt.rep")
    page.goto(f"{live_url}/eservices/mine/")
    page.click(f"a[href='/eservices/agencies/{agency.pk}/new/']")
    page.fill("#id_name", "استعلام وضعیت ملک و سند مالکیت")
    page.fill("#id_description", "برای دفاتر اسناد رسمی و شهروندان")
    page.select_option("#id_maturity", "transactional")
    page.fill("#id_fee", "۱۲۰٬۰۰۰")
    page.fill("#id_delivery_hours", "۲۴")
    page.fill("#id_launched_on", "۱۴۰۰/۰۲/۰۱")
    page.fill("#id_channel_web", "https://estelam.example.ir")
    page.fill("#id_channel_call_center", "۱۳۷")
    page.click("#eservice-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("استعلام وضعیت ملک")
    expect(page.locator("#fee")).to_contain_text("۱۲۰٬۰۰۰")
    expect(page.locator("#channels")).to_contain_text("۱۳۷")
    eservice = EService.objects.get(name__startswith="استعلام")
    assert (eservice.fee, eservice.delivery_hours) == (120000, 24)

    # Bad input: a negative fee is refused with a Persian message, nothing written.
    page.goto(f"{live_url}/eservices/agencies/{agency.pk}/new/")
    page.fill("#id_name", "خدمت نادرست")
    page.fill("#id_fee", "-۵")
    page.click("#eservice-form button[type=submit]")
    expect(page.locator("#id_fee_error")).to_contain_text("منفی")
    assert EService.objects.count() == 2

    # The public, signed out, types it in another spelling.
    page.context.clear_cookies()
    page.goto(f"{live_url}/eservices/?province=IR-02")
    expect(page.locator("#eservices > li")).to_have_count(2)
    page.fill("#id_q", "استعلام وضعيت ملك")  # Arabic ي and ك
    page.press("#id_q", "Enter")
    expect(page.locator("#eservices > li")).to_have_count(1)
    expect(page.locator("#eservices")).to_contain_text("استعلام وضعیت ملک")
    page.fill("#id_q", "سندمالکیت")  # no space
    page.press("#id_q", "Enter")
    expect(page.locator("#eservices > li")).to_have_count(1)
    page.fill("#id_q", "")
    page.press("#id_q", "Enter")
    page.select_option("#id_channel", "call_center")
    expect(page.locator("#eservices > li")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"channel=call_center"))
    page.click("#eservices a")
    expect(page.locator("#facts")).to_contain_text("تراکنشی")
    expect(page.locator("#facts")).to_contain_text("۱۴۰۰")


def test_other_agency_representative_gets_no_form(page, live_url, make_user, login, agencies):
    agency, other = agencies
    make_user("tax.rep", role=Role.AGENCY_REP, organization=other)
    login(page, "tax.rep")
    response = page.goto(f"{live_url}/eservices/agencies/{agency.pk}/new/")
    assert response.status == 403
    service = EService.objects.get(agency=other)
    page.goto(f"{live_url}/eservices/{service.pk}/")
    expect(page.locator("a", has_text="ویرایش")).to_have_count(1)


def test_staff_review_on_a_phone(page, live_url, make_user, login, agencies):
    _agency, other = agencies
    page.set_viewport_size({"width": 390, "height": 844})
    make_user("gov", role=Role.GOVERNORATE_STAFF, province="IR-02")
    login(page, "gov")
    page.goto(f"{live_url}/eservices/reviews/")
    expect(page.locator("#review-queue")).to_contain_text(other.name)
    page.click(f"#review-queue a[href='/eservices/agencies/{other.pk}/']")
    page.fill("#id_note", "فهرست کامل است")
    page.click("#review-title ~ form button[type=submit]")
    expect(page.locator("#reviews")).to_contain_text("فهرست کامل است")
    page.goto(f"{live_url}/eservices/readiness/IR-02/")
    expect(page.locator("#checklist")).to_be_visible()
