"""Factories for proposals and the registry records they need (kept here so these tests do
not depend on another app's test helpers)."""

import factory

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.geo.models import County, Province
from khooshe.persian.text import search_key
from khooshe.persian.validators import legal_id_check_digit
from khooshe.proposals.models import (
    Criterion,
    Dossier,
    Priority,
    Proposal,
    ProposalState,
)
from khooshe.registry.models import Capability, GuildMembership, Organization, Sector


def province(code: str = "IR-02") -> Province:
    return Province.objects.get(code=code)


def county(code: str = "IR-02", name: str | None = None) -> County:
    queryset = County.objects.filter(province__code=code)
    return queryset.filter(name=name).first() if name else queryset.first()


def legal_id(n: int) -> str:
    first10 = f"18{n:08d}"[:10]
    return first10 + legal_id_check_digit(first10)


class CapabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capability
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"pcap-{n}")
    name = factory.Sequence(lambda n: f"توانمندی {n}")
    parent = None
    path = factory.LazyAttribute(lambda o: f"{o.parent.path}/{o.slug}" if o.parent else o.slug)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"psector-{n}")
    name = factory.Sequence(lambda n: f"بخش {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"شرکت طرح‌آزمون {n}")
    kind = Organization.Kind.COMPANY
    legal_id = factory.Sequence(legal_id)
    province = factory.LazyFunction(province)
    county = factory.LazyAttribute(lambda o: county(o.province.code))

    @factory.post_generation
    def capabilities(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.capabilities.set(extracted)

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sectors.set(extracted)


class GuildMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuildMembership

    organization = factory.SubFactory(OrganizationFactory)
    province = factory.LazyAttribute(lambda o: o.organization.province)
    number = factory.Sequence(lambda n: f"P{31000 + n}")


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"سامانه هوشمند کشاورزی {n}")
    problem = "کشاورزان به اطلاعات بازار و آب‌وهوا دسترسی ندارند"
    solution = "یک سامانه وب و اپلیکیشن"
    county = factory.LazyFunction(lambda: county("IR-02", "ساری"))
    province = factory.LazyAttribute(lambda o: o.county.province)
    estimated_budget = 5_000_000_000
    duration_months = 12
    expected_jobs = 5
    submitter_organization = factory.SubFactory(OrganizationFactory)
    created_by = factory.SubFactory(UserFactory)
    state = ProposalState.DRAFT
    search_text = factory.LazyAttribute(lambda o: f"{search_key(o.title)} {search_key(o.problem)}")

    @factory.post_generation
    def capabilities(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.capabilities.set(extracted)


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    province = factory.LazyFunction(province)
    year = 1404
    number = factory.Sequence(lambda n: n + 1)
    title = "پرونده آزمون"


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    province = factory.LazyFunction(province)
    year = 1404
    title = factory.Sequence(lambda n: f"اولویت {n}")
    weight = 10


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    province = factory.LazyFunction(province)
    title = factory.Sequence(lambda n: f"معیار {n}")
    weight = 1


__all__ = [
    "CapabilityFactory",
    "CriterionFactory",
    "DossierFactory",
    "GuildMembershipFactory",
    "OrganizationFactory",
    "PriorityFactory",
    "ProposalFactory",
    "Role",
    "SectorFactory",
    "UserFactory",
    "grant",
]
