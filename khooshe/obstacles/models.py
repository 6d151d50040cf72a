"""Business obstacles (M8): what stands in the way of ICT businesses, routed to the body
that can act, answered in time, and escalated into governance decisions when it is not.

Categories and the routing table (category × province → responsible body) are data staff
edit; responsible bodies, reporters' organizations and affected organizations are registry
records. Dates are Gregorian; pages show them Jalali."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khooshe.core.models import TimeStampedModel, VersionedModel


class Category(TimeStampedModel):
    """A kind of obstacle (Open311's "service"); staff may add more."""

    slug = models.SlugField(_("شناسه"), max_length=64, unique=True)
    name = models.CharField(_("نام"), max_length=120)
    name_en = models.CharField(_("نام انگلیسی"), max_length=120, blank=True)
    description = models.TextField(_("شرح"), blank=True)
    position = models.PositiveSmallIntegerField(_("ترتیب"), default=100)
    is_active = models.BooleanField(_("فعال"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("دسته مانع")
        verbose_name_plural = _("دسته‌های مانع")

    def __str__(self) -> str:
        return self.name


class Route(TimeStampedModel):
    """Who answers obstacles of a category in a province, and in how many working days."""

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="routes", verbose_name=_("دسته مانع")
    )
    province = models.ForeignKey(
        "geo.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("استان")
    )
    body = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("دستگاه پاسخگو"),
        on_delete=models.PROTECT,
        related_name="obstacle_routes",
    )
    answer_days = models.PositiveSmallIntegerField(_("مهلت پاسخ (روز کاری)"), default=10)

    history = HistoricalRecords()

    class Meta:
        ordering = ["province_id", "category__position", "id"]
        verbose_name = _("مسیر ارجاع")
        verbose_name_plural = _("جدول ارجاع")
        constraints = [
            models.UniqueConstraint(fields=["category", "province"], name="obstacle_route_once")
        ]

    def __str__(self) -> str:
        return f"{self.category} / {self.province} → {self.body}"


class ClosureDay(TimeStampedModel):
    """A one-off day offices are closed (e.g. air pollution); all provinces when none."""

    day = models.DateField(_("روز"))
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("استان"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("دلیل"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-day"]
        verbose_name = _("روز تعطیل")
        verbose_name_plural = _("روزهای تعطیل")
        constraints = [models.UniqueConstraint(fields=["day", "province"], name="closure_day_once")]

    def __str__(self) -> str:
        return f"{self.day} {self.reason}"


PUBLIC = models.Q(is_public=True)


class Obstacle(VersionedModel):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("ثبت‌شده")
        ROUTED = "routed", _("ارجاع‌شده")
        IN_PROGRESS = "in_progress", _("در دست بررسی")
        ANSWERED = "answered", _("پاسخ‌داده‌شده")
        CLOSED = "closed", _("بسته")

    class Closure(models.TextChoices):
        RESOLVED = "resolved", _("رفع شد")
        NOT_OURS = "not_ours", _("در حیطه این دستگاه نیست")
        DUPLICATE = "duplicate", _("تکراری")

    OPEN_STATES = (State.SUBMITTED, State.ROUTED, State.IN_PROGRESS)

    title = models.CharField(_("عنوان"), max_length=250)
    description = models.TextField(_("شرح"))
    category = models.ForeignKey(
        Category, verbose_name=_("دسته"), on_delete=models.PROTECT, related_name="obstacles"
    )
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("استان"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "geo.County",
        verbose_name=_("شهرستان"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    since = models.DateField(_("از چه زمانی"), null=True, blank=True)
    links = models.TextField(_("پیوندهای مستند"), blank=True)
    is_public = models.BooleanField(_("عمومی"), default=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("گزارش‌دهنده"),
        on_delete=models.PROTECT,
        related_name="obstacles_reported",
    )
    reporter_organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("سازمان گزارش‌دهنده"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obstacles_reported",
    )
    affected = models.ManyToManyField(
        "registry.Organization",
        verbose_name=_("سازمان‌های متأثر"),
        blank=True,
        related_name="obstacles_affecting",
    )
    body = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("دستگاه پاسخگو"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obstacles_to_answer",
    )
    state = models.CharField(
        _("وضعیت"), max_length=16, choices=State.choices, default=State.SUBMITTED
    )
    routed_at = models.DateTimeField(_("زمان ارجاع"), null=True, blank=True)
    due_on = models.DateField(_("مهلت پاسخ"), null=True, blank=True)
    answered_at = models.DateTimeField(_("زمان پاسخ"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("پاسخ در مهلت"), null=True, blank=True)
    closure = models.CharField(_("نتیجه"), max_length=16, choices=Closure.choices, blank=True)
    responsible_name = models.CharField(
        _("دستگاه مسئول به گفته پاسخگو"), max_length=250, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("تکراریِ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    rating = models.PositiveSmallIntegerField(_("امتیاز پاسخ"), null=True, blank=True)
    rating_note = models.TextField(_("نظر درباره پاسخ"), blank=True)
    support_count = models.PositiveIntegerField(_("تعداد حمایت"), default=0)
    agenda_item = models.ForeignKey(
        "governance.AgendaItem",
        verbose_name=_("دستور جلسه"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obstacles",
    )
    resolution = models.ForeignKey(
        "governance.Resolution",
        verbose_name=_("مصوبه"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obstacles",
    )
    search_key = models.CharField(
        _("کلید جستجو"), max_length=255, editable=False, db_index=True, default=""
    )

    history = HistoricalRecords(excluded_fields=["search_key"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("مانع کسب‌وکار")
        verbose_name_plural = _("موانع کسب‌وکار")
        indexes = [
            models.Index(fields=["body", "state"], name="obstacle_body_idx"),
            models.Index(fields=["county"], name="obstacle_county_idx"),
            models.Index(fields=["due_on"], name="obstacle_due_idx"),
            models.Index(fields=["category"], name="obstacle_category_idx"),
            models.Index(fields=["-created_at", "-id"], name="obstacle_recent_idx"),
            # The public page (public obstacles of a province, maybe of a category or state):
            # counts by state and the newest first. Partial indexes, because a filter on a
            # boolean is a bare condition the planners match to an index's WHERE, not a key.
            models.Index(
                fields=["province", "state"], name="obstacle_public_idx", condition=PUBLIC
            ),
            models.Index(
                fields=["province", "-created_at"],
                name="obstacle_public_recent_idx",
                condition=PUBLIC,
            ),
            models.Index(
                fields=["province", "category", "state"],
                name="obstacle_pub_cat_idx",
                condition=PUBLIC,
            ),
            models.Index(
                fields=["province", "category", "-created_at"],
                name="obstacle_pub_cat_recent_idx",
                condition=PUBLIC,
            ),
            models.Index(
                fields=["province", "state", "-created_at"],
                name="obstacle_pub_state_recent_idx",
                condition=PUBLIC,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("obstacles:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class Support(TimeStampedModel):
    """An organization says this obstacle is theirs too — once."""

    obstacle = models.ForeignKey(
        Obstacle, on_delete=models.CASCADE, related_name="supports", verbose_name=_("مانع کسب‌وکار")
    )
    organization = models.ForeignKey(
        "registry.Organization",
        on_delete=models.PROTECT,
        related_name="obstacle_supports",
        verbose_name=_("سازمان"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("کاربر"),
    )
    note = models.CharField(_("توضیح"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["obstacle", "organization"], name="obstacle_support_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.obstacle_id}:{self.organization_id}"


class Answer(TimeStampedModel):
    """The responsible body's public answer; files through ``core.attachments``."""

    obstacle = models.ForeignKey(
        Obstacle, on_delete=models.CASCADE, related_name="answers", verbose_name=_("مانع کسب‌وکار")
    )
    organization = models.ForeignKey(
        "registry.Organization",
        on_delete=models.PROTECT,
        related_name="obstacle_answers",
        verbose_name=_("سازمان"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("نویسنده"),
    )
    text = models.TextField(_("متن پاسخ"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.obstacle_id}:{self.pk}"


class Step(models.Model):
    """One move of the lifecycle: the public timeline (who, when, what, note)."""

    obstacle = models.ForeignKey(
        Obstacle, on_delete=models.CASCADE, related_name="steps", verbose_name=_("مانع کسب‌وکار")
    )
    action = models.CharField(_("اقدام"), max_length=32)
    source = models.CharField(_("از وضعیت"), max_length=16, blank=True)
    target = models.CharField(_("به وضعیت"), max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("انجام‌دهنده"),
    )
    actor_name = models.CharField(_("نام انجام‌دهنده"), max_length=250, blank=True)
    note = models.TextField(_("یادداشت"), blank=True)
    at = models.DateTimeField(_("زمان"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.obstacle_id}:{self.action}"
