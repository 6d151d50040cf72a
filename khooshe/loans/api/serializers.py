"""Input and output shapes of the support-programs API."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from khooshe.loans.models import (
    AmortizationMethod,
    Application,
    Bucket,
    BucketChange,
    GraceTreatment,
    Guarantee,
    Installment,
    Program,
    Repayment,
    Reversal,
    ScheduleVersion,
    Waiver,
)
from khooshe.loans.permissions import can_act
from khooshe.loans.schedule import MAX_AMOUNT
from khooshe.loans.workflow import machine
from khooshe.persian.money import parse_amount
from khooshe.persian.serializers import (
    MAX_BIGINT,
    IntegerField,
    JalaliDateField,
    ShebaField,
    jalali_pair,
)
from khooshe.persian.text import to_latin_digits


@extend_schema_field(
    {
        "oneOf": [{"type": "integer"}, {"type": "string"}],
        "example": "۱٬۲۰۰٬۰۰۰٬۰۰۰",
        "description": "A whole number; any digits, thousands separators allowed.",
    }
)
class AmountField(serializers.Field):
    """A whole number typed in any digits, with or without thousands separators."""

    default_error_messages = {
        "invalid": _("عدد صحیح بنویسید."),
        "max_value": _("این عدد بزرگ‌تر از حد مجاز است."),
    }

    def __init__(self, *, max_value: int = MAX_BIGINT, **kwargs):
        self.max_value = max_value
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            value = parse_amount(data if isinstance(data, int) else str(data))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        if value is not None and abs(value) > self.max_value:
            self.fail("max_value")  # at most what the database stores: never a 500
        return value

    def to_representation(self, value):
        return value


@extend_schema_field(
    {
        "oneOf": [{"type": "integer"}, {"type": "string"}],
        "example": "۳۶",
        "description": "A whole number of months or installments; any digits.",
    }
)
class CountField(AmountField):
    """A count (installments, months): its error speaks of a count, not of an amount."""

    default_error_messages = {"invalid": _("عدد صحیح بنویسید؛ مثلاً ۱۲ (بدون ممیز).")}

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:
            self.fail("invalid")


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string"}], "example": "4.5"})
class RateField(serializers.Field):
    default_error_messages = {"invalid": _("نرخ سود را به صورت عدد بنویسید؛ مثلاً ۴ یا ۴٫۵.")}

    def to_internal_value(self, data):
        if isinstance(data, (bool, float)):
            data = str(data)
        text = to_latin_digits(str(data)).strip().replace("٫", ".").replace("/", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            self.fail("invalid")
        if not value.is_finite():
            self.fail("invalid")
        return value

    def to_representation(self, value):
        return str(value)


class LoanScheduleRequestSerializer(serializers.Serializer):
    amount = AmountField(
        label=_("مبلغ وام (ریال)"),
        max_value=MAX_AMOUNT,
        error_messages={
            "max_value": _("مبلغ وام نمی‌تواند بیش از ۱٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال باشد.")
        },
    )
    annual_rate = RateField(label=_("نرخ سود سالانه (درصد)"))
    installments = CountField(label=_("تعداد اقساط"))
    grace_months = CountField(label=_("دوره تنفس (ماه)"), required=False, default=0)
    grace_interest = serializers.ChoiceField(
        choices=GraceTreatment.choices, required=False, default=GraceTreatment.PAID_MONTHLY
    )
    method = serializers.ChoiceField(
        choices=AmortizationMethod.choices, required=False, default=AmortizationMethod.ANNUITY
    )
    rounding = AmountField(label=_("واحد گرد کردن (ریال)"), required=False, default=1)
    disbursed_on = JalaliDateField(label=_("تاریخ پرداخت وام"), required=False)


class ScheduleLineSerializer(serializers.Serializer):
    number = IntegerField()
    due_date = serializers.CharField()
    due_date_iso = serializers.DateField()
    principal = IntegerField()
    interest = IntegerField()
    total = IntegerField()
    balance = IntegerField()
    is_grace = serializers.BooleanField()


class LoanScheduleSerializer(serializers.Serializer):
    installments = ScheduleLineSerializer(many=True)
    total_interest = IntegerField()
    total_paid = IntegerField()
    amortized_principal = IntegerField()
    terms = serializers.DictField()


class ProgramScheduleQuerySerializer(serializers.Serializer):
    amount = AmountField()
    disbursed_on = JalaliDateField(required=False)


class RuleSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField(source="get_kind_display")
    params = serializers.JSONField()


class PackageSerializer(serializers.Serializer):
    id = IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    capacity = IntegerField()
    allocation = serializers.CharField()


class ProgramSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", default=None)
    provinces = serializers.SerializerMethodField()
    fund = serializers.SerializerMethodField()
    opens_on = JalaliDateField(read_only=True)
    closes_on = JalaliDateField(read_only=True)
    opens_on_iso = serializers.DateField(source="opens_on", read_only=True)
    closes_on_iso = serializers.DateField(source="closes_on", read_only=True)
    is_open = serializers.BooleanField(read_only=True)
    annual_rate = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=True)
    rules = RuleSerializer(many=True, read_only=True)
    packages = PackageSerializer(many=True, read_only=True)
    required_documents = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = [
            "id",
            "name",
            "kind",
            "description",
            "province",
            "provinces",
            "fund",
            "budget",
            "opens_on",
            "closes_on",
            "opens_on_iso",
            "closes_on_iso",
            "is_open",
            "min_amount",
            "max_amount",
            *Program.TERM_FIELDS,
            "allow_override",
            "screening",
            "default_after",
            "penalty_enabled",
            "penalty_points",
            "penalty_grace_days",
            "allocation_order",
            "required_cover_percent",
            "required_documents",
            "rules",
            "packages",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            },
        }
    )
    def get_required_documents(self, program) -> list[dict]:
        return [{"id": r.pk, "name": r.name} for r in program.document_requirements.all()]

    def get_provinces(self, program) -> list[str]:
        return [p.code for p in program.provinces.all()]

    def get_fund(self, program) -> dict | None:
        return {"id": program.fund_id, "name": program.fund.name} if program.fund_id else None


class ProgramDetailSerializer(ProgramSerializer):
    committed = IntegerField(read_only=True)
    disbursed = IntegerField(read_only=True)

    class Meta(ProgramSerializer.Meta):
        fields = [*ProgramSerializer.Meta.fields, "committed", "disbursed"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    program = serializers.SerializerMethodField()
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    applicant = serializers.CharField(source="applicant_name", read_only=True)
    province = serializers.CharField(source="province.code", read_only=True)
    county = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "program",
            "state",
            "state_label",
            "organization",
            "person",
            "applicant",
            "province",
            "county",
            "amount_requested",
            "amount_approved",
            "purpose",
            "sheba",
            "jobs_promised",
            "eligibility",
            "eligibility_passed",
            "decision_reason",
            "submitted_at",
            "credit",
            "version",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_program(self, application) -> dict:
        return {"id": application.program_id, "name": application.program.name}

    def get_county(self, application) -> dict:
        return {"id": application.county_id, "name": application.county.name}

    def get_allowed_actions(self, application) -> list[str]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return [
            t.action
            for t in machine.allowed_actions(application.state)
            if t.action not in ("repay", "settle") and user and can_act(user, application, t.action)
        ]


class ApplicationCreateSerializer(serializers.Serializer):
    program = IntegerField()
    organization = IntegerField(
        required=False, allow_null=True, help_text="Omit to apply as yourself (a registry person)."
    )
    amount_requested = AmountField()
    purpose = serializers.CharField()
    county = IntegerField()
    sheba = ShebaField()
    jobs_promised = IntegerField(min_value=0, default=0)


class ApplicationUpdateSerializer(serializers.Serializer):
    version = IntegerField(required=False)
    amount_requested = AmountField(required=False)
    purpose = serializers.CharField(required=False)
    county = IntegerField(required=False)
    sheba = ShebaField(required=False)
    jobs_promised = IntegerField(min_value=0, required=False)


class TransitionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    amount = AmountField(required=False)
    override = serializers.BooleanField(required=False, default=False)
    signed_on = JalaliDateField(required=False)
    disbursed_on = JalaliDateField(required=False)
    reference = serializers.CharField(required=False, allow_blank=True, default="")


class InstallmentSerializer(serializers.ModelSerializer):
    due_date = JalaliDateField(source="due_on", read_only=True)
    due_date_iso = serializers.DateField(source="due_on", read_only=True)
    paid_on = JalaliDateField(read_only=True)
    paid = IntegerField(read_only=True)
    remaining = IntegerField(read_only=True)
    tranche = IntegerField(source="disbursement_id", read_only=True)
    days_late = serializers.SerializerMethodField()

    class Meta:
        model = Installment
        fields = [
            "number",
            "tranche",
            "due_date",
            "due_date_iso",
            "principal",
            "interest",
            "total",
            "balance",
            "is_grace",
            "paid_interest",
            "paid_principal",
            "paid",
            "remaining",
            "paid_on",
            "days_late",
        ]
        read_only_fields = fields

    def get_days_late(self, installment) -> int:
        return installment.days_late(self.context["today"])


class RepaymentSerializer(serializers.ModelSerializer):
    paid_on = JalaliDateField(read_only=True)
    paid_on_iso = serializers.DateField(source="paid_on", read_only=True)

    class Meta:
        model = Repayment
        fields = [
            "id",
            "amount",
            "paid_on",
            "paid_on_iso",
            "reference",
            "allocation",
            "credit_used",
            "credit_left",
            "created_at",
        ]
        read_only_fields = fields


class RepaymentCreateSerializer(serializers.Serializer):
    amount = AmountField()
    paid_on = JalaliDateField(required=False)
    reference = serializers.CharField(required=False, allow_blank=True, default="")


class JobsRowSerializer(serializers.Serializer):
    county_id = IntegerField()
    county = serializers.CharField()
    applications = IntegerField()
    promised = IntegerField()
    created = IntegerField()


class JobsSerializer(serializers.Serializer):
    promised = IntegerField()
    created = IntegerField()
    by_county = JobsRowSerializer(many=True)


class SupportPackageSerializer(serializers.Serializer):
    id = IntegerField()
    program = IntegerField(source="program_id")
    program_name = serializers.CharField(source="program.name")
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    description = serializers.CharField()
    capacity = IntegerField()
    allocation = serializers.CharField()
    taken = IntegerField()
    left = IntegerField()


class PackageRequestCreateSerializer(serializers.Serializer):
    organization = IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PackageRequestSerializer(serializers.Serializer):
    id = IntegerField()
    package = IntegerField(source="package_id")
    organization = IntegerField(source="organization_id")
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    delivered_on = JalaliDateField(read_only=True)


# --- ledger corrections -----------------------------------------------------------------------


class ReversalCreateSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    reference = serializers.CharField(max_length=64)
    version = IntegerField(required=False, min_value=0, max_value=MAX_BIGINT)


class ReversalSerializer(serializers.ModelSerializer):
    reversed_on = JalaliDateField(read_only=True)
    reversed_on_iso = serializers.DateField(source="reversed_on", read_only=True)
    repayment = IntegerField(source="repayment_id", read_only=True, allow_null=True)
    disbursement = IntegerField(source="disbursement_id", read_only=True, allow_null=True)
    loan_state = serializers.CharField(source="application.state", read_only=True)

    class Meta:
        model = Reversal
        fields = [
            "id",
            "repayment",
            "disbursement",
            "reason",
            "reference",
            "reversed_on",
            "reversed_on_iso",
            "loan_state",
            "created_at",
        ]
        read_only_fields = fields


class PayoffQuerySerializer(serializers.Serializer):
    on = JalaliDateField(required=False)


class PayoffQuoteSerializer(serializers.Serializer):
    on = JalaliDateField()
    on_iso = serializers.DateField(source="on")
    principal = IntegerField()
    interest = IntegerField()
    penalty = IntegerField()
    credit = IntegerField()
    amount = IntegerField()


class WaiverCreateSerializer(serializers.Serializer):
    amount = AmountField(required=False)
    reason = serializers.CharField(max_length=2000)
    version = IntegerField(required=False, min_value=0, max_value=MAX_BIGINT)


class WaiverSerializer(serializers.ModelSerializer):
    granted_on = JalaliDateField(read_only=True)
    granted_on_iso = serializers.DateField(source="granted_on", read_only=True)
    decree = IntegerField(source="decree_id", read_only=True, allow_null=True)

    class Meta:
        model = Waiver
        fields = ["id", "amount", "reason", "decree", "granted_on", "granted_on_iso"]
        read_only_fields = fields


class RescheduleSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[c for c in ScheduleVersion.Kind.choices if c[0] != ScheduleVersion.Kind.DECREE]
    )
    months = IntegerField(required=False, min_value=1, max_value=60)
    extra = IntegerField(required=False, min_value=1, max_value=120)
    rate = serializers.DecimalField(
        required=False, max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100)
    )
    from_date = JalaliDateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    confirm = serializers.BooleanField(required=False, default=False)
    version = IntegerField(required=False, min_value=0, max_value=MAX_BIGINT)


class PreviewLineSerializer(serializers.Serializer):
    number = IntegerField()
    tranche = IntegerField()
    due_date = JalaliDateField(source="due_on")
    due_date_iso = serializers.DateField(source="due_on")
    principal = IntegerField()
    interest = IntegerField()
    total = IntegerField()
    is_grace = serializers.BooleanField()


class ReschedulePreviewSerializer(serializers.Serializer):
    kind = serializers.CharField()
    old = PreviewLineSerializer(many=True)
    new = PreviewLineSerializer(many=True)
    old_total = IntegerField()
    new_total = IntegerField()


class ScheduleVersionSerializer(serializers.ModelSerializer):
    effective_on = JalaliDateField(read_only=True)
    effective_on_iso = serializers.DateField(source="effective_on", read_only=True)
    decree = IntegerField(source="decree_id", read_only=True, allow_null=True)
    undone = serializers.SerializerMethodField()

    class Meta:
        model = ScheduleVersion
        fields = [
            "number",
            "kind",
            "params",
            "reason",
            "effective_on",
            "effective_on_iso",
            "decree",
            "undone",
            "created_at",
        ]
        read_only_fields = fields

    def get_undone(self, version) -> bool:
        return version.undone_at is not None


class UndoSerializer(serializers.Serializer):
    version = IntegerField(required=False, min_value=0, max_value=MAX_BIGINT)


# --- cover: documents and guarantees -----------------------------------------------------------


class DocumentFileSerializer(serializers.Serializer):
    id = IntegerField(source="pk")
    name = serializers.CharField(source="original_name")
    mime_type = serializers.CharField()
    size = IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, attachment) -> str:
        return reverse("core:attachment", args=[attachment.pk])


class ApplicationDocumentSerializer(serializers.Serializer):
    id = IntegerField(source="pk")
    requirement = IntegerField(source="requirement_id")
    uploaded_at = serializers.DateTimeField(source="created_at")
    files = DocumentFileSerializer(many=True)


class DocumentChecklistSerializer(serializers.Serializer):
    """A required document of the program and what was uploaded for it."""

    requirement = IntegerField(source="requirement.pk")
    name = serializers.CharField(source="requirement.name")
    provided = serializers.SerializerMethodField()
    documents = ApplicationDocumentSerializer(many=True)

    def get_provided(self, item) -> bool:
        return bool(item["documents"])


class DocumentUploadSerializer(serializers.Serializer):
    requirement = IntegerField()
    file = serializers.FileField()


class GuaranteeSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    released_on = serializers.SerializerMethodField()
    released_on_iso = serializers.DateField(source="released_on", read_only=True, allow_null=True)

    class Meta:
        model = Guarantee
        fields = [
            "id",
            "kind",
            "kind_label",
            "amount",
            "guarantor_name",
            "national_code",
            "employer",
            "relationship",
            "serial",
            "registration_number",
            "note",
            "state",
            "state_label",
            "released_on",
            "released_on_iso",
            "version",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True, "example": "1403/04/02"})
    def get_released_on(self, guarantee) -> str | None:
        return jalali_pair(guarantee.released_on)["jalali"] if guarantee.released_on else None


class GuaranteeCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Guarantee.Kind.choices)
    amount = AmountField()
    guarantor_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    national_code = serializers.CharField(required=False, allow_blank=True, max_length=32)
    employer = serializers.CharField(required=False, allow_blank=True, max_length=200)
    relationship = serializers.CharField(required=False, allow_blank=True, max_length=100)
    serial = serializers.CharField(required=False, allow_blank=True, max_length=64)
    registration_number = serializers.CharField(required=False, allow_blank=True, max_length=64)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class CoverSerializer(serializers.Serializer):
    required_percent = IntegerField()
    required = IntegerField()
    held = IntegerField()
    guarantees = GuaranteeSerializer(many=True)


# --- collections -------------------------------------------------------------------------------


class BucketCellSerializer(serializers.Serializer):
    bucket = serializers.CharField()
    label = serializers.CharField()
    loans = IntegerField()
    principal = IntegerField()


class AgingRowSerializer(serializers.Serializer):
    id = IntegerField(source="key", allow_null=True)
    name = serializers.CharField()
    loans = IntegerField()
    principal = IntegerField()
    at_risk_loans = IntegerField()
    at_risk_principal = IntegerField()
    par_percent = serializers.FloatField()
    buckets = serializers.SerializerMethodField()

    @extend_schema_field(BucketCellSerializer(many=True))
    def get_buckets(self, row) -> list:
        return [
            {"bucket": b, "label": label, "loans": n, "principal": p}
            for b, label, n, p in row.buckets()
        ]


class AgingReportSerializer(serializers.Serializer):
    date = serializers.SerializerMethodField()
    total = AgingRowSerializer()
    program = AgingRowSerializer(many=True)
    province = AgingRowSerializer(many=True)
    county = AgingRowSerializer(many=True)

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"jalali": {"type": "string"}, "iso": {"type": "string"}},
        }
    )
    def get_date(self, report) -> dict:
        return jalali_pair(report["today"])


class AgingQuerySerializer(serializers.Serializer):
    program = IntegerField(required=False)
    province = IntegerField(required=False)
    county = IntegerField(required=False)


class AgingTrendSerializer(serializers.Serializer):
    period = serializers.CharField()
    buckets = serializers.SerializerMethodField()

    @extend_schema_field(BucketCellSerializer(many=True))
    def get_buckets(self, month) -> list:
        return [
            {
                "bucket": b,
                "label": str(label),
                "loans": month["buckets"][b][0],
                "principal": month["buckets"][b][1],
            }
            for b, label in Bucket.choices
        ]


class BucketChangeSerializer(serializers.ModelSerializer):
    changed_on = JalaliDateField(read_only=True)
    changed_on_iso = serializers.DateField(source="changed_on", read_only=True)
    bucket_label = serializers.CharField(source="get_bucket_display", read_only=True)

    class Meta:
        model = BucketChange
        fields = ["changed_on", "changed_on_iso", "bucket", "bucket_label", "days_overdue"]
        read_only_fields = fields
