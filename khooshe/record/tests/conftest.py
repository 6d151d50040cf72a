import pytest

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.persian.jalali import jalali_to_date
from khooshe.record import services
from khooshe.registry.tests.factories import OrganizationFactory, province

ARTICLE_TEXT = (
    "نشست فعالان ICT در استانداری برگزار شد\n\n"
    "رئیس سازمان نظام صنفی رایانه ای مازندران گفت: فعالیت بیش از ۵۰۰ شرکت و یک هزار عضو فعال "
    "ظرفیتی بزرگ است.\n"
    "وی افزود: مرکز داده استان تا پایان شهریور نهایی و قابل بهره برداری می‌شود و نصر در آن "
    "همکاری خواهد کرد."
)


@pytest.fixture
def staff(db):
    user = UserFactory(username="record-staff")
    grant(user, Role.GOVERNORATE_STAFF, province="IR-02")
    return user


@pytest.fixture
def other_staff(db):
    user = UserFactory(username="record-staff-03")
    grant(user, Role.GUILD_STAFF, province="IR-03")
    return user


@pytest.fixture
def national(db):
    user = UserFactory(username="record-national")
    grant(user, Role.NATIONAL_STAFF)
    return user


@pytest.fixture
def guild(db):
    return OrganizationFactory(
        name="سازمان نظام صنفی رایانه‌ای استان مازندران",
        kind="guild",
        aliases="نصر\nسازمان نظام صنفی رایانه‌ای مازندران",
    )


@pytest.fixture
def published_on():
    return jalali_to_date(1403, 4, 2)


@pytest.fixture
def make_article(staff, guild, published_on):
    def make(**fields):
        data = {
            "actor": staff,
            "province": province("IR-02"),
            "title": "نشست فعالان ICT در استانداری برگزار شد",
            "source": "ایلنا",
            "published_on": published_on,
            "original_text": ARTICLE_TEXT,
            "url": "",
        }
        data.update(fields)
        return services.article_create(**data)

    return make


@pytest.fixture
def article(make_article):
    return make_article()
