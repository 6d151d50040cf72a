from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from khooshe.events.models import Event, Exhibitor, Registration
from khooshe.persian.jalali import TEHRAN, format_jalali
from khooshe.persian.serializers import IntegerField, MobileField


class RefSerializer(serializers.Serializer):
    id = IntegerField()
    name = serializers.CharField()


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            "jalali": {"type": "string", "example": "1395/08/04 09:00"},
            "iso": {"type": "string", "format": "date-time"},
        },
        "required": ["jalali", "iso"],
    }
)
class JalaliDateTimeField(serializers.Field):
    """``{"jalali": "1395/08/04 09:00", "iso": "2016-10-25T09:00:00+03:30"}`` (Tehran time)."""

    def to_representation(self, value):
        local = value.astimezone(TEHRAN)
        return {
            "jalali": f"{format_jalali(local, digits='latin')} {local:%H:%M}",
            "iso": local.isoformat(),
        }


class SessionSerializer(serializers.Serializer):
    id = IntegerField()
    title = serializers.CharField()
    starts_at = JalaliDateTimeField()
    ends_at = JalaliDateTimeField()
    place = serializers.CharField()
    speakers = serializers.StringRelatedField(many=True)


class EventSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code")
    organizer = RefSerializer()
    co_organizers = RefSerializer(many=True)
    starts_at = JalaliDateTimeField()
    ends_at = JalaliDateTimeField()
    registration_closes_at = JalaliDateTimeField(allow_null=True)
    kind_display = serializers.CharField(source="get_kind_display")
    sessions = SessionSerializer(many=True)
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "kind",
            "kind_display",
            "province",
            "venue",
            "starts_at",
            "ends_at",
            "description",
            "organizer",
            "co_organizers",
            "capacity",
            "registration_closes_at",
            "resolution_id",
            "commitment_id",
            "sessions",
            "url",
            "version",
        ]


class BoothSerializer(serializers.Serializer):
    id = IntegerField()
    hall = serializers.CharField(source="hall.name")
    number = serializers.CharField()
    size_m2 = IntegerField()


class ExhibitorSerializer(serializers.ModelSerializer):
    organization = RefSerializer()
    organization_kind = serializers.CharField(source="organization.kind")
    state_display = serializers.CharField(source="get_state_display")
    booth = BoothSerializer(allow_null=True)
    eservices = RefSerializer(many=True)

    class Meta:
        model = Exhibitor
        fields = [
            "id",
            "organization",
            "organization_kind",
            "exhibits",
            "eservices",
            "state",
            "state_display",
            "booth",
            "decline_reason",
            "version",
        ]


class ExhibitorApplySerializer(serializers.Serializer):
    organization = IntegerField(min_value=1)
    eservices = serializers.ListField(child=IntegerField(min_value=1), required=False, default=list)
    exhibits = serializers.CharField(allow_blank=True, required=False, default="")


class DecisionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["accept", "waitlist", "decline"])
    booth = IntegerField(min_value=1, required=False)
    reason = serializers.CharField(allow_blank=True, required=False, default="")
    note = serializers.CharField(allow_blank=True, required=False, default="")


class RegistrationSerializer(serializers.ModelSerializer):
    state_display = serializers.CharField(source="get_state_display")
    created_at = JalaliDateTimeField()
    checked_in_at = JalaliDateTimeField(allow_null=True)
    ticket_url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Registration
        fields = [
            "id",
            "event_id",
            "name",
            "mobile",
            "code",
            "state",
            "state_display",
            "created_at",
            "checked_in_at",
            "ticket_url",
        ]


class RegisterSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    mobile = MobileField()


class CheckInSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
