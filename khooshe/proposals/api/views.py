"""The proposals API: the same services and selectors as the pages, checked object by
object (actor: own; guild staff: screening in their province; governorate staff:
evaluation in their province; anonymous: the approved proposals only)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from khooshe.accounts.models import User
from khooshe.core.idempotency import key_from_request, run_once
from khooshe.geo.models import Province
from khooshe.history.api.views import HistoryEntrySerializer, HistoryMixin
from khooshe.proposals import permissions as perms
from khooshe.proposals import selectors, services
from khooshe.proposals import workflow as wf
from khooshe.proposals.api import serializers as s
from khooshe.proposals.filters import ProposalFilter
from khooshe.proposals.models import (
    Award,
    Call,
    Criterion,
    EvaluationPolicy,
    Priority,
    ProposalAnswer,
)
from khooshe.proposals.selectors import calls as call_selectors
from khooshe.proposals.selectors import cosubmitters as cosubmitter_selectors
from khooshe.proposals.selectors import suggestions_for
from khooshe.proposals.services.calls import today
from khooshe.registry.models import Organization, Person

#: URL form of each transition (``POST /proposals/{id}/start-screening/``).
#: Each action answers at its hyphenated URL (``start-screening``) and at the state machine's own
#: name (``start_screening``), so a client using the documented action names is not sent a 404.
ACTION_URLS = {
    **{action.replace("_", "-"): action for action in wf.PROPOSAL_ACTIONS},
    **{action: action for action in wf.PROPOSAL_ACTIONS},
}
_ACTION_PATTERN = "|".join(ACTION_URLS)


#: A proposal in full for whoever may open it, in its public form for everyone else.
PROPOSAL_FOR_VIEWER = PolymorphicProxySerializer(
    component_name="ProposalForViewer",
    serializers=[s.ProposalSerializer, s.PublicProposalSerializer],
    resource_type_field_name=None,
)


@extend_schema_view(
    list=extend_schema(
        responses=PolymorphicProxySerializer(
            component_name="ProposalForViewer",
            serializers=[s.ProposalSerializer, s.PublicProposalSerializer],
            resource_type_field_name=None,
            many=True,
        )
    ),
    retrieve=extend_schema(responses=PROPOSAL_FOR_VIEWER),
)
class ProposalViewSet(
    HistoryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsAuthenticatedOrReadOnly]
    filterset_class = ProposalFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.proposals_readable_by(self.request.user).prefetch_related("capabilities")

    def get_serializer_class(self):
        return s.ProposalForViewerSerializer

    def get_object(self):
        """The proposal of the URL; beyond reading it (``retrieve``), only for the people
        who may open it in full — to the others it does not exist (404)."""
        proposal = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if proposal is None or (
            self.action not in ("retrieve", "cooperation") and not proposal.seen_in_full
        ):
            raise Http404
        return proposal

    @extend_schema(request=s.ProposalInputSerializer, responses={201: s.ProposalSerializer})
    def create(self, request, *args, **kwargs):
        data = s.ProposalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        capabilities = values.pop("capabilities", [])
        organization = values.pop("submitter_organization", None)
        values.pop("version", None)
        proposal = services.proposal_create(
            actor=request.user,
            data=values,
            capabilities=capabilities,
            submitter_organization=organization,
        )
        return Response(s.ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ProposalInputSerializer, responses=s.ProposalSerializer)
    def partial_update(self, request, *args, **kwargs):
        proposal = self.get_object()
        data = s.ProposalInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        capabilities = values.pop("capabilities", None)
        values.pop("submitter_organization", None)
        version = values.pop("version", None)
        proposal = services.proposal_update(
            actor=request.user,
            proposal=proposal,
            data=values,
            capabilities=capabilities,
            expected_version=version,
        )
        return Response(s.ProposalSerializer(proposal).data)

    @extend_schema(
        request=s.TransitionInputSerializer,
        responses=s.ProposalSerializer,
        parameters=[
            OpenApiParameter("transition", str, OpenApiParameter.PATH, enum=list(ACTION_URLS))
        ],
        description="Perform a workflow transition; 409 when the state does not allow it.",
        operation_id="v1_proposals_transition",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=f"(?P<transition>{_ACTION_PATTERN})",
        permission_classes=[IsAuthenticated],
    )
    def transition(self, request, pk=None, transition=None):
        proposal = self.get_object()
        data = s.TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        name = ACTION_URLS[transition]

        def perform():
            services.proposal_transition(
                actor=request.user,
                proposal=proposal,
                action=name,
                note=data.validated_data.get("note", ""),
                approved_budget=data.validated_data.get("approved_budget"),
                cost_lines=[dict(line) for line in data.validated_data.get("cost_lines") or []],
                execution_months=data.validated_data.get("execution_months"),
                failed_criteria=data.validated_data.get("failed_criteria") or (),
                override_reason=data.validated_data.get("override_reason", ""),
            )
            return 200, dict(s.ProposalSerializer(proposal).data)

        code, body, _replayed = run_once(
            user=request.user,
            scope=f"api:proposal:{proposal.pk}:{name}",
            key=key_from_request(request),
            action=perform,
        )
        return Response(body, status=code)

    @extend_schema(request=None, responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], url_path="history")
    def history(self, request, *args, **kwargs):
        """The change history: for the people who may open the proposal, not for visitors
        of an approved one."""
        if not perms.can_view_proposal(request.user, self.get_object()):
            raise Http404
        return HistoryMixin.history(self, request, *args, **kwargs)

    @extend_schema(request=None, responses=s.TransitionSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="transitions", pagination_class=None)
    def transitions(self, request, pk=None):
        proposal = self.get_object()
        if not perms.can_view_proposal(request.user, proposal):
            raise Http404
        return Response(s.TransitionSerializer(selectors.transitions_of(proposal), many=True).data)

    @extend_schema(
        request=None,
        responses=s.SuggestionsSerializer,
        parameters=[
            OpenApiParameter("limit", int, description="1–100 (20)"),
            OpenApiParameter(
                "other_provinces",
                bool,
                description="Also candidates outside the proposal's province (after the local ones).",
            ),
        ],
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="suggested-actors",
        permission_classes=[IsAuthenticated],
    )
    def suggested_actors(self, request, pk=None):
        proposal = self.get_object()
        if not perms.can_view_suggestions(request.user, proposal):
            raise PermissionDenied
        raw = request.query_params.get("limit", "20")
        limit = min(max(int(raw), 1), 100) if raw.isdigit() else 20
        others = request.query_params.get("other_provinces") in ("1", "true")
        return Response(
            s.SuggestionsSerializer(
                suggestions_for(proposal, limit=limit, other_provinces=others)
            ).data
        )

    @extend_schema(request=s.ShortlistInputSerializer, responses=s.SuggestionsSerializer)
    @action(
        detail=True, methods=["post"], url_path="shortlist", permission_classes=[IsAuthenticated]
    )
    def shortlist(self, request, pk=None):
        proposal = self.get_object()
        data = s.ShortlistInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.shortlist_add(
            actor=request.user,
            proposal=proposal,
            organization=data.validated_data.get("organization"),
            note=data.validated_data.get("note", ""),
        )
        return Response(
            {
                "id": entry.pk,
                "organization": entry.organization_id,
                "score": entry.score,
                "reasons": entry.reasons,
            },
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=s.ScoresSerializer,
        description="Evaluators see others' scores only after submitting their own.",
    )
    @extend_schema(methods=["POST"], request=s.ScoreInputSerializer, responses=s.ScoresSerializer)
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="scores",
        permission_classes=[IsAuthenticated],
    )
    def scores(self, request, pk=None):
        proposal = self.get_object()
        if not perms.reads_province(request.user, proposal.province_id):
            raise PermissionDenied
        code = status.HTTP_200_OK
        if request.method == "POST":
            data = s.ScoreInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            services.score_submit(
                actor=request.user,
                proposal=proposal,
                values=data.validated_data["scores"],
                comment=data.validated_data.get("comment", ""),
                declare_no_conflict=data.validated_data.get("declare_no_conflict", False),
            )
            code = status.HTTP_201_CREATED
        view = selectors.score_view(viewer=request.user, proposal=proposal)
        body = {
            "count": view.count,
            "blind": view.blind,
            "mean": view.mean,
            "alignment": selectors.alignment(proposal).percent,
            "sheets": view.sheets,
        }
        return Response(s.ScoresSerializer(body).data, status=code)

    @extend_schema(methods=["GET"], request=None, responses=s.AssignmentSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=s.AssignInputSerializer,
        responses={201: s.AssignmentSerializer(many=True)},
        description="Assign evaluators; 409 naming the rule when one has a conflict of interest.",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="assignments",
        pagination_class=None,
        permission_classes=[IsAuthenticated],
    )
    def assignments(self, request, pk=None):
        proposal = self.get_object()
        if not perms.reads_province(request.user, proposal.province_id):
            raise PermissionDenied
        if request.method == "POST":
            data = s.AssignInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            rows = services.evaluators_assign(
                actor=request.user,
                proposals=[proposal],
                evaluators=_users(data.validated_data["evaluators"]),
                due_on=data.validated_data["due_on"],
            )
            return Response(
                s.AssignmentSerializer(rows, many=True).data, status=status.HTTP_201_CREATED
            )
        return Response(s.AssignmentSerializer(selectors.assignments_of(proposal), many=True).data)

    @extend_schema(request=None, responses=s.ProposalAnswerSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="answers", pagination_class=None)
    def answers(self, request, pk=None):
        """Every answer the proposal was given (published or not), for whoever may open it."""
        proposal = self.get_object()
        if not perms.can_view_proposal(request.user, proposal):
            raise Http404
        return Response(s.ProposalAnswerSerializer(selectors.answers_of(proposal), many=True).data)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=s.CoSubmitterSerializer(many=True),
        description="The proposal's co-submitters, each with its role and answer.",
    )
    @extend_schema(
        methods=["POST"],
        request=s.CoSubmitterInputSerializer,
        responses={201: s.CoSubmitterSerializer},
        description="Name a co-submitting organization or person (one of them) with its role.",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="co-submitters",
        pagination_class=None,
        permission_classes=[IsAuthenticated],
    )
    def co_submitters(self, request, pk=None):
        proposal = self.get_object()
        if request.method == "POST":
            data = s.CoSubmitterInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            row = services.cosubmitter_add(
                actor=request.user,
                proposal=proposal,
                role=data.validated_data["role"],
                organization=data.validated_data.get("organization"),
                person=data.validated_data.get("person"),
            )
            return Response(s.CoSubmitterSerializer(row).data, status=status.HTTP_201_CREATED)
        rows = cosubmitter_selectors.co_submitters_of(proposal).select_related("proposal")
        return Response(s.CoSubmitterSerializer(rows, many=True).data)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=s.CooperationOfferSerializer(many=True),
        description="«آمادگی همکاری»: staff of the province see every mark (beside the "
        "suggestions); anyone else sees their own.",
    )
    @extend_schema(
        methods=["POST"],
        request=s.CooperationInputSerializer,
        responses={201: s.CooperationOfferSerializer},
        description="Mark readiness to cooperate on an approved (public) proposal, for the "
        "organization you represent or for yourself; marking again updates the note.",
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={204: None},
        description="Withdraw your own marks on this proposal.",
    )
    @action(
        detail=True,
        methods=["get", "post", "delete"],
        url_path="cooperation",
        pagination_class=None,
        permission_classes=[IsAuthenticated],
    )
    def cooperation(self, request, pk=None):
        proposal = self.get_object()
        if request.method == "POST":
            data = s.CooperationInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            offer = services.cooperation_mark(
                actor=request.user,
                proposal=proposal,
                organization=data.validated_data.get("organization"),
                note=data.validated_data.get("note", ""),
            )
            return Response(
                s.CooperationOfferSerializer(offer).data, status=status.HTTP_201_CREATED
            )
        own = cosubmitter_selectors.own_cooperation_offers(request.user, proposal)
        if request.method == "DELETE":
            offers = list(own)
            if not offers:
                raise Http404
            for offer in offers:
                services.cooperation_withdraw(actor=request.user, offer=offer)
            return Response(status=status.HTTP_204_NO_CONTENT)
        if perms.can_view_cooperation(request.user, proposal):
            own = cosubmitter_selectors.cooperation_offers(proposal)
        return Response(s.CooperationOfferSerializer(own, many=True).data)


class CallViewSet(
    HistoryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Calls for proposals (فراخوان): public; opened, edited and extended by the province's
    governorate staff. Each carries its figures: proposals by state (drafts not counted), the
    total approved and what is left of the envelope."""

    serializer_class = s.CallSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        params = self.request.query_params
        province = None
        if params.get("province"):
            province = Province.objects.filter(code=params["province"].upper()[:8]).first()
            if province is None:
                return call_selectors.call_list().none()
        calls = call_selectors.call_list(province=province, status=params.get("status", ""))
        return calls.prefetch_related("sectors", "capabilities", "priorities", "extensions")

    def _context(self, calls):
        return {
            "request": self.request,
            "today": today(),
            "figures": call_selectors.call_figures(calls),
        }

    @extend_schema(
        parameters=[
            OpenApiParameter("province", str, description="ISO code, e.g. IR-02"),
            OpenApiParameter("status", str, enum=["open", "upcoming", "closed"]),
        ]
    )
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            s.CallSerializer(page, many=True, context=self._context(page)).data
        )

    def retrieve(self, request, *args, **kwargs):
        return Response(self._one(self.get_object()))

    def _one(self, call):
        call = (
            Call.objects.prefetch_related("sectors", "capabilities", "priorities", "extensions")
            .select_related("province")
            .get(pk=call.pk)
        )
        return s.CallSerializer(call, context=self._context([call])).data

    @extend_schema(request=s.CallInputSerializer, responses={201: s.CallSerializer})
    def create(self, request, *args, **kwargs):
        data = s.CallInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        province = values.pop("province")
        values.pop("version", None)
        themes = {
            name: values.pop(name, None) for name in ("sectors", "capabilities", "priorities")
        }
        call = services.call_create(
            actor=request.user, province=province, data=values, themes=themes
        )
        return Response(self._one(call), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CallInputSerializer, responses=s.CallSerializer)
    def partial_update(self, request, *args, **kwargs):
        call = self.get_object()
        data = s.CallInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("province", None)
        version = values.pop("version", None)
        themes = {
            name: values.pop(name, None) for name in ("sectors", "capabilities", "priorities")
        }
        call = services.call_update(
            actor=request.user, call=call, data=values, themes=themes, expected_version=version
        )
        return Response(self._one(call))

    @extend_schema(request=s.CallExtendInputSerializer, responses=s.CallSerializer)
    @action(detail=True, methods=["post"], url_path="extend", permission_classes=[IsAuthenticated])
    def extend(self, request, pk=None):
        """Move the closing date later, with a reason."""
        call = self.get_object()
        data = s.CallExtendInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.call_extend(
            actor=request.user,
            call=call,
            closes_on=data.validated_data["closes_on"],
            reason=data.validated_data["reason"],
            expected_version=data.validated_data.get("version"),
        )
        return Response(self._one(call))

    @extend_schema(
        request=None,
        responses=s.CallFiguresSerializer,
        parameters=[OpenApiParameter("province", str, description="ISO code, e.g. IR-02")],
        description="The ongoing call: proposals outside any call, by state, and their total "
        "approved (no envelope).",
    )
    @action(detail=False, methods=["get"], url_path="ongoing", pagination_class=None)
    def ongoing(self, request):
        code = request.query_params.get("province", "")
        province = None
        if code:
            province = Province.objects.filter(code=code.upper()[:8]).first()
            if province is None:
                raise Http404
        figures = call_selectors.ongoing_figures(province=province)
        return Response(s.CallFiguresSerializer(figures).data)


class CoSubmitterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Co-submissions: those the viewer answers for (``mine=1``: only those awaiting an
    answer) and those on proposals the viewer may open; confirm or decline as the party,
    remove as the proposal's owner."""

    serializer_class = s.CoSubmitterSerializer
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        if self.request.query_params.get("mine") in ("1", "true"):
            return cosubmitter_selectors.pending_co_submissions(self.request.user)
        visible = selectors.proposals_visible_to(self.request.user).values("pk")
        return (
            cosubmitter_selectors.co_submitters_of_proposals(visible)
            .select_related("proposal", "organization", "person")
            .order_by("-id")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("mine", bool, description="Only those awaiting your answer."),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        services.cosubmitter_remove(actor=request.user, co_submitter=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _answer(self, request, service):
        row = self.get_object()
        data = s.AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service(actor=request.user, co_submitter=row, note=data.validated_data["note"])
        return Response(s.CoSubmitterSerializer(row).data)

    @extend_schema(request=s.AnswerInputSerializer, responses=s.CoSubmitterSerializer)
    @action(detail=True, methods=["post"], url_path="confirm")
    def confirm(self, request, pk=None):
        return self._answer(request, services.cosubmitter_confirm)

    @extend_schema(request=s.AnswerInputSerializer, responses=s.CoSubmitterSerializer)
    @action(detail=True, methods=["post"], url_path="decline")
    def decline(self, request, pk=None):
        return self._answer(request, services.cosubmitter_decline)


def _users(ids) -> list:
    users = list(User.objects.filter(pk__in=set(ids)))
    if len(users) != len(set(ids)):
        raise ValidationError({"evaluators": [_("کاربر ناشناخته.")]})
    return users


class DossierViewSet(
    HistoryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsAuthenticated]
    serializer_class = s.DossierSerializer

    def get_queryset(self):
        return selectors.dossier_list(viewer=self.request.user).prefetch_related("proposals")

    @extend_schema(request=s.DossierInputSerializer, responses={201: s.DossierSerializer})
    def create(self, request, *args, **kwargs):
        data = s.DossierInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        province = Province.objects.filter(code=data.validated_data["province"].upper()).first()
        if province is None:
            raise ValidationError({"province": [_("استان نامعتبر است.")]})
        if not perms.can_manage_dossier(request.user, province.pk):
            raise PermissionDenied
        visible = selectors.proposal_list(viewer=request.user)
        proposals = []
        for pk in data.validated_data["proposals"]:
            proposal = visible.filter(pk=pk).first()
            if proposal is None:
                raise Http404
            proposals.append(proposal)
        dossier = services.dossier_create(
            actor=request.user,
            province=province,
            title=data.validated_data["title"],
            cover_letter=data.validated_data["cover_letter"],
            proposals=proposals,
        )
        dossier = self.get_queryset().get(pk=dossier.pk)
        return Response(s.DossierSerializer(dossier).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.DossierSerializer)
    @action(detail=True, methods=["post"], url_path="forward")
    def forward(self, request, pk=None):
        dossier = self.get_object()
        services.dossier_forward(actor=request.user, dossier=dossier)
        return Response(s.DossierSerializer(self.get_queryset().get(pk=dossier.pk)).data)

    def _membership(self, request, service):
        dossier = self.get_object()
        data = s.DossierProposalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = selectors.proposal_get(viewer=request.user, pk=data.validated_data["proposal"])
        service(actor=request.user, dossier=dossier, proposal=proposal)
        return Response(s.DossierSerializer(self.get_queryset().get(pk=dossier.pk)).data)

    @extend_schema(request=s.DossierProposalInputSerializer, responses=s.DossierSerializer)
    @action(detail=True, methods=["post"], url_path="add")
    def add(self, request, pk=None):
        return self._membership(request, services.dossier_add)

    @extend_schema(request=s.DossierProposalInputSerializer, responses=s.DossierSerializer)
    @action(detail=True, methods=["post"], url_path="remove")
    def remove(self, request, pk=None):
        return self._membership(request, services.dossier_remove)

    @extend_schema(request=None, responses=s.RankedProposalSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="ranking", pagination_class=None)
    def ranking(self, request, pk=None):
        """The dossier's proposals ranked by mean score, then alignment."""
        dossier = self.get_object()
        rows = []
        for proposal in selectors.dossier_proposals(dossier):
            row = dict(s.ProposalSerializer(proposal).data)
            can_see = perms.can_see_all_scores(request.user, proposal)
            row["mean_score"] = proposal.mean_score if can_see else None
            row["score_count"] = proposal.sheet_count
            row["assigned_count"] = proposal.assigned_count
            row["alignment"] = proposal.alignment.percent
            rows.append(row)
        return Response(rows)

    @extend_schema(
        request=s.AssignInputSerializer,
        responses={201: s.AssignmentSerializer(many=True)},
        description=(
            "Assign evaluators to the dossier's proposals awaiting scores, with a due date; "
            "409 naming each conflict of interest (nothing assigned)."
        ),
    )
    @action(detail=True, methods=["post"], url_path="assign")
    def assign(self, request, pk=None):
        dossier = self.get_object()
        data = s.AssignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = services.dossier_assign(
            actor=request.user,
            dossier=dossier,
            evaluators=_users(data.validated_data["evaluators"]),
            due_on=data.validated_data["due_on"],
            proposals=data.validated_data.get("proposals"),
        )
        return Response(
            s.AssignmentSerializer(rows, many=True).data, status=status.HTTP_201_CREATED
        )


class AssignmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """What the signed-in evaluator is assigned to score and has not scored, soonest due
    first (their desk)."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.AssignmentSerializer

    def get_queryset(self):
        return selectors.assignments_due(viewer=self.request.user)


class EvaluationPolicyViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Each province's minimum of score sheets before a decision (POST sets it: governorate
    staff of the province)."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = s.EvaluationPolicySerializer
    queryset = EvaluationPolicy.objects.select_related("province")

    def create(self, request, *args, **kwargs):
        data = s.EvaluationPolicySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        policy = services.evaluation_policy_set(
            actor=request.user,
            province=data.validated_data["province"],
            min_score_sheets=data.validated_data["min_score_sheets"],
        )
        return Response(s.EvaluationPolicySerializer(policy).data, status=status.HTTP_201_CREATED)


class AnswerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The public answers of decided proposals (published ones); ``publish`` for the staff
    who decided."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = s.PublicAnswerSerializer

    def get_queryset(self):
        return selectors.published_answers()

    @extend_schema(request=s.PublishInputSerializer, responses=s.ProposalAnswerSerializer)
    @action(detail=True, methods=["post"], url_path="publish", permission_classes=[IsAuthenticated])
    def publish(self, request, pk=None):
        answer = ProposalAnswer.objects.select_related("proposal").filter(pk=pk).first()
        if answer is None or not perms.can_view_proposal(request.user, answer.proposal):
            raise Http404
        data = s.PublishInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = services.answer_publish(actor=request.user, answer=answer, **data.validated_data)
        return Response(s.ProposalAnswerSerializer(answer).data)


class AwardViewSet(
    HistoryMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Who implements each project made from an approved proposal (public, as the projects
    are); POST records or corrects an award (governorate staff of the province)."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = s.AwardSerializer

    def get_queryset(self):
        return Award.objects.filter(project__is_public=True).select_related(
            "project__owner", "implementer_organization", "implementer_person"
        )

    @extend_schema(request=s.AwardInputSerializer, responses={201: s.AwardSerializer})
    def create(self, request, *args, **kwargs):
        data = s.AwardInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        proposal = (
            selectors.proposals_visible_to(request.user).filter(pk=values["proposal"]).first()
        )
        if proposal is None:
            raise ValidationError({"proposal": [_("طرح ناشناخته.")]})
        organization = person = None
        if values.get("organization"):
            organization = Organization.objects.filter(pk=values["organization"]).first()
            if organization is None:
                raise ValidationError({"organization": [_("سازمان ناشناخته.")]})
        if values.get("person"):
            person = Person.objects.filter(pk=values["person"]).first()
            if person is None:
                raise ValidationError({"person": [_("فرد ناشناخته.")]})
        award = services.award_record(
            actor=request.user,
            proposal=proposal,
            organization=organization,
            person=person,
            contract_date=values["contract_date"],
            contract_amount=values["contract_amount"],
            procurement_method=values["procurement_method"],
            expected_version=values.get("version"),
        )
        award = self.get_queryset().model.objects.select_related("project__owner").get(pk=award.pk)
        return Response(s.AwardSerializer(award).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses=s.AwardSharesSerializer,
        parameters=[OpenApiParameter("province", str, description="ISO code, e.g. IR-02")],
        description=(
            "The approved budget of awarded proposals by where the implementer sits: the "
            "proposal's county, elsewhere in its province, another province."
        ),
    )
    @action(detail=False, methods=["get"], url_path="shares", pagination_class=None)
    def shares(self, request):
        code = request.query_params.get("province", "")
        province = None
        if code:
            province = Province.objects.filter(code=code).first()
            if province is None:
                raise ValidationError({"province": [_("استان ناشناخته.")]})
        return Response(s.AwardSharesSerializer(selectors.award_shares(province=province)).data)


class PriorityViewSet(viewsets.ModelViewSet):
    """Executive priorities (readable by everyone; written by governorate staff)."""

    serializer_class = s.PrioritySerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        params = self.request.query_params
        queryset = selectors.priority_list()
        if params.get("province"):
            queryset = queryset.filter(province__code=params["province"].upper())
        if params.get("year", "").isdigit():
            queryset = queryset.filter(year=int(params["year"]))
        return queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        province = data.pop("province")
        serializer.instance = services.priority_create(
            actor=self.request.user, province=province, data=data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("province", None)
        serializer.instance = services.priority_update(
            actor=self.request.user, priority=serializer.instance, data=data
        )

    def perform_destroy(self, instance: Priority):
        services.priority_delete(actor=self.request.user, priority=instance)


class CriterionViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """The scoring rubric of each province (criteria scored 1–5 with weights)."""

    serializer_class = s.CriterionSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]

    def get_queryset(self):
        queryset = Criterion.objects.select_related("province").filter(is_active=True)
        if self.request.query_params.get("province"):
            queryset = queryset.filter(province__code=self.request.query_params["province"].upper())
        return queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.criterion_create(
            actor=self.request.user,
            province=data.pop("province"),
            title=data["title"],
            weight=data.get("weight", 1),
            description=data.get("description", ""),
            position=data.get("position", 0),
        )
