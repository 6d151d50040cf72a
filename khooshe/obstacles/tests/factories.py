import factory

from khooshe.accounts.tests.factories import UserFactory
from khooshe.obstacles.models import Category, Obstacle, Route
from khooshe.obstacles.seeds import ensure_default_categories
from khooshe.persian.text import search_key
from khooshe.registry.tests.factories import OrganizationFactory, county, province  # noqa: F401


def category(slug: str = "tax") -> Category:
    ensure_default_categories()  # a browser test's flush removes the migration's rows
    return Category.objects.get(slug=slug)


class RouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Route

    category = factory.LazyFunction(category)
    province = factory.LazyFunction(province)
    body = factory.SubFactory(OrganizationFactory)
    answer_days = 10


class ObstacleFactory(factory.django.DjangoModelFactory):
    """A public obstacle of IR-02 in the tax category, as submitted (no body yet)."""

    class Meta:
        model = Obstacle

    title = factory.Sequence(lambda n: f"مانع آزمون {n}")
    description = "شرح مانع"
    category = factory.LazyFunction(category)
    province = factory.LazyFunction(province)
    reporter = factory.SubFactory(UserFactory)
    search_key = factory.LazyAttribute(lambda o: search_key(o.title))
