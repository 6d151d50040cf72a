"""The support-programs API: the same services and selectors as the pages."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from khooshe.core.idempotency import key_from_request, run_once
from khooshe.geo.models import County
from khooshe.history.api.views import HistoryMixin
from khooshe.loans import selectors, services
from khooshe.loans.api import serializers as s
from khooshe.loans.calculator import schedule_from, schedule_payload
from khooshe.loans.models import DocumentRequirement, Program
from khooshe.loans.permissions import can_manage_program, can_operate_loan
from khooshe.loans.workflow import PUBLIC_ACTIONS
from khooshe.registry.models import Organization, Person


class CalculatorThrottle(AnonRateThrottle):
    """The calculator is pure arithmetic (about 2 ms for 48 lines): a client checking many
    schedules gets a higher allowance than the site-wide anonymous rate."""

    scope = "loan_calculator"
    rate = "3000/min"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoanScheduleView(APIView):
    """``POST /api/v1/loan-schedules/`` — the public calculator (anonymous allowed)."""

    permission_classes = [AllowAny]
    throttle_classes = [CalculatorThrottle]

    @extend_schema(request=s.LoanScheduleRequestSerializer, responses=s.LoanScheduleSerializer)
    def post(self, request):
        serializer = s.LoanScheduleRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        disbursed_on = data.pop("disbursed_on", None) or timezone.localdate()
        return Response(schedule_payload(schedule_from(data, disbursed_on)))


class ProgramViewSet(HistoryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ProgramSerializer
    permission_classes = [AllowAny]
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        open_now = params.get("open_now")
        return selectors.program_list(
            viewer=self.request.user,
            province=params.get("province") or None,
            kind=params.get("kind") or None,
            open_now=None if open_now in (None, "") else open_now.lower() in ("1", "true", "yes"),
        ).prefetch_related("rules", "packages", "document_requirements")

    def get_object(self):
        program = selectors.program_get(viewer=self.request.user, pk=self.kwargs["pk"])
        if self.action == "history" and not can_manage_program(self.request.user, program):
            self.permission_denied(self.request)  # 401 for the anonymous, 403 for others
        return program

    @extend_schema(
        parameters=[
            OpenApiParameter("province", str, description="ISO 3166-2:IR, e.g. IR-02"),
            OpenApiParameter("kind", str, enum=list(Program.Kind.values)),
            OpenApiParameter("open_now", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        program = self.get_object()
        program.committed = selectors.program_committed(program)
        program.disbursed = selectors.program_disbursed(program)
        return Response(s.ProgramDetailSerializer(program, context={"request": request}).data)

    @extend_schema(responses=s.JobsSerializer)
    @action(detail=True, methods=["get"])
    def jobs(self, request, pk=None):
        """Jobs promised (approved applications and later) vs created (latest report of each
        loan), in total and per county of activity."""
        return Response(_jobs_payload(self.get_object()))

    @extend_schema(
        parameters=[
            OpenApiParameter("amount", str, required=True),
            OpenApiParameter("disbursed_on", str, description="Jalali, e.g. 1403/06/31"),
        ],
        responses=s.LoanScheduleSerializer,
    )
    @action(detail=True, methods=["get"])
    def schedule(self, request, pk=None):
        """The program's own loan parameters applied to ``amount`` from ``disbursed_on``."""
        program = self.get_object()
        if not program.is_loan:
            raise ValidationError({"program": [_("این برنامه وام نیست.")]})
        query = s.ProgramScheduleQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        amount = query.validated_data["amount"]
        if program.is_loan and not program.min_amount <= amount <= program.max_amount:
            raise ValidationError({"amount": [f"{program.min_amount:,} – {program.max_amount:,}"]})
        values = {"amount": amount, **program.term_values()}
        on = query.validated_data.get("disbursed_on") or timezone.localdate()
        return Response(schedule_payload(schedule_from(values, on)))


def _jobs_payload(program) -> dict:
    rows = selectors.jobs_by_county(program)
    return {
        "promised": sum(r["promised"] for r in rows),
        "created": sum(r["created"] for r in rows),
        "by_county": [
            {
                "county_id": r["county"].pk,
                "county": r["county"].name,
                "applications": r["applications"],
                "promised": r["promised"],
                "created": r["created"],
            }
            for r in rows
        ],
    }


class ApplicationViewSet(
    HistoryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """An actor sees only its own applications; staff their province's; fund officers their
    fund's programs'."""

    serializer_class = s.ApplicationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        applications = selectors.application_list(
            viewer=self.request.user,
            program=params.get("program") or None,
            state=params.get("state") or None,
        )
        if params.get("province"):
            applications = applications.filter(province__code=params["province"])
        return applications

    def get_object(self):
        return selectors.application_get(viewer=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=s.ApplicationCreateSerializer, responses={201: s.ApplicationSerializer})
    def create(self, request):
        data = s.ApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        program = selectors.program_get(viewer=request.user, pk=values.pop("program"))
        organization_id = values.pop("organization", None)
        county = County.objects.filter(pk=values.pop("county")).first()
        organization = person = None
        if organization_id is not None:
            organization = Organization.objects.filter(pk=organization_id).first()
            if organization is None:
                raise ValidationError({"organization": [_("سازمان یافت نشد.")]})
        else:
            person = Person.objects.filter(user=request.user).first()
            if person is None:
                raise ValidationError(
                    {
                        "organization": [
                            _("سازمان را برگزینید؛ شما پرونده شخصی در بانک فعالان ندارید.")
                        ]
                    }
                )
        application = services.application_create(
            actor=request.user,
            program=program,
            organization=organization,
            person=person,
            county=county,
            **values,
        )
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ApplicationUpdateSerializer, responses=s.ApplicationSerializer)
    def partial_update(self, request, pk=None):
        application = self.get_object()
        data = s.ApplicationUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version", None)
        if "county" in values:
            values["county"] = County.objects.filter(pk=values["county"]).first()
        services.application_update(
            actor=request.user, application=application, expected_version=version, **values
        )
        application.refresh_from_db()
        return Response(self.get_serializer(application).data)

    @extend_schema(
        operation_id="v1_applications_transition",
        request=s.TransitionSerializer,
        responses=s.ApplicationSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"(?P<transition>" + "|".join(PUBLIC_ACTIONS) + ")",
        url_name="transition",
    )
    def transition(self, request, pk=None, transition=None):
        """``POST …/{id}/{action}/`` — submit, review, approve, reject, return, sign, disburse,
        default. 403 when the user may not, 409 when out of order, 400 for bad input. A
        disbursement is idempotent with the ``Idempotency-Key`` header."""
        application = self.get_object()
        data = s.TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        params = _transition_params(transition, data.validated_data)

        def act():
            services.application_transition(
                actor=request.user, application=application, action=transition, **params
            )
            application.refresh_from_db()
            return 200, dict(self.get_serializer(application).data)

        code, body, _replayed = run_once(
            user=request.user,
            scope=f"loans:{transition}:{application.pk}",
            key=key_from_request(request),
            action=act,
        )
        return Response(body, status=code)

    def _cover_application(self):
        return selectors.application_cover_get(viewer=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        methods=["GET"], responses=s.DocumentChecklistSerializer(many=True), request=None
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": s.DocumentUploadSerializer},
        responses={201: s.DocumentChecklistSerializer(many=True)},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=None,
        parser_classes=[MultiPartParser, FormParser],
    )
    def documents(self, request, pk=None):
        """The program's required documents and the files uploaded for each; ``POST`` (the
        applicant, while the application is a draft or returned) uploads one file for a
        requirement. Private to the applicant, the province's staff and the fund."""
        application = self._cover_application()
        if request.method == "POST":
            data = s.DocumentUploadSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            requirement = DocumentRequirement.objects.filter(
                pk=data.validated_data["requirement"], program_id=application.program_id
            ).first()
            services.document_add(
                actor=request.user,
                application=application,
                requirement=requirement,
                uploaded_file=data.validated_data["file"],
            )
        checklist = selectors.document_checklist(application)
        code = status.HTTP_201_CREATED if request.method == "POST" else status.HTTP_200_OK
        return Response(s.DocumentChecklistSerializer(checklist, many=True).data, status=code)

    @extend_schema(methods=["GET"], responses=s.CoverSerializer, request=None)
    @extend_schema(
        methods=["POST"],
        request=s.GuaranteeCreateSerializer,
        responses={201: s.GuaranteeSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)],
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def guarantees(self, request, pk=None):
        """The guarantees and collateral held against the loan and the cover they give
        against the program's required cover; ``POST`` (the fund's officers) records one."""
        application = self._cover_application()
        if request.method == "GET":
            return Response(
                s.CoverSerializer(
                    {
                        "required_percent": application.program.required_cover_percent,
                        "required": services.cover_required(application),
                        "held": services.cover_held(application),
                        "guarantees": selectors.guarantees_of(application),
                    }
                ).data
            )
        data = s.GuaranteeCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)

        def act():
            guarantee = services.guarantee_add(
                actor=request.user, application=application, **data.validated_data
            )
            return 201, dict(s.GuaranteeSerializer(guarantee).data)

        code, body, _replayed = run_once(
            user=request.user,
            scope=f"loans:guarantee:{application.pk}",
            key=key_from_request(request),
            action=act,
        )
        return Response(body, status=code)


def _transition_params(action: str, data: dict) -> dict:
    note = data.get("note", "")
    if action == "approve":
        return {"note": note, "amount": data.get("amount"), "override": data.get("override")}
    if action == "sign":
        return {"note": note, "signed_on": data.get("signed_on")}
    if action == "disburse":
        return {
            "note": note,
            "amount": data.get("amount"),
            "disbursed_on": data.get("disbursed_on"),
            "reference": data.get("reference", ""),
        }
    return {"note": note}


class LoanViewSet(HistoryMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Disbursed applications: their stored schedule and repayments."""

    serializer_class = s.ApplicationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.applications_visible_to(viewer=self.request.user)

    def get_object(self):
        return selectors.loan_get(viewer=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(responses=s.InstallmentSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def schedule(self, request, pk=None):
        loan = self.get_object()
        context = {"today": timezone.localdate(), "request": request}
        return Response(
            s.InstallmentSerializer(
                loan.installments.filter(is_active=True, disbursement__is_reversed=False),
                many=True,
                context=context,
            ).data
        )

    @extend_schema(methods=["GET"], responses=s.RepaymentSerializer(many=True), request=None)
    @extend_schema(
        methods=["POST"],
        request=s.RepaymentCreateSerializer,
        responses={201: s.RepaymentSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)],
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def repayments(self, request, pk=None):
        loan = self.get_object()
        if request.method == "GET":
            return Response(s.RepaymentSerializer(loan.repayments.all(), many=True).data)
        data = s.RepaymentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)

        def act():
            with transaction.atomic():
                repayment = services.repayment_record(
                    actor=request.user, application=loan, **data.validated_data
                )
            code = 200 if getattr(repayment, "replayed", False) else 201
            return code, dict(s.RepaymentSerializer(repayment).data)

        code, body, _replayed = run_once(
            user=request.user,
            scope=f"loans:repayment:{loan.pk}",
            key=key_from_request(request),
            action=act,
        )
        return Response(body, status=code)

    def _reverse(self, request, loan, original, service, field):
        data = s.ReversalCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = key_from_request(request)
        if not key:
            raise ValidationError(
                {"idempotency_key": [_("برای برگشت، سرآیند Idempotency-Key را بفرستید.")]}
            )
        values = data.validated_data

        def act():
            with transaction.atomic():
                reversal = service(
                    actor=request.user,
                    application=loan,
                    reason=values["reason"],
                    reference=values["reference"],
                    expected_version=values.get("version"),
                    **{field: original},
                )
            return 201, dict(s.ReversalSerializer(reversal).data)

        code, body, _replayed = run_once(
            user=request.user,
            scope=f"loans:reverse:{field}:{original.pk}",
            key=key,
            action=act,
        )
        return Response(body, status=code)

    @extend_schema(
        operation_id="v1_loans_repayment_reverse",
        request=s.ReversalCreateSerializer,
        responses={201: s.ReversalSerializer},
        parameters=[
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=True)
        ],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"repayments/(?P<rid>[0-9]{1,18})/reverse",
        url_name="repayment-reverse",
    )
    def reverse_repayment(self, request, pk=None, rid=None):
        """Reverse a posted repayment (fund officers and admins): later repayments are
        reallocated in date order; 409 when already reversed or the loan changed meanwhile."""
        loan = self.get_object()
        repayment = loan.repayments.filter(pk=int(rid)).first()
        if repayment is None:
            raise NotFound()
        return self._reverse(request, loan, repayment, services.repayment_reverse, "repayment")

    @extend_schema(
        operation_id="v1_loans_disbursement_reverse",
        request=s.ReversalCreateSerializer,
        responses={201: s.ReversalSerializer},
        parameters=[
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=True)
        ],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"disbursements/(?P<did>[0-9]{1,18})/reverse",
        url_name="disbursement-reverse",
    )
    def reverse_disbursement(self, request, pk=None, did=None):
        """Reverse a tranche paid out, only while nothing is allocated to its installments."""
        loan = self.get_object()
        disbursement = loan.disbursements.filter(pk=int(did)).first()
        if disbursement is None:
            raise NotFound()
        return self._reverse(
            request, loan, disbursement, services.disbursement_reverse, "disbursement"
        )

    @extend_schema(
        parameters=[OpenApiParameter("on", str, description="Jalali, e.g. 1404/07/01")],
        responses=s.PayoffQuoteSerializer,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def payoff(self, request, pk=None):
        """The amount that settles the loan on ``on`` (today by default)."""
        loan = self.get_object()
        query = s.PayoffQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        quote = services.payoff_quote(loan, query.validated_data.get("on"))
        return Response(s.PayoffQuoteSerializer(quote).data)

    @extend_schema(methods=["GET"], responses=s.WaiverSerializer(many=True), request=None)
    @extend_schema(
        methods=["POST"], request=s.WaiverCreateSerializer, responses={201: s.WaiverSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def waivers(self, request, pk=None):
        """Penalty waivers of the loan; POST waives an amount (all that is owed by default)."""
        loan = self.get_object()
        if request.method == "GET":
            return Response(s.WaiverSerializer(loan.waivers.all(), many=True).data)
        data = s.WaiverCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data

        def act():
            with transaction.atomic():
                waiver = services.penalty_waive(
                    actor=request.user,
                    application=loan,
                    amount=values.get("amount"),
                    reason=values["reason"],
                    expected_version=values.get("version"),
                )
            return 201, dict(s.WaiverSerializer(waiver).data)

        code, body, _replayed = run_once(
            user=request.user,
            scope=f"loans:waiver:{loan.pk}",
            key=key_from_request(request),
            action=act,
        )
        return Response(body, status=code)

    @extend_schema(
        request=s.RescheduleSerializer,
        responses={200: s.ReschedulePreviewSerializer, 201: s.ScheduleVersionSerializer},
    )
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        """Rescheduling (استمهال): the preview of the new schedule beside the old one, or with
        ``confirm`` the new schedule version (fund officers and admins)."""
        loan = self.get_object()
        if not can_operate_loan(request.user, loan):
            self.permission_denied(request)
        data = s.RescheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        params = {k: values[k] for k in ("months", "extra", "rate", "from_date") if k in values}
        if not values["confirm"]:
            preview = services.reschedule_preview(loan, kind=values["kind"], params=params)
            return Response(s.ReschedulePreviewSerializer(preview).data)

        def act():
            with transaction.atomic():
                version = services.reschedule_confirm(
                    actor=request.user,
                    application=loan,
                    kind=values["kind"],
                    params=params,
                    reason=values["reason"],
                    expected_version=values.get("version"),
                )
            return 201, dict(s.ScheduleVersionSerializer(version).data)

        code, body, _replayed = run_once(
            user=request.user,
            scope=f"loans:reschedule:{loan.pk}",
            key=key_from_request(request),
            action=act,
        )
        return Response(body, status=code)

    @extend_schema(responses=s.ScheduleVersionSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="schedule-versions", pagination_class=None)
    def schedule_versions(self, request, pk=None):
        loan = self.get_object()
        return Response(s.ScheduleVersionSerializer(loan.schedule_versions.all(), many=True).data)

    @extend_schema(
        operation_id="v1_loans_schedule_version_undo",
        request=s.UndoSerializer,
        responses=s.ScheduleVersionSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"schedule-versions/(?P<number>[0-9]{1,4})/undo",
        url_name="schedule-version-undo",
    )
    def undo_version(self, request, pk=None, number=None):
        """Undo the latest rescheduling, only while nothing was allocated since."""
        loan = self.get_object()
        version = loan.schedule_versions.filter(number=int(number)).first()
        if version is None:
            raise NotFound()
        data = s.UndoSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.reschedule_undo(
            actor=request.user,
            application=loan,
            version=version,
            expected_version=data.validated_data.get("version"),
        )
        return Response(s.ScheduleVersionSerializer(version).data)

    @extend_schema(responses=s.BucketChangeSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def buckets(self, request, pk=None):
        """The loan's bucket history: each day its bucket of days overdue changed."""
        loan = self.get_object()
        return Response(s.BucketChangeSerializer(selectors.bucket_history(loan), many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("program", int),
            OpenApiParameter("province", int),
            OpenApiParameter("county", int),
        ],
        responses=s.AgingReportSerializer,
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def aging(self, request):
        """Portfolio at risk by bucket (1–30, 31–60, 61–90, 90+ days overdue): loans and
        outstanding principal in total and per program, province and county, over the
        active loans the user reads."""
        query = s.AgingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        report = selectors.aging_report(viewer=request.user, **query.validated_data)
        return Response(s.AgingReportSerializer(report).data)

    @extend_schema(
        parameters=[OpenApiParameter("program", int)],
        responses=s.AgingTrendSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="aging-trend", pagination_class=None)
    def aging_trend(self, request):
        """The monthly snapshots of the portfolio at risk (the last twelve Jalali months)."""
        query = s.AgingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        trend = selectors.aging_trend(
            viewer=request.user, program=query.validated_data.get("program")
        )
        return Response(s.AgingTrendSerializer(trend, many=True).data)


class SupportPackageViewSet(viewsets.ReadOnlyModelViewSet):
    """Support packages of published programs with what is left of their capacity;
    ``POST …/{id}/requests/`` asks for one for an organization the user represents (first
    come: allocated at once while capacity lasts, else waitlisted; by decision: requested)."""

    serializer_class = s.SupportPackageSerializer
    permission_classes = [AllowAny]
    filter_backends: list = []

    def get_queryset(self):
        program = self.request.query_params.get("program", "")
        return selectors.package_list(
            viewer=self.request.user, program=int(program) if program.isdigit() else None
        )

    @extend_schema(
        request=s.PackageRequestCreateSerializer, responses={201: s.PackageRequestSerializer}
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def requests(self, request, pk=None):
        package = self.get_object()
        data = s.PackageRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organization = Organization.objects.filter(pk=data.validated_data["organization"]).first()
        if organization is None:
            raise ValidationError({"organization": [_("سازمان یافت نشد.")]})
        created = services.package_request_create(
            actor=request.user,
            package=package,
            organization=organization,
            note=data.validated_data["note"],
        )
        return Response(s.PackageRequestSerializer(created).data, status=status.HTTP_201_CREATED)
