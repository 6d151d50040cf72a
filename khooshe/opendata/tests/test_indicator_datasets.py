"""Indicator datasets: the published values only, small groups as <5, computed and entered
values told apart, each row traceable to its run."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from frictionless import validate

from khooshe.indicators.definitions import INDICATORS
from khooshe.indicators.models import Snapshot, SnapshotRun
from khooshe.indicators.periods import Period
from khooshe.opendata.datasets import DATASETS
from khooshe.opendata.tests.conftest import content_of, download
from khooshe.registry.tests.factories import province

pytestmark = pytest.mark.django_db

YEAR = Period(1403)


def _snapshot(run, code, value, *, group_size=None, current=True, **extra):
    return Snapshot.objects.create(
        run=run,
        indicator="loans-approved",
        province=province(code),
        period=YEAR.code,
        period_start=YEAR.start,
        is_year=True,
        value=Decimal(value),
        group_size=group_size,
        computed_at=run.started_at if run else timezone.now(),
        is_current=current,
        **extra,
    )


@pytest.fixture
def values():
    run = SnapshotRun.objects.create(trigger="command", started_at=timezone.now())
    small = _snapshot(run, "IR-02", 3, group_size=3)
    large = _snapshot(run, "IR-03", 17, group_size=17)
    old = _snapshot(run, "IR-23", 99, group_size=99, current=False)
    entered = Snapshot.objects.create(
        indicator="loans-approved",
        province=province("IR-01"),
        period=YEAR.code,
        period_start=YEAR.start,
        value=Decimal(42),
        group_size=42,
        origin="entered",
        source="مرکز آمار ایران",
        source_date=datetime.date(2025, 1, 5),
        computed_at=timezone.now(),
    )
    return run, small, large, old, entered


def test_every_indicator_is_a_dataset():
    slugs = {f"indicator-{slug}" for slug in INDICATORS}
    assert slugs <= set(DATASETS)


def test_small_groups_are_fewer_than_five_and_superseded_values_absent(rows_of, values):
    run = values[0]
    for rows in rows_of("indicator-loans-approved"):
        by_province = {row["province_code"]: row for row in rows}
        assert str(by_province["IR-02"]["value"]) == "<5"
        assert "3" not in str(by_province["IR-02"]["value"])
        assert float(by_province["IR-03"]["value"]) == 17
        assert "IR-23" not in by_province  # a superseded snapshot is not published
        assert by_province["IR-03"]["origin"] == "computed"
        assert str(by_province["IR-03"]["run_id"]) == str(run.pk)
        assert by_province["IR-01"]["origin"] == "entered"
        assert by_province["IR-01"]["source"] == "مرکز آمار ایران"
        assert by_province["IR-01"]["source_date_jalali"] == "1403/10/16"
        assert by_province["IR-03"]["period_start"] == "2024-03-20"
        assert by_province["IR-03"]["period_start_jalali"] == "1403/01/01"


def test_indicator_package_validates(client, tmp_path, values):
    slug = "indicator-loans-approved"
    (tmp_path / f"{slug}.csv").write_bytes(content_of(download(client, slug, "csv")))
    descriptor = client.get(reverse("opendata:datapackage", args=[slug])).content
    (tmp_path / "datapackage.json").write_bytes(descriptor)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == 3


def test_last_update_is_the_newest_computation(client, values):
    body = client.get("/api/v1/datasets/indicator-loans-approved/").json()
    newest = max(s.computed_at for s in Snapshot.objects.filter(is_current=True))
    assert body["last_modified"].startswith(timezone.localtime(newest).strftime("%Y-%m-%dT%H:%M"))
    assert body["rows"] == 3
    assert json.dumps(body, ensure_ascii=False).count("Indicator:") == 1
