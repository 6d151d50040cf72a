"""Reading indicator values: the published values, the national comparison and the series.

Stable interface for other apps (the open-data catalogue): :func:`public_values`,
:func:`suppress_small` and :data:`SUPPRESSED`.

One rule for small groups: a value made of fewer than 5 records (1–4 organizations, loans,
answered obstacles…) is shown to the public as «کمتر از ۵» — never the exact number, which
could point at one firm or person. Staff of a province, national staff and admins see it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Max, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from khooshe.geo.models import Province
from khooshe.indicators import permissions
from khooshe.indicators.definitions import HEADLINE, MEAN, SHARE, Indicator, get_indicator
from khooshe.indicators.models import Snapshot, SnapshotRun
from khooshe.indicators.periods import Period, parse_period
from khooshe.indicators.population import population

SMALL_GROUP = 5
_UNSET = object()


class Suppressed:
    """A value hidden because its group is smaller than :data:`SMALL_GROUP`."""

    def __str__(self) -> str:
        return _("کمتر از ۵")

    def __repr__(self) -> str:
        return "SUPPRESSED"

    def __bool__(self) -> bool:
        return True


SUPPRESSED = Suppressed()


def suppress_small(value, group_size=_UNSET, *, threshold: int = SMALL_GROUP):
    """``value``, or :data:`SUPPRESSED` when the group behind it has 1 to 4 members.

    ``suppress_small(3)`` → SUPPRESSED (a count is its own group size); ``suppress_small(
    amount, group_size=2)`` → SUPPRESSED (the sum of two loans); ``group_size=None`` says the
    value is not a count of people or firms (a score): it is never suppressed. Zero is shown.
    """
    size = value if group_size is _UNSET else group_size
    if size is None or value is None or isinstance(value, Suppressed):
        return value
    return SUPPRESSED if 0 < size < threshold else value


def is_suppressed(value) -> bool:
    return isinstance(value, Suppressed)


def data_version() -> str:
    """Changes whenever a run or an entered value changes what is published."""
    latest_run = SnapshotRun.objects.aggregate(m=Max("id"))["m"] or 0
    latest_row = Snapshot.objects.aggregate(m=Max("id"))["m"] or 0
    return f"{latest_run}.{latest_row}"


def last_modified() -> datetime.datetime | None:
    return Snapshot.objects.filter(is_current=True).aggregate(m=Max("computed_at"))["m"]


# --- published rows ---------------------------------------------------------------------------


def published(
    *,
    indicator: Indicator | str | None = None,
    province: Province | int | None = None,
    period: Period | str | None = None,
    period_from: Period | str | None = None,
    period_to: Period | str | None = None,
    totals_only: bool = False,
) -> QuerySet[Snapshot]:
    """The current (published) snapshot rows, filtered; a typed period is parsed (ValidationError
    in Persian for a bad one)."""
    rows = Snapshot.objects.filter(is_current=True).select_related("province")
    if indicator is not None:
        rows = rows.filter(indicator=getattr(indicator, "slug", indicator))
    if province is not None:
        rows = rows.filter(province=province)
    if period is not None:
        rows = rows.filter(period=_period(period).code)
    if period_from is not None:
        rows = rows.filter(period_start__gte=_period(period_from).start)
    if period_to is not None:
        rows = rows.filter(period_start__lte=_period(period_to).end)
    if totals_only:
        rows = rows.filter(dis_key="")
    return rows.order_by(
        "indicator", "period_start", "-is_year", "province__code", "dis_key", "dis_value"
    )


def _period(value) -> Period:
    return value if isinstance(value, Period) else parse_period(value)


@dataclass
class Value:
    """A published value as the public (or a given viewer) may see it."""

    indicator: str
    province_code: str
    province_name: str
    province_name_en: str
    period: str
    is_year: bool
    dis_key: str
    dis_value: str
    dis_label: str
    value: Decimal | Suppressed
    per_10k: Decimal | Suppressed | None
    origin: str
    source: str
    source_url: str
    source_date: datetime.date | None
    computed_at: datetime.datetime
    run_id: int | None
    is_demo: bool
    snapshot_id: int

    @property
    def is_suppressed(self) -> bool:
        return is_suppressed(self.value)


def per_10k(indicator: Indicator, value, province_code: str, period_code: str):
    if not indicator.per_10k_inhabitants or value is None or is_suppressed(value):
        return None
    year = int(period_code[:4])
    people = population(province_code, year)
    if people is None or not people.value:
        return None
    return (Decimal(value) * 10000 / Decimal(people.value)).quantize(Decimal("0.0001"))


def to_value(row: Snapshot, *, exact: bool) -> Value:
    indicator = get_indicator(row.indicator)
    shown = row.value if exact else suppress_small(row.value, row.group_size)
    return Value(
        indicator=row.indicator,
        province_code=row.province.code,
        province_name=row.province.name,
        province_name_en=row.province.name_en,
        period=row.period,
        is_year=row.is_year,
        dis_key=row.dis_key,
        dis_value=row.dis_value,
        dis_label=row.dis_label,
        value=shown,
        per_10k=per_10k(indicator, shown, row.province.code, row.period),
        origin=row.origin,
        source=row.source or str(indicator.source),
        source_url=row.source_url,
        source_date=row.source_date,
        computed_at=row.computed_at,
        run_id=row.run_id,
        is_demo=row.is_demo,
        snapshot_id=row.pk,
    )


def public_values(
    *,
    indicator: Indicator | str | None = None,
    province: Province | int | str | None = None,
    period_from: Period | str | None = None,
    period_to: Period | str | None = None,
    viewer=None,
) -> Iterable[Value]:
    """The published values as the public sees them (small groups suppressed), ordered by
    indicator, period, province and group. ``viewer`` staff see exact values."""
    if isinstance(province, str):
        province = Province.objects.filter(code=province).first() or -1
    exact = permissions.sees_exact_values(viewer)
    rows = published(
        indicator=indicator, province=province, period_from=period_from, period_to=period_to
    )
    for row in rows.iterator(chunk_size=2000):
        yield to_value(row, exact=exact)


# --- the comparison: national value, average of reporting provinces, rank ---------------------


@dataclass
class ProvinceValue:
    province_id: int
    code: str
    name: str
    value: Decimal
    comparable: Decimal  # per 10,000 inhabitants when the indicator says so
    group_size: int | None
    origin: str
    is_demo: bool
    rank: int = 0
    difference: Decimal | None = None  # comparable − average
    difference_percent: Decimal | None = None


@dataclass
class Comparison:
    slug: str
    period: str
    national: Decimal | None = None
    national_comparable: Decimal | None = None
    average: Decimal | None = None
    reported: int = 0
    provinces: list[ProvinceValue] = field(default_factory=list)

    @property
    def indicator(self) -> Indicator:
        return get_indicator(self.slug)

    def of(self, province_id: int) -> ProvinceValue | None:
        for row in self.provinces:
            if row.province_id == province_id:
                return row
        return None

    @property
    def is_year(self) -> bool:
        return "-" not in self.period


def _q(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.0001"))


def compare(indicator: Indicator, period: str, rows: list[ProvinceValue]) -> Comparison:
    """National value, average of the provinces that reported, each one's rank (ties share
    the better rank: 1, 2, 2, 4) and its difference from the average."""
    result = Comparison(slug=indicator.slug, period=period, reported=len(rows))
    if not rows:
        return result
    if indicator.aggregation == SHARE:
        weight = sum((r.group_size or 0) for r in rows)
        result.national = (
            _q(sum(r.value * (r.group_size or 0) for r in rows) / weight) if weight else None
        )
    elif indicator.aggregation == MEAN:
        result.national = _q(sum(r.value for r in rows) / len(rows))
    else:
        result.national = _q(sum(r.value for r in rows))
    if indicator.per_10k_inhabitants:
        people = sum((population(r.code, int(period[:4])) or _NOBODY).value for r in rows)
        result.national_comparable = (
            _q(result.national * 10000 / people) if people and result.national is not None else None
        )
    else:
        result.national_comparable = result.national
    result.average = _q(sum(r.comparable for r in rows) / len(rows))
    ordered = sorted(rows, key=lambda r: r.comparable, reverse=indicator.higher_is_better)
    rank = 0
    previous = None
    for position, row in enumerate(ordered, start=1):
        if row.comparable != previous:
            rank = position
            previous = row.comparable
        row.rank = rank
        row.difference = _q(row.comparable - result.average)
        row.difference_percent = (
            _q(100 * (row.comparable - result.average) / result.average) if result.average else None
        )
    result.provinces = sorted(rows, key=lambda r: (r.rank, r.code))
    return result


class _Nobody:
    value = 0


_NOBODY = _Nobody()


@dataclass
class IndicatorTable:
    """Every published province total of one indicator, by period (oldest first)."""

    slug: str
    comparisons: dict[str, Comparison]

    @property
    def indicator(self) -> Indicator:
        return get_indicator(self.slug)

    @property
    def periods(self) -> list[str]:
        return list(self.comparisons)

    def years(self) -> list[Comparison]:
        return [c for c in self.comparisons.values() if c.is_year]

    def quarters(self) -> list[Comparison]:
        return [c for c in self.comparisons.values() if not c.is_year]

    def latest_for(self, province_id: int, *, year: bool = True) -> Comparison | None:
        """The latest period (a year, or a quarter) in which the province reported."""
        pool = self.years() if year else self.quarters()
        for comparison in reversed(pool):
            if comparison.of(province_id) is not None:
                return comparison
        return None

    def latest(self, *, year: bool = True) -> Comparison | None:
        pool = self.years() if year else self.quarters()
        return pool[-1] if pool else None


def _tables(indicators: list[Indicator]) -> dict[str, IndicatorTable]:
    slugs = [i.slug for i in indicators]
    grouped: dict[str, dict[str, list[ProvinceValue]]] = {slug: defaultdict(list) for slug in slugs}
    order: dict[str, dict[str, tuple]] = {slug: {} for slug in slugs}
    names = {p.pk: (p.code, p.name, p.name_en) for p in Province.objects.all()}
    english = (get_language() or "fa").startswith("en")
    rows = (
        Snapshot.objects.filter(is_current=True, dis_key="", indicator__in=slugs)
        .order_by()
        .values_list(
            "indicator",
            "period",
            "period_start",
            "is_year",
            "province_id",
            "value",
            "group_size",
            "origin",
            "is_demo",
        )
    )
    by_slug = {i.slug: i for i in indicators}
    for slug, period, start, is_year, province_id, value, size, origin, demo in rows:
        indicator = by_slug[slug]
        code, name, name_en = names[province_id]
        comparable = value
        if indicator.per_10k_inhabitants:
            comparable = per_10k(indicator, value, code, period)
            if comparable is None:
                continue
        grouped[slug][period].append(
            ProvinceValue(
                province_id=province_id,
                code=code,
                name=name_en if english else name,
                value=value,
                comparable=comparable,
                group_size=size,
                origin=origin,
                is_demo=demo,
            )
        )
        order[slug][period] = (start, not is_year)
    tables = {}
    for slug in slugs:
        periods = sorted(grouped[slug], key=lambda p: order[slug][p])
        tables[slug] = IndicatorTable(
            slug, {p: compare(by_slug[slug], p, grouped[slug][p]) for p in periods}
        )
    return tables


def indicator_tables(indicators: list[Indicator]) -> dict[str, IndicatorTable]:
    """The tables of several indicators (one query), cached until the data changes."""
    key = "indicators:tables:{}:{}:{}".format(
        data_version(),
        get_language() or "fa",
        ",".join(i.slug for i in indicators),
    )
    tables = cache.get(key)
    if tables is None:
        tables = _tables(indicators)
        cache.set(key, tables, 60 * 10)
    return tables


def indicator_table(indicator: Indicator) -> IndicatorTable:
    return indicator_tables([indicator])[indicator.slug]


def headline_tables() -> dict[str, IndicatorTable]:
    return indicator_tables(HEADLINE)


def disaggregation(indicator: Indicator, province, period: str, dis_key: str, *, exact: bool):
    """The groups of one disaggregation of a province's value in a period (largest first)."""
    rows = Snapshot.objects.filter(
        is_current=True, indicator=indicator.slug, province=province, period=period, dis_key=dis_key
    ).order_by("-value", "dis_label")
    return [
        (
            row.dis_label or row.dis_value,
            row.value if exact else suppress_small(row.value, row.group_size),
            row,
        )
        for row in rows
    ]


def latest_run() -> SnapshotRun | None:
    return SnapshotRun.objects.order_by("-started_at", "-id").first()


def has_demo_values() -> bool:
    return Snapshot.objects.filter(is_current=True, is_demo=True).exists()
