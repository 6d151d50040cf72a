"""Pages: the dashboard and an indicator page with their charts' data and tables, within a
query budget; the claim checker; the statements hook; staff entry."""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.geo.models import Province
from khooshe.indicators.demo import load
from khooshe.indicators.models import Snapshot, SnapshotRun
from khooshe.indicators.statements import register_statement_source, unregister_statement_source

pytestmark = pytest.mark.django_db


class _Out:
    def write(self, text):
        pass


@pytest.fixture
def demo():
    load(stdout=_Out())


def test_demo_covers_31_provinces_and_is_marked(demo):
    assert Snapshot.objects.filter(is_current=True, is_demo=True).exists()
    provinces = (
        Snapshot.objects.filter(indicator="organizations", dis_key="", is_current=True)
        .values("province")
        .distinct()
        .count()
    )
    assert provinces == 31
    before = Snapshot.objects.count()
    load(stdout=_Out())  # idempotent
    assert Snapshot.objects.count() == before


def test_dashboard(client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get("/indicators/province/IR-02/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="spark-organizations"' in html
    assert 'id="spark-organizations-data"' in html
    assert "داده نمایشی" in html
    assert "رتبه" in html
    assert "از ۳۱ استان" in html
    assert "<script>" not in html  # no inline script (strict CSP): json only


def test_indicator_page(client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = client.get("/indicators/organizations/", {"province": "IR-03"})
    assert response.status_code == 200
    html = response.content.decode()
    for part in ('id="line-chart"', 'id="bar-chart"', 'id="series-table"', 'id="provinces-table"'):
        assert part in html
    bar = json.loads(html.split('id="bar-data" type="application/json">')[1].split("</script>")[0])
    assert len(bar["labels"]) == 31
    assert bar["highlight"].count(True) == 1
    assert "آذربایجان شرقی" in html
    assert client.get("/indicators/nope/").status_code == 404
    assert client.get("/indicators/province/IR-99/").status_code == 404


def test_small_groups_are_fewer_than_5_for_the_public(client):
    run_time = timezone.now()
    run = SnapshotRun.objects.create(trigger="command", started_at=run_time)
    Snapshot.objects.create(
        run=run,
        indicator="loans-approved",
        province=Province.objects.get(code="IR-02"),
        period="1403",
        period_start=datetime.date(2024, 3, 20),
        value=Decimal(3),
        group_size=3,
        computed_at=run_time,
    )
    html = client.get("/indicators/loans-approved/", {"province": "IR-02"}).content.decode()
    assert "کمتر از ۵" in html
    staff = UserFactory()
    grant(staff, "guild_staff", province="IR-02")
    client.force_login(staff)
    html = client.get("/indicators/loans-approved/", {"province": "IR-02"}).content.decode()
    assert "کمتر از ۵" not in html


def test_claim_checker(client, demo):
    response = client.get(
        "/indicators/claim/", {"text": "توانمندی صنعت ICT مازندران بالاتر از متوسط کشوری است"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "مازندران" in html
    assert 'id="claim-table"' in html
    assert "ادعا را تأیید" in html
    response = client.get("/indicators/claim/", {"text": "وام‌ها در مازندران كمتر از ميانگين است"})
    assert "ادعا: پایین‌تر از میانگین" in response.content.decode()


def test_statements_from_a_registered_source(client, demo):
    def source(slug, province_id):
        if slug != "clusters-operational":
            return []
        return [("۱۳ خوشه فعال است", 13, "روزنامه آزمون", "https://example.org/a", None)]

    register_statement_source(source)
    try:
        html = client.get("/indicators/clusters-operational/").content.decode()
    finally:
        unregister_statement_source(source)
    assert 'id="statements"' in html
    assert "۱۳ خوشه فعال است" in html
    assert "روزنامه آزمون" in html


def test_staff_enter_page(client):
    staff = UserFactory()
    grant(staff, "guild_staff", province="IR-02")
    client.force_login(staff)
    assert client.get("/indicators/enter/").status_code == 200
    bad = client.post(
        "/indicators/enter/",
        {
            "indicator": "internet-penetration",
            "province": Province.objects.get(code="IR-02").pk,
            "period": "۱۴۹۹",
            "value": "-۵",
            "source": "مرکز آمار",
            "source_date": "۱۴۰۳/۰۱/۰۱",
        },
    )
    assert bad.status_code == 400
    assert "آغاز نشده" in bad.content.decode()
    ok = client.post(
        "/indicators/enter/",
        {
            "indicator": "internet-penetration",
            "province": Province.objects.get(code="IR-02").pk,
            "period": "۱۴۰۳",
            "value": "۸۱",
            "source": "مرکز آمار",
            "source_date": "۱۴۰۳/۰۱/۰۱",
        },
    )
    assert ok.status_code == 302
    assert Snapshot.objects.get(origin="entered").value == 81
    anonymous_client = type(client)()
    assert anonymous_client.get("/indicators/enter/").status_code == 302


def test_run_now_is_for_national_staff_and_admins(client):
    staff = UserFactory()
    grant(staff, "guild_staff", province="IR-02")
    client.force_login(staff)
    assert "محاسبه اکنون" not in client.get("/indicators/").content.decode()
    assert client.post("/indicators/run/").status_code == 403
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    assert "محاسبه اکنون" in client.get("/indicators/").content.decode()
    assert client.post("/indicators/run/").status_code == 302
    assert SnapshotRun.objects.get().actor == admin
