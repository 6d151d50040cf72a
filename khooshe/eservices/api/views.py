"""``/api/v1/eservices/``: the catalogue with the page's filters (``agency``, ``province``,
``channel``, ``maturity``, ``audience``, ``status``, ``q`` in any spelling) and the same
services for writes. Codes: anonymous write 401; a service the viewer may not see 404; one it
may see but not edit 403; invalid 400; stale ``version`` or a move out of order 409."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from khooshe.eservices import permissions, selectors, services
from khooshe.eservices.api import serializers as s
from khooshe.eservices.filters import EServiceFilter
from khooshe.eservices.models import Channel, YearlyTransactions
from khooshe.history.api.views import HistoryMixin
from khooshe.registry.selectors import organization_find

REQUIRED_ON_CREATE = ("agency", "name", "audience", "maturity")


class EServiceViewSet(
    HistoryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.EServiceSerializer
    filterset_class = EServiceFilter

    def get_queryset(self):
        queryset = (
            selectors.eservices_visible_to(self.request.user)
            .select_related("agency", "province")
            .prefetch_related(
                Prefetch(
                    "channels",
                    queryset=Channel.objects.only("id", "eservice_id", "kind", "address").order_by(
                        "kind", "id"
                    ),
                ),
                Prefetch(
                    "yearly_transactions",
                    queryset=YearlyTransactions.objects.only(
                        "id", "eservice_id", "jalali_year", "count", "source"
                    ).order_by("-jalali_year"),
                ),
            )
        )
        return queryset.order_by("name", "id")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if (self.request.query_params.get("q") or "").strip() and (
            "search_rank" in queryset.query.annotations
        ):
            queryset = queryset.order_by("search_rank", "name", "id")
        return queryset

    def _read(self, pk: int):
        return self.get_queryset().get(pk=pk)

    @extend_schema(request=s.EServiceWriteSerializer, responses={201: s.EServiceSerializer})
    def create(self, request):
        """A representative of the agency adds a service (403 for another agency's)."""
        serializer = s.EServiceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        missing = {
            field: [_("این فیلد لازم است.")] for field in REQUIRED_ON_CREATE if field not in data
        }
        if missing:
            raise ValidationError(missing)
        agency = data.pop("agency")
        if organization_find(pk=agency.pk, viewer=request.user) is None:
            raise ValidationError({"agency": [_("این سازمان پیدا نشد.")]})
        data.pop("version", None)
        eservice = services.eservice_create(
            actor=request.user,
            agency=agency,
            status=data.pop("status", "live"),
            channels=data.pop("channels", None),
            **data,
        )
        return Response(
            s.EServiceSerializer(self._read(eservice.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=s.EServiceWriteSerializer, responses=s.EServiceSerializer)
    def partial_update(self, request, pk=None):
        """The agency's representative edits (send ``version``: 409 when someone saved since)."""
        eservice = self.get_object()
        serializer = s.EServiceWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "agency" in data and data.pop("agency").pk != eservice.agency_id:
            raise ValidationError({"agency": [_("دستگاه یک خدمت را نمی‌توان تغییر داد.")]})
        if "status" in data:
            raise ValidationError(
                {"status": [_("وضعیت را با …/transition/ تغییر دهید (راه‌اندازی، خارج از رده).")]}
            )
        services.eservice_update(
            actor=request.user,
            eservice=eservice,
            expected_version=data.pop("version", None),
            channels=data.pop("channels", None),
            **data,
        )
        return Response(s.EServiceSerializer(self._read(eservice.pk)).data)

    @extend_schema(request=s.EServiceTransactionsSerializer, responses=s.EServiceSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def transactions(self, request, pk=None):
        """Yearly transactions of a Jalali year (not in the future) with their source."""
        eservice = self.get_object()
        serializer = s.EServiceTransactionsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.transactions_record(
            actor=request.user, eservice=eservice, **serializer.validated_data
        )
        return Response(
            s.EServiceSerializer(self._read(eservice.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=s.EServiceTransitionSerializer, responses=s.EServiceSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def transition(self, request, pk=None):
        """``launch`` (planned → live), ``retire``, ``reinstate`` (409 out of order)."""
        eservice = self.get_object()
        serializer = s.EServiceTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.eservice_transition(
            actor=request.user, eservice=eservice, **serializer.validated_data
        )
        return Response(s.EServiceSerializer(self._read(eservice.pk)).data)

    @extend_schema(request=None, responses=s.EServiceSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def confirm(self, request, pk=None):
        """The representative confirms the entry is still correct this year."""
        eservice = self.get_object()
        services.eservice_confirm(actor=request.user, eservice=eservice)
        return Response(s.EServiceSerializer(self._read(eservice.pk)).data)


class CatalogueReviewViewSet(viewsets.GenericViewSet):
    """Staff of the agency's province mark its catalogue reviewed (``POST``)."""

    serializer_class = s.CatalogueReviewSerializer

    def get_queryset(self):
        return selectors.eservices_visible_to(self.request.user).none()

    @extend_schema(request=s.CatalogueReviewSerializer, responses={201: None})
    def create(self, request):
        serializer = s.CatalogueReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agency = serializer.validated_data["agency"]
        if (
            organization_find(pk=agency.pk, viewer=request.user) is None
            or agency.kind not in permissions.AGENCY_KINDS
        ):
            raise NotFound
        review = services.catalogue_review(
            actor=request.user, agency=agency, note=serializer.validated_data["note"]
        )
        return Response(
            {"id": review.pk, "agency": agency.pk, "services_count": review.services_count},
            status=status.HTTP_201_CREATED,
        )
