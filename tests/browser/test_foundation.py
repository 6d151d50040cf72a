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
