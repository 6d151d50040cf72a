"""The machinery behind the compute functions of :mod:`khooshe.indicators.definitions`.

A compute function takes a list of periods and returns :class:`Row` values per province (and
per disaggregation). :func:`tally` builds such a function from a queryset: for each
disaggregation (and once for the province totals) it runs **one** grouped query with one
filtered aggregate per period (``COUNT(*) FILTER (WHERE …)`` / ``SUM(…) FILTER (…)``), so the
work is a few index or table scans whatever the number of records, never a Python loop over
them.

When a province reports: it reports an indicator for a period when it held at least one of
the indicator's records (``base``) by the period's end — a province whose records are not on
the platform yet is not given a zero, it is left out of the comparison. A reporting province
with nothing in the period reports 0.

Written here rather than taken from a library: the aggregates are Django's own; what is ours
is only the choice of filters per period and the shape of the rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from khooshe.indicators.periods import Period
from khooshe.persian.jalali import TEHRAN

ZERO = Decimal(0)


@dataclass(frozen=True)
class Row:
    """One computed value: a province's total (``dis_key == ""``) or one group of it."""

    province_id: int
    period: Period
    value: Decimal
    group_size: int | None = None  # how many records make the value (for small-group rules)
    dis_key: str = ""
    dis_value: str = ""
    dis_label: str = ""


@dataclass(frozen=True)
class Dimension:
    """A disaggregation: the field grouped by, relative to the indicator's queryset."""

    key: str
    field: str
    labels: Callable[[Iterable], dict] | None = None  # values → labels (one query at most)


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight in Tehran at the start of ``day``: datetimes compare against it."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=TEHRAN)


def by_end(field: str, *, datetime_field: bool = True) -> Callable[[Period], Q]:
    """Records dated on or before the period's last day (a stock at the period's end)."""
    if datetime_field:
        return lambda p: Q(**{f"{field}__lt": start_of(p.end + datetime.timedelta(days=1))})
    return lambda p: Q(**{f"{field}__lte": p.end})


def within(field: str, *, datetime_field: bool = True) -> Callable[[Period], Q]:
    """Records dated inside the period (a flow during the period)."""
    if datetime_field:
        return lambda p: Q(
            **{
                f"{field}__gte": start_of(p.start),
                f"{field}__lt": start_of(p.end + datetime.timedelta(days=1)),
            }
        )
    return lambda p: Q(**{f"{field}__gte": p.start, f"{field}__lte": p.end})


def tally(
    queryset: Callable[[], QuerySet],
    *,
    when: Callable[[Period], Q],
    base: Callable[[Period], Q],
    province: str = "province",
    total: str | None = None,
    distinct: str | None = None,
    numerator: Q | None = None,
    dimensions: Sequence[Dimension] = (),
) -> Callable[[Sequence[Period]], list[Row]]:
    """A compute function over ``queryset()``.

    ``when(period)`` selects the records the value counts; ``base(period)`` the records whose
    presence makes a province report. The value is the number of records (or of distinct
    ``distinct`` values), or the sum of ``total``; with ``numerator`` it is the percentage of
    the ``when`` records that also match ``numerator`` (the group size is then the
    denominator).
    """

    def compute(periods: Sequence[Period]) -> list[Row]:
        rows: list[Row] = []
        for dimension in (None, *dimensions):
            fields = [province] if dimension is None else [province, dimension.field]
            aggregates = {}
            for i, period in enumerate(periods):
                selected = when(period)
                counted = Count(distinct or "pk", filter=selected, distinct=bool(distinct))
                aggregates[f"n{i}"] = counted
                if total:
                    aggregates[f"s{i}"] = Sum(total, filter=selected)
                if numerator is not None:
                    aggregates[f"k{i}"] = Count("pk", filter=selected & numerator)
                if dimension is None:
                    aggregates[f"b{i}"] = Count("pk", filter=base(period))
            grouped = list(
                queryset()
                .exclude(**{f"{province}__isnull": True})
                .order_by()
                .values(*fields)
                .annotate(**aggregates)
            )
            labels = {}
            if dimension is not None and dimension.labels is not None:
                labels = dimension.labels({g[dimension.field] for g in grouped})
            for group in grouped:
                if dimension is not None and group[dimension.field] in (None, ""):
                    continue
                for i, period in enumerate(periods):
                    n = group[f"n{i}"]
                    if dimension is None and not group[f"b{i}"]:
                        continue  # the province held none of these records yet
                    if dimension is not None and not n:
                        continue
                    if numerator is not None:
                        if not n:
                            continue  # a share of nothing is no data
                        value = Decimal(100 * group[f"k{i}"]) / Decimal(n)
                    elif total:
                        value = Decimal(group[f"s{i}"] or 0)
                    else:
                        value = Decimal(n)
                    dis_value = "" if dimension is None else str(group[dimension.field])
                    rows.append(
                        Row(
                            province_id=group[province],
                            period=period,
                            value=value.quantize(Decimal("0.01")),
                            group_size=n,
                            dis_key="" if dimension is None else dimension.key,
                            dis_value=dis_value,
                            dis_label=str(labels.get(group[dimension.field], dis_value))
                            if dimension is not None
                            else "",
                        )
                    )
        return rows

    return compute


def choice_labels(choices) -> Callable[[Iterable], dict]:
    mapping = dict(choices)
    return lambda values: {v: mapping.get(v, v) for v in values}


def model_labels(model, attribute: str = "name") -> Callable[[Iterable], dict]:
    def labels(values: Iterable) -> dict:
        ids = [v for v in values if v is not None]
        return dict(model.objects.filter(pk__in=ids).values_list("pk", attribute))

    return labels
