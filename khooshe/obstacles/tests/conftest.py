import pytest

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.obstacles import services
from khooshe.obstacles.seeds import ensure_default_categories
from khooshe.obstacles.tests.factories import OrganizationFactory, RouteFactory, category
from khooshe.registry.models import Organization
from khooshe.registry.tests.factories import province


@pytest.fixture(autouse=True)
def _categories(request):
    if "django_db" in {m.name for m in request.node.iter_markers()} or {
        "db",
        "transactional_db",
    } & set(request.fixturenames):
        ensure_default_categories()


@pytest.fixture
def tax_office():
    return OrganizationFactory(
        name="اداره کل امور مالیاتی", kind=Organization.Kind.GOVERNMENT_AGENCY
    )


@pytest.fixture
def other_body():
    return OrganizationFactory(
        name="اداره کل تأمین اجتماعی", kind=Organization.Kind.GOVERNMENT_AGENCY
    )


@pytest.fixture
def route(tax_office):
    return RouteFactory(category=category("tax"), province=province("IR-02"), body=tax_office)


@pytest.fixture
def firm():
    return OrganizationFactory(name="شرکت نرم‌افزاری آزمون")


@pytest.fixture
def firm2():
    return OrganizationFactory(name="شرکت دوم")


@pytest.fixture
def actor(firm):
    user = UserFactory(username="actor")
    grant(user, Role.ACTOR, organization=firm)
    return user


@pytest.fixture
def actor2(firm2):
    user = UserFactory(username="actor2")
    grant(user, Role.ACTOR, organization=firm2)
    return user


@pytest.fixture
def body_rep(tax_office):
    user = UserFactory(username="tax-rep")
    grant(user, Role.AGENCY_REP, organization=tax_office)
    return user


@pytest.fixture
def other_rep(other_body):
    user = UserFactory(username="ss-rep")
    grant(user, Role.AGENCY_REP, organization=other_body)
    return user


@pytest.fixture
def staff():
    user = UserFactory(username="staff")
    grant(user, Role.GOVERNORATE_STAFF, province="IR-02")
    return user


@pytest.fixture
def staff_elsewhere():
    user = UserFactory(username="staff-east")
    grant(user, Role.GOVERNORATE_STAFF, province="IR-03")
    return user


@pytest.fixture
def report(actor, firm, route):
    """Report a tax obstacle of IR-02 as ``actor`` for ``firm`` (routed at once)."""

    def _report(**kwargs):
        data = {
            "actor": actor,
            "category": category("tax"),
            "title": "مالیات بر ارزش افزوده خدمات نرم‌افزاری",
            "description": "شرکت‌های نرم‌افزاری با وجود معافیت مالیات می‌پردازند.",
            "province": province("IR-02"),
            "reporter_organization": firm,
        }
        data.update(kwargs)
        return services.obstacle_report(**data)

    return _report
