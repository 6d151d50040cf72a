"""Articles for tests outside the app (the API fuzz run): one processed article of IR-02."""

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.persian.jalali import jalali_to_date
from khooshe.record import services
from khooshe.record.models import Article
from khooshe.registry.tests.factories import province

TEXT = (
    "رئیس سازمان نظام صنفی رایانه ای مازندران گفت: بیش از ۵۰۰ شرکت تا پایان شهریور "
    "گزارش خود را ارائه خواهند کرد."
)


def processed_article(*, title: str = "خبر آزمون", text: str = TEXT) -> Article:
    actor = UserFactory()
    grant(actor, Role.GOVERNORATE_STAFF, province="IR-02")
    return services.article_create(
        actor=actor,
        province=province("IR-02"),
        title=title,
        source="ایلنا",
        published_on=jalali_to_date(1403, 4, 2),
        original_text=text,
    )
