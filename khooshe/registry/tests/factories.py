"""Factories for the registry's records; organizations get their search fields filled the way
the services fill them."""

import factory

from khooshe.geo.models import County, Province
from khooshe.persian.validators import legal_id_check_digit, national_code_check_digit
from khooshe.registry.models import (
    Affiliation,
    Capability,
    Cluster,
    GuildMembership,
    Organization,
    Person,
    Sector,
)
from khooshe.registry.services import organization_refresh_search


def province(code: str = "IR-02") -> Province:
    return Province.objects.get(code=code)


def county(code: str = "IR-02", name: str | None = None) -> County:
    queryset = County.objects.filter(province__code=code)
    return queryset.filter(name=name).first() if name else queryset.first()


def legal_id(n: int) -> str:
    first10 = f"1{n:09d}"[:10]
    return first10 + legal_id_check_digit(first10)


def national_code(n: int) -> str:
    first9 = f"{n + 1:09d}"[-9:]
    return first9 + national_code_check_digit(first9)


class CapabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capability

    slug = factory.Sequence(lambda n: f"cap-{n}")
    name = factory.Sequence(lambda n: f"توانمندی {n}")
    parent = None
    path = factory.LazyAttribute(lambda o: f"{o.parent.path}/{o.slug}" if o.parent else o.slug)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    slug = factory.Sequence(lambda n: f"sector-{n}")
    name = factory.Sequence(lambda n: f"بخش {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"شرکت آزمون {n}")
    kind = Organization.Kind.COMPANY
    legal_id = factory.Sequence(lambda n: legal_id(n + 500))
    province = factory.LazyFunction(province)
    county = factory.LazyAttribute(lambda o: county(o.province.code))

    @factory.post_generation
    def refresh(obj, create, extracted, **kwargs):
        if create:
            organization_refresh_search(obj)

    @factory.post_generation
    def capabilities(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.capabilities.set(extracted)

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sectors.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "مریم"
    last_name = factory.Sequence(lambda n: f"احمدی {n}")
    national_code = factory.Sequence(lambda n: national_code(n + 1000))
    province = factory.LazyFunction(province)


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = "مدیرعامل"


class GuildMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuildMembership

    organization = factory.SubFactory(OrganizationFactory)
    province = factory.LazyAttribute(lambda o: o.organization.province)
    number = factory.Sequence(lambda n: f"{21000 + n}")


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"خوشه {n}")
    province = factory.LazyFunction(province)
