import datetime

import pytest

from khooshe.core.desk import desk_for
from khooshe.eservices import readiness, selectors, services
from khooshe.eservices.models import EService
from khooshe.eservices.tests.factories import (
    AgencyFactory,
    ChannelFactory,
    EServiceFactory,
    province,
)

pytestmark = pytest.mark.django_db


def test_agency_score_follows_the_documented_formula(agency):
    # two live services: transactional (3) and informational (1); one planned ignored
    a = EServiceFactory(agency=agency, maturity="transactional")
    b = EServiceFactory(agency=agency, maturity="informational")
    EServiceFactory(agency=agency, maturity="integrated", status="planned")
    ChannelFactory(eservice=a, kind="web")
    ChannelFactory(eservice=a, kind="ussd")
    ChannelFactory(eservice=b, kind="web")
    r = readiness.agency_score(agency)
    # M = ((3+1)/2 - 1)/3 = 1/3; T = 1/2; C = 2/6
    assert r.total == 2
    assert r.score == round(100 * (0.4 / 3 + 0.4 * 0.5 + 0.2 / 3))
    assert r.transactional_percent == 50


def test_province_score_counts_silent_agencies_as_zero(agency):
    AgencyFactory()  # presented nothing
    EServiceFactory(agency=agency, maturity="integrated")
    result = readiness.province_readiness(province("IR-02"))
    scores = [row.readiness.score for row in result.rows]
    assert result.score == round(sum(scores) / len(scores))
    assert len(result.missing) == 1
    assert result.presented_count == 1


def test_desk_sections(rep, staff, staff_elsewhere, agency):
    eservice = EServiceFactory(agency=agency)
    EService.objects.filter(pk=eservice.pk).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert list(selectors.not_updated_this_year(rep)) == [eservice]
    keys = {s.key for s in desk_for(rep)}
    assert "eservices.not_updated" in keys
    services.eservice_confirm(actor=rep, eservice=eservice)
    assert not selectors.not_updated_this_year(rep).exists()

    assert list(selectors.agencies_waiting_review(staff)) == [agency]
    assert not selectors.agencies_waiting_review(staff_elsewhere).exists()
    services.catalogue_review(actor=staff, agency=agency)
    assert not selectors.agencies_waiting_review(staff).exists()
    services.eservice_confirm(actor=rep, eservice=eservice)  # a change after the review
    assert list(selectors.agencies_waiting_review(staff)) == [agency]
    assert selectors.not_updated_this_year(staff) is None
    assert selectors.agencies_waiting_review(rep) is None


def test_eservices_of_agency_for_other_apps(rep, agency):
    live = EServiceFactory(agency=agency)
    retired = EServiceFactory(agency=agency, status="retired")
    assert list(selectors.eservices_of_agency(viewer=None, organization=agency)) == [live]
    assert set(selectors.eservices_of_agency(viewer=rep, organization=agency.pk)) == {live, retired}
