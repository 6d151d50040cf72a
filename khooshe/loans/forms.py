"""Input shapes of the pages (rules live in the services)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khooshe.core.idempotency import new_key
from khooshe.core.pages import show_validation_error
from khooshe.geo.models import County, Province
from khooshe.loans.calculator import schedule_from
from khooshe.loans.models import (
    ROUNDING_CHOICES,
    AllocationOrder,
    AmortizationMethod,
    Decree,
    DocumentRequirement,
    EligibilityRule,
    GraceTreatment,
    Guarantee,
    Program,
    ScheduleVersion,
    SupportPackage,
)
from khooshe.loans.schedule import MAX_AMOUNT, MAX_ANNUAL_RATE, MAX_GRACE_MONTHS, MAX_INSTALLMENTS
from khooshe.loans.services.packages import PACKAGE_FIELDS
from khooshe.loans.services.programs import PROGRAM_FIELDS
from khooshe.persian.forms import (
    JalaliDateField,
    NationalCodeField,
    PersianCharField,
    PersianDecimalField,
    PersianIntegerField,
    RialField,
    ShebaField,
)
from khooshe.persian.jalali import is_english_active
from khooshe.persian.money import format_number
from khooshe.registry.models import Organization, Sector


def rounding_choices():
    """The rounding units with Persian digits on Persian pages (``۱۰٬۰۰۰``), Latin on English."""
    digits = "latin" if is_english_active() else "fa"
    return [(unit, format_number(unit, digits=digits)) for unit, _label in ROUNDING_CHOICES]


class LoanTermsFields(forms.Form):
    """The inputs of a loan's terms but the amount (``Program.TERM_FIELDS``), declared once for
    the calculator and the program form; bounds from the schedule engine."""

    annual_rate = PersianDecimalField(
        label=_("نرخ سود سالانه (درصد)"), min_value=0, max_value=MAX_ANNUAL_RATE
    )
    installments = PersianIntegerField(
        label=_("تعداد اقساط"), min_value=1, max_value=MAX_INSTALLMENTS
    )
    grace_months = PersianIntegerField(
        label=_("دوره تنفس (ماه)"),
        min_value=0,
        max_value=MAX_GRACE_MONTHS,
        required=False,
        initial=0,
    )
    grace_interest = forms.ChoiceField(
        label=_("سود دوره تنفس"),
        choices=GraceTreatment.choices,
        initial=GraceTreatment.PAID_MONTHLY,
    )
    method = forms.ChoiceField(
        label=_("روش بازپرداخت"),
        choices=AmortizationMethod.choices,
        initial=AmortizationMethod.ANNUITY,
    )
    rounding = forms.TypedChoiceField(
        label=_("واحد گرد کردن (ریال)"), choices=rounding_choices, coerce=int, initial=1
    )

    def term_values(self) -> dict:
        """The cleaned terms by field name (no grace period when left empty)."""
        values = {name: self.cleaned_data.get(name) for name in Program.TERM_FIELDS}
        values["grace_months"] = values["grace_months"] or 0
        return values


class CalculatorForm(LoanTermsFields):
    amount = RialField(
        label=_("مبلغ وام (ریال)"),
        min_value=1,
        max_value=MAX_AMOUNT,
        error_messages={
            "max_value": _("مبلغ وام نمی‌تواند بیش از ۱٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال باشد.")
        },
    )
    disbursed_on = JalaliDateField(label=_("تاریخ پرداخت وام"))

    field_order = ["amount", *Program.TERM_FIELDS, "disbursed_on"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        values = {"amount": cleaned["amount"], **self.term_values()}
        try:
            self.schedule = schedule_from(values, cleaned["disbursed_on"])
        except ValidationError as error:
            show_validation_error(self, error)
        return cleaned


class IdempotentForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", new_key())


class ApplicationForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("سازمان متقاضی"), queryset=Organization.objects.none()
    )
    amount_requested = RialField(label=_("مبلغ درخواستی (ریال)"), min_value=1)
    purpose = PersianCharField(label=_("موضوع و هدف"), widget=forms.Textarea(attrs={"rows": 3}))
    county = forms.ModelChoiceField(label=_("شهرستان محل فعالیت"), queryset=County.objects.none())
    sheba = ShebaField(label=_("شماره شبا برای واریز"))
    jobs_promised = PersianIntegerField(label=_("اشتغال تعهدشده (نفر)"), min_value=0, initial=0)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        organizations=None,
        province_ids=None,
        editing=False,
        allow_person=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations
            if allow_person:
                self.fields["organization"].required = False
                self.fields["organization"].empty_label = _("خودم، به عنوان شخص")
            del self.fields["version"]
        self.fields["county"].queryset = County.objects.filter(province_id__in=province_ids or [])


class TransitionForm(IdempotentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("signed_on", today)
            self.initial.setdefault("disbursed_on", today)

    note = forms.CharField(
        label=_("یادداشت / دلیل"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    amount = RialField(label=_("مبلغ (ریال)"), required=False)
    override = forms.BooleanField(label=_("نادیده گرفتن شرایط احرازنشده"), required=False)
    signed_on = JalaliDateField(label=_("تاریخ امضای قرارداد"), required=False)
    disbursed_on = JalaliDateField(label=_("تاریخ پرداخت"), required=False)
    reference = forms.CharField(label=_("شماره پیگیری"), required=False, max_length=64)


class RepaymentForm(IdempotentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("paid_on", timezone.localdate())

    amount = RialField(label=_("مبلغ (ریال)"), min_value=1)
    paid_on = JalaliDateField(label=_("تاریخ پرداخت"), required=False)
    reference = forms.CharField(label=_("شماره پیگیری"), required=False, max_length=64)


class ReversalForm(IdempotentForm):
    reason = PersianCharField(
        label=_("دلیل برگشت"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    reference = forms.CharField(label=_("شماره پیگیری برگشت"), max_length=64)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class PayoffForm(forms.Form):
    on = JalaliDateField(label=_("تاریخ تسویه"), required=False)


class WaiverForm(IdempotentForm):
    amount = RialField(
        label=_("مبلغ بخشودگی (ریال)"),
        min_value=1,
        required=False,
        help_text=_("خالی یعنی همه وجه التزام پرداخت‌نشده."),
    )
    reason = PersianCharField(
        label=_("دلیل بخشودگی"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class RescheduleForm(IdempotentForm):
    kind = forms.ChoiceField(
        label=_("نوع استمهال"),
        choices=[c for c in ScheduleVersion.Kind.choices if c[0] != ScheduleVersion.Kind.DECREE],
    )
    months = PersianIntegerField(
        label=_("ماه‌های تنفس"), required=False, min_value=1, max_value=MAX_GRACE_MONTHS
    )
    extra = PersianIntegerField(label=_("اقساط افزوده"), required=False, min_value=1, max_value=120)
    rate = PersianDecimalField(
        label=_("نرخ سود تازه (درصد)"),
        required=False,
        min_value=0,
        max_value=MAX_ANNUAL_RATE,
        max_digits=5,
        decimal_places=2,
    )
    from_date = JalaliDateField(label=_("نرخ تازه از تاریخ"), required=False)
    reason = PersianCharField(
        label=_("دلیل استمهال"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def params(self) -> dict:
        data = self.cleaned_data
        return {
            k: data[k] for k in ("months", "extra", "rate", "from_date") if data.get(k) is not None
        }


class DecreeForm(forms.Form):
    kind = forms.ChoiceField(label=_("نوع مصوبه"), choices=Decree.Kind.choices)
    title = PersianCharField(label=_("عنوان"), max_length=200)
    number = forms.CharField(label=_("شماره مصوبه"), max_length=64, required=False)
    programs = forms.ModelMultipleChoiceField(label=_("برنامه‌ها"), queryset=Program.objects.none())
    sectors = forms.ModelMultipleChoiceField(
        label=_("بخش‌ها (خالی یعنی همه)"), queryset=Sector.objects.all(), required=False
    )
    date_from = JalaliDateField(label=_("از تاریخ"))
    date_to = JalaliDateField(label=_("تا تاریخ"))
    months = PersianIntegerField(
        label=_("ماه‌های تعویق"), required=False, min_value=1, max_value=MAX_GRACE_MONTHS
    )
    reason = PersianCharField(
        label=_("دلیل"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programs"].queryset = (
            programs if programs is not None else Program.objects.none()
        )


class JobReportForm(forms.Form):
    jobs_created = PersianIntegerField(label=_("اشتغال ایجادشده (نفر)"), min_value=0)
    reported_on = JalaliDateField(label=_("تاریخ گزارش"))
    note = PersianCharField(
        label=_("توضیح"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=_("مستند (فهرست بیمه، قرارداد …)"), required=False)


class PackageRequestForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("سازمان"), queryset=Organization.objects.none())
    note = PersianCharField(
        label=_("توضیح"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class ProgramForm(forms.ModelForm, LoanTermsFields):
    opens_on = JalaliDateField(label=_("آغاز پذیرش"))
    closes_on = JalaliDateField(label=_("پایان پذیرش"))
    budget = RialField(label=_("اعتبار (ریال)"))
    min_amount = RialField(label=_("کمینه مبلغ (ریال)"), required=False)
    max_amount = RialField(label=_("بیشینه مبلغ (ریال)"), required=False)
    default_after = PersianIntegerField(label=_("نکول پس از این تعداد قسط معوق"), min_value=1)
    penalty_points = PersianDecimalField(
        label=_("وجه التزام: درصد افزون بر نرخ قرارداد"),
        min_value=0,
        max_value=MAX_ANNUAL_RATE,
        max_digits=5,
        decimal_places=2,
        initial=6,
        required=False,
    )
    penalty_grace_days = PersianIntegerField(
        label=_("مهلت بی‌جریمه پس از سررسید (روز)"),
        min_value=0,
        max_value=365,
        initial=0,
        required=False,
    )

    def clean_penalty_points(self):
        value = self.cleaned_data.get("penalty_points")
        return Decimal(6) if value is None else value

    def clean_penalty_grace_days(self):
        return self.cleaned_data.get("penalty_grace_days") or 0

    def clean_allocation_order(self):
        return self.cleaned_data.get("allocation_order") or AllocationOrder.PENALTY_FIRST

    required_cover_percent = PersianIntegerField(
        label=_("پوشش لازم تضمین‌ها (درصد مبلغ مصوب)"),
        min_value=0,
        max_value=1000,
        required=False,
        help_text=_("امضای قرارداد تا رسیدن جمع تضمین‌ها به این درصد از مبلغ مصوب رد می‌شود."),
    )
    required_documents = forms.CharField(
        label=_("مدارک لازم درخواست (هر کدام در یک سطر)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("مثلاً طرح کسب‌وکار، پروانه کسب یا کارت صنفی، صورت‌حساب بانکی."),
    )
    provinces = forms.ModelMultipleChoiceField(
        label=_("استان‌های مشمول"), queryset=Province.objects.all()
    )
    rule_kinds = forms.MultipleChoiceField(
        label=_("شرایط احراز"),
        choices=EligibilityRule.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rule_org_kinds = forms.MultipleChoiceField(
        label=_("انواع سازمان مجاز"), choices=Organization.Kind.choices, required=False
    )
    rule_provinces = forms.ModelMultipleChoiceField(
        label=_("استان‌های مجاز متقاضی"), queryset=Province.objects.all(), required=False
    )
    rule_sectors = forms.CharField(label=_("نامک بخش‌ها یا توانمندی‌ها (با ویرگول)"), required=False)
    rule_min_jobs = PersianIntegerField(label=_("کمینه اشتغال"), min_value=0, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Program
        fields = list(PROGRAM_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = Organization.objects.filter(kind=Organization.Kind.FUND)
        self.fields["fund"].required = False
        self.fields["allocation_order"].required = False
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
            self.initial["provinces"] = list(self.instance.provinces.all())
            rules = {r.kind: r.params for r in self.instance.rules.all()}
            self.initial["rule_kinds"] = list(rules)
            self.initial["rule_org_kinds"] = rules.get("organization_kind", {}).get("kinds", [])
            codes = rules.get("province", {}).get("provinces", [])
            self.initial["rule_provinces"] = list(Province.objects.filter(code__in=codes))
            sector = rules.get("sector", {})
            self.initial["rule_sectors"] = ", ".join(
                sector.get("sectors", []) + sector.get("capabilities", [])
            )
            self.initial["rule_min_jobs"] = rules.get("min_jobs", {}).get("min_jobs")
            self.initial["required_documents"] = "\n".join(
                r.name for r in self.instance.document_requirements.all()
            )

    def program_fields(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["min_amount"] = values["min_amount"] or 0
        values["max_amount"] = values["max_amount"] or 0
        values["required_cover_percent"] = values["required_cover_percent"] or 0
        return {**values, **self.term_values()}

    def documents(self) -> list[str]:
        """The required documents, one per line."""
        return (self.cleaned_data.get("required_documents") or "").splitlines()

    def rules(self) -> dict[str, dict]:
        data = self.cleaned_data
        slugs = [s.strip() for s in (data.get("rule_sectors") or "").split(",") if s.strip()]
        params = {
            "organization_kind": {"kinds": data.get("rule_org_kinds") or []},
            "province": {"provinces": [p.code for p in data.get("rule_provinces") or []]},
            "sector": {"sectors": slugs, "capabilities": slugs},
            "min_jobs": {"min_jobs": data.get("rule_min_jobs") or 0},
        }
        return {kind: params.get(kind, {}) for kind in data.get("rule_kinds") or []}


class PackageForm(forms.ModelForm):
    capacity = PersianIntegerField(label=_("ظرفیت"), min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SupportPackage
        fields = list(PACKAGE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)


class DocumentUploadForm(forms.Form):
    requirement = forms.ModelChoiceField(
        label=_("مدرک"), queryset=DocumentRequirement.objects.none()
    )
    file = forms.FileField(label=_("پرونده (PDF، تصویر یا سند اداری)"))

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = DocumentRequirement.objects.filter(
            program=program
        ).order_by("position", "id")


class GuaranteeForm(IdempotentForm):
    """A guarantee as the fund's officer records it; which fields a kind needs is the
    service's rule (``services.cover.guarantee_add``)."""

    kind = forms.ChoiceField(label=_("نوع تضمین"), choices=Guarantee.Kind.choices)
    amount = RialField(label=_("مبلغ پوشش یا ارزش کارشناسی (ریال)"), min_value=1)
    guarantor_name = PersianCharField(label=_("نام ضامن"), required=False, max_length=200)
    national_code = NationalCodeField(label=_("کد ملی ضامن"), required=False)
    employer = PersianCharField(label=_("محل کار ضامن"), required=False, max_length=200)
    relationship = PersianCharField(label=_("نسبت با متقاضی"), required=False, max_length=100)
    serial = PersianCharField(label=_("شماره سریال چک یا سفته"), required=False, max_length=64)
    registration_number = PersianCharField(label=_("شماره ثبت سند"), required=False, max_length=64)
    note = PersianCharField(
        label=_("توضیح"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def guarantee_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "idempotency_key"}


class AgingFilterForm(forms.Form):
    program = forms.ModelChoiceField(
        label=_("برنامه"), queryset=Program.objects.none(), required=False
    )
    province = forms.ModelChoiceField(
        label=_("استان"), queryset=Province.objects.all(), required=False
    )

    def __init__(self, *args, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = (
            programs if programs is not None else Program.objects.none()
        )
