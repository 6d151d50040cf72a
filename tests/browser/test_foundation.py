"""Journeys every user takes: sign in, switch language and back, read a Jalali date in
Persian digits, and get a Persian error for an impossible Jalali date."""

import re

from playwright.sync_api import expect


def test_home_is_persian_rtl_with_a_jalali_date_in_persian_digits(page, live_url):
    requests_outside = []
    page.on(
        "request",
        lambda request: (
            requests_outside.append(request.url)
            if not request.url.startswith(live_url) and not request.url.startswith("data:")
            else None
        ),
    )
    page.goto(live_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#today-jalali")).to_have_text(re.compile(r"^[۰-۹]{1,2} \S+ [۰-۹]{4}$"))
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Vazirmatn" in font
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    assert requests_outside == []


def test_sign_in_and_out(page, live_url, make_user, login):
    make_user("maryam", first_name="مریم", last_name="کریمی")
    login(page, "maryam")
    expect(page.locator("header")).to_contain_text("مریم کریمی")
    expect(page.locator("#desk-count")).to_be_visible()
    page.click("header button:has-text('خروج')")
    expect(page.locator("header")).to_contain_text("ورود")


def test_wrong_password_is_refused_in_persian(page, live_url, make_user):
    make_user("hassan")
    page.goto(live_url + "/accounts/login/")
    page.fill("#id_username", "hassan")
    page.fill("#id_password", "not-the-password")
    page.click("main button[type=submit]")
    expect(page.locator("#form-errors")).to_contain_text("نام کاربری")


def test_switch_to_english_and_back(page, live_url):
    page.goto(live_url + "/")
    page.click("#switch-language")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("#today-jalali")).to_have_text(re.compile(r"^\d{1,2} [A-Za-z]+ \d{4}$"))
    page.click("#switch-language")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def test_impossible_jalali_date_gets_a_persian_error(page, live_url):
    page.goto(live_url + "/tools/date/")
    page.fill("#id_date", "۱۴۰۳/۰۷/۳۱")
    page.keyboard.press("Escape")
    page.click("main button[type=submit]")
    expect(page.locator("#id_date_error")).to_contain_text("مهر")
    expect(page.locator("#id_date")).to_have_attribute("aria-invalid", "true")


def test_valid_jalali_date_in_arabic_digits_converts(page, live_url):
    page.goto(live_url + "/tools/date/")
    page.fill("#id_date", "١٤٠٣/١٢/٣٠")
    page.keyboard.press("Escape")
    page.click("main button[type=submit]")
    expect(page.locator("#converted")).to_contain_text("2025-03-20")
    expect(page.locator("#converted")).to_contain_text("۳۰ اسفند ۱۴۰۳")


def test_date_picker_knows_leap_esfand(page, live_url):
    """The served picker agrees with the official calendar: Esfand has 30 days in 1403 and
    1408 and 29 in 1404 and 1407 (many pickers get this wrong)."""
    page.goto(live_url + "/tools/date/")
    page.click("#id_date")
    days_in_esfand = {}
    for year in ["1403", "1404", "1407", "1408"]:
        page.select_option("jdp-container .jdp-year select", year)
        page.select_option("jdp-container .jdp-month select", "12")
        days_in_esfand[year] = page.locator("jdp-container .jdp-day:not(.not-in-month)").count()
    assert days_in_esfand == {"1403": 30, "1404": 29, "1407": 29, "1408": 30}


def test_pages_print_as_documents_without_navigation(page, live_url):
    page.goto(live_url + "/tools/date/?date=1403/04/02")
    page.emulate_media(media="print")
    assert not page.locator("header.kh-header").is_visible()
    assert page.locator(".print-header").is_visible()
    assert "۱۴۰" in page.locator(".print-header").inner_text()
