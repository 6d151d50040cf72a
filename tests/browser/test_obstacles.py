"""Obstacles journeys: an actor reports an obstacle (similar open ones shown while typing,
the form refuses a missing category), the responsible body's representative answers it,
another body's representative gets no answer form, and a visitor finds the answered one on
the province page — a private one never."""

import pytest
from playwright.sync_api import expect

from khooshe.accounts.models import Role
from khooshe.obstacles.models import Obstacle
from khooshe.obstacles.tests.factories import ObstacleFactory, RouteFactory, category
from khooshe.registry.models import Organization
from khooshe.registry.tests.factories import OrganizationFactory, province


@pytest.fixture
def world(make_user):
    body = OrganizationFactory(
        name="اداره کل امور مالیاتی آزمون", kind=Organization.Kind.GOVERNMENT_AGENCY
    )
    other = OrganizationFactory(name="دستگاه دیگر آزمون", kind=Organization.Kind.GOVERNMENT_AGENCY)
    firm = OrganizationFactory(name="شرکت نرم‌افزاری آزمون")
    RouteFactory(category=category("tax"), province=province("IR-02"), body=body, answer_days=5)
    ObstacleFactory(title="مالیات بر خدمات نرم‌افزاری صادراتی", body=body, state="routed")
    ObstacleFactory(title="مانع خصوصی دیگران", is_public=False)
    make_user("actor1", role=Role.ACTOR, organization=firm)
    make_user("taxrep", role=Role.AGENCY_REP, organization=body)
    make_user("otherrep", role=Role.AGENCY_REP, organization=other)
    return body


def test_report_answer_and_public_page(page, live_url, login, world):
    login(page, "actor1")
    page.goto(f"{live_url}/obstacles/report/")
    page.select_option("#id_province", str(province("IR-02").pk))
    page.fill("#id_title", "مالیات نرم‌افزار")
    expect(page.locator("#similar")).to_contain_text("مالیات بر خدمات نرم‌افزاری صادراتی")
    page.fill("#id_description", "شرکت‌های نرم‌افزاری معاف‌اند اما مالیات می‌پردازند.")
    page.click("main button:has-text('ثبت مانع')")
    expect(page.locator("main")).to_contain_text("دسته مانع را انتخاب کنید.")
    page.select_option("#id_category", str(category("tax").pk))
    page.fill("#id_since", "۱۴۰۳/۰۱/۱۵")
    page.click("main button:has-text('ثبت مانع')")
    expect(page.locator("h1")).to_contain_text("مالیات نرم‌افزار")
    expect(page.locator("#obstacle-body")).to_contain_text("اداره کل امور مالیاتی آزمون")
    expect(page.locator("#timeline li")).to_have_count(2)
    detail = page.url
    page.click("header button:has-text('خروج')")

    login(page, "otherrep")
    page.goto(detail)
    expect(page.locator("#form-answer")).to_have_count(0)
    page.click("header button:has-text('خروج')")

    login(page, "taxrep")
    page.goto(detail)
    page.fill("#form-answer textarea", "بخشنامه معافیت به ادارات ابلاغ شد.")
    page.click("#form-answer button")
    expect(page.locator(".answer")).to_contain_text("بخشنامه معافیت")
    expect(page.locator("h1")).to_contain_text("پاسخ‌داده‌شده")
    page.click("header button:has-text('خروج')")

    page.goto(f"{live_url}/obstacles/?province=IR-02")
    expect(page.locator("#obstacles")).to_contain_text("مالیات نرم‌افزار")
    expect(page.locator("#obstacles")).not_to_contain_text("مانع خصوصی دیگران")
    page.select_option("#id_state", "answered")
    expect(page.locator("#obstacles tbody tr")).to_have_count(1)
    assert Obstacle.objects.filter(state="answered").count() == 1
