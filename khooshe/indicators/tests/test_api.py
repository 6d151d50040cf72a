"""The API: definitions, values with filters in any digits, small groups for the public,
ETag/Last-Modified (304), Persian 400s, query budget."""

from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.geo.models import Province
from khooshe.indicators.models import Snapshot, SnapshotRun
from khooshe.indicators.periods import Period
from khooshe.indicators.services import snapshot_run
from khooshe.indicators.tests.conftest import Q2, at
from khooshe.registry.models import Organization
from khooshe.registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _store(slug, code, period, value, size=None):
    run = SnapshotRun.objects.create(trigger="command", started_at=timezone.now())
    p = Period(int(period[:4]), int(period[-1]) if "-" in period else None)
    return Snapshot.objects.create(
        run=run,
        indicator=slug,
        province=Province.objects.get(code=code),
        period=p.code,
        period_start=p.start,
        is_year=p.is_year,
        value=Decimal(value),
        group_size=value if size is None else size,
        computed_at=timezone.now(),
    )


def test_definitions(api):
    response = api.get("/api/v1/indicators/", {"page_size": 100})
    assert response.status_code == 200
    slugs = [item["slug"] for item in response.json()["results"]]
    assert "organizations" in slugs
    assert "egov-readiness" in slugs
    one = api.get("/api/v1/indicators/organizations/").json()
    assert one["per_10k_inhabitants"] is True
    assert one["origin"] == "computed"
    assert api.get("/api/v1/indicators/internet-penetration/").json()["origin"] == "entered"
    assert api.get("/api/v1/indicators/nope/").status_code == 404


def test_values_match_a_hand_count_through_the_api(api):
    orgs = OrganizationFactory.create_batch(6)
    Organization.objects.filter(pk__in=[o.pk for o in orgs[:5]]).update(created_at=at(Q2))
    Organization.objects.filter(pk=orgs[5].pk).update(created_at=at(Q2, 200))
    snapshot_run(periods=["1403-Q2"])
    rows = api.get(
        "/api/v1/indicators/organizations/values/", {"province": "IR-02", "period": "۱۴۰۳-Q۲"}
    ).json()["results"]
    assert len(rows) == 1
    assert rows[0]["value"] == 5
    assert rows[0]["suppressed"] is False
    assert rows[0]["origin"] == "computed"
    assert rows[0]["run"]
    groups = api.get(
        "/api/v1/indicators/organizations/values/",
        {"province": "مازندران", "period": "1403-Q2", "disaggregation": "kind"},
    ).json()["results"]
    assert groups[0]["group"] == "company"
    assert groups[0]["value"] == 5


def test_filters_from_to_in_jalali_or_iso(api):
    for period, value in (("1402", 10), ("1403", 20), ("1403-Q2", 7), ("1404", 30)):
        _store("loans-applied", "IR-02", period, value)
    rows = api.get(
        "/api/v1/indicators/loans-applied/values/", {"from": "1403", "to": "۲۰۲۵-۰۳-۲۰"}
    ).json()["results"]
    assert [r["period"] for r in rows] == ["1403", "1403-Q2"]
    rows = api.get("/api/v1/indicators/loans-applied/values/", {"from": "۱۴۰۳/۰۴/۰۱"}).json()[
        "results"
    ]
    assert [r["period"] for r in rows] == ["1403-Q2", "1404"]


def test_bad_filters_are_persian_400s(api):
    response = api.get("/api/v1/indicators/organizations/values/", {"period": "abc"})
    assert response.status_code == 400
    assert "دوره" in response.json()["period"][0]
    response = api.get("/api/v1/indicators/organizations/values/", {"province": "Atlantis"})
    assert response.status_code == 400
    assert "پیدا نشد" in response.json()["province"][0]
    assert (
        api.get("/api/v1/indicators/organizations/values/", {"disaggregation": "x"}).status_code
        == 400
    )


def test_small_groups_for_anonymous_exact_for_staff(api):
    _store("loans-approved-amount", "IR-02", "1403", 9_000_000, size=2)
    row = api.get("/api/v1/indicators/loans-approved-amount/values/").json()["results"][0]
    assert row["value"] is None
    assert row["suppressed"] is True
    assert row["display"] == "کمتر از ۵"
    staff = UserFactory()
    grant(staff, "guild_staff", province="IR-03")
    api.force_authenticate(staff)
    row = api.get("/api/v1/indicators/loans-approved-amount/values/").json()["results"][0]
    assert row["value"] == 9_000_000
    assert row["suppressed"] is False


def test_etag_and_last_modified_give_304(api, django_assert_max_num_queries):
    _store("loans-applied", "IR-02", "1403", 12)
    url = "/api/v1/indicators/loans-applied/values/"
    first = api.get(url)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    with django_assert_max_num_queries(4):
        again = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    _store("loans-applied", "IR-03", "1403", 15)  # new data: a new answer
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_values_query_budget(api, django_assert_max_num_queries):
    for code in ("IR-01", "IR-02", "IR-03", "IR-04"):
        _store("loans-applied", code, "1403", 20)
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/indicators/loans-applied/values/")
    assert len(response.json()["results"]) == 4
