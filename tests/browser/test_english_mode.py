"""English mode in the browser: a guild member switches to English and reads a firm whose
name and guild field were typed in Persian — the page's own words are English and left to
right, the Persian data keeps its own direction (dir="auto"), the English name reads left to
right with its full stop at the end, and the grade typed «۲» reads in Latin digits."""

from playwright.sync_api import expect

from khooshe.accounts.models import Role
from khooshe.registry.tests.factories import GuildMembershipFactory, OrganizationFactory


def test_switching_to_english_keeps_persian_data_in_its_own_direction(
    page, live_url, make_user, login
):
    firm = OrganizationFactory(name="شرکت داده‌پردازان کاسپین", name_en="Caspian Data Software Co.")
    GuildMembershipFactory(organization=firm, grade="۲", field="نرم‌افزار و خدمات")
    make_user("english-actor", role=Role.ACTOR, organization=firm)
    login(page, "english-actor")
    page.click("#switch-language")
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")

    page.goto(f"{live_url}/registry/organizations/{firm.pk}/")
    membership = page.locator(".membership").first
    expect(membership).to_contain_text("Grade 2")
    field = membership.locator('[dir="auto"]', has_text="نرم‌افزار و خدمات")
    expect(field).to_have_count(1)
    # dir="auto" resolves to right-to-left for the Persian text, inside a left-to-right page.
    assert field.evaluate("e => getComputedStyle(e).direction") == "rtl"
    english_name = page.locator('[lang="en"][dir="ltr"]', has_text="Caspian Data Software Co.")
    expect(english_name.first).to_be_visible()
    assert english_name.first.evaluate("e => getComputedStyle(e).direction") == "ltr"

    # The edit form: the English name is typed left to right, the Persian name in its own.
    page.goto(f"{live_url}/registry/organizations/{firm.pk}/edit/")
    expect(page.locator("#id_name_en")).to_have_attribute("dir", "ltr")
    expect(page.locator("#id_name")).to_have_attribute("dir", "auto")
    expect(page.locator("label[for=id_name_en]")).to_have_text("English name")
