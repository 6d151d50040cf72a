"""Snapshots of the indicators: every published figure is a stored row with the run (or the
person) that made it, so last year's figure does not change when today's records do.

A key (indicator, province, period, disaggregation) may have many rows over time; exactly one
of them is **current** (``is_current``) — the one pages, the API and the open data show. A new
run writes new rows and retires the older ones of the same keys; it never edits a row's value.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khooshe.core.models import TimeStampedModel


class SnapshotRun(TimeStampedModel):
    """One computation: who or what started it, when, how long it took, what it wrote."""

    class Trigger(models.TextChoices):
        TASK = "task", _("کار زمان‌بندی‌شده")
        COMMAND = "command", _("فرمان مدیریتی")
        PAGE = "page", _("درخواست کارشناس")
        DEMO = "demo", _("داده نمایشی")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("اجراکننده"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    trigger = models.CharField(_("آغازگر"), max_length=16, choices=Trigger.choices)
    periods = models.JSONField(_("دوره‌ها"), default=list)
    started_at = models.DateTimeField(_("آغاز"))
    finished_at = models.DateTimeField(_("پایان"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("مدت (میلی‌ثانیه)"), default=0)
    rows_written = models.PositiveIntegerField(_("ردیف‌های نوشته‌شده"), default=0)
    is_demo = models.BooleanField(_("داده نمایشی"), default=False)
    note = models.CharField(_("یادداشت"), max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("اجرای محاسبه شاخص‌ها")
        verbose_name_plural = _("اجراهای محاسبه شاخص‌ها")

    def __str__(self) -> str:
        return f"#{self.pk} {self.started_at:%Y-%m-%d %H:%M}"


class Snapshot(models.Model):
    """One value of an indicator for a province and a period (a province total when
    ``dis_key`` is empty, else one group of a disaggregation)."""

    class Origin(models.TextChoices):
        COMPUTED = "computed", _("محاسبه‌شده")
        ENTERED = "entered", _("واردشده")

    run = models.ForeignKey(
        SnapshotRun,
        verbose_name=_("اجرا"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="snapshots",
    )
    indicator = models.CharField(_("شاخص"), max_length=64)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("استان"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("دوره"), max_length=7)
    period_start = models.DateField(_("آغاز دوره"))
    is_year = models.BooleanField(_("سالانه"), default=True)
    dis_key = models.CharField(_("تفکیک"), max_length=16, blank=True, default="")
    dis_value = models.CharField(_("گروه"), max_length=64, blank=True, default="")
    dis_label = models.CharField(_("نام گروه"), max_length=200, blank=True, default="")
    value = models.DecimalField(_("مقدار"), max_digits=24, decimal_places=2)
    group_size = models.PositiveBigIntegerField(_("شمار رکوردها"), null=True, blank=True)
    origin = models.CharField(
        _("منشأ"), max_length=8, choices=Origin.choices, default=Origin.COMPUTED
    )
    source = models.CharField(_("منبع"), max_length=300, blank=True)
    source_url = models.URLField(_("پیوند منبع"), blank=True)
    source_date = models.DateField(_("تاریخ منبع"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("واردکننده"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    computed_at = models.DateTimeField(_("زمان محاسبه یا ورود"))
    is_demo = models.BooleanField(_("داده نمایشی"), default=False)
    is_current = models.BooleanField(_("جاری"), default=True)

    # Computed rows are written in bulk and never edited (their run is their history); an
    # entered value is saved through the service with the person who entered it.
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_start", "province_id", "dis_key", "dis_value", "id"]
        verbose_name = _("مقدار شاخص")
        verbose_name_plural = _("مقادیر شاخص")
        indexes = [
            models.Index(
                fields=["indicator", "is_current", "period", "dis_key"],
                name="snapshot_indicator_period",
            ),
            models.Index(fields=["province", "is_current", "indicator"], name="snapshot_province"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "province", "period", "dis_key", "dis_value"],
                condition=Q(is_current=True),
                name="snapshot_one_current_per_key",
            ),
            models.CheckConstraint(
                condition=Q(origin="computed", run__isnull=False)
                | Q(origin="entered", source__gt="", source_date__isnull=False),
                name="snapshot_traceable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period} {self.province_id}: {self.value}"

    @property
    def is_entered(self) -> bool:
        return self.origin == self.Origin.ENTERED
