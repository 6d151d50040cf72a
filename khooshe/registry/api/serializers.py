"""API shapes of the registry. Output serializers hide private fields per object (legal ID for
staff and the owner only, a person's national code and contacts for staff and the person);
input serializers only check shape — the services hold the rules and their messages."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from khooshe.geo.models import County
from khooshe.persian.aliases import AliasesSerializerField
from khooshe.persian.jalali import format_jalali
from khooshe.persian.serializers import IntegerField, JalaliDateField, JalaliDateWithIsoField
from khooshe.registry import permissions, vouched
from khooshe.registry.documents import documents_of
from khooshe.registry.models import Capability, Cluster, Organization, Person, Sector
from khooshe.registry.services.verification import pending_change


class CapabilitySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Capability
        fields = ["id", "slug", "name", "name_en", "parent", "path"]


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "slug", "name", "name_en"]


class _TagSerializer(serializers.Serializer):
    id = IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


def _viewer(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


@extend_schema_field(serializers.CharField(allow_null=True))
def _county_name(self, obj):
    """The county in the request's language (Accept-Language), or None."""
    return str(obj.county) if obj.county_id else None


def _page_url(serializer, name: str, pk: int) -> str:
    path = reverse(name, args=[pk])
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class GuildMembershipSerializer(serializers.Serializer):
    number = serializers.CharField()
    grade = serializers.CharField()
    field = serializers.CharField()
    started_on = JalaliDateField(allow_null=True)
    expires_on = JalaliDateField(allow_null=True)
    expired = serializers.BooleanField(source="is_expired")


class AffiliationSerializer(serializers.Serializer):
    organization = IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")
    title = serializers.CharField()
    started_on = JalaliDateField(allow_null=True)
    ended_on = JalaliDateField(allow_null=True)


class DocumentSerializer(serializers.Serializer):
    """A document with an expiry date on the profile (knowledge-based certificate, licence,
    guild card)."""

    kind = serializers.CharField()
    label = serializers.CharField()
    number = serializers.CharField()
    expires_on = JalaliDateWithIsoField(allow_null=True)
    expired = serializers.BooleanField()
    days_left = IntegerField(allow_null=True)


class ProposedValueSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    verified = serializers.CharField(help_text="the verified value in force, as shown")
    proposed = serializers.CharField(help_text="the owner's proposed value, as shown")


class ProposedChangeSerializer(serializers.Serializer):
    """An owner's change to vouched fields, for the guild's review."""

    id = IntegerField()
    state = serializers.CharField()
    state_display = serializers.CharField(source="get_state_display")
    values = serializers.SerializerMethodField()
    proposed_by = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    decided_by = serializers.CharField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_reason = serializers.CharField()

    @extend_schema_field(ProposedValueSerializer(many=True))
    def get_values(self, obj):
        return proposed_values(obj)


def proposed_values(change) -> list[dict]:
    return [
        {
            "field": name,
            "label": vouched.field_label(name),
            "verified": vouched.display(name, change.before.get(name)),
            "proposed": vouched.display(name, value),
        }
        for name, value in change.changes.items()
    ]


class OrganizationSerializer(serializers.ModelSerializer):
    aliases = AliasesSerializerField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    legal_id = serializers.SerializerMethodField()
    registration_number = serializers.SerializerMethodField()
    province = serializers.CharField(source="province.code", read_only=True)
    province_name = serializers.CharField(source="province.__str__", read_only=True)
    county_name = serializers.SerializerMethodField()
    get_county_name = _county_name
    capabilities = _TagSerializer(many=True, read_only=True)
    sectors = _TagSerializer(many=True, read_only=True)
    verified = serializers.BooleanField(source="is_verified", read_only=True)
    guild_member = serializers.SerializerMethodField()
    guild_membership = GuildMembershipSerializer(read_only=True, allow_null=True)
    knowledge_based = serializers.BooleanField(source="is_knowledge_based", read_only=True)
    documents = serializers.SerializerMethodField()
    change_awaiting_review = serializers.SerializerMethodField()
    member_since = serializers.SerializerMethodField()
    founded_on = JalaliDateField(read_only=True, allow_null=True)
    #: A web address, or empty: a plain string in the schema (``""`` is not a URI).
    website = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "name_en",
            "aliases",
            "kind",
            "kind_display",
            "legal_id",
            "registration_number",
            "province",
            "province_name",
            "county",
            "county_name",
            "locality",
            "capabilities",
            "sectors",
            "verified",
            "verification",
            "guild_member",
            "guild_membership",
            "knowledge_based",
            "documents",
            "change_awaiting_review",
            "member_since",
            "founded_on",
            "website",
            "employees",
            "description",
            "is_public",
            "url",
            "version",
        ]
        read_only_fields = fields

    def _private(self, obj) -> bool:
        cache = self.context.setdefault("_private", {})
        if obj.pk not in cache:
            cache[obj.pk] = permissions.can_view_private(_viewer(self), obj)
        return cache[obj.pk]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_legal_id(self, obj):
        return obj.legal_id if self._private(obj) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_registration_number(self, obj):
        return obj.registration_number if self._private(obj) else None

    @extend_schema_field(serializers.BooleanField())
    def get_guild_member(self, obj) -> bool:
        membership = obj.guild_membership
        return bool(membership and not membership.is_expired)

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, obj):
        today = timezone.localdate()
        rows = [
            {
                "kind": d.kind,
                "label": d.label,
                "number": d.number,
                "expires_on": d.expires_on,
                "expired": d.expired_on(today),
                "days_left": d.days_left(today),
            }
            for d in documents_of(obj, obj._memberships())
        ]
        return DocumentSerializer(rows, many=True).data

    @extend_schema_field(ProposedValueSerializer(many=True, allow_null=True))
    def get_change_awaiting_review(self, obj):
        """The owner's proposed values beside the verified ones, for staff and the owner
        (None for others, and when nothing waits)."""
        if not self._private(obj):
            return None
        prefetched = getattr(obj, "pending_changes", None)
        if prefetched is not None:
            change = prefetched[0] if prefetched else None
        else:
            change = pending_change(obj)
        return proposed_values(change) if change else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_member_since(self, obj):
        day = obj.member_since
        return format_jalali(day, digits="latin") if day else None

    def get_url(self, obj) -> str:
        return _page_url(self, "registry:organization_detail", obj.pk)


class OrganizationWriteSerializer(serializers.Serializer):
    """Input of POST (all required fields) and PATCH (any subset, plus ``version``)."""

    version = IntegerField(required=False, min_value=1)
    name = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    aliases = AliasesSerializerField()
    kind = serializers.ChoiceField(choices=Organization.Kind.choices)
    legal_id = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    registration_number = serializers.CharField(max_length=32, required=False, allow_blank=True)
    founded_on = JalaliDateField(required=False, allow_null=True)
    province = serializers.CharField(help_text="ISO 3166-2:IR, e.g. IR-02")
    county = IntegerField(required=False, allow_null=True)
    locality = serializers.ChoiceField(
        choices=Organization._meta.get_field("locality").choices, required=False
    )
    address = serializers.CharField(required=False, allow_blank=True)
    postal_code = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    website = serializers.URLField(required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    employees = IntegerField(required=False, allow_null=True, min_value=0)
    description = serializers.CharField(required=False, allow_blank=True)
    kb_certificate_number = serializers.CharField(max_length=32, required=False, allow_blank=True)
    kb_certificate_type = serializers.CharField(max_length=64, required=False, allow_blank=True)
    kb_certificate_expires_on = JalaliDateField(required=False, allow_null=True)
    licence_number = serializers.CharField(max_length=32, required=False, allow_blank=True)
    licence_expires_on = JalaliDateField(required=False, allow_null=True)
    is_public = serializers.BooleanField(required=False)
    capabilities = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="capability slugs"
    )
    sectors = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="sector slugs"
    )

    def validate_county(self, value):
        if value is None:
            return None
        county = County.objects.filter(pk=value).first()
        if county is None:
            raise serializers.ValidationError(_("شهرستان نامعتبر است."))
        return county

    def validate_capabilities(self, value):
        found = list(Capability.objects.filter(slug__in=value))
        missing = set(value) - {c.slug for c in found}
        if missing:
            raise serializers.ValidationError(
                _("توانمندی ناشناخته: {slugs}").format(slugs="، ".join(sorted(missing)))
            )
        return found

    def validate_sectors(self, value):
        found = list(Sector.objects.filter(slug__in=value))
        missing = set(value) - {s.slug for s in found}
        if missing:
            raise serializers.ValidationError(
                _("بخش ناشناخته: {slugs}").format(slugs="، ".join(sorted(missing)))
            )
        return found


class PersonSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)
    aliases = AliasesSerializerField(read_only=True)
    province = serializers.CharField(source="province.code", read_only=True)
    county_name = serializers.SerializerMethodField()
    get_county_name = _county_name
    capabilities = _TagSerializer(many=True, read_only=True)
    affiliations = serializers.SerializerMethodField()
    # Private fields: left out of the answer for whoever may not see them (so not required
    # in the schema); an e-mail address or empty (a plain string: "" is not an address).
    national_code = serializers.CharField(required=False, allow_null=True)
    mobile = serializers.CharField(required=False, allow_null=True)
    email = serializers.CharField(required=False)
    url = serializers.SerializerMethodField()

    PRIVATE = ("national_code", "mobile", "email")

    class Meta:
        model = Person
        fields = [
            "id",
            "first_name",
            "last_name",
            "full_name",
            "aliases",
            "national_code",
            "mobile",
            "email",
            "expertise",
            "bio",
            "province",
            "county",
            "county_name",
            "capabilities",
            "works_from_home",
            "serves_abroad",
            "is_public",
            "affiliations",
            "url",
            "version",
        ]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return _page_url(self, "registry:person_detail", obj.pk)

    @extend_schema_field(AffiliationSerializer(many=True))
    def get_affiliations(self, obj):
        """Titles at public organizations (prefetched by the selector)."""
        rows = getattr(obj, "public_affiliations", None)
        if rows is None:
            rows = obj.affiliations.filter(
                organization__is_public=True, organization__merged_into__isnull=True
            ).select_related("organization")
        return AffiliationSerializer(rows, many=True).data

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not permissions.can_view_person_private(_viewer(self), instance):
            for name in self.PRIVATE:
                data.pop(name, None)  # never in public responses, not even as null
        return data


class PersonWriteSerializer(serializers.Serializer):
    version = IntegerField(required=False, min_value=1)
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    aliases = AliasesSerializerField()
    national_code = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    mobile = serializers.CharField(required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    expertise = serializers.CharField(max_length=200, required=False, allow_blank=True)
    bio = serializers.CharField(required=False, allow_blank=True)
    province = serializers.CharField()
    county = IntegerField(required=False, allow_null=True)
    works_from_home = serializers.BooleanField(required=False)
    serves_abroad = serializers.BooleanField(required=False)
    is_public = serializers.BooleanField(required=False)
    capabilities = serializers.ListField(child=serializers.CharField(), required=False)
    link_user = serializers.BooleanField(required=False, write_only=True)

    validate_county = OrganizationWriteSerializer.validate_county
    validate_capabilities = OrganizationWriteSerializer.validate_capabilities


class ClusterSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", read_only=True)
    aliases = AliasesSerializerField(read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    identified_on = JalaliDateField(read_only=True, allow_null=True)
    forming_on = JalaliDateField(read_only=True, allow_null=True)
    operational_on = JalaliDateField(read_only=True, allow_null=True)
    inactive_on = JalaliDateField(read_only=True, allow_null=True)
    members = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Cluster
        fields = [
            "id",
            "name",
            "aliases",
            "province",
            "focus",
            "description",
            "stage",
            "stage_display",
            "identified_on",
            "forming_on",
            "operational_on",
            "inactive_on",
            "coordinator",
            "members",
            "url",
            "version",
        ]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return _page_url(self, "registry:cluster_detail", obj.pk)


class ClusterWriteSerializer(serializers.Serializer):
    version = IntegerField(required=False, min_value=1)
    name = serializers.CharField(max_length=200)
    aliases = AliasesSerializerField()
    province = serializers.CharField()
    focus = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    coordinator = IntegerField(required=False, allow_null=True)
    identified_on = JalaliDateField(required=False, allow_null=True)
    members = serializers.ListField(child=IntegerField(), required=False)

    def validate_coordinator(self, value):
        if value is None:
            return None
        organization = Organization.objects.filter(pk=value, merged_into__isnull=True).first()
        if organization is None:
            raise serializers.ValidationError(_("سازمان نامعتبر است."))
        return organization

    def validate_members(self, value):
        found = list(Organization.objects.filter(pk__in=value, merged_into__isnull=True))
        if len(found) != len(set(value)):
            raise serializers.ValidationError(_("برخی سازمان‌ها یافت نشدند."))
        return found


class ClusterAdvanceSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["form", "activate", "deactivate"])
    on = JalaliDateField(required=False, allow_null=True)


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField()


class RejectChangeSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ClaimSerializer(serializers.Serializer):
    message = serializers.CharField(required=False, allow_blank=True)


class OwnershipClaimSerializer(serializers.Serializer):
    id = IntegerField()
    organization = IntegerField(source="organization_id")
    status = serializers.CharField()
    message = serializers.CharField()
    created_at = serializers.DateTimeField()


class MergeSerializer(serializers.Serializer):
    target = IntegerField(help_text="the organization the duplicate merges into")
