import datetime

import factory

from khooshe.events.models import Booth, Event, Exhibitor, Hall, Registration
from khooshe.persian.jalali import TEHRAN
from khooshe.registry.models import Organization
from khooshe.registry.tests import factories as registry_factories
from khooshe.registry.tests.factories import PersonFactory, province  # noqa: F401 - tests import them


def tehran(year, month, day, hour=9, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TEHRAN)


class AgencyFactory(registry_factories.OrganizationFactory):
    name = factory.Sequence(lambda n: f"اداره آزمون {n}")
    kind = Organization.Kind.GOVERNMENT_AGENCY


class StartupFactory(registry_factories.OrganizationFactory):
    name = factory.Sequence(lambda n: f"استارتاپ آزمون {n}")
    kind = Organization.Kind.STARTUP


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"جشنواره آزمون {n}")
    kind = Event.Kind.FESTIVAL
    province = factory.LazyFunction(province)
    venue = "ساری، نمایشگاه بین‌المللی"
    # Far in the future so that registration is open in tests.
    starts_at = tehran(2030, 5, 1, 9)
    ends_at = tehran(2030, 5, 3, 18)
    organizer = factory.SubFactory(AgencyFactory)
    capacity = 100


class HallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hall

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"سالن {n}")
    capacity = 10


class BoothFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booth

    hall = factory.SubFactory(HallFactory)
    number = factory.Sequence(lambda n: f"A{n}")
    size_m2 = 9


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibitor

    event = factory.SubFactory(EventFactory)
    organization = factory.SubFactory(AgencyFactory)
    exhibits = "میز خدمت الکترونیکی"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"بازدیدکننده {n}")
    mobile = factory.Sequence(lambda n: f"0912{n:07d}")
