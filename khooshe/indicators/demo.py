"""Demo indicators: the values computed from the demo records (Mazandaran's and the other
demo provinces'), then **generated** values for every province and period that has none, so
that the national average and the ranks compare 31 provinces.

Generated values are plausibly sized from each province's population (a fixed "ICT
capacity" factor per province between 0.6 and 1.6 times a national rate per 10,000
inhabitants) and are marked as demo data: their run and every row carry ``is_demo``, and the
pages say so above every table and chart. Entered-only indicators get demo values marked
«entered» with a demo source. Deterministic (every number comes from a random generator
seeded by the indicator, the province and the period) and idempotent (nothing is added when
a demo run exists).
"""

from __future__ import annotations

import random
import zlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from khooshe.geo.models import Province
from khooshe.indicators.definitions import INDICATORS
from khooshe.indicators.models import Snapshot, SnapshotRun
from khooshe.indicators.periods import recent_periods
from khooshe.indicators.population import population
from khooshe.indicators.services import snapshot_run

#: slug → (kind, national rate per 10,000 inhabitants per year, rials per unit or None).
#: "stock" grows through the periods, "flow" is per period, "share"/"score" are 0–100.
RATES = {
    "organizations": ("stock", 12.0, None),
    "knowledge-based-firms": ("stock", 0.8, None),
    "verified-actors": ("stock", 5.0, None),
    "guild-members": ("stock", 4.0, None),
    "clusters-identified": ("stock", 0.12, None),
    "clusters-forming": ("stock", 0.05, None),
    "clusters-operational": ("stock", 0.04, None),
    "proposals-submitted": ("flow", 0.6, None),
    "proposals-approved": ("flow", 0.15, None),
    "proposals-approved-budget": ("amount", 0.15, 8_000_000_000),
    "proposals-to-projects": ("flow", 0.08, None),
    "proposals-local-award-share": ("share", 0, None),
    "loans-applied": ("flow", 1.2, None),
    "loans-approved": ("flow", 0.6, None),
    "loans-approved-amount": ("amount", 0.6, 5_000_000_000),
    "loans-disbursed": ("flow", 0.5, None),
    "loans-disbursed-amount": ("amount", 0.5, 4_000_000_000),
    "jobs-promised": ("flow", 3.0, None),
    "jobs-created": ("flow", 1.8, None),
    "support-packages-delivered": ("flow", 0.3, None),
    "commitments-kept-share": ("share", 0, None),
    "commitments-on-time": ("flow", 0.06, None),
    "commitments-late": ("flow", 0.03, None),
    "commitments-done-late": ("flow", 0.02, None),
    "eservices-live": ("stock", 0.5, None),
    "egov-readiness": ("score", 0, None),
    "obstacles-answered-on-time": ("share", 0, None),
    "events-held": ("flow", 0.02, None),
    "event-visitors": ("flow", 15.0, None),
    "internet-penetration": ("share", 0, None),
}
DEMO_SOURCE = "داده نمایشی (ساختگی، نه آمار رسمی)"


def _rng(*parts) -> random.Random:
    return random.Random(zlib.crc32("|".join(map(str, parts)).encode()))  # noqa: S311 - demo numbers


def capacity(code: str) -> float:
    """A province's fixed demo "ICT capacity" factor, 0.6–1.6."""
    return 0.6 + _rng("capacity", code).random()


def generated_value(slug: str, code: str, period) -> tuple[Decimal, int | None]:
    """The demo value of an indicator for a province and period, with its group size."""
    kind, rate, unit_amount = RATES[slug]
    rng = _rng(slug, code, period.code)
    factor = capacity(code)
    people = population(code, period.year).value
    share_of_year = 1.0 if period.is_year else 0.25
    if kind in ("share", "score"):
        low, high = (20, 70) if kind == "score" else (40, 95)
        value = low + (high - low) * (0.5 * factor - 0.3 + 0.6 * rng.random())
        value = min(max(value, low), high)
        size = None if kind == "score" else rng.randint(8, 60)
        return Decimal(value).quantize(Decimal("0.01")), size
    expected = rate * people / 10000 * factor
    if kind == "stock":
        # grows about 8 % a year up to the period's end
        quarters_ago = (recent_periods(1)[0].year - period.year) * 4 + (4 - (period.quarter or 4))
        expected *= 0.92 ** (quarters_ago / 4)
    else:
        expected *= share_of_year
    count = max(0, round(expected * (0.85 + 0.3 * rng.random())))
    if kind == "amount":
        return Decimal(count * unit_amount * (0.7 + 0.6 * rng.random())).quantize(
            Decimal("0.01")
        ), count
    return Decimal(count), count


@transaction.atomic
def load(*, stdout) -> None:
    if SnapshotRun.objects.filter(is_demo=True).exists():
        stdout.write("indicators: demo values already present")
        return
    computed = snapshot_run(actor=None, trigger=SnapshotRun.Trigger.DEMO)
    periods = recent_periods(2)
    provinces = list(Province.objects.order_by("code"))
    have = set(
        Snapshot.objects.filter(is_current=True, dis_key="").values_list(
            "indicator", "province_id", "period"
        )
    )
    now = timezone.now()
    run = SnapshotRun.objects.create(
        trigger=SnapshotRun.Trigger.DEMO,
        periods=[p.code for p in periods],
        started_at=now,
        finished_at=now,
        is_demo=True,
        note="generated demo values for the provinces and periods without records",
    )
    rows = []
    today = timezone.localdate()
    for slug, indicator in INDICATORS.items():
        for province in provinces:
            for period in periods:
                if (slug, province.pk, period.code) in have:
                    continue
                if indicator.current_only and period.is_closed(today):
                    continue
                value, size = generated_value(slug, province.code, period)
                entered = indicator.is_entered
                rows.append(
                    Snapshot(
                        run=None if entered else run,
                        indicator=slug,
                        province=province,
                        period=period.code,
                        period_start=period.start,
                        is_year=period.is_year,
                        value=value,
                        group_size=size if not entered else None,
                        origin=Snapshot.Origin.ENTERED if entered else Snapshot.Origin.COMPUTED,
                        source=DEMO_SOURCE if entered else "",
                        source_date=period.end
                        if entered and period.end < today
                        else today
                        if entered
                        else None,
                        computed_at=now,
                        is_demo=True,
                    )
                )
    Snapshot.objects.bulk_create(rows, batch_size=2000)
    run.rows_written = len(rows)
    run.save(update_fields=["rows_written", "updated_at"])
    stdout.write(
        f"indicators: {computed.rows_written} computed values, {len(rows)} generated demo values"
    )
