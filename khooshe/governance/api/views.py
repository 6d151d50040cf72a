"""The governance API. Reads go through the permission-checked selectors (an object the
viewer may not see is a 404); writes go through the services, as the pages do: a progress
update (403 for anyone but the owner's representatives and staff of the province; 400 when
"done" comes without evidence), staff recording resolutions and commitments, cancelling a
commitment and signing an agreement (409 when the state does not allow it)."""

from __future__ import annotations

import datetime
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from khooshe.core.idempotency import key_from_request, run_once
from khooshe.governance import selectors, services
from khooshe.governance.api import serializers as s
from khooshe.governance.filters import CommitmentFilter
from khooshe.governance.models import (
    BodyMember,
    Commitment,
    MeetingInvitation,
    MinutesAmendment,
    MinutesConfirmation,
)
from khooshe.history.api.views import HistoryMixin
from khooshe.persian.jalali import TEHRAN


@contextmanager
def _due_date_errors():
    """The services name the date ``due_on``; the API calls it ``due_date``."""
    try:
        yield
    except ValidationError as error:
        if hasattr(error, "error_dict") and "due_on" in error.error_dict:
            error.error_dict["due_date"] = error.error_dict.pop("due_on")
        raise


class BodyViewSet(HistoryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.BodySerializer

    def get_queryset(self):
        return (
            selectors.body_list(viewer=self.request.user)
            .prefetch_related(
                Prefetch(
                    "members",
                    queryset=BodyMember.objects.select_related("person", "organization"),
                )
            )
            .order_by("name", "id")
        )


class MeetingViewSet(HistoryMixin, viewsets.ReadOnlyModelViewSet):
    """Meetings with their state, invitations and replies, minutes confirmations and
    amendments. Staff move a meeting (invite, hold, postpone, cancel) and its minutes (send,
    lock, amend); an invitee replies; an attendee confirms or comments. Moves out of order
    and replies to a cancelled meeting are 409."""

    serializer_class = s.MeetingSerializer
    filterset_fields = ["body", "state", "minutes_state"]

    def get_queryset(self):
        return selectors.meeting_list(viewer=self.request.user).prefetch_related(
            "agenda_items",
            Prefetch(
                "invitations",
                queryset=MeetingInvitation.objects.select_related("person", "organization"),
            ),
            Prefetch(
                "minutes_confirmations",
                queryset=MinutesConfirmation.objects.select_related("person"),
            ),
            Prefetch("amendments", queryset=MinutesAmendment.objects.select_related("author")),
        )

    def _meeting(self, request):
        if not request.user.is_authenticated:
            self.permission_denied(request)
        return self.get_object()

    def _answer(self, meeting):
        return Response(s.MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data)

    def _note(self, request) -> str:
        serializer = s.MeetingNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data.get("note", "")

    @extend_schema(request=s.MeetingNoteSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="invite", filterset_fields=None)
    def invite(self, request, pk=None):
        """Invite the body's current members (notification, SMS where a mobile is known)."""
        meeting = self._meeting(request)
        services.meeting_invite(actor=request.user, meeting=meeting, note=self._note(request))
        return self._answer(meeting)

    @extend_schema(request=s.MeetingNoteSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="hold", filterset_fields=None)
    def hold(self, request, pk=None):
        """Record that it was held; replies become attendance."""
        meeting = self._meeting(request)
        services.meeting_hold(actor=request.user, meeting=meeting, note=self._note(request))
        return self._answer(meeting)

    @extend_schema(request=s.PostponeSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="postpone", filterset_fields=None)
    def postpone(self, request, pk=None):
        meeting = self._meeting(request)
        serializer = s.PostponeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        held_at = None
        if data.get("held_on"):
            time = data.get("held_time") or meeting.held_at.astimezone(TEHRAN).time()
            held_at = datetime.datetime.combine(data["held_on"], time, tzinfo=TEHRAN)
        services.meeting_postpone(
            actor=request.user, meeting=meeting, reason=data["reason"], held_at=held_at
        )
        return self._answer(meeting)

    @extend_schema(request=s.CancelSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="cancel", filterset_fields=None)
    def cancel(self, request, pk=None):
        meeting = self._meeting(request)
        serializer = s.CancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.meeting_cancel(
            actor=request.user, meeting=meeting, reason=serializer.validated_data["reason"]
        )
        return self._answer(meeting)

    @extend_schema(request=s.ReplySerializer, responses=s.InvitationSerializer)
    @action(detail=True, methods=["post"], url_path="reply", filterset_fields=None)
    def reply(self, request, pk=None):
        """The signed-in invitee's reply (403 when not invited; 409 when cancelled)."""
        meeting = self._meeting(request)
        invitation = next(
            (i for i in meeting.invitations.all() if i.person.user_id == request.user.pk), None
        )
        if invitation is None:
            raise PermissionDenied(_("شما به این جلسه دعوت نشده‌اید."))
        serializer = s.ReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = services.invitation_reply(
            actor=request.user, invitation=invitation, **serializer.validated_data
        )
        return Response(s.InvitationSerializer(invitation).data)

    @extend_schema(request=s.MeetingNoteSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="minutes/send", filterset_fields=None)
    def minutes_send(self, request, pk=None):
        meeting = self._meeting(request)
        services.minutes_send(actor=request.user, meeting=meeting, note=self._note(request))
        return self._answer(meeting)

    @extend_schema(request=s.MinutesResponseSerializer, responses=s.ConfirmationSerializer)
    @action(detail=True, methods=["post"], url_path="minutes/respond", filterset_fields=None)
    def minutes_respond(self, request, pk=None):
        """The attendee's own confirmation or comment (403 when not asked)."""
        meeting = self._meeting(request)
        serializer = s.MinutesResponseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        confirmation = services.minutes_respond(
            actor=request.user, meeting=meeting, **serializer.validated_data
        )
        return Response(s.ConfirmationSerializer(confirmation).data)

    @extend_schema(request=s.MeetingNoteSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="minutes/lock", filterset_fields=None)
    def minutes_lock(self, request, pk=None):
        meeting = self._meeting(request)
        services.minutes_lock(actor=request.user, meeting=meeting, note=self._note(request))
        return self._answer(meeting)

    @extend_schema(request=s.AmendSerializer, responses={201: s.AmendmentSerializer})
    @action(detail=True, methods=["post"], url_path="minutes/amend", filterset_fields=None)
    def minutes_amend(self, request, pk=None):
        """A locked minute changes only by a recorded amendment (409 when not locked)."""
        meeting = self._meeting(request)
        serializer = s.AmendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        amendment = services.minutes_amend(
            actor=request.user, meeting=meeting, **serializer.validated_data
        )
        return Response(s.AmendmentSerializer(amendment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.FollowupSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        url_path="followup",
        filterset_fields=None,
        pagination_class=None,
    )
    def followup(self, request, pk=None):
        """The follow-up that opens the agenda: the body's earlier open resolutions and
        their commitments' status today."""
        meeting = self.get_object()
        return Response(s.FollowupSerializer(selectors.meeting_followup(meeting), many=True).data)


class ResolutionViewSet(HistoryMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ResolutionSerializer
    filterset_fields = ["body", "meeting", "year", "owner"]

    @extend_schema(request=s.ResolutionCreateSerializer, responses={201: s.ResolutionSerializer})
    def create(self, request):
        """Staff record a resolution in a meeting; it gets its number and its commitment."""
        serializer = s.ResolutionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        meeting = selectors.meeting_get(viewer=request.user, pk=data["meeting"].pk)
        with _due_date_errors():
            resolution = services.resolution_create(
                actor=request.user,
                meeting=meeting,
                text=data["text"],
                owner=data["owner"],
                due_on=data.get("due_date") or None,
                vote={name: data.get(name) for name in services.VOTE_INPUTS},
                collaborators=data.get("collaborators", []),
            )
        resolution = self.get_queryset().get(pk=resolution.pk)
        return Response(s.ResolutionSerializer(resolution).data, status=status.HTTP_201_CREATED)

    def get_queryset(self):
        return (
            selectors.resolution_list(viewer=self.request.user)
            .prefetch_related(
                Prefetch("commitments", queryset=Commitment.objects.select_related("owner"))
            )
            .order_by("body_id", "year", "sequence")
        )


class AgreementViewSet(HistoryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.AgreementSerializer
    filterset_fields = ["state", "kind"]

    def get_queryset(self):
        return selectors.agreement_list(viewer=self.request.user).order_by("-signed_on", "-id")

    @extend_schema(request=s.SignSerializer, responses=s.AgreementSerializer)
    @action(detail=True, methods=["post"], url_path="sign", filterset_fields=None)
    def sign(self, request, pk=None):
        """Staff of the province record the signing (409 when it is signed already)."""
        agreement = self.get_object()
        serializer = s.SignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.agreement_sign(
            actor=request.user,
            agreement=agreement,
            signed_on=serializer.validated_data["signed_on"],
        )
        return Response(s.AgreementSerializer(self.get_queryset().get(pk=agreement.pk)).data)


class ProjectViewSet(HistoryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ProjectSerializer
    filterset_fields = ["kind", "owner"]

    def get_queryset(self):
        return selectors.project_list(viewer=self.request.user).order_by("title", "id")


class CommitmentViewSet(
    HistoryMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = s.CommitmentSerializer
    filterset_class = CommitmentFilter

    def get_queryset(self):
        return selectors.commitment_list(viewer=self.request.user)

    @extend_schema(request=s.CommitmentCreateSerializer, responses={201: s.CommitmentSerializer})
    def create(self, request):
        """Staff of the province record a commitment (403 for anyone else)."""
        serializer = s.CommitmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        due_date = data.pop("due_date", "") or None
        with _due_date_errors():
            commitment = services.commitment_create(actor=request.user, due_on=due_date, **data)
        commitment = selectors.commitment_get(viewer=request.user, pk=commitment.pk)
        return Response(s.CommitmentSerializer(commitment).data, status=status.HTTP_201_CREATED)

    def _answer(self, commitment):
        return Response(
            s.CommitmentSerializer(
                selectors.commitment_get(viewer=self.request.user, pk=commitment.pk)
            ).data
        )

    @extend_schema(request=s.AcceptSerializer, responses=s.CommitmentSerializer)
    @action(detail=True, methods=["post"], url_path="accept", filterset_class=None)
    def accept(self, request, pk=None):
        """Accept the 100% report awaiting acceptance: staff of the province or the body's
        secretariat, never its author nor the owner's representatives (403); 409 when
        nothing awaits acceptance. ``done_date`` becomes the reported date."""
        commitment = self.get_object()
        serializer = s.AcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.commitment_accept(
            actor=request.user,
            commitment=commitment,
            note=serializer.validated_data.get("note", ""),
        )
        return self._answer(commitment)

    @extend_schema(request=s.ContestSerializer, responses=s.CommitmentSerializer)
    @action(detail=True, methods=["post"], url_path="contest", filterset_class=None)
    def contest(self, request, pk=None):
        """Contest the 100% report with a reason: progress goes back to the last percentage
        reported below 100."""
        commitment = self.get_object()
        serializer = s.ContestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.commitment_contest(
            actor=request.user, commitment=commitment, reason=serializer.validated_data["reason"]
        )
        return self._answer(commitment)

    @extend_schema(request=s.ExtendSerializer, responses=s.CommitmentSerializer)
    @action(detail=True, methods=["post"], url_path="extend", filterset_class=None)
    def extend(self, request, pk=None):
        """Staff of the province move the due date: an extension record (old and new date,
        reason, source); the original date stays (409 once reported done or cancelled)."""
        commitment = self.get_object()
        serializer = s.ExtendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.commitment_extend(
                actor=request.user,
                commitment=commitment,
                new_due_on=data["new_due_date"],
                reason=data["reason"],
                source=data["source"],
                source_resolution=data.get("source_resolution"),
                source_reference=data.get("source_reference", ""),
                expected_version=data.get("version"),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "new_due_on" in error.error_dict:
                error.error_dict["new_due_date"] = error.error_dict.pop("new_due_on")
            raise
        return self._answer(commitment)

    @extend_schema(responses=s.CommitmentRecordSerializer)
    @action(
        detail=True,
        methods=["get"],
        url_path="record",
        filterset_class=None,
        pagination_class=None,
    )
    def record(self, request, pk=None):
        """Extensions, reviews of reports of completion and stated dates, oldest first."""
        commitment = self.get_object()
        return Response(
            s.CommitmentRecordSerializer(
                selectors.commitment_record(viewer=request.user, commitment=commitment)
            ).data
        )

    @extend_schema(
        request=s.DueStatementCreateSerializer,
        responses={201: s.CommitmentDueStatementSerializer},
    )
    @action(detail=True, methods=["post"], url_path="due-statements", filterset_class=None)
    def due_statements(self, request, pk=None):
        """Staff record a due date a source stated (a second date for the same promise)."""
        commitment = self.get_object()
        serializer = s.DueStatementCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with _due_date_errors():
            statement = services.commitment_due_statement_add(
                actor=request.user,
                commitment=commitment,
                due_on=data["due_date"],
                source_note=data["source_note"],
                source_url=data.get("source_url", ""),
            )
        return Response(
            s.CommitmentDueStatementSerializer(statement).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=s.BaselineSerializer, responses=s.CommitmentSerializer)
    @action(detail=True, methods=["post"], url_path="baseline", filterset_class=None)
    def baseline(self, request, pk=None):
        """Staff choose which stated date is the original one."""
        commitment = self.get_object()
        serializer = s.BaselineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        statement = commitment.due_statements.filter(
            pk=serializer.validated_data["statement"]
        ).first()
        if statement is None:
            raise ValidationError({"statement": _("این موعد از آن این تعهد نیست.")})
        services.commitment_baseline_choose(
            actor=request.user, commitment=commitment, statement=statement
        )
        return self._answer(commitment)

    @extend_schema(request=s.CancelSerializer, responses=s.CommitmentSerializer)
    @action(detail=True, methods=["post"], url_path="cancel", filterset_class=None)
    def cancel(self, request, pk=None):
        commitment = self.get_object()
        serializer = s.CancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.commitment_cancel(
            actor=request.user, commitment=commitment, reason=serializer.validated_data["reason"]
        )
        commitment = selectors.commitment_get(viewer=request.user, pk=commitment.pk)
        return Response(s.CommitmentSerializer(commitment).data)

    @extend_schema(
        methods=["post"],
        request=s.CommitmentUpdateSerializer,
        responses={201: s.CommitmentUpdateSerializer},
    )
    @extend_schema(methods=["get"], responses=s.CommitmentUpdateSerializer(many=True))
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="updates",
        filterset_class=None,
        pagination_class=None,
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    def updates(self, request, pk=None):
        commitment = self.get_object()
        if request.method == "GET":
            data = s.CommitmentUpdateSerializer(
                selectors.commitment_updates(viewer=request.user, commitment=commitment), many=True
            ).data
            return Response(data)
        if not request.user.is_authenticated:
            self.permission_denied(request)
        serializer = s.CommitmentUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        def act():
            update = services.commitment_update_add(
                actor=request.user,
                commitment=commitment,
                percent=data["percent"],
                text=data.get("text", ""),
                reported_on=data.get("reported_on"),
                evidence_url=data.get("evidence_url", ""),
                evidence_files=[data["evidence_file"]] if data.get("evidence_file") else [],
            )
            return status.HTTP_201_CREATED, dict(s.CommitmentUpdateSerializer(update).data)

        code, body, _replayed = run_once(
            user=request.user,
            scope=f"governance.commitment_update:{commitment.pk}",
            key=key_from_request(request),
            action=act,
        )
        return Response(body, status=code)
