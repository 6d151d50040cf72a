"""Registry journeys: a visitor searches the directory as they type (in another spelling than
the record's) and filters it; an actor registers an organization; guild staff verify it."""

import re

from playwright.sync_api import expect

from khooshe.accounts.models import Role
from khooshe.geo.models import Province
from khooshe.registry.models import Organization
from khooshe.registry.tests.factories import CapabilityFactory, OrganizationFactory
from tests.browser.test_accessibility import AXE, serious_violations


def _organizations():
    web = CapabilityFactory(slug="web", name="طراحی وب")
    OrganizationFactory(name="شرکت نرم‌افزاری کاسپین", capabilities=[web])
    OrganizationFactory(name="شركت نرمافزاري البرز", kind="startup")
    OrganizationFactory(name="فروشگاه رایانه سهند")


def test_search_as_you_type_updates_results_and_counts_and_keeps_the_url(
    page, live_url, transactional_db
):
    _organizations()
    page.goto(f"{live_url}/registry/")
    expect(page.locator("#result-count")).to_have_text("۳ سازمان")
    page.evaluate("window.__sameDocument = true")
    page.fill("#q", "نرم افزاری")
    expect(page.locator("#result-count")).to_have_text("۲ سازمان")
    expect(page.locator("#result-list")).not_to_contain_text("فروشگاه")
    kind = page.locator('#facet-kind a[data-value="startup"] + .facet-count')
    expect(kind).to_have_text("۱")
    assert page.evaluate("window.__sameDocument") is True  # no full page load
    expect(page).to_have_url(re.compile(r"q=%D9%86%D8%B1%D9%85"))
    page.click('#facet-kind a[data-value="startup"]')
    expect(page.locator("#result-count")).to_have_text("۱ سازمان")
    expect(page.locator("#result-list")).to_contain_text("البرز")
    expect(page).to_have_url(re.compile(r"kind=startup"))
    # The shared URL opens the same results as a full page.
    page.goto(page.url)
    expect(page.locator("#result-count")).to_have_text("۱ سازمان")
    expect(page.locator("#q")).to_have_value("نرم افزاری")


def test_actor_registers_and_guild_staff_verify(page, live_url, make_user, login):
    make_user("actor1", first_name="سارا", last_name="کریمی")
    make_user("guild1", role=Role.GUILD_STAFF, province="IR-02")
    login(page, "actor1")
    page.goto(f"{live_url}/registry/")
    page.click("#register-organization")
    page.fill("#id_name", "شرکت فناوران ۲۰۲۰")
    page.select_option("#id_kind", "company")
    page.select_option("#id_province", str(Province.objects.get(code="IR-02").pk))
    # htmx narrows the counties to the chosen province
    expect(page.locator("#id_county option", has_text="تبریز")).to_have_count(0)
    page.select_option("#id_county", label="ساری")
    page.click("#save")
    expect(page.locator("#org-name")).to_have_text("شرکت فناوران ۲۰۲۰")
    expect(page.locator("#verification")).to_contain_text("تأییدنشده")
    expect(page.locator("main")).to_contain_text("ساری")
    detail = page.url
    page.click("header button:has-text('خروج')")

    login(page, "guild1")
    page.goto(f"{live_url}/desk/")
    expect(page.locator("main")).to_contain_text("شرکت فناوران ۲۰۲۰")
    page.goto(detail)
    page.click("#verify-organization")
    expect(page.locator("#verification")).to_contain_text("تأییدشده")
    page.goto(f"{live_url}/registry/?q=فناوران 2020&verified=true")
    expect(page.locator("#result-list")).to_contain_text("فناوران")


def test_directory_and_profile_have_no_serious_accessibility_violations(
    page, live_url, transactional_db
):
    if not AXE.exists():
        return
    _organizations()

    page.goto(f"{live_url}/registry/?q=نرم")
    assert serious_violations(page) == []
    page.goto(f"{live_url}/registry/organizations/{Organization.objects.first().pk}/")
    assert serious_violations(page) == []


def test_owner_change_of_a_verified_organization_waits_for_the_guild(
    page, live_url, make_user, login
):
    """The probe in a browser: the owner of a verified urban company sets it rural and renames
    it; the profile keeps the verified values beside «change awaiting review» until the guild
    accepts."""
    organization = OrganizationFactory(
        name="شرکت داده‌پردازان ساری",
        locality="urban",
        verification=Organization.Verification.VERIFIED,
    )
    make_user("owner1", role=Role.ACTOR, organization=organization)
    make_user("guild2", role=Role.GUILD_STAFF, province="IR-02")
    login(page, "owner1")
    page.goto(f"{live_url}/registry/organizations/{organization.pk}/edit/")
    expect(page.locator("#vouched-note")).to_be_visible()
    page.fill("#id_name", "شرکت داده‌پردازان روستا")
    page.select_option("#id_locality", "rural")
    page.click("#save")
    expect(page.locator("#org-name")).to_have_text("شرکت داده‌پردازان ساری")
    expect(page.locator("#verification")).to_contain_text("تأییدشده")
    review = page.locator("#change-awaiting-review")
    expect(review).to_contain_text("شرکت داده‌پردازان روستا")
    expect(review).to_contain_text("روستایی")
    page.click("header button:has-text('خروج')")

    login(page, "guild2")
    page.goto(f"{live_url}/registry/organizations/{organization.pk}/")
    page.click("#accept-change")
    expect(page.locator("#org-name")).to_have_text("شرکت داده‌پردازان روستا")
    expect(page.locator("#change-awaiting-review")).to_have_count(0)
    expect(page.locator("#verification")).to_contain_text("تأییدشده")
