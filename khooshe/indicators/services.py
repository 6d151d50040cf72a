"""Writing indicator values: the snapshot run (computed values) and entered values.

``snapshot_run(*, actor, periods=…)`` computes every computed indicator for the periods and
stores the values as new :class:`Snapshot` rows of one :class:`SnapshotRun`; the rows it
replaces stay in the table (not current any more), so any figure ever published can be traced
to the run that made it. A **closed** period (one that has ended) is computed by the first run
after its last day — so records dated in it but entered in the last hours count — and then
kept: last year's figure does not change when today's records do. ``recompute=True``
computes it again (a new run, the old rows kept).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.geo.models import Province
from khooshe.history.services import stamp
from khooshe.indicators import permissions
from khooshe.indicators.compute import start_of
from khooshe.indicators.definitions import INDICATORS, Indicator, get_indicator
from khooshe.indicators.models import Snapshot, SnapshotRun
from khooshe.indicators.periods import Period, current_periods, parse_period, recent_periods
from khooshe.persian.jalali import parse_jalali_date
from khooshe.persian.text import clean_text, search_key, to_latin_digits

#: The most a value may be (the column holds 22 digits before the point).
MAX_VALUE = Decimal(10) ** 21


def _as_periods(periods: Iterable | None) -> list[Period]:
    if periods is None:
        return []
    chosen = {p if isinstance(p, Period) else parse_period(p) for p in periods}
    return sorted(chosen, key=lambda p: (p.year, p.quarter or 0))


def periods_to_compute(periods: Iterable | None = None, *, recompute: bool = False, today=None):
    """The periods a run computes: those asked for (or the last two years and their quarters
    up to today), less the closed ones already computed unless ``recompute``."""
    today = today or timezone.localdate()
    wanted = _as_periods(periods) or recent_periods(2, today)
    wanted = [p for p in wanted if not p.is_future(today)]
    if recompute:
        return wanted
    closed = {p.code: p for p in wanted if p.is_closed(today)}
    last_computed = dict(
        Snapshot.objects.filter(
            origin=Snapshot.Origin.COMPUTED, is_current=True, period__in=list(closed)
        )
        .order_by()
        .values("period")
        .annotate(last=Max("computed_at"))
        .values_list("period", "last")
    )
    # A closed period is settled once a run has computed it after its last day.
    settled = {
        code
        for code, last in last_computed.items()
        if last >= start_of(closed[code].end + datetime.timedelta(days=1))
    }
    return [p for p in wanted if p.code not in settled]


@transaction.atomic
def snapshot_run(
    *,
    actor=None,
    periods: Iterable | None = None,
    trigger: str = SnapshotRun.Trigger.TASK,
    recompute: bool = False,
    indicators: Iterable[str] | None = None,
    is_demo: bool = False,
) -> SnapshotRun:
    """Compute the indicators for ``periods`` (codes or :class:`Period`) and store them."""
    if actor is not None and not permissions.can_run_snapshot(actor):
        raise PermissionDenied(_("شما اجازه اجرای محاسبه شاخص‌ها را ندارید."))
    started = time.perf_counter()
    now = timezone.now()
    today = timezone.localdate()
    targets = periods_to_compute(periods, recompute=recompute, today=today)
    chosen = [get_indicator(slug) for slug in indicators] if indicators else INDICATORS.values()
    run = SnapshotRun.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        trigger=trigger,
        periods=[p.code for p in targets],
        started_at=now,
        is_demo=is_demo,
    )
    codes = [p.code for p in targets]
    entered = set(
        Snapshot.objects.filter(
            origin=Snapshot.Origin.ENTERED, is_current=True, period__in=codes
        ).values_list("indicator", "province_id", "period", "dis_key", "dis_value")
    )
    new: list[Snapshot] = []
    computed: list[tuple[str, list[str]]] = []
    for indicator in chosen:
        if indicator.is_entered:
            continue
        own = [p for p in targets if not (indicator.current_only and p.is_closed(today))]
        if not own:
            continue
        computed.append((indicator.slug, [p.code for p in own]))
        for row in indicator.compute(own):
            key = (indicator.slug, row.province_id, row.period.code, row.dis_key, row.dis_value)
            if key in entered:
                continue  # a value staff entered for this key stays the published one
            new.append(
                Snapshot(
                    run=run,
                    indicator=indicator.slug,
                    province_id=row.province_id,
                    period=row.period.code,
                    period_start=row.period.start,
                    is_year=row.period.is_year,
                    dis_key=row.dis_key,
                    dis_value=row.dis_value[:64],
                    dis_label=row.dis_label[:200],
                    value=row.value,
                    group_size=row.group_size,
                    computed_at=now,
                    is_demo=is_demo,
                )
            )
    for slug, period_codes in computed:
        Snapshot.objects.filter(
            origin=Snapshot.Origin.COMPUTED,
            is_current=True,
            indicator=slug,
            period__in=period_codes,
        ).update(is_current=False)
    Snapshot.objects.bulk_create(new, batch_size=2000)
    run.finished_at = timezone.now()
    run.duration_ms = round((time.perf_counter() - started) * 1000)
    run.rows_written = len(new)
    run.save(update_fields=["finished_at", "duration_ms", "rows_written", "updated_at"])
    return run


# --- entered values ---------------------------------------------------------------------------


def find_province(value) -> Province | None:
    """A province by instance, id, ISO code (``IR-02``, any digits) or name in any spelling."""
    if isinstance(value, Province):
        return value
    text = to_latin_digits(str(value or "")).strip()
    if not text:
        return None
    if text.isdigit():
        return Province.objects.filter(pk=int(text)).first()
    if text.upper().startswith("IR-"):
        return Province.objects.filter(code=text.upper()).first()
    key = search_key(text)
    for province in Province.objects.all():
        if key in (search_key(province.name), search_key(province.name_en)):
            return province
    return None


def _parse_value(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    text = to_latin_digits(str(value)).strip().replace("٫", ".").replace(",", "").replace("٬", "")
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValidationError(_("مقدار را به عدد بنویسید.")) from exc


@transaction.atomic
def value_enter(
    *,
    actor,
    indicator,
    province,
    period,
    value,
    source: str,
    source_date,
    source_url: str = "",
    dis_key: str = "",
    dis_value: str = "",
) -> Snapshot:
    """Record a value staff take from an outside source (e.g. the Statistical Centre of Iran)
    where no record on the platform makes it. Every problem is reported at once, in Persian,
    and nothing is written unless all is well."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()

    chosen: Indicator | None = None
    try:
        chosen = indicator if isinstance(indicator, Indicator) else get_indicator(indicator)
    except ValidationError as exc:
        errors["indicator"] = exc.messages

    where = find_province(province)
    if where is None:
        errors["province"] = [
            _("استانی با نام یا کد «%(value)s» پیدا نشد.") % {"value": province or ""}
        ]
    elif not permissions.can_enter_value(actor, where):
        raise PermissionDenied(_("شما اجازه ورود مقدار شاخص برای این استان را ندارید."))

    when: Period | None = None
    try:
        when = period if isinstance(period, Period) else parse_period(period)
    except ValidationError as exc:
        errors["period"] = exc.messages
    if when is not None and when.is_future(today):
        errors["period"] = [_("دوره %(period)s هنوز آغاز نشده است.") % {"period": when.label}]

    number: Decimal | None = None
    if value in (None, ""):
        errors["value"] = [_("مقدار را بنویسید.")]
    else:
        try:
            number = _parse_value(value)
        except ValidationError as exc:
            errors["value"] = exc.messages
        else:
            if not number.is_finite() or abs(number) >= MAX_VALUE:
                errors["value"] = [_("مقدار بیش از اندازه بزرگ است.")]
            elif number < 0:
                errors["value"] = [
                    _("شمار نمی‌تواند منفی باشد.")
                    if chosen is None or chosen.is_count
                    else _("مقدار این شاخص نمی‌تواند منفی باشد.")
                ]
            elif chosen is not None and chosen.is_count and number != number.to_integral_value():
                errors["value"] = [_("شمار باید عدد صحیح باشد.")]

    source = clean_text(source or "")
    if not source:
        errors["source"] = [_("منبع مقدار را بنویسید (مثلاً مرکز آمار ایران).")]
    day = None
    if source_date in (None, ""):
        errors["source_date"] = [_("تاریخ انتشار منبع را بنویسید.")]
    else:
        try:
            day = source_date if hasattr(source_date, "year") else parse_jalali_date(source_date)
        except ValidationError as exc:
            errors["source_date"] = exc.messages
        else:
            if day > today:
                errors["source_date"] = [_("تاریخ منبع نمی‌تواند در آینده باشد.")]

    if chosen is not None and dis_key and dis_key not in chosen.disaggregations:
        errors["dis_key"] = [_("این شاخص چنین تفکیکی ندارد.")]

    if not errors and not chosen.is_entered:
        computed = Snapshot.objects.filter(
            indicator=chosen.slug,
            province=where,
            period=when.code,
            dis_key=dis_key,
            dis_value=dis_value,
            is_current=True,
            origin=Snapshot.Origin.COMPUTED,
        ).exists()
        if computed:
            errors["indicator"] = [
                _(
                    "این مقدار از رکوردهای سامانه محاسبه شده است؛ مقدار واردشده فقط جایی "
                    "پذیرفته می‌شود که رکوردی نیست."
                )
            ]
    if errors:
        raise ValidationError(errors)

    Snapshot.objects.select_for_update().filter(
        indicator=chosen.slug,
        province=where,
        period=when.code,
        dis_key=dis_key,
        dis_value=dis_value,
        is_current=True,
    ).update(is_current=False)
    snapshot = Snapshot(
        indicator=chosen.slug,
        province=where,
        period=when.code,
        period_start=when.start,
        is_year=when.is_year,
        dis_key=dis_key,
        dis_value=dis_value,
        value=number,
        origin=Snapshot.Origin.ENTERED,
        source=source[:300],
        source_url=source_url or "",
        source_date=day,
        entered_by=actor,
        computed_at=timezone.now(),
    )
    stamp(snapshot, actor=actor, reason=source[:200])
    snapshot.full_clean(exclude=["run", "entered_by"])
    snapshot.save()
    return snapshot


def default_periods() -> list[Period]:
    return current_periods()
