"""IT project proposals (M2): from an actor's idea, through the guild's screening and a
dossier, to the governorate's decision, scored against the province's executive priorities.

The states and the allowed transitions live in :mod:`khooshe.proposals.workflow`; money is
integer Rial; ``search_text`` holds the folded title and problem for searches in any spelling.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khooshe.core.models import TimeStampedModel, VersionedModel
from khooshe.persian.jalali import is_english_active
from khooshe.persian.text import to_persian_digits


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("پیش‌نویس")
    SUBMITTED = "submitted", _("ارسال‌شده")
    SCREENING = "screening", _("در حال بررسی اولیه")
    RETURNED = "returned", _("بازگشت برای اصلاح")
    REJECTED_AT_SCREENING = "rejected_at_screening", _("ردشده در بررسی اولیه")
    ACCEPTED = "accepted", _("پذیرفته برای پرونده")
    IN_DOSSIER = "in_dossier", _("در پرونده")
    FORWARDED = "forwarded", _("ارسال‌شده به استانداری")
    UNDER_EVALUATION = "under_evaluation", _("در حال ارزیابی")
    APPROVED = "approved", _("تصویب‌شده")
    REJECTED = "rejected", _("ردشده")
    PROJECT_CREATED = "project_created", _("تبدیل‌شده به پروژه")


class Dossier(VersionedModel):
    """A numbered bundle (پرونده) of accepted proposals the guild sends to the governorate,
    numbered per province and Jalali year: «۱۴۰۳/۰۰۷»."""

    class State(models.TextChoices):
        OPEN = "open", _("در حال تکمیل")
        FORWARDED = "forwarded", _("ارسال‌شده به استانداری")

    province = models.ForeignKey(
        "geo.Province", verbose_name=_("استان"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("سال"))
    number = models.PositiveIntegerField(_("شماره"))
    title = models.CharField(_("عنوان"), max_length=200)
    cover_letter = models.TextField(_("نامه همراه"), blank=True)
    state = models.CharField(
        _("وضعیت"), max_length=16, choices=State.choices, default=State.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ثبت‌کننده"),
    )
    forwarded_at = models.DateTimeField(_("تاریخ ارسال"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ارسال‌کننده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-number", "-id"]
        verbose_name = _("پرونده")
        verbose_name_plural = _("پرونده‌ها")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "number"], name="dossier_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("proposals:dossier_detail", args=[self.pk])

    @property
    def code(self) -> str:
        """«۱۴۰۳/۰۰۷» — the year and the three-digit number, in Persian digits (Latin digits
        on English pages)."""
        if is_english_active():
            return self.code_latin
        return to_persian_digits(f"{self.year}/{self.number:03d}")

    @property
    def code_latin(self) -> str:
        return f"{self.year}/{self.number:03d}"


class Proposal(VersionedModel):
    title = models.CharField(_("عنوان"), max_length=200)
    problem = models.TextField(_("مسئله"))
    solution = models.TextField(_("راه‌حل پیشنهادی"))
    beneficiary = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("دستگاه بهره‌بردار"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_benefiting",
    )
    sector = models.ForeignKey(
        "registry.Sector",
        verbose_name=_("بخش"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("استان"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "geo.County", verbose_name=_("شهرستان"), on_delete=models.PROTECT, related_name="+"
    )
    estimated_budget = models.PositiveBigIntegerField(_("بودجه برآوردی (ریال)"))
    duration_months = models.PositiveSmallIntegerField(
        _("مدت اجرا (ماه)"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    expected_outcomes = models.TextField(_("نتایج مورد انتظار"), blank=True)
    expected_jobs = models.PositiveIntegerField(_("اشتغال پیش‌بینی‌شده (نفر)"), default=0)
    capabilities = models.ManyToManyField(
        "registry.Capability",
        verbose_name=_("توانمندی‌های لازم"),
        blank=True,
        related_name="proposals",
    )
    submitter_organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("سازمان پیشنهاددهنده"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_submitted",
    )
    submitter_person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("فرد پیشنهاددهنده"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_submitted",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    contact_name = models.CharField(_("نام رابط"), max_length=100, blank=True)
    contact_phone = models.CharField(_("تلفن رابط"), max_length=32, blank=True)
    contact_email = models.EmailField(_("ایمیل رابط"), blank=True)
    state = models.CharField(
        _("وضعیت"),
        max_length=32,
        choices=ProposalState.choices,
        default=ProposalState.DRAFT,
        db_index=True,
    )
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("پرونده"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    approved_budget = models.PositiveBigIntegerField(_("بودجه مصوب (ریال)"), null=True, blank=True)
    decision_note = models.TextField(_("آخرین یادداشت تصمیم"), blank=True)
    submitted_at = models.DateTimeField(_("تاریخ ارسال"), null=True, blank=True)
    decided_at = models.DateTimeField(_("تاریخ تصمیم"), null=True, blank=True)
    search_text = models.TextField(_("متن جستجو"), editable=False, blank=True)

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("طرح پیشنهادی")
        verbose_name_plural = _("طرح‌های پیشنهادی")
        indexes = [
            models.Index(fields=["province", "state"], name="proposal_province_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(submitter_organization__isnull=False)
                | models.Q(submitter_person__isnull=False),
                name="proposal_has_submitter",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.pk])

    @property
    def submitter(self):
        return self.submitter_organization or self.submitter_person

    @property
    def is_editable_state(self) -> bool:
        return self.state in (ProposalState.DRAFT, ProposalState.RETURNED)

    @property
    def is_public(self) -> bool:
        return self.state in (ProposalState.APPROVED, ProposalState.PROJECT_CREATED)


class ProposalTransition(models.Model):
    """Who moved a proposal from which state to which, when, and why."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("طرح پیشنهادی"),
    )
    action = models.CharField(_("عملیات"), max_length=32)
    from_state = models.CharField(_("از وضعیت"), max_length=32, choices=ProposalState.choices)
    to_state = models.CharField(_("به وضعیت"), max_length=32, choices=ProposalState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("انجام‌دهنده"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.TextField(_("یادداشت"), blank=True)
    created_at = models.DateTimeField(_("زمان"), auto_now_add=True)
    updated_at = models.DateTimeField(_("زمان به‌روزرسانی"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("گردش طرح")
        verbose_name_plural = _("گردش طرح‌ها")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_state} → {self.to_state}"


class Priority(TimeStampedModel):
    """An executive priority of a province for one Jalali year, with a weight; a proposal
    aligns with it through the sector, a required capability or a keyword."""

    province = models.ForeignKey(
        "geo.Province", verbose_name=_("استان"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("سال"))
    title = models.CharField(_("عنوان"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("وزن"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    sector = models.ForeignKey(
        "registry.Sector",
        verbose_name=_("بخش"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    capability = models.ForeignKey(
        "registry.Capability",
        verbose_name=_("توانمندی"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    keywords = models.CharField(
        _("کلیدواژه‌ها"),
        max_length=300,
        blank=True,
        help_text=_("با ویرگول جدا کنید؛ در عنوان و مسئله طرح جستجو می‌شوند."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ثبت‌کننده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["province__code", "-year", "-weight", "id"]
        verbose_name = _("اولویت اجرایی")
        verbose_name_plural = _("اولویت‌های اجرایی")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class Criterion(TimeStampedModel):
    """One criterion of a province's scoring rubric, scored 1–5 with a weight."""

    province = models.ForeignKey(
        "geo.Province", verbose_name=_("استان"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("عنوان"), max_length=200)
    description = models.TextField(_("راهنمای امتیازدهی ۱ تا ۵"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("وزن"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("ترتیب"), default=0)
    is_active = models.BooleanField(_("فعال"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["province__code", "position", "id"]
        verbose_name = _("معیار ارزیابی")
        verbose_name_plural = _("معیارهای ارزیابی")

    def __str__(self) -> str:
        return self.title


class ScoreSheet(TimeStampedModel):
    """One evaluator's scores of one proposal; counted once ``submitted_at`` is set."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="score_sheets",
        verbose_name=_("طرح پیشنهادی"),
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ارزیاب"),
    )
    comment = models.TextField(_("نظر ارزیاب"), blank=True)
    weighted_score = models.DecimalField(
        _("امتیاز وزنی (از ۱۰۰)"), max_digits=5, decimal_places=2, default=0
    )
    submitted_at = models.DateTimeField(_("تاریخ ثبت"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal_id", "created_at", "id"]
        verbose_name = _("برگه امتیاز")
        verbose_name_plural = _("برگه‌های امتیاز")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "evaluator"], name="one_sheet_per_evaluator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} / {self.evaluator_id}"


class Score(TimeStampedModel):
    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="scores", verbose_name=_("برگه امتیاز")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("معیار ارزیابی")
    )
    value = models.PositiveSmallIntegerField(
        _("امتیاز"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["sheet_id", "criterion__position", "id"]
        verbose_name = _("امتیاز")
        verbose_name_plural = _("امتیازها")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="score_value_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return str(self.value)


class Shortlist(TimeStampedModel):
    """A suggested actor (organization or expert) staff put on a proposal's shortlist."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="shortlist", verbose_name=_("طرح پیشنهادی")
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("سازمان"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("فرد"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(_("امتیاز تناسب"), default=0)
    reasons = models.JSONField(_("دلایل"), default=list, blank=True)
    note = models.TextField(_("یادداشت"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("افزاینده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal_id", "-score", "id"]
        verbose_name = _("فهرست کوتاه مجریان")
        verbose_name_plural = _("فهرست‌های کوتاه مجریان")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organization"],
                condition=models.Q(organization__isnull=False),
                name="shortlist_organization_once",
            ),
            models.UniqueConstraint(
                fields=["proposal", "person"],
                condition=models.Q(person__isnull=False),
                name="shortlist_person_once",
            ),
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False) | models.Q(person__isnull=False),
                name="shortlist_has_candidate",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization or self.person)

    @property
    def candidate(self):
        return self.organization or self.person
