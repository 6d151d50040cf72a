from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from khooshe.geo.models import County, Province
from khooshe.governance.api.serializers import OrganizationRefSerializer
from khooshe.obstacles.models import Answer, Category, Obstacle, Step, Support
from khooshe.persian.serializers import JalaliDateField, JalaliDateWithIsoField, jalali_pair


class CategorySerializer(serializers.ModelSerializer):
    """Open311 GeoReport v2 "service" shape."""

    service_code = serializers.CharField(source="slug")
    service_name = serializers.CharField(source="name")
    service_name_en = serializers.CharField(source="name_en")
    metadata = serializers.SerializerMethodField()
    type = serializers.SerializerMethodField()
    keywords = serializers.SerializerMethodField()
    group = serializers.SerializerMethodField()

    class Meta:
        model = Category
        fields = [
            "id", "service_code", "service_name", "service_name_en", "description",
            "metadata", "type", "keywords", "group",
        ]  # fmt: skip

    def get_metadata(self, obj) -> bool:
        return False

    def get_type(self, obj) -> str:
        return "realtime"

    def get_keywords(self, obj) -> str:
        return obj.slug

    def get_group(self, obj) -> str:
        return "business-obstacles"


class ObstacleSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.slug")
    category_name = serializers.CharField(source="category.name")
    province = serializers.CharField(source="province.code")
    county = serializers.PrimaryKeyRelatedField(read_only=True)
    body = OrganizationRefSerializer(allow_null=True)
    state_label = serializers.CharField(source="get_state_display")
    since = JalaliDateWithIsoField(allow_null=True)
    due = JalaliDateWithIsoField(source="due_on", allow_null=True)
    created = JalaliDateWithIsoField(source="created_at")
    answered = JalaliDateWithIsoField(source="answered_at", allow_null=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = Obstacle
        fields = [
            "id", "title", "description", "category", "category_name", "province", "county",
            "since", "links", "is_public", "body", "state", "state_label", "due", "created",
            "answered", "answered_on_time", "closure", "responsible_name", "duplicate_of",
            "rating", "support_count", "agenda_item", "resolution", "version",
        ]  # fmt: skip

    def get_links(self, obj) -> list[str]:
        return [line for line in obj.links.splitlines() if line]


class ReportSerializer(serializers.Serializer):
    category = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Category.objects.filter(is_active=True),
        error_messages={
            "required": _("دسته مانع را انتخاب کنید."),
            "null": _("دسته مانع را انتخاب کنید."),
            "does_not_exist": _("این دسته تعریف نشده است."),
        },
    )
    title = serializers.CharField(
        max_length=250,
        error_messages={
            "required": _("عنوان مانع را بنویسید."),
            "blank": _("عنوان مانع را بنویسید."),
        },
    )
    description = serializers.CharField(
        error_messages={"required": _("شرح مانع را بنویسید."), "blank": _("شرح مانع را بنویسید.")}
    )
    province = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Province.objects.all(),
        error_messages={
            "required": _("استان را انتخاب کنید."),
            "does_not_exist": _("این استان نیست."),
        },
    )
    county = serializers.PrimaryKeyRelatedField(
        queryset=County.objects.all(), required=False, allow_null=True
    )
    since = JalaliDateField(required=False, allow_null=True)
    links = serializers.ListField(child=serializers.URLField(), required=False)
    is_public = serializers.BooleanField(default=True)
    reporter_organization = serializers.IntegerField(required=False, allow_null=True)
    affected = serializers.ListField(child=serializers.IntegerField(), required=False)


class RouteSerializer(serializers.Serializer):
    body = serializers.IntegerField(error_messages={"required": _("دستگاه پاسخگو را انتخاب کنید.")})
    answer_days = serializers.IntegerField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        error_messages={"required": _("دلیل را بنویسید."), "blank": _("دلیل را بنویسید.")}
    )


class AnswerCreateSerializer(serializers.Serializer):
    text = serializers.CharField(
        error_messages={"required": _("متن پاسخ را بنویسید."), "blank": _("متن پاسخ را بنویسید.")}
    )
    file = serializers.FileField(required=False)


class CloseSerializer(serializers.Serializer):
    closure = serializers.ChoiceField(
        choices=Obstacle.Closure.choices,
        error_messages={
            "required": _("نتیجه بستن را انتخاب کنید."),
            "invalid_choice": _("نتیجه بستن را انتخاب کنید."),
        },
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    responsible_name = serializers.CharField(required=False, allow_blank=True, default="")
    duplicate_of = serializers.PrimaryKeyRelatedField(
        queryset=Obstacle.objects.all(), required=False, allow_null=True,
        error_messages={"does_not_exist": _("مانعی با این شماره نیست.")},
    )  # fmt: skip


class RateSerializer(serializers.Serializer):
    rating = serializers.CharField(error_messages={"required": _("امتیاز را بدهید.")})
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SupportCreateSerializer(serializers.Serializer):
    organization = serializers.IntegerField(
        error_messages={"required": _("سازمان حمایت‌کننده را انتخاب کنید.")}
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SupportSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer()
    created = JalaliDateWithIsoField(source="created_at")

    class Meta:
        model = Support
        fields = ["id", "organization", "note", "created"]


class AnswerSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer()
    created = JalaliDateWithIsoField(source="created_at")

    class Meta:
        model = Answer
        fields = ["id", "organization", "text", "created"]


class StepSerializer(serializers.ModelSerializer):
    at = serializers.SerializerMethodField()

    class Meta:
        model = Step
        fields = ["action", "source", "target", "actor_name", "note", "at"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_at(self, obj):
        return {**jalali_pair(obj.at), "datetime": obj.at.isoformat()}
