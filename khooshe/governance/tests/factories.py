import datetime

import factory

from khooshe.governance.models import (
    Agreement,
    AgreementClause,
    Body,
    Commitment,
    Meeting,
    Project,
)
from khooshe.persian.jalali import TEHRAN
from khooshe.registry.models import Organization
from khooshe.registry.tests import factories as registry_factories
from khooshe.registry.tests.factories import PersonFactory, province  # noqa: F401 - tests import them


class OrganizationFactory(registry_factories.OrganizationFactory):
    """A government agency: the usual owner of a commitment."""

    name = factory.Sequence(lambda n: f"اداره آزمون {n}")
    kind = Organization.Kind.GOVERNMENT_AGENCY


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"کارگروه آزمون {n}")
    kind = Body.Kind.WORKING_GROUP
    province = factory.LazyFunction(province)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"جلسه {n}")
    held_at = datetime.datetime(2024, 6, 22, 10, 0, tzinfo=TEHRAN)  # 2 Tir 1403
    place = "تبریز، استانداری"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"تفاهم‌نامه {n}")
    province = factory.LazyFunction(province)


class ClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementClause

    agreement = factory.SubFactory(AgreementFactory)
    kind = AgreementClause.Kind.ARTICLE
    number = factory.Sequence(lambda n: n + 1)
    position = factory.Sequence(lambda n: n + 1)
    text = "متن ماده"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"پروژه {n}")
    owner = factory.SubFactory(OrganizationFactory)
    province = factory.LazyFunction(province)


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A public-record commitment (no source FK) of Mazandaran, due in 30 days."""

    class Meta:
        model = Commitment

    title = factory.Sequence(lambda n: f"تعهد {n}")
    source_type = Commitment.SourceType.PUBLIC_RECORD
    owner = factory.SubFactory(OrganizationFactory)
    province = factory.LazyAttribute(lambda c: c.owner.province)
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    # ``status`` is computed by Commitment.save() from the dates and progress.
