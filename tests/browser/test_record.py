"""The public record's journey: staff of the province paste a news item as it is, the review
desk offers what it found, one click confirms the guild's mention and one the promise, and the
promise appears on the promise board with the article as its source; a visitor sees the
confirmed link on the article's page."""

from playwright.sync_api import expect

from khooshe.accounts.models import Role
from khooshe.record.models import Suggestion
from khooshe.registry.tests.factories import OrganizationFactory, province

TEXT = (
    "نشست فعالان فناوری اطلاعات برگزار شد\n\n"
    "نشست فعالان فناوری اطلاعات برگزار شد\n\n"
    "رئیس سازمان نظام صنفی رایانه ای مازندران گفت: بیش از ۵۰۰ شرکت در استان فعال‌اند و نصر "
    "گزارش این شرکت‌ها را تا پایان شهریور ۱۴۰۳ به استانداری ارائه خواهد کرد."
)


def test_staff_add_an_article_and_confirm_a_mention_and_a_promise(page, live_url, login, make_user):
    guild = OrganizationFactory(
        name="سازمان نظام صنفی رایانه‌ای استان مازندران",
        kind="guild",
        aliases="نصر\nسازمان نظام صنفی رایانه‌ای مازندران",
    )
    make_user("recordstaff", role=Role.GOVERNORATE_STAFF, province="IR-02")
    login(page, "recordstaff")
    page.goto(f"{live_url}/record/new/")
    page.select_option("#id_province", str(province("IR-02").pk))
    page.fill("#id_title", "نشست فعالان فناوری اطلاعات برگزار شد")
    page.fill("#id_source", "ایلنا")
    page.fill("#id_published_on", "۱۴۰۳/۰۴/۰۲")
    page.fill("#id_original_text", TEXT)
    page.click("#save")

    mention = page.locator("#review-mentions .suggestion").filter(has_text=guild.name)
    expect(mention).to_have_count(1)
    mention.locator("button.confirm").click()
    expect(mention.locator(".state")).to_have_text("تأییدشده")

    promise = page.locator("#review-promises .suggestion").first
    expect(promise).to_contain_text("پایان شهریور ۱۴۰۳")
    promise.locator("button.confirm").click()
    expect(promise.locator(".state")).to_have_text("تأییدشده")
    assert Suggestion.objects.filter(kind="promise", commitment__isnull=False).count() == 1

    page.goto(f"{live_url}/governance/?province=IR-02")
    row = page.locator("#commitments tbody tr").filter(has_text=guild.name)
    expect(row).to_have_count(1)
    expect(row.locator("a.extra-source")).to_have_text("نشست فعالان فناوری اطلاعات برگزار شد")
    row.locator("a.extra-source").click()
    expect(page.locator("#mentions")).to_contain_text(guild.name)
    expect(page.locator("#promises")).to_contain_text("۱۴۰۳/۰۶/۳۱")
