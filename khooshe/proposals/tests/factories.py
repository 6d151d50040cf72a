"""Factories for proposals; the registry records they need come from the registry's factories."""

import datetime

import factory
from django.utils import timezone

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.persian.text import search_key
from khooshe.proposals.models import (
    Call,
    CoSubmitter,
    Criterion,
    Dossier,
    Priority,
    Proposal,
    ProposalState,
)
from khooshe.registry.tests.factories import (  # noqa: F401 - the proposals tests' imports
    CapabilityFactory,
    GuildMembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SectorFactory,
    county,
    legal_id,
    province,
)


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


class CallFactory(factory.django.DjangoModelFactory):
    """An open call of IR-02: opened ten days ago, closing in ten days."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"فراخوان هوشمندسازی {n}")
    province = factory.LazyFunction(province)
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    envelope_rial = 10_000_000_000


class CoSubmitterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoSubmitter

    proposal = factory.SubFactory(ProposalFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "مجری فنی"


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


def assign(proposal, *evaluators, due_on=None):
    """Assign ``evaluators`` to score ``proposal`` (as governorate staff would)."""
    import datetime  # noqa: PLC0415 - only this helper needs it

    from khooshe.proposals.models import EvaluatorAssignment  # noqa: PLC0415

    due_on = due_on or datetime.date.today() + datetime.timedelta(days=14)
    return [
        EvaluatorAssignment.objects.create(proposal=proposal, evaluator=user, due_on=due_on)
        for user in evaluators
    ]


__all__ = [
    "CallFactory",
    "CapabilityFactory",
    "CoSubmitterFactory",
    "CriterionFactory",
    "DossierFactory",
    "GuildMembershipFactory",
    "OrganizationFactory",
    "PriorityFactory",
    "ProposalFactory",
    "Role",
    "SectorFactory",
    "UserFactory",
    "assign",
    "county",
    "grant",
    "province",
]
