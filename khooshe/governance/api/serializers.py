from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from khooshe.geo.models import Province
from khooshe.governance.models import (
    Agreement,
    AgreementClause,
    Body,
    BodyMember,
    Commitment,
    CommitmentDueStatement,
    CommitmentExtension,
    CommitmentReview,
    CommitmentUpdate,
    Meeting,
    MeetingInvitation,
    MinutesAmendment,
    MinutesConfirmation,
    Project,
    Resolution,
)
from khooshe.governance.selectors import agreement_rollup, weighted_progress
from khooshe.persian.aliases import AliasesSerializerField
from khooshe.persian.jalali import TEHRAN, format_jalali
from khooshe.persian.serializers import IntegerField, JalaliDateField
from khooshe.registry.models import Organization


class OrganizationRefSerializer(serializers.Serializer):
    id = IntegerField()
    name = serializers.CharField()


class BodyMemberSerializer(serializers.ModelSerializer):
    person = serializers.StringRelatedField()
    organization = OrganizationRefSerializer(allow_null=True)
    started_on = JalaliDateField(allow_null=True)
    ended_on = JalaliDateField(allow_null=True)

    class Meta:
        model = BodyMember
        fields = [
            "id",
            "person",
            "person_id",
            "organization",
            "role",
            "title",
            "started_on",
            "ended_on",
        ]


class BodySerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", allow_null=True, default=None)
    chair_organization = OrganizationRefSerializer(allow_null=True)
    secretariat_organization = OrganizationRefSerializer(allow_null=True)
    members = BodyMemberSerializer(many=True)
    aliases = AliasesSerializerField(read_only=True)

    class Meta:
        model = Body
        fields = [
            "id", "name", "aliases", "kind", "province", "chair_organization", "secretariat_organization",
            "description", "members", "version",
        ]  # fmt: skip


class CollaboratorSerializer(serializers.Serializer):
    organization = OrganizationRefSerializer()
    commitment_id = IntegerField()
    status = serializers.CharField()


class ResolutionSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="number_latin")
    owner = OrganizationRefSerializer()
    due_date = JalaliDateField(source="due_on", allow_null=True)
    due_date_iso = serializers.DateField(source="due_on", allow_null=True)
    commitment_ids = serializers.SerializerMethodField()
    present_count = IntegerField(allow_null=True)
    quorum = IntegerField(allow_null=True)
    votes_for = IntegerField(allow_null=True)
    votes_against = IntegerField(allow_null=True)
    votes_abstaining = IntegerField(allow_null=True)
    done = serializers.BooleanField(source="is_done", read_only=True)
    collaborators = serializers.SerializerMethodField()

    class Meta:
        model = Resolution
        fields = [
            "id", "number", "year", "sequence", "body_id", "meeting_id", "text", "owner",
            "due_date", "due_date_iso", "commitment_ids", "present_count", "quorum",
            "votes_for", "votes_against", "votes_abstaining", "collaborators", "done",
        ]  # fmt: skip

    @extend_schema_field(CollaboratorSerializer(many=True))
    def get_collaborators(self, obj) -> list[dict]:
        return [
            {
                "organization": {"id": c.owner_id, "name": c.owner.name},
                "commitment_id": c.pk,
                "status": c.current_status,
            }
            for c in obj.collaborator_commitments
        ]

    def get_commitment_ids(self, obj) -> list[int]:
        return [c.pk for c in obj.commitments.all()]


class InvitationSerializer(serializers.ModelSerializer):
    person = serializers.StringRelatedField()
    organization = OrganizationRefSerializer(allow_null=True)
    replied_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        model = MeetingInvitation
        fields = [
            "id", "person", "person_id", "organization", "reply", "delegate_name", "note",
            "replied_at", "sms_sent",
        ]  # fmt: skip


class ConfirmationSerializer(serializers.ModelSerializer):
    person = serializers.StringRelatedField()
    responded_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        model = MinutesConfirmation
        fields = ["id", "person", "person_id", "response", "comment", "responded_at"]


class AmendmentSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField(allow_null=True)
    date = serializers.SerializerMethodField()

    class Meta:
        model = MinutesAmendment
        fields = [
            "id", "number", "reason", "minutes_before", "minutes_after", "author", "created_at",
            "date",
        ]  # fmt: skip

    def get_date(self, obj) -> str:
        return format_jalali(obj.created_at.astimezone(TEHRAN).date(), digits="latin")


class MeetingSerializer(serializers.ModelSerializer):
    body = serializers.CharField(source="body.name")
    date = serializers.SerializerMethodField()
    date_iso = serializers.SerializerMethodField()
    agenda = serializers.SerializerMethodField()
    invitations = InvitationSerializer(many=True, read_only=True)
    minutes_confirmations = ConfirmationSerializer(many=True, read_only=True)
    amendments = AmendmentSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "body_id", "body", "number", "title", "held_at", "date", "date_iso", "place",
            "agenda", "minutes", "version", "state", "state_note", "minutes_state",
            "invitations", "minutes_confirmations", "amendments",
        ]  # fmt: skip

    def _day(self, obj):
        return obj.held_at.astimezone(TEHRAN).date()

    def get_date(self, obj) -> str:
        return format_jalali(self._day(obj), digits="latin")

    def get_date_iso(self, obj) -> str:
        return self._day(obj).isoformat()

    def get_agenda(self, obj) -> list[str]:
        return [item.text for item in obj.agenda_items.all()]


class ClauseSerializer(serializers.ModelSerializer):
    commitment_ids = serializers.SerializerMethodField()

    class Meta:
        model = AgreementClause
        fields = ["id", "kind", "number", "position", "text", "commitment_ids"]

    def get_commitment_ids(self, obj) -> list[int]:
        return [c.pk for c in obj.commitments.all()]


class RollupRowSerializer(serializers.Serializer):
    clause_id = IntegerField()
    commitment_id = IntegerField()
    weight = IntegerField()
    percent = IntegerField()
    share = serializers.FloatField()


class AgreementSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", allow_null=True, default=None)
    parties = OrganizationRefSerializer(many=True)
    signed_on = JalaliDateField(allow_null=True)
    signed_on_iso = serializers.DateField(source="signed_on", allow_null=True)
    valid_from = JalaliDateField(allow_null=True)
    valid_until = JalaliDateField(allow_null=True)
    articles = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    progress_weights = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id", "title", "kind", "province", "parties", "state", "signed_on", "signed_on_iso",
            "valid_from", "valid_until", "subject", "articles", "notes", "progress",
            "progress_weights", "version",
        ]  # fmt: skip

    def get_progress(self, obj) -> int | None:
        """The weighted mean of the clause commitments' last percentages."""
        return agreement_rollup(obj)["progress"]

    @extend_schema_field(RollupRowSerializer(many=True))
    def get_progress_weights(self, obj) -> list[dict]:
        return [
            {
                "clause_id": row["clause"].pk,
                "commitment_id": row["commitment"].pk,
                "weight": row["weight"],
                "percent": row["percent"],
                "share": row["share"],
            }
            for row in agreement_rollup(obj)["rows"]
        ]

    def _clauses(self, obj, kind):
        clauses = [c for c in obj.clauses.all() if c.kind == kind]
        return ClauseSerializer(sorted(clauses, key=lambda c: (c.position, c.pk)), many=True).data

    def get_articles(self, obj) -> list[dict]:
        return self._clauses(obj, AgreementClause.Kind.ARTICLE)

    def get_notes(self, obj) -> list[dict]:
        return self._clauses(obj, AgreementClause.Kind.NOTE)


class MilestoneSerializer(serializers.ModelSerializer):
    due_date = JalaliDateField(source="due_on", allow_null=True)
    due_date_iso = serializers.DateField(source="due_on", allow_null=True)
    status = serializers.CharField(source="current_status", read_only=True)

    class Meta:
        model = Commitment
        fields = ["id", "title", "weight", "due_date", "due_date_iso", "last_percent", "status"]


class ProjectSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", allow_null=True, default=None)
    owner = OrganizationRefSerializer(allow_null=True)
    milestones = MilestoneSerializer(many=True)
    progress = serializers.SerializerMethodField()
    source_proposal_id = IntegerField(read_only=True, allow_null=True)
    aliases = AliasesSerializerField(read_only=True)

    class Meta:
        model = Project
        fields = [
            "id", "title", "aliases", "kind", "province", "owner", "budget_rial", "agreement_id",
            "source_proposal_id", "description", "milestones", "progress", "version",
        ]  # fmt: skip

    def get_progress(self, obj) -> int | None:
        return weighted_progress(obj.milestones.all())


class CommitmentSerializer(serializers.ModelSerializer):
    owner = OrganizationRefSerializer()
    province = serializers.CharField(source="province.code", allow_null=True, default=None)
    due_date = JalaliDateField(source="due_on", allow_null=True)
    due_date_iso = serializers.DateField(source="due_on", allow_null=True)
    done_date = JalaliDateField(source="done_on", allow_null=True)
    done_date_iso = serializers.DateField(source="done_on", allow_null=True)
    last_update_date = JalaliDateField(source="last_update_on", allow_null=True)
    status = serializers.CharField(source="current_status", read_only=True)
    status_label = serializers.CharField(source="get_current_status_display", read_only=True)
    source = serializers.SerializerMethodField()
    original_due_date = JalaliDateField(source="original_due_on", allow_null=True)
    original_due_date_iso = serializers.DateField(source="original_due_on", allow_null=True)
    late_against_original = serializers.BooleanField(allow_null=True, read_only=True)
    extension_count = IntegerField(read_only=True)
    extension_days = IntegerField(read_only=True)
    reported_done_date = JalaliDateField(source="reported_done_on", allow_null=True)
    reported_done_date_iso = serializers.DateField(source="reported_done_on", allow_null=True)
    accepted_automatically = serializers.BooleanField(read_only=True)
    followup_date = JalaliDateField(source="followup_since", allow_null=True, read_only=True)
    followup_date_iso = serializers.DateField(
        source="followup_since", allow_null=True, read_only=True
    )

    class Meta:
        model = Commitment
        fields = [
            "id", "title", "description", "source_type", "source", "owner", "province",
            "body_id", "due_date", "due_date_iso", "due_text", "original_due_date",
            "original_due_date_iso", "extension_count", "extension_days",
            "late_against_original", "status", "status_label", "last_percent",
            "last_update_date", "reported_done_date", "reported_done_date_iso", "done_date",
            "done_date_iso", "accepted_automatically", "followup_date", "followup_date_iso", "weight",
            "cancelled", "cancel_reason", "version",
        ]  # fmt: skip

    def get_source(self, obj) -> dict:
        if obj.resolution_id:
            return {
                "resolution_id": obj.resolution_id,
                "resolution_number": obj.resolution.number_latin,
                "meeting_id": obj.resolution.meeting_id,
            }
        if obj.clause_id:
            return {
                "agreement_id": obj.clause.agreement_id,
                "clause_id": obj.clause_id,
                "clause_kind": obj.clause.kind,
                "clause_number": obj.clause.number,
            }
        if obj.project_id:
            return {"project_id": obj.project_id, "weight": obj.weight}
        return {"url": obj.source_url, "note": obj.source_note}


class CommitmentUpdateSerializer(serializers.ModelSerializer):
    reported_on = JalaliDateField(required=False)
    reported_on_iso = serializers.DateField(source="reported_on", read_only=True)
    percent = IntegerField(min_value=0, max_value=100)
    evidence_url = serializers.URLField(required=False, allow_blank=True)
    evidence_file = serializers.FileField(required=False, write_only=True)
    author = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = CommitmentUpdate
        fields = [
            "id", "reported_on", "reported_on_iso", "percent", "text", "evidence_url",
            "evidence_file", "author", "created_at",
        ]  # fmt: skip
        read_only_fields = ["id", "author", "created_at"]


class CommitmentExtensionSerializer(serializers.ModelSerializer):
    old_due_date = JalaliDateField(source="old_due_on")
    old_due_date_iso = serializers.DateField(source="old_due_on")
    new_due_date = JalaliDateField(source="new_due_on")
    new_due_date_iso = serializers.DateField(source="new_due_on")
    days = IntegerField()
    source_resolution_id = IntegerField(allow_null=True)
    actor = serializers.StringRelatedField()

    class Meta:
        model = CommitmentExtension
        fields = [
            "id", "old_due_date", "old_due_date_iso", "new_due_date", "new_due_date_iso",
            "days", "reason", "source", "source_resolution_id", "source_reference", "actor",
            "created_at",
        ]  # fmt: skip


class CommitmentReviewSerializer(serializers.ModelSerializer):
    reported_done_date = JalaliDateField(source="reported_done_on")
    reported_done_date_iso = serializers.DateField(source="reported_done_on")
    update_id = IntegerField(allow_null=True)
    actor = serializers.StringRelatedField()

    class Meta:
        model = CommitmentReview
        fields = [
            "id", "decision", "reason", "reported_done_date", "reported_done_date_iso",
            "percent_after", "update_id", "actor", "created_at",
        ]  # fmt: skip


class CommitmentDueStatementSerializer(serializers.ModelSerializer):
    due_date = JalaliDateField(source="due_on")
    due_date_iso = serializers.DateField(source="due_on")

    class Meta:
        model = CommitmentDueStatement
        fields = [
            "id", "due_date", "due_date_iso", "due_text", "source_note", "source_url",
            "is_baseline", "created_at",
        ]  # fmt: skip


class CommitmentRecordSerializer(serializers.Serializer):
    """What a commitment's page shows besides its reports: extensions, reviews of reports of
    completion, the dates its sources stated."""

    extensions = CommitmentExtensionSerializer(many=True)
    reviews = CommitmentReviewSerializer(many=True)
    due_statements = CommitmentDueStatementSerializer(many=True)


class AcceptSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ContestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ExtendSerializer(serializers.Serializer):
    new_due_date = serializers.CharField(
        max_length=50,
        help_text="Jalali (1403/06/31), ISO (2024-09-21) or a month end («پایان شهریور ۱۴۰۳»).",
    )
    reason = serializers.CharField(max_length=2000)
    source = serializers.ChoiceField(
        choices=CommitmentExtension.Source.choices, default=CommitmentExtension.Source.OTHER
    )
    source_resolution = serializers.PrimaryKeyRelatedField(
        queryset=Resolution.objects.all(), required=False, allow_null=True
    )
    source_reference = serializers.CharField(max_length=200, required=False, allow_blank=True)
    version = IntegerField(required=False, min_value=0)


class DueStatementCreateSerializer(serializers.Serializer):
    due_date = serializers.CharField(max_length=50)
    source_note = serializers.CharField(max_length=300)
    source_url = serializers.URLField(required=False, allow_blank=True)


class BaselineSerializer(serializers.Serializer):
    statement = IntegerField(min_value=1)


class CommitmentCreateSerializer(serializers.Serializer):
    """Input of ``POST /api/v1/commitments/`` (staff): a promise from the public record, an
    agreement article or note, or a project milestone. Resolutions make theirs through
    ``POST /api/v1/resolutions/``."""

    title = serializers.CharField(max_length=300)
    owner = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    source_type = serializers.ChoiceField(
        choices=[
            Commitment.SourceType.PUBLIC_RECORD,
            Commitment.SourceType.CLAUSE,
            Commitment.SourceType.MILESTONE,
        ]
    )
    clause = serializers.PrimaryKeyRelatedField(
        queryset=AgreementClause.objects.select_related("agreement"), required=False
    )
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), required=False)
    weight = IntegerField(min_value=1, default=1)
    province = serializers.SlugRelatedField(
        slug_field="code", queryset=Province.objects.all(), required=False
    )
    due_date = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Jalali (1403/06/31), ISO (2024-09-21) or a month end («پایان شهریور ۱۴۰۳»).",
    )
    source_url = serializers.URLField(required=False, allow_blank=True)
    source_note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    is_public = serializers.BooleanField(default=True)

    def validate(self, attrs):
        needed = {
            Commitment.SourceType.CLAUSE: "clause",
            Commitment.SourceType.MILESTONE: "project",
        }.get(attrs["source_type"])
        if needed and not attrs.get(needed):
            message = self.fields[needed].error_messages["required"]
            raise serializers.ValidationError({needed: [message]})
        return attrs


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField()


class SignSerializer(serializers.Serializer):
    signed_on = JalaliDateField()


class ResolutionCreateSerializer(serializers.Serializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.select_related("body"))
    text = serializers.CharField()
    owner = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    due_date = serializers.CharField(required=False, allow_blank=True)
    collaborators = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), many=True, required=False
    )
    present_count = IntegerField(required=False, allow_null=True, min_value=0, max_value=10000)
    quorum = IntegerField(required=False, allow_null=True, min_value=0, max_value=10000)
    votes_for = IntegerField(required=False, allow_null=True, min_value=0, max_value=10000)
    votes_against = IntegerField(required=False, allow_null=True, min_value=0, max_value=10000)
    votes_abstaining = IntegerField(required=False, allow_null=True, min_value=0, max_value=10000)


class MeetingNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class PostponeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    held_on = JalaliDateField(required=False, allow_null=True)
    held_time = serializers.TimeField(required=False, allow_null=True)


class ReplySerializer(serializers.Serializer):
    reply = serializers.ChoiceField(choices=["attending", "delegate", "excused"])
    delegate_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class MinutesResponseSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=["confirmed", "commented"])
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class AmendSerializer(serializers.Serializer):
    minutes = serializers.CharField(max_length=200000)
    reason = serializers.CharField(max_length=2000)


class FollowupCommitmentSerializer(serializers.Serializer):
    id = IntegerField()
    title = serializers.CharField()
    owner = OrganizationRefSerializer()
    percent = IntegerField(source="last_percent")
    status = serializers.CharField(source="current_status")
    due_date = JalaliDateField(source="due_on", allow_null=True)
    due_date_iso = serializers.DateField(source="due_on", allow_null=True)


class FollowupSerializer(serializers.Serializer):
    resolution_id = IntegerField(source="id")
    number = serializers.CharField(source="number_latin")
    meeting_id = IntegerField()
    text = serializers.CharField()
    commitments = FollowupCommitmentSerializer(many=True, source="commitments.all")
