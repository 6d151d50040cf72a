from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from khooshe.eservices.models import Audience, ChannelKind, EService, Maturity
from khooshe.eservices.permissions import AGENCY_KINDS
from khooshe.persian.serializers import JalaliDateField, jalali_pair
from khooshe.persian.text import to_latin_digits
from khooshe.registry.models import Organization


@extend_schema_field(OpenApiTypes.INT)
class AnyDigitsIntegerField(serializers.IntegerField):
    """A whole number sent as a number or as text in any digit script («۱۴۰۲», «١٤٠٢»)."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = to_latin_digits(data).strip().replace("٬", "").replace(",", "")
        return super().to_internal_value(data)


AUDIENCE_LABELS = dict(Audience.choices)
MATURITY_LABELS = dict(Maturity.choices)
STATUS_LABELS = dict(EService.Status.choices)
CHANNEL_LABELS = dict(ChannelKind.choices)


class EServiceAgencySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class EServiceChannelSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ChannelKind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    address = serializers.CharField(max_length=300)


class EServiceTransactionsSerializer(serializers.Serializer):
    jalali_year = AnyDigitsIntegerField()
    count = AnyDigitsIntegerField()
    source = serializers.CharField(max_length=200)


class EServiceSerializer(serializers.ModelSerializer):
    agency = EServiceAgencySerializer()
    province = serializers.CharField(source="province.code")
    audience_label = serializers.SerializerMethodField()
    maturity_label = serializers.SerializerMethodField()
    maturity_level = serializers.IntegerField()
    status_label = serializers.SerializerMethodField()
    launched_on = serializers.SerializerMethodField()
    channels = serializers.SerializerMethodField()
    yearly_transactions = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = EService
        fields = [
            "id",
            "name",
            "description",
            "agency",
            "province",
            "audience",
            "audience_label",
            "maturity",
            "maturity_label",
            "maturity_level",
            "in_national_catalogue",
            "fee",
            "delivery_hours",
            "launched_on",
            "status",
            "status_label",
            "channels",
            "yearly_transactions",
            "version",
            "updated_at",
            "url",
        ]

    # Labels by dict lookups: Django's get_FOO_display rebuilds the choices on every call.
    def get_audience_label(self, obj) -> str:
        return str(AUDIENCE_LABELS.get(obj.audience, obj.audience))

    def get_maturity_label(self, obj) -> str:
        return str(MATURITY_LABELS.get(obj.maturity, obj.maturity))

    def get_status_label(self, obj) -> str:
        return str(STATUS_LABELS.get(obj.status, obj.status))

    @extend_schema_field(EServiceChannelSerializer(many=True))
    def get_channels(self, obj):
        return [
            {
                "kind": c.kind,
                "kind_label": str(CHANNEL_LABELS.get(c.kind, c.kind)),
                "address": c.address,
            }
            for c in obj.channels.all()
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"jalali": {"type": "string"}, "iso": {"type": "string"}},
        }
    )
    def get_launched_on(self, obj):
        return jalali_pair(obj.launched_on) if obj.launched_on else None

    @extend_schema_field(EServiceTransactionsSerializer(many=True))
    def get_yearly_transactions(self, obj):
        rows = getattr(obj, "_prefetched_objects_cache", {}).get("yearly_transactions")
        if rows is None:
            return []
        return [{"jalali_year": t.jalali_year, "count": t.count, "source": t.source} for t in rows]


class EServiceWriteSerializer(serializers.Serializer):
    """Create (``agency`` required) or edit (``version`` from the last read; 409 when stale).
    Numbers may be sent in any digit script; ``launched_on`` in Jalali (any digits) or ISO.
    ``channels`` replaces the service's channels when sent."""

    agency = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False)
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)
    maturity = serializers.ChoiceField(choices=Maturity.choices, required=False)
    in_national_catalogue = serializers.BooleanField(required=False)
    fee = AnyDigitsIntegerField(required=False)
    delivery_hours = AnyDigitsIntegerField(required=False, allow_null=True)
    launched_on = JalaliDateField(required=False, allow_null=True)
    status = serializers.ChoiceField(
        choices=[EService.Status.PLANNED, EService.Status.LIVE], required=False
    )
    channels = EServiceChannelSerializer(many=True, required=False)
    version = AnyDigitsIntegerField(required=False)

    def validate_agency(self, agency):
        if agency.kind not in AGENCY_KINDS:
            raise serializers.ValidationError(
                _("این سازمان دستگاه اجرایی یا دفتر پیشخوان نیست و فهرست خدمات ندارد.")
            )
        return agency

    def validate_channels(self, channels):
        kinds = [c["kind"] for c in channels]
        if len(kinds) != len(set(kinds)):
            raise serializers.ValidationError(_("هر درگاه را یک بار بفرستید."))
        return {c["kind"]: c["address"] for c in channels}


class EServiceTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["launch", "retire", "reinstate"])
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CatalogueReviewSerializer(serializers.Serializer):
    agency = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    note = serializers.CharField(required=False, allow_blank=True, default="")
