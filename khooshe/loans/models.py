"""Support programs (M4): loan programs with their eligibility rules, support packages,
applications and their workflow log, disbursements, the stored repayment schedule,
repayments, jobs reports and package requests.

Money is integer Rial; dates are Gregorian and shown in Jalali at the edges.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khooshe.core.models import TimeStampedModel, VersionedModel
from khooshe.loans.schedule import (
    ALLOWED_ROUNDING,
    MAX_ANNUAL_RATE,
    MAX_GRACE_MONTHS,
    MAX_INSTALLMENTS,
    TERM_FIELDS,
    GraceInterest,
    LoanTerms,
    Method,
)
from khooshe.persian.validators import validate_sheba


class GraceTreatment(models.TextChoices):
    PAID_MONTHLY = GraceInterest.PAID_MONTHLY.value, _("پرداخت ماهانه سود در دوره تنفس")
    CAPITALIZED = GraceInterest.CAPITALIZED.value, _("افزوده شدن سود تنفس به اصل وام")
    SPREAD = GraceInterest.SPREAD.value, _("پخش سود تنفس میان اقساط")
    DEFERRED = GraceInterest.DEFERRED.value, _("افزوده شدن سود تنفس به نخستین قسط")
    WAIVED = GraceInterest.WAIVED.value, _("بخشودگی سود دوره تنفس")


class AmortizationMethod(models.TextChoices):
    ANNUITY = Method.ANNUITY.value, _("اقساط مساوی")
    EQUAL_PRINCIPAL = Method.EQUAL_PRINCIPAL.value, _("اصل مساوی (سود بر مانده)")
    FLAT = Method.FLAT.value, _("روش ساده بانکی (سود ثابت)")


ROUNDING_CHOICES = [(unit, f"{unit:,}") for unit in sorted(ALLOWED_ROUNDING)]


class AllocationOrder(models.TextChoices):
    PENALTY_FIRST = "penalty_first", _("وجه التزام، سود، اصل")
    PENALTY_LAST = "penalty_last", _("سود، اصل، وجه التزام")


class Program(VersionedModel):
    #: The loan terms a program fixes for every loan (everything but the amount).
    TERM_FIELDS = tuple(name for name in TERM_FIELDS if name != "amount")

    class Kind(models.TextChoices):
        LOAN = "loan", _("تسهیلات (وام)")
        PACKAGE = "package", _("بسته حمایتی")

    class Screening(models.TextChoices):
        GUILD = "guild", _("نظام صنفی رایانه‌ای")
        GOVERNORATE = "governorate", _("استانداری / اداره کل ارتباطات")

    name = models.CharField(_("نام"), max_length=200)
    kind = models.CharField(
        _("نوع"), max_length=16, choices=Kind.choices, default=Kind.LOAN, db_index=True
    )
    description = models.TextField(_("شرح"), blank=True)
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("استان تعریف‌کننده"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("خالی یعنی برنامه ملی."),
    )
    provinces = models.ManyToManyField(
        "geo.Province", verbose_name=_("استان‌های مشمول"), related_name="+"
    )
    fund = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("صندوق"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="loan_programs",
        limit_choices_to={"kind": "fund"},
    )
    budget = models.PositiveBigIntegerField(_("اعتبار (ریال)"), default=0)
    opens_on = models.DateField(_("آغاز پذیرش"))
    closes_on = models.DateField(_("پایان پذیرش"))
    # Loan parameters
    min_amount = models.PositiveBigIntegerField(_("کمینه مبلغ (ریال)"), default=0)
    max_amount = models.PositiveBigIntegerField(_("بیشینه مبلغ (ریال)"), default=0)
    annual_rate = models.DecimalField(
        _("نرخ سود سالانه (درصد)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_ANNUAL_RATE)],
    )
    installments = models.PositiveSmallIntegerField(
        _("تعداد اقساط"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_INSTALLMENTS)],
    )
    grace_months = models.PositiveSmallIntegerField(
        _("دوره تنفس (ماه)"), default=0, validators=[MaxValueValidator(MAX_GRACE_MONTHS)]
    )
    grace_interest = models.CharField(
        _("سود دوره تنفس"),
        max_length=16,
        choices=GraceTreatment.choices,
        default=GraceTreatment.PAID_MONTHLY,
    )
    method = models.CharField(
        _("روش بازپرداخت"),
        max_length=16,
        choices=AmortizationMethod.choices,
        default=AmortizationMethod.ANNUITY,
    )
    rounding = models.PositiveIntegerField(
        _("واحد گرد کردن (ریال)"), choices=ROUNDING_CHOICES, default=1
    )
    # Decision rules
    allow_override = models.BooleanField(
        _("کارشناس می‌تواند شرط ناموفق را نادیده بگیرد"), default=False
    )
    screening = models.CharField(
        _("بررسی اولیه توسط"), max_length=16, choices=Screening.choices, default=Screening.GUILD
    )
    default_after = models.PositiveSmallIntegerField(
        _("نکول پس از این تعداد قسط معوق"), default=3, validators=[MinValueValidator(1)]
    )
    required_cover_percent = models.PositiveSmallIntegerField(
        _("پوشش لازم تضمین‌ها (درصد مبلغ مصوب)"),
        default=0,
        validators=[MaxValueValidator(1000)],
        help_text=_("امضای قرارداد تا رسیدن جمع تضمین‌ها به این درصد از مبلغ مصوب رد می‌شود."),
    )
    is_published = models.BooleanField(_("منتشرشده"), default=True)
    # Late-payment penalty (وجه التزام تأخیر)
    penalty_enabled = models.BooleanField(_("وجه التزام تأخیر دارد"), default=False)
    penalty_points = models.DecimalField(
        _("وجه التزام: درصد افزون بر نرخ قرارداد"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(6),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_ANNUAL_RATE)],
    )
    penalty_grace_days = models.PositiveSmallIntegerField(
        _("مهلت بی‌جریمه پس از سررسید (روز)"), default=0, validators=[MaxValueValidator(365)]
    )
    allocation_order = models.CharField(
        _("ترتیب تخصیص پرداخت"),
        max_length=16,
        choices=AllocationOrder.choices,
        default=AllocationOrder.PENALTY_FIRST,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ثبت‌کننده"),
    )

    history = HistoricalRecords(m2m_fields=[provinces])

    class Meta:
        ordering = ["-opens_on", "name", "id"]
        verbose_name = _("برنامه حمایتی")
        verbose_name_plural = _("برنامه‌های حمایتی")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="loans_program_window_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(max_amount__gte=models.F("min_amount")),
                name="loans_program_amount_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_loan(self) -> bool:
        return self.kind == self.Kind.LOAN

    @property
    def rate(self) -> Decimal:
        """The annual rate without trailing zeros (4.00 → 4, 4.50 → 4.5)."""
        rate = Decimal(self.annual_rate)
        return rate.to_integral() if rate == rate.to_integral() else rate.normalize()

    @property
    def is_national(self) -> bool:
        return self.province_id is None

    def is_open_on(self, day) -> bool:
        return self.is_published and self.opens_on <= day <= self.closes_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())

    def get_absolute_url(self) -> str:
        return reverse("loans:program_detail", args=[self.pk])

    def term_values(self) -> dict:
        """The program's loan terms by field name (:attr:`TERM_FIELDS`)."""
        return {name: getattr(self, name) for name in self.TERM_FIELDS}

    def terms(self, amount: int) -> LoanTerms:
        """The schedule engine's terms for ``amount`` under this program (ValueError if bad)."""
        return LoanTerms(amount=int(amount), **self.term_values())

    @property
    def penalty_rate(self) -> Decimal | None:
        """The late-payment penalty's annual rate (contract rate + points), None if none."""
        if not self.penalty_enabled:
            return None
        return Decimal(self.annual_rate) + Decimal(self.penalty_points)


class EligibilityRule(TimeStampedModel):
    """One condition of a program; the program's rules are combined with AND.

    ``params`` by kind: organization_kind ``{"kinds": ["company", …]}``; province
    ``{"provinces": ["IR-02"]}``; sector ``{"sectors": [slug…], "capabilities": [slug…]}``
    (any one matches); min_jobs ``{"min_jobs": 3}``; the others take none.
    """

    class Kind(models.TextChoices):
        ORGANIZATION_KIND = "organization_kind", _("نوع سازمان")
        GUILD_MEMBER = "guild_member", _("عضویت معتبر در نظام صنفی رایانه‌ای")
        KNOWLEDGE_BASED = "knowledge_based", _("گواهی دانش‌بنیان معتبر")
        RURAL = "rural", _("فعالیت در محدوده روستایی")
        PROVINCE = "province", _("استان متقاضی")
        SECTOR = "sector", _("بخش یا توانمندی")
        MIN_JOBS = "min_jobs", _("کمینه اشتغال تعهدشده")
        NO_OVERDUE = "no_overdue", _("نداشتن قسط معوق در وام دیگر")
        VERIFIED = "verified", _("سازمان تأییدشده نظام صنفی")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="rules", verbose_name=_("برنامه حمایتی")
    )
    kind = models.CharField(_("شرط"), max_length=24, choices=Kind.choices)
    params = models.JSONField(_("پارامترها"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["program_id", "id"]
        verbose_name = _("شرط احراز")
        verbose_name_plural = _("شرایط احراز")
        constraints = [
            models.UniqueConstraint(fields=["program", "kind"], name="loans_rule_once_per_program")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class SupportPackage(VersionedModel):
    class Kind(models.TextChoices):
        WORKSPACE = "workspace", _("فضای کار در پارک فاوا")
        BOOTH = "booth", _("غرفه نمایشگاه")
        TRAINING = "training", _("صندلی آموزش")
        ADVICE = "advice", _("مشاوره مالیاتی و بیمه")

    class Allocation(models.TextChoices):
        FIRST_COME = "first_come", _("به ترتیب نوبت")
        DECISION = "decision", _("با تصمیم کارشناس")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="packages", verbose_name=_("برنامه حمایتی")
    )
    name = models.CharField(_("نام"), max_length=200)
    kind = models.CharField(_("نوع"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("شرح"), blank=True)
    capacity = models.PositiveIntegerField(_("ظرفیت"), validators=[MinValueValidator(1)])
    allocation = models.CharField(
        _("شیوه واگذاری"), max_length=16, choices=Allocation.choices, default=Allocation.FIRST_COME
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["program_id", "name", "id"]
        verbose_name = _("بسته حمایتی")
        verbose_name_plural = _("بسته‌های حمایتی")

    def __str__(self) -> str:
        return self.name


class Application(VersionedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("پیش‌نویس")
        SUBMITTED = "submitted", _("ارسال‌شده")
        UNDER_REVIEW = "under_review", _("در دست بررسی")
        RETURNED = "returned", _("بازگشت برای اصلاح")
        APPROVED = "approved", _("تصویب‌شده")
        REJECTED = "rejected", _("ردشده")
        CONTRACT_SIGNED = "contract_signed", _("قرارداد امضاشده")
        DISBURSED = "disbursed", _("پرداخت‌شده")
        REPAYING = "repaying", _("در حال بازپرداخت")
        SETTLED = "settled", _("تسویه‌شده")
        DEFAULTED = "defaulted", _("نکول")

    program = models.ForeignKey(
        Program, verbose_name=_("برنامه"), on_delete=models.PROTECT, related_name="applications"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("سازمان متقاضی"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="loan_applications",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("شخص متقاضی"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="loan_applications",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        on_delete=models.PROTECT,
        related_name="loan_applications",
    )
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("استان"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "geo.County",
        verbose_name=_("شهرستان محل فعالیت"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount_requested = models.PositiveBigIntegerField(_("مبلغ درخواستی (ریال)"))
    amount_approved = models.PositiveBigIntegerField(_("مبلغ مصوب (ریال)"), null=True, blank=True)
    purpose = models.TextField(_("موضوع و هدف"))
    sheba = models.CharField(_("شماره شبا"), max_length=26, validators=[validate_sheba])
    jobs_promised = models.PositiveIntegerField(_("اشتغال تعهدشده (نفر)"), default=0)
    state = models.CharField(
        _("وضعیت"), max_length=16, choices=State.choices, default=State.DRAFT, db_index=True
    )
    eligibility = models.JSONField(_("نتیجه احراز شرایط"), default=list, blank=True)
    eligibility_passed = models.BooleanField(_("احراز همه شرایط"), null=True, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("تغییردهنده"),
    )
    decision_reason = models.TextField(_("دلیل تصمیم"), blank=True)
    submitted_at = models.DateTimeField(_("تاریخ ارسال"), null=True, blank=True)
    decided_at = models.DateTimeField(_("تاریخ تصمیم"), null=True, blank=True)
    contract_signed_on = models.DateField(_("تاریخ امضای قرارداد"), null=True, blank=True)
    credit = models.PositiveBigIntegerField(_("بستانکاری (ریال)"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("درخواست")
        verbose_name_plural = _("درخواست‌ها")
        indexes = [
            models.Index(fields=["program", "state"], name="loans_app_program_state_idx"),
            models.Index(fields=["province", "state"], name="loans_app_province_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False) | models.Q(person__isnull=False),
                name="loans_application_has_applicant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} — {self.applicant_name}"

    def get_absolute_url(self) -> str:
        return reverse("loans:application_detail", args=[self.pk])

    @property
    def applicant_name(self) -> str:
        return str(self.organization or self.person)

    @property
    def amount(self) -> int:
        """The amount the loan is for: approved if decided, else requested."""
        return self.amount_approved or self.amount_requested

    @property
    def is_loan(self) -> bool:
        return self.state in LOAN_STATES


LOAN_STATES = frozenset(
    {
        Application.State.DISBURSED,
        Application.State.REPAYING,
        Application.State.SETTLED,
        Application.State.DEFAULTED,
    }
)


class ApplicationTransition(models.Model):
    """The workflow log: who moved an application from which state to which, when, why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="log", verbose_name=_("درخواست")
    )
    action = models.CharField(_("عملیات"), max_length=24)
    from_state = models.CharField(_("از وضعیت"), max_length=16, choices=Application.State.choices)
    to_state = models.CharField(_("به وضعیت"), max_length=16, choices=Application.State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("انجام‌دهنده"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.TextField(_("یادداشت"), blank=True)
    created_at = models.DateTimeField(_("زمان"), default=timezone.now)
    updated_at = models.DateTimeField(_("زمان به‌روزرسانی"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("گام گردش کار")
        verbose_name_plural = _("گام‌های گردش کار")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_state} → {self.to_state}"


class Disbursement(TimeStampedModel):
    """One tranche paid out; it carries its own schedule built from its date."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="disbursements",
        verbose_name=_("درخواست"),
    )
    amount = models.PositiveBigIntegerField(_("مبلغ (ریال)"))
    disbursed_on = models.DateField(_("تاریخ پرداخت"))
    reference = models.CharField(_("شماره پیگیری"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ثبت‌کننده"),
    )
    is_reversed = models.BooleanField(_("برگشت‌خورده"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["disbursed_on", "id"]
        verbose_name = _("پرداخت وام")
        verbose_name_plural = _("پرداخت‌های وام")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reference"],
                condition=~models.Q(reference=""),
                name="loans_disbursement_reference_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} / {self.amount}"


class Installment(TimeStampedModel):
    """A stored schedule line (from :func:`khooshe.loans.schedule.build_schedule`)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="installments",
        verbose_name=_("درخواست"),
    )
    disbursement = models.ForeignKey(
        Disbursement,
        on_delete=models.CASCADE,
        related_name="installments",
        verbose_name=_("پرداخت وام"),
    )
    number = models.PositiveSmallIntegerField(_("شماره"))
    due_on = models.DateField(_("سررسید"), db_index=True)
    principal = models.PositiveBigIntegerField(_("اصل"))
    interest = models.PositiveBigIntegerField(_("سود"))
    total = models.PositiveBigIntegerField(_("مبلغ قسط"))
    balance = models.PositiveBigIntegerField(_("مانده اصل پس از قسط"))
    is_grace = models.BooleanField(_("قسط دوره تنفس"), default=False)
    paid_interest = models.PositiveBigIntegerField(_("سود پرداخت‌شده"), default=0)
    paid_principal = models.PositiveBigIntegerField(_("اصل پرداخت‌شده"), default=0)
    paid_on = models.DateField(_("تاریخ تسویه"), null=True, blank=True)
    interest_rebate = models.PositiveBigIntegerField(_("سود بخشوده در تسویه زودهنگام"), default=0)
    penalty_accrued = models.PositiveBigIntegerField(_("وجه التزام محاسبه‌شده"), default=0)
    penalty_paid = models.PositiveBigIntegerField(_("وجه التزام پرداخت‌شده"), default=0)
    penalty_waived = models.PositiveBigIntegerField(_("وجه التزام بخشوده"), default=0)
    penalty_through = models.DateField(_("وجه التزام محاسبه‌شده تا"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("نسخه جدول"), default=1)
    is_active = models.BooleanField(_("در جدول جاری"), default=True)
    superseded_in = models.PositiveSmallIntegerField(_("جایگزین‌شده در نسخه"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "disbursement_id", "number"]
        verbose_name = _("قسط")
        verbose_name_plural = _("اقساط")
        constraints = [
            models.UniqueConstraint(
                fields=["disbursement", "number"],
                condition=models.Q(is_active=True),
                name="loans_installment_active_number_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["is_active", "paid_on", "due_on"], name="loans_inst_active_unpaid_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} #{self.number}"

    @property
    def paid(self) -> int:
        return self.paid_interest + self.paid_principal

    @property
    def remaining(self) -> int:
        return self.total - self.paid - self.interest_rebate

    @property
    def penalty_due(self) -> int:
        return self.penalty_accrued - self.penalty_paid - self.penalty_waived

    @property
    def is_paid(self) -> bool:
        return self.remaining == 0

    def days_late(self, today) -> int:
        if self.is_paid or self.due_on >= today:
            return 0
        return (today - self.due_on).days


class Repayment(TimeStampedModel):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="repayments", verbose_name=_("درخواست")
    )
    amount = models.PositiveBigIntegerField(_("مبلغ (ریال)"))
    paid_on = models.DateField(_("تاریخ پرداخت"))
    reference = models.CharField(_("شماره پیگیری"), max_length=64, blank=True)
    allocation = models.JSONField(_("تخصیص به اقساط"), default=list)
    credit_used = models.PositiveBigIntegerField(_("بستانکاری مصرف‌شده"), default=0)
    credit_left = models.PositiveBigIntegerField(_("بستانکاری باقی‌مانده"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ثبت‌کننده"),
    )
    is_reversed = models.BooleanField(_("برگشت‌خورده"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("بازپرداخت")
        verbose_name_plural = _("بازپرداخت‌ها")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reference"],
                condition=~models.Q(reference=""),
                name="loans_repayment_reference_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} / {self.amount}"


class Reversal(TimeStampedModel):
    """A posted repayment or disbursement reversed (never deleted): points to the original."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="reversals", verbose_name=_("درخواست")
    )
    repayment = models.OneToOneField(
        Repayment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        verbose_name=_("بازپرداخت"),
    )
    disbursement = models.OneToOneField(
        Disbursement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        verbose_name=_("پرداخت تسهیلات"),
    )
    reason = models.TextField(_("دلیل برگشت"))
    reference = models.CharField(_("شماره پیگیری برگشت"), max_length=64)
    reversed_on = models.DateField(_("تاریخ برگشت"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ثبت‌کننده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("برگشت")
        verbose_name_plural = _("برگشت‌ها")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(repayment__isnull=False) ^ models.Q(disbursement__isnull=False),
                name="loans_reversal_one_original",
            ),
            models.UniqueConstraint(
                fields=["application", "reference"], name="loans_reversal_reference_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} / {self.reference}"


class Decree(TimeStampedModel):
    """A decree (مصوبه) over programs: a pause deferring installments due in its window by
    ``months`` Jalali months (penalty and default counting suspended in the window), or a
    waiver of the penalties accrued in its window."""

    class Kind(models.TextChoices):
        PAUSE = "pause", _("استمهال و توقف اقساط")
        WAIVER = "waiver", _("بخشودگی وجه التزام")

    kind = models.CharField(_("نوع"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("عنوان"), max_length=200)
    number = models.CharField(_("شماره مصوبه"), max_length=64, blank=True)
    reason = models.TextField(_("دلیل"))
    programs = models.ManyToManyField(Program, verbose_name=_("برنامه‌ها"), related_name="+")
    sectors = models.ManyToManyField(
        "registry.Sector", verbose_name=_("بخش‌ها"), blank=True, related_name="+"
    )
    date_from = models.DateField(_("از تاریخ"))
    date_to = models.DateField(_("تا تاریخ"))
    months = models.PositiveSmallIntegerField(
        _("ماه‌های تعویق"), default=0, validators=[MaxValueValidator(MAX_GRACE_MONTHS)]
    )
    issued_on = models.DateField(_("تاریخ ثبت"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ثبت‌کننده"),
    )
    undone_at = models.DateTimeField(_("زمان لغو"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[programs, sectors])

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("مصوبه")
        verbose_name_plural = _("مصوبه‌ها")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_to__gte=models.F("date_from")),
                name="loans_decree_window_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ScheduleVersion(TimeStampedModel):
    """A rescheduling (استمهال) of one loan: the lines it replaced stay readable under their
    version; ``checkpoint`` is the ledger's state when it was confirmed."""

    class Kind(models.TextChoices):
        GRACE = "grace", _("افزودن ماه‌های تنفس")
        EXTEND = "extend", _("افزایش تعداد اقساط")
        RATE = "rate", _("تغییر نرخ سود از یک تاریخ")
        RESPREAD = "respread", _("پخش مبلغ معوق میان اقساط باقی‌مانده")
        DECREE = "decree", _("تعویق اقساط به موجب مصوبه")

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="schedule_versions",
        verbose_name=_("درخواست"),
    )
    number = models.PositiveSmallIntegerField(_("نسخه"))
    kind = models.CharField(_("نوع"), max_length=16, choices=Kind.choices)
    params = models.JSONField(_("پارامترها"), default=dict, blank=True)
    reason = models.TextField(_("دلیل"))
    effective_on = models.DateField(_("تاریخ اثر"))
    checkpoint = models.JSONField(default=dict, blank=True, verbose_name=_("نقطه بازسازی دفتر"))
    decree = models.ForeignKey(
        Decree,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="versions",
        verbose_name=_("مصوبه استمهال"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ثبت‌کننده"),
    )
    undone_at = models.DateTimeField(_("زمان لغو"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("بازگرداننده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["application_id", "number"]
        verbose_name = _("نسخه جدول اقساط")
        verbose_name_plural = _("نسخه‌های جدول اقساط")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="loans_schedule_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} v{self.number}"


class Waiver(TimeStampedModel):
    """A waiver (بخشودگی) of late-payment penalty: an amount for one loan, or by decree what
    accrued in the decree's window. The accruals are never edited."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="waivers", verbose_name=_("درخواست")
    )
    amount = models.PositiveBigIntegerField(_("مبلغ بخشوده (ریال)"), default=0)
    decree = models.ForeignKey(
        Decree,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waivers",
        verbose_name=_("مصوبه استمهال"),
    )
    reason = models.TextField(_("دلیل"))
    granted_on = models.DateField(_("تاریخ بخشودگی"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("بخشاینده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["granted_on", "id"]
        verbose_name = _("بخشودگی وجه التزام")
        verbose_name_plural = _("بخشودگی‌های وجه التزام")

    def __str__(self) -> str:
        return f"{self.application_id} / {self.amount}"


class AccrualRun(TimeStampedModel):
    """One pass of the daily penalty accrual (the history of accrual runs)."""

    run_on = models.DateField(_("روز محاسبه"), db_index=True)
    loans = models.PositiveIntegerField(_("وام‌ها"), default=0)
    installments = models.PositiveIntegerField(_("اقساط"), default=0)
    total = models.BigIntegerField(_("جمع وجه التزام (ریال)"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("انجام‌دهنده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-run_on", "-id"]
        verbose_name = _("اجرای محاسبه وجه التزام")
        verbose_name_plural = _("اجراهای محاسبه وجه التزام")

    def __str__(self) -> str:
        return f"{self.run_on} / {self.total}"


class PenaltyAccrual(models.Model):
    """Penalty accrued on one installment for the days ``(from_day, to_day]`` (append-only; a
    recomputation after a reversal or a rescheduling adds an adjustment, positive or negative)."""

    class Kind(models.TextChoices):
        ACCRUAL = "accrual", _("محاسبه روزانه")
        ADJUSTMENT = "adjustment", _("اصلاح پس از بازمحاسبه")

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="penalty_accruals",
        verbose_name=_("درخواست"),
    )
    installment = models.ForeignKey(
        Installment,
        on_delete=models.CASCADE,
        related_name="penalty_accruals",
        verbose_name=_("قسط"),
    )
    run = models.ForeignKey(
        AccrualRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accruals",
        verbose_name=_("اجرای محاسبه"),
    )
    kind = models.CharField(_("نوع"), max_length=16, choices=Kind.choices, default=Kind.ACCRUAL)
    from_day = models.DateField(_("از روز"), null=True, blank=True)
    to_day = models.DateField(_("تا روز"))
    days = models.PositiveIntegerField(_("روزها"), default=0)
    amount = models.BigIntegerField(_("مبلغ (ریال)"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("زمان ثبت"))

    class Meta:
        ordering = ["to_day", "id"]
        verbose_name = _("محاسبه وجه التزام")
        verbose_name_plural = _("محاسبات وجه التزام")
        indexes = [models.Index(fields=["application", "to_day"], name="loans_accrual_app_day_idx")]

    def __str__(self) -> str:
        return f"{self.installment_id} / {self.to_day} / {self.amount}"


class JobReport(TimeStampedModel):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="job_reports", verbose_name=_("درخواست")
    )
    jobs_created = models.PositiveIntegerField(_("اشتغال ایجادشده (نفر)"))
    reported_on = models.DateField(_("تاریخ گزارش"))
    note = models.TextField(_("توضیح"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("گزارش‌دهنده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("گزارش اشتغال")
        verbose_name_plural = _("گزارش‌های اشتغال")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.jobs_created}"


class PackageRequest(TimeStampedModel):
    class State(models.TextChoices):
        REQUESTED = "requested", _("در انتظار تصمیم")
        WAITLISTED = "waitlisted", _("در فهرست انتظار")
        ALLOCATED = "allocated", _("واگذارشده")
        DECLINED = "declined", _("ردشده")
        DELIVERED = "delivered", _("تحویل‌شده")

    package = models.ForeignKey(
        SupportPackage,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("بسته حمایتی"),
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("سازمان"),
        on_delete=models.PROTECT,
        related_name="package_requests",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="package_requests",
        verbose_name=_("متقاضی"),
    )
    note = models.TextField(_("توضیح"), blank=True)
    state = models.CharField(
        _("وضعیت"), max_length=16, choices=State.choices, default=State.REQUESTED, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("تصمیم‌گیرنده"),
    )
    decision_note = models.TextField(_("یادداشت تصمیم"), blank=True)
    delivered_on = models.DateField(_("تاریخ تحویل"), null=True, blank=True)
    delivery_note = models.TextField(_("شرح تحویل"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("درخواست بسته حمایتی")
        verbose_name_plural = _("درخواست‌های بسته حمایتی")
        constraints = [
            models.UniqueConstraint(
                fields=["package", "organization"],
                condition=~models.Q(state="declined"),
                name="loans_package_request_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.package} — {self.organization}"


# --- guarantees, collateral and documents (cover) ------------------------------------------


class DocumentRequirement(TimeStampedModel):
    """A document a program requires with every application (business plan, licence…)."""

    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        related_name="document_requirements",
        verbose_name=_("برنامه"),
    )
    name = models.CharField(_("مدرک لازم"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ترتیب"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["program_id", "position", "id"]
        verbose_name = _("مدرک لازم برنامه")
        verbose_name_plural = _("مدارک لازم برنامه")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"], name="loans_document_requirement_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ApplicationDocument(TimeStampedModel):
    """One uploaded file for a required document; the file itself is a
    :mod:`khooshe.core.attachments` attachment of this row."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="documents", verbose_name=_("درخواست")
    )
    requirement = models.ForeignKey(
        DocumentRequirement,
        verbose_name=_("مدرک لازم"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("بارگذارنده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["application_id", "requirement_id", "id"]
        verbose_name = _("مدرک درخواست")
        verbose_name_plural = _("مدارک درخواست")
        indexes = [
            models.Index(fields=["application", "requirement"], name="loans_doc_app_req_idx")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.requirement_id}"


class Guarantee(VersionedModel):
    """A guarantee or collateral held against a loan: a guarantor person, a cheque, a
    promissory note (سفته) or a property deed. ``amount`` is what it covers (the guarantor's
    commitment, the cheque's or note's amount, the deed's appraised value)."""

    RIAL_FIELDS = ("amount",)

    class Kind(models.TextChoices):
        GUARANTOR = "guarantor", _("ضامن (شخص)")
        CHEQUE = "cheque", _("چک")
        PROMISSORY_NOTE = "promissory_note", _("سفته")
        DEED = "deed", _("سند ملکی")

    class State(models.TextChoices):
        HELD = "held", _("در اختیار صندوق")
        RELEASED = "released", _("آزادشده")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="guarantees", verbose_name=_("درخواست")
    )
    kind = models.CharField(_("نوع تضمین"), max_length=16, choices=Kind.choices)
    amount = models.PositiveBigIntegerField(_("مبلغ پوشش (ریال)"))
    guarantor_name = models.CharField(_("نام ضامن"), max_length=200, blank=True)
    national_code = models.CharField(_("کد ملی ضامن"), max_length=10, blank=True)
    employer = models.CharField(_("محل کار ضامن"), max_length=200, blank=True)
    relationship = models.CharField(_("نسبت با متقاضی"), max_length=100, blank=True)
    serial = models.CharField(_("شماره سریال"), max_length=64, blank=True)
    registration_number = models.CharField(_("شماره ثبت سند"), max_length=64, blank=True)
    note = models.TextField(_("توضیح"), blank=True)
    state = models.CharField(
        _("وضعیت"), max_length=16, choices=State.choices, default=State.HELD, db_index=True
    )
    released_on = models.DateField(_("تاریخ آزادسازی"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ثبت‌کننده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["application_id", "created_at", "id"]
        verbose_name = _("تضمین")
        verbose_name_plural = _("تضمین‌ها")
        indexes = [
            models.Index(fields=["application", "state"], name="loans_guarantee_app_state_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.amount}"


# --- collections: aging buckets, snapshots, reminders ------------------------------------


class Bucket(models.TextChoices):
    """Days overdue of a loan's oldest unpaid installment, as portfolio-at-risk buckets."""

    CURRENT = "current", _("جاری")
    B1_30 = "1-30", _("۱ تا ۳۰ روز")
    B31_60 = "31-60", _("۳۱ تا ۶۰ روز")
    B61_90 = "61-90", _("۶۱ تا ۹۰ روز")
    B90_PLUS = "90+", _("بیش از ۹۰ روز")


class BucketChange(models.Model):
    """A loan entered ``bucket`` on ``changed_on`` (written by the daily pass when the
    bucket differs from the last one recorded): the loan's bucket history."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="bucket_changes",
        verbose_name=_("درخواست"),
    )
    changed_on = models.DateField(_("تاریخ"))
    bucket = models.CharField(_("طبقه معوق"), max_length=8, choices=Bucket.choices)
    days_overdue = models.PositiveIntegerField(_("روز تأخیر"))
    created_at = models.DateTimeField(_("زمان ثبت"), default=timezone.now)

    class Meta:
        ordering = ["application_id", "changed_on", "id"]
        verbose_name = _("تغییر طبقه معوق")
        verbose_name_plural = _("تاریخچه طبقه معوق")
        indexes = [
            models.Index(fields=["application", "-changed_on"], name="loans_bucket_app_day_idx")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.bucket} ({self.changed_on})"


class AgingSnapshot(models.Model):
    """The portfolio at risk of one Jalali month (``period`` «1405-09»), one row per
    program, county and bucket: the monthly trend."""

    RIAL_FIELDS = ("principal",)

    period = models.CharField(_("ماه"), max_length=7, db_index=True)
    taken_on = models.DateField(_("تاریخ برداشت"))
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="+", verbose_name=_("برنامه")
    )
    province = models.ForeignKey(
        "geo.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("استان")
    )
    county = models.ForeignKey(
        "geo.County", on_delete=models.PROTECT, related_name="+", verbose_name=_("شهرستان")
    )
    bucket = models.CharField(_("طبقه معوق"), max_length=8, choices=Bucket.choices)
    loans = models.PositiveIntegerField(_("تعداد وام"))
    principal = models.PositiveBigIntegerField(_("مانده اصل (ریال)"))

    class Meta:
        ordering = ["period", "program_id", "county_id", "bucket"]
        verbose_name = _("برداشت ماهانه معوقات")
        verbose_name_plural = _("برداشت‌های ماهانه معوقات")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "program", "county", "bucket"], name="loans_snapshot_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.program_id} {self.county_id} {self.bucket}"


class Reminder(models.Model):
    """A reminder sent to a borrower about one installment, once per kind."""

    class Kind(models.TextChoices):
        BEFORE_7 = "before_7", _("۷ روز پیش از سررسید")
        BEFORE_1 = "before_1", _("۱ روز پیش از سررسید")
        OVERDUE_1 = "overdue_1", _("روز ۱ تأخیر")
        OVERDUE_15 = "overdue_15", _("روز ۱۵ تأخیر")
        OVERDUE_30 = "overdue_30", _("روز ۳۰ تأخیر")

    installment = models.ForeignKey(
        Installment, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("قسط")
    )
    kind = models.CharField(_("نوع یادآوری"), max_length=16, choices=Kind.choices)
    sent_on = models.DateField(_("تاریخ ارسال"))
    sms_to = models.CharField(_("پیامک به"), max_length=11, blank=True)
    created_at = models.DateTimeField(_("زمان ثبت"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["installment_id", "sent_on", "id"]
        verbose_name = _("یادآوری قسط")
        verbose_name_plural = _("یادآوری‌های قسط")
        constraints = [
            models.UniqueConstraint(fields=["installment", "kind"], name="loans_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.installment_id}: {self.kind}"
