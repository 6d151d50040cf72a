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
    is_published = models.BooleanField(_("منتشرشده"), default=True)
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

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "disbursement_id", "number"]
        verbose_name = _("قسط")
        verbose_name_plural = _("اقساط")
        constraints = [
            models.UniqueConstraint(
                fields=["disbursement", "number"], name="loans_installment_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} #{self.number}"

    @property
    def paid(self) -> int:
        return self.paid_interest + self.paid_principal

    @property
    def remaining(self) -> int:
        return self.total - self.paid

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
