"""The download counter (one row per dataset and format) and the files of long exports.

No history (``HistoricalRecords``): nobody edits it, and a history row per download would be
the whole table again. Incremented with an ``F()`` update (:mod:`khooshe.opendata.services`),
so two downloads at once both count.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khooshe.core.models import TimeStampedModel


class DownloadCount(TimeStampedModel):
    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        JSON = "json", "JSON"
        DATAPACKAGE = "datapackage", "Data Package"

    dataset = models.SlugField(_("مجموعه داده"), max_length=64)
    format = models.CharField(_("قالب"), max_length=16, choices=Format.choices)
    count = models.PositiveBigIntegerField(_("تعداد دریافت"), default=0)

    class Meta:
        ordering = ["dataset", "format"]
        verbose_name = _("شمار دریافت")
        verbose_name_plural = _("شمار دریافت‌ها")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "format"], name="opendata_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.dataset}.{self.format}: {self.count}"


class ExportFile(TimeStampedModel):
    """A list a signed-in user asked for as a file, too long to write during the request:
    written by a background task (progress here, read by the page's poll), downloaded by
    that user only, deleted after :data:`khooshe.opendata.exports.KEEP_DAYS`."""

    class State(models.TextChoices):
        QUEUED = "queued", _("در صف")
        RUNNING = "running", _("در حال ساخت")
        DONE = "done", _("آماده")
        FAILED = "failed", _("ناموفق")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        on_delete=models.CASCADE,
        related_name="export_files",
    )
    export = models.SlugField(_("فهرست"), max_length=64)
    format = models.CharField(_("قالب"), max_length=8)
    #: The page's filters as a query string, applied again (with the user's permissions) when
    #: the file is written.
    params = models.TextField(_("پالایه‌ها"), blank=True)
    state = models.CharField(_("وضعیت"), max_length=8, choices=State.choices, default="queued")
    rows_total = models.PositiveIntegerField(_("شمار ردیف‌ها"), default=0)
    rows_written = models.PositiveIntegerField(_("ردیف‌های نوشته‌شده"), default=0)
    file = models.FileField(_("پرونده"), upload_to="exports/%Y/%m/", blank=True)
    downloaded_at = models.DateTimeField(_("زمان دریافت"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("پرونده خروجی")
        verbose_name_plural = _("پرونده‌های خروجی")
        indexes = [models.Index(fields=["user", "state"], name="opendata_export_user_state")]

    def __str__(self) -> str:
        return f"{self.export}.{self.format}"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(99, self.rows_written * 100 // self.rows_total) if self.rows_total else 0
