"""The events API: the same selectors (hidden → 404), services, filters and permissions as
the pages. Writes: applying to exhibit and the staff's decisions, registering (idempotent with
``Idempotency-Key``), cancelling, and check-in (idempotent twice over: a retried request
replays its answer, and a ticket let in twice counts once)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.response import Response

from khooshe.core.idempotency import key_from_request, run_once
from khooshe.eservices.models import EService
from khooshe.events import permissions, selectors, services
from khooshe.events.api import serializers as s
from khooshe.events.filters import EventFilter
from khooshe.events.models import Booth, Session
from khooshe.history.api.views import HistoryMixin
from khooshe.registry.models import Organization


class EventViewSet(HistoryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.EventSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        return selectors.event_list(viewer=self.request.user).prefetch_related(
            "co_organizers",
            Prefetch("sessions", queryset=Session.objects.prefetch_related("speakers")),
        )

    def _event(self):
        return selectors.event_get(viewer=self.request.user, pk=self.kwargs["pk"])

    def _signed_in(self):
        if not self.request.user.is_authenticated:
            raise NotAuthenticated

    def _manager(self, event):
        self._signed_in()
        if not permissions.can_manage_event(self.request.user, event):
            raise PermissionDenied

    # --- exhibitors ------------------------------------------------------------------------

    @extend_schema(methods=["get"], responses=s.ExhibitorSerializer(many=True))
    @extend_schema(
        methods=["post"], request=s.ExhibitorApplySerializer, responses={201: s.ExhibitorSerializer}
    )
    @action(detail=True, methods=["get", "post"], url_path="exhibitors", filterset_class=None)
    def exhibitors(self, request, pk=None):
        """GET: the exhibitors the viewer may see (accepted ones publicly; every application
        for staff of the province and the organization's representatives). POST: apply."""
        event = self._event()
        if request.method == "GET":
            rows = selectors.exhibitor_list(viewer=request.user, event=event)
            page = self.paginate_queryset(rows)
            return self.get_paginated_response(s.ExhibitorSerializer(page, many=True).data)
        self._signed_in()
        serializer = s.ExhibitorApplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization = Organization.objects.filter(
            pk=serializer.validated_data["organization"]
        ).first()
        if organization is None:
            raise ValidationError({"organization": _("سازمانی با این شناسه نیست.")})
        wanted = serializer.validated_data["eservices"]
        eservices = list(EService.objects.filter(pk__in=wanted))
        if len(eservices) != len(set(wanted)):
            raise ValidationError({"eservices": _("خدمتی با این شناسه نیست.")})
        exhibitor = services.exhibitor_apply(
            actor=request.user,
            event=event,
            organization=organization,
            exhibits=serializer.validated_data["exhibits"],
            eservices=eservices,
        )
        return Response(s.ExhibitorSerializer(exhibitor).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.DecisionSerializer, responses=s.ExhibitorSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"exhibitors/(?P<exhibitor_pk>[0-9]{1,18})/decision",
        filterset_class=None,
    )
    def decision(self, request, pk=None, exhibitor_pk=None):
        """Staff of the province: accept (with ``booth``), waitlist, decline (with ``reason``)."""
        event = self._event()
        self._signed_in()
        exhibitor = selectors.exhibitor_get(viewer=request.user, event=event, pk=exhibitor_pk)
        self._manager(event)
        serializer = s.DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["action"] == "accept":
            booth = Booth.objects.filter(pk=data.get("booth") or 0).first()
            if booth is None:
                raise ValidationError({"booth": _("غرفه را انتخاب کنید.")})
            services.exhibitor_accept(
                actor=request.user, exhibitor=exhibitor, booth=booth, note=data["note"]
            )
        elif data["action"] == "waitlist":
            services.exhibitor_waitlist(actor=request.user, exhibitor=exhibitor, note=data["note"])
        else:
            services.exhibitor_decline(
                actor=request.user, exhibitor=exhibitor, reason=data["reason"]
            )
        exhibitor = selectors.exhibitor_get(viewer=request.user, event=event, pk=exhibitor.pk)
        return Response(s.ExhibitorSerializer(exhibitor).data)

    # --- visitors --------------------------------------------------------------------------

    @extend_schema(methods=["get"], responses=s.RegistrationSerializer(many=True))
    @extend_schema(
        methods=["post"], request=s.RegisterSerializer, responses={201: s.RegistrationSerializer}
    )
    @action(detail=True, methods=["get", "post"], url_path="registrations", filterset_class=None)
    def registrations(self, request, pk=None):
        """GET: staff of the province see every registration, a visitor their own.
        POST: register the signed-in visitor (201 with a ticket or a waiting place); send an
        ``Idempotency-Key`` so a retried request never registers twice."""
        event = self._event()
        self._signed_in()
        if request.method == "GET":
            rows = selectors.registration_list(viewer=request.user, event=event)
            page = self.paginate_queryset(rows)
            return self.get_paginated_response(s.RegistrationSerializer(page, many=True).data)
        serializer = s.RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        def act():
            registration = services.registration_create(
                actor=request.user, event=event, **serializer.validated_data
            )
            return status.HTTP_201_CREATED, dict(s.RegistrationSerializer(registration).data)

        code, body, _replayed = run_once(
            user=request.user,
            scope=f"events.register:{event.pk}",
            key=key_from_request(request),
            action=act,
        )
        return Response(body, status=code)

    @extend_schema(request=None, responses=s.RegistrationSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"registrations/(?P<registration_pk>[0-9]{1,18})/cancel",
        filterset_class=None,
    )
    def cancel(self, request, pk=None, registration_pk=None):
        event = self._event()
        self._signed_in()
        registration = (
            selectors.registration_list(viewer=request.user, event=event)
            .filter(pk=registration_pk)
            .first()
        )
        if registration is None:
            raise Http404
        services.registration_cancel(actor=request.user, registration=registration)
        registration.refresh_from_db()
        return Response(s.RegistrationSerializer(registration).data)

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="کد بلیت یا دست‌کم چهار رقم آخر موبایل")],
        responses=s.RegistrationSerializer(many=True),
    )
    @action(detail=True, methods=["get"], url_path="tickets", filterset_class=None)
    def tickets(self, request, pk=None):
        """Staff of the province look a ticket up by its QR value or the mobile's last digits."""
        event = self._event()
        self._manager(event)
        rows = services.find_tickets(event=event, query=request.query_params.get("q", ""))
        return Response(s.RegistrationSerializer(rows, many=True).data)

    @extend_schema(request=s.CheckInSerializer, responses=s.RegistrationSerializer)
    @action(detail=True, methods=["post"], url_path="check-in", filterset_class=None)
    def check_in(self, request, pk=None):
        """Let a ticket in (staff of the province). 200 with ``first_time`` true the first
        time, false when it was let in already: posted twice, it counts once."""
        event = self._event()
        self._manager(event)
        serializer = s.CheckInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        def act():
            done = services.registration_check_in(
                actor=request.user, event=event, code=serializer.validated_data["code"]
            )
            body = dict(s.RegistrationSerializer(done.registration).data)
            body["first_time"] = done.first_time
            return status.HTTP_200_OK, body

        code, body, _replayed = run_once(
            user=request.user,
            scope=f"events.check_in:{event.pk}",
            key=key_from_request(request),
            action=act,
        )
        return Response(body, status=code)
