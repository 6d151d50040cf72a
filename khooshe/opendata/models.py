"""The download counter: one row per dataset and format.

No history (``HistoricalRecords``): nobody edits it, and a history row per download would be
the whole table again. Incremented with an ``F()`` update (:mod:`khooshe.opendata.services`),
so two downloads at once both count.
"""

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
