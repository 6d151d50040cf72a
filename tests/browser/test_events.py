"""Events journey on a phone-sized screen: a visitor registers (a mobile typed in Persian
digits) and gets a ticket with a QR code; a second visitor past capacity waits and moves up
when the first one cancels; staff check a visitor in on the tiny check-in page by the last
digits of the mobile typed in Persian — and the same check-in posted again counts once."""

import pytest
from playwright.sync_api import expect

from khooshe.accounts.models import Role
from khooshe.events.models import Registration
from khooshe.events.tests.factories import EventFactory

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def event(transactional_db):
    return EventFactory(title="نمایشگاه استارتاپ‌های ساری", capacity=1)


def _register(page, live_url, event, name, mobile):
    page.goto(f"{live_url}/events/{event.pk}/")
    page.click("#register-link")
    page.fill("#id_name", name)
    page.fill("#id_mobile", mobile)
    page.click("main button[type=submit]")
    expect(page.locator("#ticket")).to_be_visible()


def test_register_wait_move_up_and_check_in_on_a_phone(page, live_url, make_user, login, event):
    page.set_viewport_size(PHONE)
    _register(page, live_url, event, "مریم کریمی", "۰۹۱۲ ۳۴۵ ۶۷۸۹")
    expect(page.locator("#ticket-state")).to_contain_text("ثبت‌نام‌شده")
    expect(page.locator("#ticket .qr-code")).to_be_visible()
    expect(page.locator("#ticket-name")).not_to_contain_text("09123456789")
    first_ticket = page.url

    _register(page, live_url, event, "رضا احمدی", "09351112233")
    expect(page.locator("#ticket-state")).to_contain_text("فهرست انتظار")
    second_ticket = page.url

    page.goto(first_ticket)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#ticket form button")
    expect(page.locator("#ticket-state")).to_contain_text("لغوشده")
    page.goto(second_ticket)
    expect(page.locator("#ticket-state")).to_contain_text("ثبت‌نام‌شده")
    expect(page.locator("#ticket .qr-code")).to_be_visible()

    make_user("staff1", role=Role.GOVERNORATE_STAFF, province="IR-02")
    login(page, "staff1")
    page.goto(f"{live_url}/events/{event.pk}/check-in/")
    page.fill("#q", "۲۲۳۳")
    page.click("form[method=get] button")
    results = page.locator("#checkin-results li")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("رضا احمدی")
    form = {
        "code": page.locator("#checkin-results input[name=code]").input_value(),
        "csrfmiddlewaretoken": page.locator(
            "#checkin-results input[name=csrfmiddlewaretoken]"
        ).input_value(),
    }
    page.click("#checkin-results button.go")
    expect(page.locator(".msg-success")).to_contain_text("رضا احمدی")
    expect(page.locator("#checkin-counts")).to_contain_text("۱ از ۱")
    # The same check-in posted again (a retry on a weak connection) counts once.
    again = page.request.post(f"{live_url}/events/{event.pk}/check-in/", form=form)
    assert again.ok
    assert "پیش‌تر وارد شده" in again.text()
    page.reload()
    expect(page.locator("#checkin-counts")).to_contain_text("۱ از ۱")
    registration = Registration.objects.get(mobile="09351112233")
    assert registration.checked_in_at is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
