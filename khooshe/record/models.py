"""The public record (M10): news items and meeting reports, and what staff confirmed in them.

An :class:`Article` keeps the text as pasted (``original_text``) and as shown (``text``,
:func:`khooshe.record.text.repair_text`). Processing an article version offers
:class:`Suggestion` rows — a record mentioned, a figure, a promise with its deadline — which
staff confirm or reject; nothing is linked before a person confirms it. A suggestion's
``key`` says what it is about («mention:organization:12», «figure:500:شرکت», «promise:…»):
one row per key and article, so what was rejected stays rejected when the article is
processed again, and what was confirmed is not offered twice.

A confirmed figure is a statement («the article said more than 500 companies»); a confirmed
promise points to the commitment it created or was linked to in governance.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khooshe.core.models import TimeStampedModel, VersionedModel


class Article(VersionedModel):
    class Kind(models.TextChoices):
        NEWS = "news", _("خبر")
        MEETING_REPORT = "meeting_report", _("گزارش جلسه")

    class Processing(models.TextChoices):
        PENDING = "pending", _("در صف پردازش")
        RUNNING = "running", _("در حال پردازش")
        DONE = "done", _("پردازش‌شده")
        FAILED = "failed", _("ناموفق")

    province = models.ForeignKey(
        "geo.Province", verbose_name=_("استان"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("نوع"), max_length=16, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("عنوان"), max_length=300)
    source = models.CharField(_("منبع"), max_length=100, help_text=_("مثلاً ایلنا، ایرنا"))
    body = models.ForeignKey(
        "governance.Body",
        verbose_name=_("نهاد (گزارش جلسه)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="record_articles",
    )
    published_on = models.DateField(_("تاریخ انتشار"))
    url = models.URLField(_("نشانی خبر"), max_length=500, blank=True)
    original_text = models.TextField(_("متن اصلی"))
    text = models.TextField(_("متن پاک‌سازی‌شده"))
    text_hash = models.CharField(_("چکیده متن"), max_length=64, editable=False, db_index=True)
    search_text = models.TextField(_("متن جستجو"), editable=False, blank=True)
    is_public = models.BooleanField(_("نمایش عمومی"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ثبت‌کننده"),
    )
    processing = models.CharField(
        _("پردازش"), max_length=8, choices=Processing.choices, default=Processing.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("پیشرفت پردازش"), default=0)
    processed_version = models.PositiveIntegerField(_("نسخه پردازش‌شده"), default=0)

    history = HistoricalRecords(
        excluded_fields=["search_text", "processing", "progress", "processed_version"],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("خبر یا گزارش")
        verbose_name_plural = _("خبرها و گزارش‌ها")
        indexes = [
            models.Index(fields=["province", "-published_on"], name="record_article_prov_date"),
            models.Index(fields=["source"], name="record_article_source"),
            models.Index(fields=["url"], name="record_article_url"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_processed(self) -> bool:
        return self.processing == self.Processing.DONE and self.processed_version == self.version


class Suggestion(TimeStampedModel):
    class Kind(models.TextChoices):
        MENTION = "mention", _("نام")
        FIGURE = "figure", _("رقم")
        PROMISE = "promise", _("وعده")

    class State(models.TextChoices):
        OFFERED = "offered", _("پیشنهادشده")
        CONFIRMED = "confirmed", _("تأییدشده")
        REJECTED = "rejected", _("ردشده")

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("دقیقاً")
        MORE_THAN = "more_than", _("بیش از")
        LESS_THAN = "less_than", _("کمتر از")
        ABOUT = "about", _("حدود")
        AT_LEAST = "at_least", _("دست‌کم")
        AT_MOST = "at_most", _("حداکثر")
        RANGE = "range", _("بازه")

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="suggestions",
        verbose_name=_("خبر یا گزارش"),
    )
    kind = models.CharField(_("نوع"), max_length=8, choices=Kind.choices)
    state = models.CharField(
        _("وضعیت"), max_length=10, choices=State.choices, default=State.OFFERED
    )
    key = models.CharField(_("کلید"), max_length=255)
    sentence = models.TextField(_("جمله"))
    phrase = models.CharField(_("عبارت"), max_length=300)
    start = models.PositiveIntegerField(_("آغاز"), default=0)
    end = models.PositiveIntegerField(_("پایان"), default=0)
    article_version = models.PositiveIntegerField(_("نسخه خبر"), default=1)
    # A mention: exactly one of these (the record it names).
    organization = models.ForeignKey(
        "registry.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="record_mentions",
        verbose_name=_("سازمان"),
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("فرد"),
    )
    cluster = models.ForeignKey(
        "registry.Cluster",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("خوشه"),
    )
    mentioned_body = models.ForeignKey(
        "governance.Body",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="record_mentions",
        verbose_name=_("دستگاه نام‌برده"),
    )
    project = models.ForeignKey(
        "governance.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="record_mentions",
        verbose_name=_("پروژه"),
    )
    # A figure (a statement once confirmed).
    value = models.BigIntegerField(_("مقدار"), null=True, blank=True)
    value_max = models.BigIntegerField(_("تا"), null=True, blank=True)
    qualifier = models.CharField(_("قید"), max_length=10, choices=Qualifier.choices, blank=True)
    counts = models.CharField(_("شمارش چه چیزی"), max_length=100, blank=True)
    indicator_slug = models.SlugField(_("شاخص"), max_length=80, blank=True, db_index=True)
    # A promise.
    due_on = models.DateField(_("موعد"), null=True, blank=True)
    due_text = models.CharField(_("موعد به بیان منبع"), max_length=100, blank=True)
    owner = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("مسئول"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    commitment = models.ForeignKey(
        "governance.Commitment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="record_suggestions",
        verbose_name=_("تعهد"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("تصمیم‌گیرنده"),
    )
    decided_at = models.DateTimeField(_("زمان تصمیم"), null=True, blank=True)

    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["article_id", "start", "id"]
        verbose_name = _("پیشنهاد")
        verbose_name_plural = _("پیشنهادها")
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="record_suggestion_key"),
        ]
        indexes = [
            models.Index(fields=["article", "kind", "state"], name="record_sugg_article"),
            models.Index(fields=["organization", "state"], name="record_sugg_org"),
            models.Index(fields=["mentioned_body", "state"], name="record_sugg_body"),
            models.Index(fields=["project", "state"], name="record_sugg_project"),
            models.Index(fields=["commitment"], name="record_sugg_commitment"),
            models.Index(fields=["kind", "state", "indicator_slug"], name="record_sugg_statement"),
        ]

    def __str__(self) -> str:
        return self.phrase

    @property
    def target(self):
        return (
            self.organization
            or self.person
            or self.cluster
            or self.mentioned_body
            or (self.project)
        )
