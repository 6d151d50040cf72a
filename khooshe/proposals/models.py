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


class Call(VersionedModel):
    """A call for proposals (فراخوان) of a province's governorate: themes (sectors and
    capabilities, linked to the year's priorities), an opening and a closing date (inclusive,
    Tehran's day), a credit envelope in Rial that the approved budgets of its proposals may
    not exceed, and optionally a ceiling per proposal. Proposals outside any call (``call``
    null) belong to the ongoing call (فراخوان دائمی)."""

    RIAL_FIELDS = ("envelope_rial", "ceiling_rial")

    title = models.CharField(_("عنوان"), max_length=200)
    description = models.TextField(_("شرح"), blank=True)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("استان"), on_delete=models.PROTECT, related_name="+"
    )
    sectors = models.ManyToManyField(
        "registry.Sector", verbose_name=_("بخش‌ها"), blank=True, related_name="+"
    )
    capabilities = models.ManyToManyField(
        "registry.Capability", verbose_name=_("توانمندی‌ها"), blank=True, related_name="+"
    )
    priorities = models.ManyToManyField(
        "proposals.Priority",
        verbose_name=_("اولویت‌های اجرایی"),
        blank=True,
        related_name="calls",
    )
    opens_on = models.DateField(_("تاریخ گشایش"))
    closes_on = models.DateField(_("تاریخ بسته‌شدن"))
    envelope_rial = models.PositiveBigIntegerField(_("سقف اعتبار فراخوان (ریال)"))
    ceiling_rial = models.PositiveBigIntegerField(
        _("سقف بودجه هر طرح (ریال)"), null=True, blank=True
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
        ordering = ["-opens_on", "-id"]
        verbose_name = _("فراخوان")
        verbose_name_plural = _("فراخوان‌ها")
        indexes = [
            models.Index(fields=["province", "closes_on"], name="call_province_closes_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="call_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:call_detail", args=[self.pk])

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class CallExtension(models.Model):
    """One extension of a call's closing date, with its reason."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("فراخوان")
    )
    previous_closes_on = models.DateField(_("تاریخ بسته‌شدن پیشین"))
    closes_on = models.DateField(_("تاریخ بسته‌شدن جدید"))
    reason = models.TextField(_("دلیل تمدید"))
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("تمدیدکننده"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("زمان"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["call_id", "created_at", "id"]
        verbose_name = _("تمدید فراخوان")
        verbose_name_plural = _("تمدیدهای فراخوان")

    def __str__(self) -> str:
        return f"{self.call_id}: {self.previous_closes_on} → {self.closes_on}"


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
    call = models.ForeignKey(
        Call,
        verbose_name=_("فراخوان"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        help_text=_("خالی: فراخوان دائمی (خارج از هر فراخوان)."),
    )
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


class CoSubmitterState(models.TextChoices):
    PENDING = "pending", _("منتظر تأیید")
    CONFIRMED = "confirmed", _("تأییدشده")
    DECLINED = "declined", _("نپذیرفته")


class CoSubmitter(VersionedModel):
    """A co-submitting organization or person of the registry on a proposal, with its role;
    it confirms (or declines) in its desk, and the proposal is submitted only once every
    co-submitter has confirmed. The lead is the proposal's ``submitter_organization``."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="co_submitters", verbose_name=_("طرح")
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("سازمان"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_submissions",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("فرد"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_submissions",
    )
    role = models.CharField(_("نقش"), max_length=100)
    state = models.CharField(
        _("وضعیت"),
        max_length=16,
        choices=CoSubmitterState.choices,
        default=CoSubmitterState.PENDING,
        db_index=True,
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("افزوده‌شده توسط"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("تصمیم‌گیرنده"),
    )
    decided_at = models.DateTimeField(_("تاریخ پاسخ"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal_id", "id"]
        verbose_name = _("هم‌پیشنهاددهنده")
        verbose_name_plural = _("هم‌پیشنهاددهندگان")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organization"],
                condition=models.Q(organization__isnull=False),
                name="cosubmitter_organization_once",
            ),
            models.UniqueConstraint(
                fields=["proposal", "person"],
                condition=models.Q(person__isnull=False),
                name="cosubmitter_person_once",
            ),
            models.CheckConstraint(
                condition=(models.Q(organization__isnull=False) & models.Q(person__isnull=True))
                | (models.Q(organization__isnull=True) & models.Q(person__isnull=False)),
                name="cosubmitter_one_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} ({self.role})"

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.proposal_id])

    @property
    def party(self):
        return self.organization or self.person


class CooperationOffer(TimeStampedModel):
    """«آمادگی همکاری»: a registry actor (an organization through its representative, or a
    person for themselves) says it is ready to work on a published or approved proposal.
    Staff see it beside the suggestions; it is a flag, never points."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="cooperation_offers", verbose_name=_("طرح")
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
    note = models.TextField(_("یادداشت"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ثبت‌کننده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal_id", "created_at", "id"]
        verbose_name = _("آمادگی همکاری")
        verbose_name_plural = _("آمادگی‌های همکاری")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organization"],
                condition=models.Q(organization__isnull=False),
                name="cooperation_organization_once",
            ),
            models.UniqueConstraint(
                fields=["proposal", "person"],
                condition=models.Q(person__isnull=False),
                name="cooperation_person_once",
            ),
            models.CheckConstraint(
                condition=(models.Q(organization__isnull=False) & models.Q(person__isnull=True))
                | (models.Q(organization__isnull=True) & models.Q(person__isnull=False)),
                name="cooperation_one_party",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization or self.person)

    @property
    def party(self):
        return self.organization or self.person


# --- Evaluation without conflicts, the public answer and the award ---------------------------


class EvaluationPolicy(TimeStampedModel):
    """A province's rules for evaluating proposals: how many submitted score sheets a
    proposal needs before the governorate approves or rejects it (unless the decider writes
    why they decide with fewer). A province without a row uses
    :data:`DEFAULT_MIN_SCORE_SHEETS`."""

    province = models.OneToOneField(
        "geo.Province", verbose_name=_("استان"), on_delete=models.PROTECT, related_name="+"
    )
    min_score_sheets = models.PositiveSmallIntegerField(
        _("حداقل برگه امتیاز پیش از تصمیم"),
        default=1,
        validators=[MaxValueValidator(20)],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("آخرین ویرایشگر"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["province__code"]
        verbose_name = _("قاعده ارزیابی استان")
        verbose_name_plural = _("قواعد ارزیابی استان‌ها")

    def __str__(self) -> str:
        return f"{self.province}: {self.min_score_sheets}"


#: The minimum number of score sheets of a province that set none.
DEFAULT_MIN_SCORE_SHEETS = 1


class EvaluatorAssignment(TimeStampedModel):
    """Governorate staff ask one evaluator to score one proposal by a due date. Only an
    assigned evaluator scores; when scoring they declare that they have no conflict of
    interest (``declared_at``)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("طرح")
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ارزیاب"),
        on_delete=models.PROTECT,
        related_name="evaluation_assignments",
    )
    due_on = models.DateField(_("مهلت امتیازدهی"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("تخصیص‌دهنده"),
    )
    declared_at = models.DateTimeField(_("زمان اعلام نبود تعارض منافع"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("تخصیص ارزیاب")
        verbose_name_plural = _("تخصیص‌های ارزیاب")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "evaluator"], name="one_assignment_per_evaluator"
            )
        ]
        indexes = [models.Index(fields=["evaluator", "due_on"], name="assignment_evaluator_due")]

    def __str__(self) -> str:
        return f"{self.proposal_id} / {self.evaluator_id}"


class ProposalAnswer(TimeStampedModel):
    """The answer a decision gives a proposal: its state, the reasons, for an approval the
    approved budget with its cost lines and the execution period, for a rejection the
    criteria that failed. Public once staff publish it (and the estimate only if they chose
    to show it)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="answers", verbose_name=_("طرح")
    )
    action = models.CharField(_("تصمیم"), max_length=32)
    state = models.CharField(_("وضعیت"), max_length=32, choices=ProposalState.choices)
    reasons = models.TextField(_("دلایل"))
    approved_budget = models.PositiveBigIntegerField(_("بودجه مصوب (ریال)"), null=True, blank=True)
    #: [{"title": str, "amount": int rials}, …] summing to the approved budget.
    cost_lines = models.JSONField(_("ردیف‌های هزینه"), default=list, blank=True)
    execution_months = models.PositiveSmallIntegerField(
        _("مدت اجرا (ماه)"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    failed_criteria = models.ManyToManyField(
        Criterion, verbose_name=_("معیارهای ردشده"), blank=True, related_name="+"
    )
    #: Why the decision came before the province's minimum of score sheets ("" when it did not).
    override_reason = models.TextField(_("دلیل تصمیم پیش از حداقل برگه‌های امتیاز"), blank=True)
    sheet_count = models.PositiveSmallIntegerField(_("برگه‌های امتیاز هنگام تصمیم"), default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("تصمیم‌گیرنده"),
    )
    is_published = models.BooleanField(_("منتشرشده"), default=False)
    show_estimate = models.BooleanField(_("نمایش بودجه برآوردی"), default=False)
    published_at = models.DateTimeField(_("زمان انتشار"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("منتشرکننده"),
    )

    history = HistoricalRecords(m2m_fields=[failed_criteria])
    RIAL_FIELDS = ("approved_budget",)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("پاسخ طرح")
        verbose_name_plural = _("پاسخ‌های طرح‌ها")
        indexes = [
            models.Index(fields=["is_published", "-published_at"], name="answer_published_idx")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.get_state_display()}"


class ProcurementMethod(models.TextChoices):
    TENDER = "tender", _("مناقصه عمومی")
    LIMITED_TENDER = "limited_tender", _("مناقصه محدود")
    DIRECT = "direct", _("ترک تشریفات (واگذاری مستقیم)")


class Award(VersionedModel):
    """Who carries out the project made from an approved proposal: the implementing
    organization or person (from the shortlist or the registry), the contract's date and
    amount and how it was procured. One per project."""

    project = models.OneToOneField(
        "governance.Project",
        verbose_name=_("پروژه"),
        on_delete=models.CASCADE,
        related_name="award",
    )
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("طرح"), on_delete=models.PROTECT, related_name="awards"
    )
    implementer_organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("سازمان مجری"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
    )
    implementer_person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("فرد مجری"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
    )
    from_shortlist = models.BooleanField(_("از فهرست کوتاه"), default=False)
    contract_date = models.DateField(_("تاریخ قرارداد"))
    contract_amount = models.PositiveBigIntegerField(_("مبلغ قرارداد (ریال)"))
    procurement_method = models.CharField(
        _("روش واگذاری"), max_length=16, choices=ProcurementMethod.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ثبت‌کننده"),
    )

    history = HistoricalRecords()
    RIAL_FIELDS = ("contract_amount",)

    class Meta:
        ordering = ["-contract_date", "-id"]
        verbose_name = _("واگذاری اجرا")
        verbose_name_plural = _("واگذاری‌های اجرا")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(implementer_organization__isnull=False)
                | models.Q(implementer_person__isnull=False),
                name="award_has_implementer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.implementer}"

    @property
    def implementer(self):
        return self.implementer_organization or self.implementer_person
