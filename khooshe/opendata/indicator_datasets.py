"""One dataset per indicator: its published values, per province, period and group.

Rows come only from :func:`khooshe.indicators.selectors.public_values` with no viewer, the
values the public pages show: a value made of 1 to 4 records is suppressed there (the
indicators' small-groups rule) and written ``<5`` here. Computed and entered values are told
apart (``origin``), and each row names the snapshot and the run that made it, so a published
figure can be traced. The last update is the newest computation or entry of the indicator's
current values.
"""

from __future__ import annotations

from django.db.models import Count, Max
from django.utils import translation

from khooshe.indicators.definitions import INDICATORS, UNIT_LABELS, Indicator
from khooshe.indicators.models import Snapshot
from khooshe.indicators.periods import parse_period
from khooshe.indicators.selectors import public_values, published
from khooshe.opendata.schema import Column, Dataset, date_columns

__all__ = ["INDICATOR_PREFIX", "indicator_datasets"]

INDICATOR_PREFIX = "indicator-"


def _in(language: str, value) -> str:
    with translation.override(language):
        return str(value)


def _columns(indicator: Indicator) -> tuple[Column, ...]:
    unit_fa, unit_en = (
        _in("fa", UNIT_LABELS[indicator.unit]),
        _in("en", UNIT_LABELS[indicator.unit]),
    )
    return (
        Column("snapshot_id", "integer", "شناسه مقدار", "Value ID", "شناسه پایدار این مقدار در خوشه", "The value's stable identifier in Khooshe", required=True),
        Column("indicator", "string", "شاخص", "Indicator", "شناسه شاخص", "The indicator's slug"),
        Column("province_code", "string", "کد استان", "Province code", "کد ISO 3166-2:IR استان", "The province's ISO 3166-2:IR code"),
        Column("province", "string", "استان", "Province", "", ""),
        Column("province_en", "string", "نام انگلیسی استان", "Province (English)", "", ""),
        Column("period", "string", "دوره", "Period", "سال هجری شمسی (۱۴۰۳) یا فصل آن (1403-Q2)", "A Jalali year (1403) or one of its quarters (1403-Q2)"),
        Column("is_year", "boolean", "سالانه", "Whole year", "true برای یک سال، false برای یک فصل", "true for a year, false for a quarter"),
        *date_columns("period_start", "آغاز دوره", "Period start"),
        *date_columns("period_end", "پایان دوره", "Period end"),
        Column("disaggregation", "string", "تفکیک", "Disaggregation", "خالی برای کل استان؛ وگرنه نام تفکیک (county، kind، sector، locality، …)", "Empty for the province total; else the disaggregation (county, kind, sector, locality, …)"),
        Column("group", "string", "گروه (کد)", "Group (code)", "", ""),
        Column("group_label", "string", "گروه", "Group", "", ""),
        Column("value", "number", "مقدار", "Value", "مقدار منتشرشده؛ گروه کمتر از ۵ رکورد به شکل <5", "The published value; a group of fewer than 5 records is written <5", unit=unit_fa, unit_en=unit_en, suppress=True),
        Column("per_10k", "number", "به ازای هر ۱۰٬۰۰۰ نفر", "Per 10,000 inhabitants", "مقدار به ازای هر ده هزار نفر جمعیت استان در آن سال، اگر شاخص چنین سنجیده می‌شود", "The value per 10,000 inhabitants of the province that year, where the indicator is measured so", unit=unit_fa, unit_en=unit_en, suppress=True),
        Column("unit", "string", "واحد", "Unit", "", ""),
        *_origin(),
        Column("source", "string", "منبع", "Source", "", ""),
        Column("source_url", "string", "پیوند منبع", "Source link", "", ""),
        *date_columns("source_date", "تاریخ منبع", "Source date", "برای مقدارهای واردشده", "For entered values"),
        *date_columns("computed_on", "روز محاسبه یا ورود", "Computed or entered on"),
        Column("run_id", "integer", "اجرای محاسبه", "Computation run", "شماره اجرایی که این مقدار را ساخت", "The run that computed this value"),
        Column("is_demo", "boolean", "داده نمایشی", "Demo data", "مقدار ساختگی برای نمایش", "A generated value for the demonstration"),
    )  # fmt: skip


def _origin() -> tuple[Column, Column]:
    return (
        Column("origin", "string", "منشأ (کد)", "Origin (code)", "computed: محاسبه از رکوردها؛ entered: واردشده با منبع", "computed: from the records; entered: typed with a source"),
        Column("origin_label", "string", "منشأ", "Origin", "", ""),
    )  # fmt: skip


_ORIGINS = dict(Snapshot.Origin.choices)


def _row(value) -> dict:
    period = parse_period(value.period)
    return {
        "snapshot_id": value.snapshot_id,
        "indicator": value.indicator,
        "province_code": value.province_code,
        "province": value.province_name,
        "province_en": value.province_name_en,
        "period": value.period,
        "is_year": value.is_year,
        "period_start": period.start,
        "period_end": period.end,
        "disaggregation": value.dis_key,
        "group": value.dis_value,
        "group_label": value.dis_label,
        "value": value.value,
        "per_10k": value.per_10k,
        "unit": INDICATORS[value.indicator].unit,
        "origin": value.origin,
        "origin_label": _ORIGINS.get(value.origin, value.origin),
        "source": value.source,
        "source_url": value.source_url,
        "source_date": value.source_date,
        "computed_on": value.computed_at,
        "run_id": value.run_id,
        "is_demo": value.is_demo,
    }


def _dataset(indicator: Indicator) -> Dataset:
    slug = indicator.slug

    def records():
        return public_values(indicator=slug)

    def state():
        figures = (
            published(indicator=slug)
            .order_by()
            .aggregate(last=Max("computed_at"), count=Count("id"), top=Max("id"))
        )
        return figures["last"], figures["count"], str(figures["top"] or 0)

    definition_fa, definition_en = _in("fa", indicator.definition), _in("en", indicator.definition)
    formula_fa, formula_en = _in("fa", indicator.formula), _in("en", indicator.formula)
    source_fa, source_en = _in("fa", indicator.source), _in("en", indicator.source)
    return Dataset(
        slug=f"{INDICATOR_PREFIX}{slug}".replace("_", "-"),
        title=f"شاخص: {_in('fa', indicator.name_fa)}",
        title_en=f"Indicator: {indicator.name_en}",
        description=f"{definition_fa} روش محاسبه: {formula_fa} منبع: {source_fa}",
        description_en=f"{definition_en} Formula: {formula_en} Source: {source_en}",
        capability=f"M9 شاخص‌ها ({indicator.app_label})",
        capability_en=f"M9 Indicators ({indicator.app_label})",
        keywords=("indicator", "شاخص", *indicator.keywords),
        columns=_columns(indicator),
        queryset=None,
        records=records,
        row=_row,
        state_reader=state,
        group="indicator",
    )


def indicator_datasets() -> list[Dataset]:
    return [_dataset(indicator) for indicator in INDICATORS.values()]
