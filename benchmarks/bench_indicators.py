"""Indicators at 100,000 organizations: the whole snapshot computation (every computed
indicator, 31 provinces, the last two Jalali years and their quarters), a province's dashboard
and an indicator's values in the API (issue: p95 under 50 ms). Run by ``benchmarks/run.py``
(``make bench``) through ``run(report)``; the organizations are the registry benchmark's
(generated here first when this module runs before it)."""

from __future__ import annotations

import os
import time

from bench_registry_search import ensure_organizations
from django.core.cache import cache
from django.test import Client

from khooshe.indicators import demo
from khooshe.indicators.models import Snapshot, SnapshotRun
from khooshe.indicators.services import snapshot_run


class _Notes:
    def __init__(self, report):
        self.report = report

    def write(self, text):
        self.report.note(text)


def run(report) -> None:
    count = int(os.environ.get("BENCH_ORGS", "100000"))
    ensure_organizations(report, count)

    # The whole computation, timed as one run (twice: the second with warm caches).
    timings = []
    for _round in range(2):
        started = time.perf_counter()
        computed = snapshot_run(actor=None, recompute=True, trigger=SnapshotRun.Trigger.COMMAND)
        timings.append((time.perf_counter() - started) * 1000)
    provinces = (
        Snapshot.objects.filter(run=computed, indicator="organizations", dis_key="")
        .values("province")
        .distinct()
        .count()
    )
    report.note(
        f"indicators: snapshot computation, {len(computed.periods)} periods, "
        f"{computed.rows_written:,} values, {provinces} provinces with organizations: "
        f"{timings[0]:.0f} ms cold, {timings[1]:.0f} ms warm"
    )
    if not SnapshotRun.objects.filter(is_demo=True).exists():
        demo.load(stdout=_Notes(report))  # the other provinces' values, for the comparison

    client = Client()

    def get(url, params=None):
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, response.status_code)
        return response

    provinces_codes = ["IR-02", "IR-03", "IR-23", "IR-16", "IR-09"]
    report.measure(
        "indicators: province dashboard (tables cached until the data changes)",
        lambda code: get(f"/indicators/province/{code}/"),
        provinces_codes,
        repeat=8,
        target_p95=50,
    )
    report.measure(
        "indicators: province dashboard, cache cleared before each request",
        lambda code: get(f"/indicators/province/{code}/"),
        provinces_codes,
        repeat=2,
        setup=cache.clear,
    )
    queries = [
        ("organizations", {"province": "IR-02"}),
        ("organizations", {"period": "1404"}),
        ("loans-disbursed", {"from": "1404", "to": "1405"}),
        ("organizations", {"province": "IR-02", "disaggregation": "county"}),
        ("egov-readiness", {}),
    ]
    report.measure(
        "indicators: an indicator's values in the API",
        lambda item: get(f"/api/v1/indicators/{item[0]}/values/", item[1]),
        queries,
        repeat=8,
        target_p95=50,
    )
    report.measure(
        "indicators: an indicator's values in the API, cache cleared before each request",
        lambda item: get(f"/api/v1/indicators/{item[0]}/values/", item[1]),
        queries,
        repeat=2,
        setup=cache.clear,
    )
    report.measure(
        "indicators: an indicator's page",
        lambda slug: get(f"/indicators/{slug}/", {"province": "IR-02"}),
        ["organizations", "loans-disbursed", "egov-readiness"],
        repeat=5,
        target_p95=50,
    )
