import factory

from khooshe.eservices.models import Channel, ChannelKind, EService, YearlyTransactions
from khooshe.eservices.services.catalogue import _refresh_search
from khooshe.registry.models import Organization
from khooshe.registry.tests import factories as registry_factories
from khooshe.registry.tests.factories import province  # noqa: F401 - tests import it


class AgencyFactory(registry_factories.OrganizationFactory):
    name = factory.Sequence(lambda n: f"اداره کل آزمون {n}")
    kind = Organization.Kind.GOVERNMENT_AGENCY


class EServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EService
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    province = factory.LazyAttribute(lambda o: o.agency.province)
    name = factory.Sequence(lambda n: f"خدمت آزمون {n}")
    status = EService.Status.LIVE

    @factory.post_generation
    def refresh(obj, create, extracted, **kwargs):
        if create:
            _refresh_search(obj)
            EService.objects.filter(pk=obj.pk).update(
                search_key=obj.search_key, search_text=obj.search_text
            )


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    eservice = factory.SubFactory(EServiceFactory)
    kind = ChannelKind.WEB
    address = "https://example.ir"


class YearlyTransactionsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlyTransactions

    eservice = factory.SubFactory(EServiceFactory)
    jalali_year = 1402
    count = 1000
    source = "گزارش سالانه"
