"""Factories of the support-programs tests."""

import datetime
from decimal import Decimal

import factory

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.loans.models import Application, Program, SupportPackage
from khooshe.registry.models import GuildMembership, Organization
from khooshe.registry.tests import factories as registry_factories
from khooshe.registry.tests.factories import county, province  # noqa: F401 - tests import them


class OrganizationFactory(registry_factories.OrganizationFactory):
    """A verified rural company: the applicant most programs expect."""

    locality = "rural"
    verification = Organization.Verification.VERIFIED


class FundFactory(OrganizationFactory):
    kind = Organization.Kind.FUND
    name = factory.Sequence(lambda n: f"صندوق آزمون {n}")


def membership(organization, *, expires_on=None, number=None):
    return GuildMembership.objects.create(
        organization=organization,
        province=organization.province,
        number=number or f"M-{organization.pk}",
        expires_on=expires_on,
    )


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"برنامه آزمون {n}")
    kind = Program.Kind.LOAN
    province = factory.LazyFunction(province)
    fund = factory.SubFactory(FundFactory)
    budget = 50_000_000_000
    opens_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=60))
    min_amount = 100_000_000
    max_amount = 5_000_000_000
    annual_rate = Decimal("4")
    installments = 12
    grace_months = 0
    grace_interest = "paid_monthly"
    method = "annuity"
    rounding = 1
    default_after = 3

    @factory.post_generation
    def provinces(obj, create, extracted, **kwargs):
        if create:
            obj.provinces.set(extracted or [obj.province or province()])


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    program = factory.SubFactory(ProgramFactory)
    organization = factory.SubFactory(OrganizationFactory)
    applicant = factory.SubFactory(UserFactory)
    province = factory.LazyAttribute(lambda a: a.organization.province)
    county = factory.LazyAttribute(lambda a: a.organization.county)
    amount_requested = 1_000_000_000
    purpose = "راه‌اندازی مرکز خدمات نرم‌افزاری روستایی"
    sheba = "IR820540102680020817909002"
    jobs_promised = 4


class PackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportPackage

    program = factory.SubFactory(ProgramFactory, kind=Program.Kind.PACKAGE, fund=None)
    name = factory.Sequence(lambda n: f"بسته {n}")
    kind = SupportPackage.Kind.WORKSPACE
    capacity = 2
    allocation = SupportPackage.Allocation.FIRST_COME


def actor_for(organization):
    user = UserFactory()
    grant(user, Role.ACTOR, organization=organization)
    return user


def staff(role=Role.GOVERNORATE_STAFF, code="IR-02"):
    user = UserFactory()
    grant(user, role, province=code)
    return user


def fund_officer(fund):
    user = UserFactory()
    grant(user, Role.FUND_OFFICER, organization=fund)
    return user


def application_for(program=None, **kwargs) -> Application:
    """An application whose applicant user represents its organization."""
    program = program or ProgramFactory()
    organization = kwargs.pop("organization", None) or OrganizationFactory()
    user = actor_for(organization)
    return ApplicationFactory(program=program, organization=organization, applicant=user, **kwargs)
