import io

import pytest

from khooshe.eservices import demo, readiness
from khooshe.eservices.models import EService
from khooshe.geo.models import Province
from khooshe.registry import demo_users
from khooshe.registry.models import Organization

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_covers_the_articles():
    demo_users.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    count = EService.objects.count()
    demo.load(stdout=io.StringIO())
    assert EService.objects.count() == count
    mazandaran = Province.objects.get(code="IR-02")
    agencies = (
        Organization.objects.filter(province=mazandaran, eservices__isnull=False).distinct().count()
    )
    assert agencies >= 10
    assert EService.objects.filter(province__code="IR-03", agency__kind="service_counter").exists()
    assert len(set(EService.objects.values_list("maturity", flat=True))) == 4
    result = readiness.province_readiness(mazandaran)
    missing = {row.agency.name for row in result.missing}
    assert "اداره کل آموزش و پرورش استان مازندران" in missing
    assert 0 < result.score < 100
