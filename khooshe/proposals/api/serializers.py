"""Input and output shapes of the proposals API."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from khooshe.geo.models import County, Province
from khooshe.persian.jalali import format_jalali
from khooshe.persian.money import parse_amount
from khooshe.persian.serializers import (
    IntegerField,
    JalaliDateField,
    JalaliDateWithIsoField,
    jalali_pair,
)
from khooshe.proposals.models import (
    Award,
    Call,
    CallExtension,
    CooperationOffer,
    CoSubmitter,
    Criterion,
    Dossier,
    EvaluationPolicy,
    EvaluatorAssignment,
    Priority,
    ProcurementMethod,
    Proposal,
    ProposalAnswer,
    ProposalTransition,
)
from khooshe.registry.models import Capability, Organization, Person, Sector


def _jalali(value):
    if value is None:
        return None
    return format_jalali(value.date() if hasattr(value, "date") else value, digits="latin")


class RialField(IntegerField):
    """Whole Rial; accepts numbers or strings in any digits with separators."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = parse_amount(data)
            except ValidationError as error:
                raise serializers.ValidationError(error.messages) from error
        return super().to_internal_value(data)


JALALI_PAIR = {
    "type": "object",
    "properties": {"jalali": {"type": "string"}, "iso": {"type": "string", "format": "date"}},
    "required": ["jalali", "iso"],
}


class NamedCriterionSerializer(serializers.Serializer):
    id = IntegerField()
    title = serializers.CharField()


class NamedSerializer(serializers.Serializer):
    id = IntegerField()
    name = serializers.CharField()


class ProposalSerializer(serializers.ModelSerializer):
    """Output of a proposal (and the list)."""

    state_label = serializers.CharField(source="get_state_display", read_only=True)
    province = serializers.CharField(source="province.code", read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True)
    county_name = serializers.CharField(source="county.name", read_only=True)
    sector_name = serializers.CharField(
        source="sector.name", read_only=True, default=None, allow_null=True
    )
    beneficiary_name = serializers.CharField(
        source="beneficiary.name", read_only=True, default=None, allow_null=True
    )
    submitter_name = serializers.SerializerMethodField()
    capabilities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    dossier_code = serializers.CharField(
        source="dossier.code_latin", read_only=True, default=None, allow_null=True
    )
    call_title = serializers.CharField(
        source="call.title", read_only=True, default=None, allow_null=True
    )
    submitted_at_jalali = serializers.SerializerMethodField()
    created_at_jalali = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "title",
            "problem",
            "solution",
            "beneficiary",
            "beneficiary_name",
            "sector",
            "sector_name",
            "province",
            "province_name",
            "county",
            "county_name",
            "estimated_budget",
            "approved_budget",
            "duration_months",
            "expected_outcomes",
            "expected_jobs",
            "capabilities",
            "submitter_organization",
            "submitter_person",
            "submitter_name",
            "contact_name",
            "contact_phone",
            "contact_email",
            "state",
            "state_label",
            "decision_note",
            "dossier",
            "dossier_code",
            "call",
            "call_title",
            "version",
            "submitted_at",
            "submitted_at_jalali",
            "created_at",
            "created_at_jalali",
        ]
        read_only_fields = fields

    def get_submitter_name(self, obj) -> str:
        return str(obj.submitter or "")

    def get_submitted_at_jalali(self, obj) -> str | None:
        return _jalali(obj.submitted_at)

    def get_created_at_jalali(self, obj) -> str | None:
        return _jalali(obj.created_at)


class RankedProposalSerializer(ProposalSerializer):
    """A proposal in its dossier's ranking: the mean of its submitted score sheets (null
    until there is one, and for whoever may not see every score), their number and its
    alignment with the province's priorities (percent)."""

    mean_score = serializers.FloatField(read_only=True, allow_null=True)
    score_count = IntegerField(read_only=True)
    alignment = IntegerField(read_only=True)

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "mean_score", "score_count", "alignment"]
        read_only_fields = fields


class PublicProposalSerializer(serializers.ModelSerializer):
    """What everyone may see of an approved proposal."""

    state_label = serializers.CharField(source="get_state_display", read_only=True)
    province = serializers.CharField(source="province.code", read_only=True)
    county_name = serializers.CharField(source="county.name", read_only=True)
    sector_name = serializers.CharField(
        source="sector.name", read_only=True, default=None, allow_null=True
    )
    submitter_name = serializers.CharField(
        source="submitter_organization.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Proposal
        fields = [
            "id",
            "title",
            "problem",
            "expected_outcomes",
            "province",
            "county",
            "county_name",
            "sector",
            "sector_name",
            "submitter_name",
            "approved_budget",
            "duration_months",
            "state",
            "state_label",
            "decided_at",
        ]
        read_only_fields = fields


class ProposalForViewerSerializer(ProposalSerializer):
    """A proposal in full for whoever may open it, in its public form for everyone else (rows
    of :func:`khooshe.proposals.selectors.proposals_readable_by`, marked ``seen_in_full``)."""

    def to_representation(self, instance):
        if getattr(instance, "seen_in_full", True):
            return super().to_representation(instance)
        return PublicProposalSerializer(instance, context=self.context).data


class ProposalInputSerializer(serializers.Serializer):
    """Input of create (all required fields) and PATCH (``partial=True``)."""

    title = serializers.CharField(max_length=200)
    problem = serializers.CharField()
    solution = serializers.CharField()
    beneficiary = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    sector = serializers.PrimaryKeyRelatedField(
        queryset=Sector.objects.all(), required=False, allow_null=True
    )
    county = serializers.PrimaryKeyRelatedField(queryset=County.objects.all())
    estimated_budget = RialField(min_value=1)
    duration_months = IntegerField(min_value=1, max_value=120)
    expected_outcomes = serializers.CharField(required=False, allow_blank=True)
    expected_jobs = IntegerField(min_value=0, required=False)
    capabilities = serializers.PrimaryKeyRelatedField(
        queryset=Capability.objects.all(), many=True, required=False
    )
    contact_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    submitter_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    call = serializers.PrimaryKeyRelatedField(
        queryset=Call.objects.all(),
        required=False,
        allow_null=True,
        help_text="The call for proposals (of the proposal's province); null: the ongoing call.",
    )
    version = IntegerField(required=False)


class CostLineSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    amount = RialField(min_value=1)


class TransitionInputSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The reasons; required for approve, reject and return (the public answer).",
    )
    approved_budget = RialField(required=False, allow_null=True, min_value=1)
    cost_lines = CostLineSerializer(
        many=True,
        required=False,
        help_text="approve: the approved budget's cost lines, adding up to it (none: one line).",
    )
    execution_months = IntegerField(
        required=False, allow_null=True, min_value=1, max_value=120, help_text="approve"
    )
    failed_criteria = serializers.ListField(
        child=IntegerField(min_value=1), required=False, help_text="reject: criterion ids"
    )
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="approve/reject before the province's minimum of score sheets: why.",
    )


class TransitionSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.__str__", read_only=True, default=None)
    at_jalali = serializers.SerializerMethodField()

    class Meta:
        model = ProposalTransition
        fields = [
            "id",
            "action",
            "from_state",
            "to_state",
            "actor",
            "note",
            "created_at",
            "at_jalali",
        ]

    def get_at_jalali(self, obj) -> str | None:
        return _jalali(obj.created_at)


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    points = IntegerField()


class SuggestionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = IntegerField()
    name = serializers.CharField()
    score = IntegerField()
    county = serializers.CharField()
    province = serializers.CharField()
    verified = serializers.BooleanField()
    shortlisted = serializers.BooleanField()
    reasons = ReasonSerializer(many=True)


class SuggestionsSerializer(serializers.Serializer):
    organizations = SuggestionSerializer(many=True)
    people = SuggestionSerializer(many=True)


class ShortlistInputSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DossierSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="code_latin", read_only=True)
    province = serializers.CharField(source="province.code", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    proposals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    budget_total = IntegerField(read_only=True, default=None, allow_null=True)
    forwarded_at_jalali = serializers.SerializerMethodField()
    created_at_jalali = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "year",
            "number",
            "province",
            "title",
            "cover_letter",
            "state",
            "state_label",
            "proposals",
            "budget_total",
            "version",
            "created_at",
            "created_at_jalali",
            "forwarded_at",
            "forwarded_at_jalali",
        ]
        read_only_fields = fields

    def get_forwarded_at_jalali(self, obj) -> str | None:
        return _jalali(obj.forwarded_at)

    def get_created_at_jalali(self, obj) -> str | None:
        return _jalali(obj.created_at)


class DossierInputSerializer(serializers.Serializer):
    province = serializers.CharField(help_text="ISO code, e.g. IR-02")
    title = serializers.CharField(max_length=200)
    cover_letter = serializers.CharField(required=False, allow_blank=True, default="")
    proposals = serializers.ListField(child=IntegerField(), required=False, default=list)


class DossierProposalInputSerializer(serializers.Serializer):
    proposal = IntegerField()


class PrioritySerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.all())

    class Meta:
        model = Priority
        fields = ["id", "province", "year", "title", "weight", "sector", "capability", "keywords"]


class CriterionSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.all())

    class Meta:
        model = Criterion
        fields = ["id", "province", "title", "description", "weight", "position", "is_active"]
        read_only_fields = ["is_active"]


class ScoreInputSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=IntegerField(min_value=1, max_value=5),
        help_text="criterion id → 1..5",
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    declare_no_conflict = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The evaluator declares no conflict of interest with the submitter (required).",
    )


class ScoreItemSerializer(serializers.Serializer):
    criterion = IntegerField(source="criterion_id")
    criterion_title = serializers.CharField(source="criterion.title")
    value = IntegerField()


class ScoreSheetSerializer(serializers.Serializer):
    evaluator = serializers.CharField(source="evaluator.__str__")
    evaluator_id = IntegerField()
    weighted_score = serializers.DecimalField(max_digits=5, decimal_places=2)
    comment = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    scores = ScoreItemSerializer(many=True)


class ScoresSerializer(serializers.Serializer):
    count = IntegerField()
    blind = serializers.BooleanField()
    mean = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    alignment = IntegerField()
    sheets = ScoreSheetSerializer(many=True)


# --- Calls for proposals ----------------------------------------------------------------------


class CallExtensionSerializer(serializers.ModelSerializer):
    previous_closes_on = JalaliDateWithIsoField()
    closes_on = JalaliDateWithIsoField()
    extended_by = serializers.CharField(source="extended_by.__str__", default=None, allow_null=True)

    class Meta:
        model = CallExtension
        fields = ["id", "previous_closes_on", "closes_on", "reason", "extended_by", "created_at"]
        read_only_fields = fields


class CallFiguresSerializer(serializers.Serializer):
    """Counts of proposals by state (drafts not counted), the total approved and, for a call
    with an envelope, what is left of it."""

    counts_by_state = serializers.DictField(child=IntegerField(), source="counts")
    received = IntegerField()
    approved_total = IntegerField()
    envelope = IntegerField(allow_null=True)
    remaining = IntegerField(allow_null=True)


class CallSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True)
    opens_on = JalaliDateWithIsoField()
    closes_on = JalaliDateWithIsoField()
    status = serializers.SerializerMethodField()
    figures = serializers.SerializerMethodField()
    sectors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    capabilities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    priorities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    extensions = CallExtensionSerializer(many=True, read_only=True)

    class Meta:
        model = Call
        fields = [
            "id",
            "title",
            "description",
            "province",
            "province_name",
            "sectors",
            "capabilities",
            "priorities",
            "opens_on",
            "closes_on",
            "envelope_rial",
            "ceiling_rial",
            "status",
            "figures",
            "extensions",
            "version",
            "created_at",
        ]
        read_only_fields = fields

    def get_status(self, obj) -> str:
        """``upcoming``, ``open`` or ``closed`` (Tehran's day; the closing day included)."""
        day = self.context["today"]
        if day < obj.opens_on:
            return "upcoming"
        return "open" if day <= obj.closes_on else "closed"

    @extend_schema_field(CallFiguresSerializer)
    def get_figures(self, obj):
        return CallFiguresSerializer(self.context["figures"][obj.pk]).data


class CallInputSerializer(serializers.Serializer):
    """Input of a call (create: all required fields; PATCH: ``partial=True``). Dates in
    Jalali (any digits) or ISO; amounts in Rial as numbers or text in any digits."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.all())
    sectors = serializers.PrimaryKeyRelatedField(
        queryset=Sector.objects.all(), many=True, required=False
    )
    capabilities = serializers.PrimaryKeyRelatedField(
        queryset=Capability.objects.all(), many=True, required=False
    )
    priorities = serializers.PrimaryKeyRelatedField(
        queryset=Priority.objects.all(), many=True, required=False
    )
    opens_on = JalaliDateField()
    closes_on = JalaliDateField()
    envelope_rial = RialField(min_value=1)
    ceiling_rial = RialField(min_value=1, required=False, allow_null=True)
    version = IntegerField(required=False)


class CallExtendInputSerializer(serializers.Serializer):
    closes_on = JalaliDateField()
    reason = serializers.CharField()
    version = IntegerField(required=False)


# --- Co-submitters and readiness to cooperate ---------------------------------------------------


class CoSubmitterSerializer(serializers.ModelSerializer):
    party_name = serializers.CharField(source="party.__str__", read_only=True)
    kind = serializers.SerializerMethodField()
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    proposal_title = serializers.CharField(source="proposal.title", read_only=True)
    decided_at_jalali = serializers.SerializerMethodField()

    class Meta:
        model = CoSubmitter
        fields = [
            "id",
            "proposal",
            "proposal_title",
            "kind",
            "organization",
            "person",
            "party_name",
            "role",
            "state",
            "state_label",
            "version",
            "decided_at",
            "decided_at_jalali",
        ]
        read_only_fields = fields

    def get_kind(self, obj) -> str:
        return "organization" if obj.organization_id else "person"

    def get_decided_at_jalali(self, obj) -> str | None:
        return _jalali(obj.decided_at)


class CoSubmitterInputSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    role = serializers.CharField(max_length=100)


class AnswerInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CooperationOfferSerializer(serializers.ModelSerializer):
    party_name = serializers.CharField(source="party.__str__", read_only=True)
    kind = serializers.SerializerMethodField()
    created_at_jalali = serializers.SerializerMethodField()

    class Meta:
        model = CooperationOffer
        fields = [
            "id",
            "proposal",
            "kind",
            "organization",
            "person",
            "party_name",
            "note",
            "created_at",
            "created_at_jalali",
        ]
        read_only_fields = fields

    def get_kind(self, obj) -> str:
        return "organization" if obj.organization_id else "person"

    def get_created_at_jalali(self, obj) -> str | None:
        return _jalali(obj.created_at)


class CooperationInputSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        required=False,
        allow_null=True,
        help_text="The organization you represent (needed only when you represent several).",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


# --- Evaluation, answers, awards ------------------------------------------------------------


class AssignmentSerializer(serializers.ModelSerializer):
    evaluator_name = serializers.CharField(source="evaluator.__str__", read_only=True)
    proposal_title = serializers.CharField(source="proposal.title", read_only=True)
    due_on = JalaliDateWithIsoField()
    declared_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = EvaluatorAssignment
        fields = [
            "id",
            "proposal",
            "proposal_title",
            "evaluator",
            "evaluator_name",
            "due_on",
            "declared_at",
        ]
        read_only_fields = fields


class AssignInputSerializer(serializers.Serializer):
    evaluators = serializers.ListField(child=IntegerField(min_value=1), min_length=1)
    due_on = JalaliDateField(help_text="Jalali 1404/05/01 (any digits) or ISO")
    proposals = serializers.ListField(
        child=IntegerField(min_value=1),
        required=False,
        help_text="dossier: only these of its proposals (default: all awaiting scores)",
    )


class EvaluationPolicySerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.all())
    min_score_sheets = IntegerField(min_value=0, max_value=20)

    class Meta:
        model = EvaluationPolicy
        fields = ["id", "province", "min_score_sheets"]


class ProposalAnswerSerializer(serializers.ModelSerializer):
    """An answer as the people who may open the proposal read it."""

    state_label = serializers.CharField(source="get_state_display", read_only=True)
    failed_criteria = NamedCriterionSerializer(many=True, read_only=True)
    cost_lines = CostLineSerializer(many=True, read_only=True)
    decided_on = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = ProposalAnswer
        fields = [
            "id",
            "proposal",
            "action",
            "state",
            "state_label",
            "reasons",
            "approved_budget",
            "cost_lines",
            "execution_months",
            "failed_criteria",
            "override_reason",
            "sheet_count",
            "decided_on",
            "is_published",
            "show_estimate",
            "published_at",
        ]
        read_only_fields = fields

    @extend_schema_field(JALALI_PAIR)
    def get_decided_on(self, answer):
        return jalali_pair(answer.created_at)


class PublicAnswerSerializer(serializers.ModelSerializer):
    """A published answer on the public page: never contacts; the estimate only when staff
    chose to show it (``null`` otherwise)."""

    title = serializers.CharField(source="proposal.title")
    province = serializers.CharField(source="proposal.province.code")
    province_name = serializers.CharField(source="proposal.province.name")
    county_name = serializers.CharField(source="proposal.county.name")
    state_label = serializers.CharField(source="get_state_display")
    failed_criteria = NamedCriterionSerializer(many=True)
    cost_lines = CostLineSerializer(many=True)
    estimated_budget = serializers.SerializerMethodField()
    published_on = serializers.SerializerMethodField()

    class Meta:
        model = ProposalAnswer
        fields = [
            "id",
            "proposal",
            "title",
            "province",
            "province_name",
            "county_name",
            "state",
            "state_label",
            "reasons",
            "approved_budget",
            "cost_lines",
            "execution_months",
            "failed_criteria",
            "estimated_budget",
            "published_on",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_estimated_budget(self, answer):
        return answer.proposal.estimated_budget if answer.show_estimate else None

    @extend_schema_field(JALALI_PAIR)
    def get_published_on(self, answer):
        return jalali_pair(answer.published_at)


class PublishInputSerializer(serializers.Serializer):
    publish = serializers.BooleanField(default=True)
    show_estimate = serializers.BooleanField(default=False)


class AwardSerializer(serializers.ModelSerializer):
    implementer_name = serializers.SerializerMethodField()
    contract_date = JalaliDateWithIsoField()
    procurement_method_label = serializers.CharField(source="get_procurement_method_display")
    owner = serializers.IntegerField(source="project.owner_id", allow_null=True)
    owner_name = serializers.SerializerMethodField()

    class Meta:
        model = Award
        fields = [
            "id",
            "version",
            "project",
            "proposal",
            "owner",
            "owner_name",
            "implementer_organization",
            "implementer_person",
            "implementer_name",
            "from_shortlist",
            "contract_date",
            "contract_amount",
            "procurement_method",
            "procurement_method_label",
        ]
        read_only_fields = fields

    def get_implementer_name(self, award) -> str:
        return str(award.implementer)

    def get_owner_name(self, award) -> str:
        return str(award.project.owner) if award.project.owner_id else ""


class AwardInputSerializer(serializers.Serializer):
    proposal = IntegerField(min_value=1)
    organization = IntegerField(min_value=1, required=False, allow_null=True)
    person = IntegerField(min_value=1, required=False, allow_null=True)
    contract_date = JalaliDateField()
    contract_amount = RialField(min_value=1)
    procurement_method = serializers.ChoiceField(choices=ProcurementMethod.choices)
    version = IntegerField(min_value=0, required=False, allow_null=True)


class PlaceShareSerializer(serializers.Serializer):
    amount = IntegerField()
    count = IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)


class PlacesSerializer(serializers.Serializer):
    same_county = PlaceShareSerializer()
    same_province = PlaceShareSerializer()
    elsewhere = PlaceShareSerializer()


class AwardSharesSerializer(serializers.Serializer):
    total = IntegerField()
    count = IntegerField()
    places = PlacesSerializer()
