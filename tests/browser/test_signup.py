"""A firm's first hour: sign up, verify the e-mail (the link from the outbox) and the mobile
(the code from the SMS outbox), find the firm in the registry in another spelling and claim
it; the guild staff of the province approve the claim; the new user now represents it."""

import re

from django.core import mail
from playwright.sync_api import expect

from khooshe.accounts import sms
from khooshe.accounts.models import Role, User
from khooshe.registry.tests.factories import OrganizationFactory
from tests.browser.conftest import PASSWORD
from tests.browser.test_accessibility import AXE, serious_violations


def test_a_firm_signs_up_claims_itself_and_is_approved(page, live_url, make_user, login):
    sms.outbox.clear()
    mail.outbox.clear()
    firm = OrganizationFactory(name="شرکت داده‌پردازان کاسپین", verification="unverified")
    make_user("guild1", role=Role.GUILD_STAFF, province="IR-02")

    page.goto(f"{live_url}/")
    page.click("#signup-nav")
    expect(page.locator("h1")).to_have_text("ثبت‌نام در خوشه")
    if AXE.exists():
        assert serious_violations(page) == []
    page.fill("#id_username", "caspian")
    page.fill("#id_email", "info@caspian.example.ir")
    page.fill("#id_phone", "۰۹۱۱ ۱۲۳ ۴۵۶۷")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("main button[type=submit]")

    # the mobile: a code by SMS
    expect(page.locator("h1")).to_have_text("تأیید شماره همراه")
    assert sms.outbox[-1].to == "09111234567"
    code = re.search(r"(\d{6})", sms.outbox[-1].body).group(1)
    page.fill("#id_code", code)
    page.click("#confirm-phone")

    # the e-mail: a link
    expect(page.locator("#verification-sent")).to_be_visible()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.click("#confirm-email")

    # signed in, on the join page: search in another spelling, claim the firm
    expect(page).to_have_url(re.compile(r"/registry/join/$"))
    expect(page.locator("#join-link")).to_be_visible()
    page.fill("#join-q", "داده پردازان")
    page.click("form[role=search] button")
    result = page.locator(f'#join-results li[data-id="{firm.pk}"]')
    expect(result).to_contain_text("کاسپین")
    if AXE.exists():
        assert serious_violations(page) == []
    result.locator("a.btn").click()
    page.fill("#id_message", "مدیرعامل شرکت")
    page.click("#send-claim")
    expect(page.locator("#pending-claims")).to_contain_text("کاسپین")
    page.click("header button:has-text('خروج')")

    # the guild staff of the province approve
    login(page, "guild1")
    page.goto(f"{live_url}/registry/staff/")
    page.click("#pending-claims a:has-text('کاسپین')")
    page.select_option("#id_decision", "approve")
    page.click("#decide")
    page.click("header button:has-text('خروج')")

    # the new user now sees their organization
    login(page, "caspian")
    page.goto(f"{live_url}/registry/join/")
    expect(page.locator("#represented")).to_contain_text("شرکت داده‌پردازان کاسپین")
    expect(page.locator("#join-link")).to_have_count(0)
    user = User.objects.get(username="caspian")
    assert user.mobile == "09111234567"
    assert user.mobile_verified
