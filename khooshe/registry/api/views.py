"""The registry API: the same selectors, filters, services and messages as the pages."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from khooshe.accounts.api.authentication import ExpiringTokenAuthentication
from khooshe.history.api.views import HistoryMixin
from khooshe.registry import permissions, selectors, services
from khooshe.registry.api.serializers import (
    CapabilitySerializer,
    ClaimSerializer,
    ClusterAdvanceSerializer,
    ClusterSerializer,
    ClusterWriteSerializer,
    MergeSerializer,
    OrganizationSerializer,
    OrganizationWriteSerializer,
    OwnershipClaimSerializer,
    PersonSerializer,
    PersonWriteSerializer,
    ProposedChangeSerializer,
    RejectChangeSerializer,
    RevokeSerializer,
    SectorSerializer,
)
from khooshe.registry.filters import ORDERINGS
from khooshe.registry.models import Capability, Cluster, ProposedChange, Sector

#: Token first: an anonymous write then answers 401 with a WWW-Authenticate header, not 403.
AUTHENTICATION = [ExpiringTokenAuthentication, SessionAuthentication]

ORGANIZATION_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="search in any spelling"),
    OpenApiParameter("kind", OpenApiTypes.STR),
    OpenApiParameter("province", OpenApiTypes.STR, description="ISO code, e.g. IR-02"),
    OpenApiParameter("county", OpenApiTypes.INT),
    OpenApiParameter("capability", OpenApiTypes.STR, description="slug; includes sub-capabilities"),
    OpenApiParameter("sector", OpenApiTypes.STR, description="slug"),
    OpenApiParameter("guild_member", OpenApiTypes.BOOL, description="holds a valid membership"),
    OpenApiParameter("knowledge_based", OpenApiTypes.BOOL),
    OpenApiParameter("verified", OpenApiTypes.BOOL),
    OpenApiParameter("cluster", OpenApiTypes.INT),
    OpenApiParameter("ordering", OpenApiTypes.STR, enum=list(ORDERINGS)),
]


def _params(request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if v != ""}


def _write_data(serializer) -> tuple[dict, int | None]:
    data = dict(serializer.validated_data)
    return data, data.pop("version", None)


class _RegistryViewSet(
    HistoryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticatedOrReadOnly]
    filter_backends: list = []
    http_method_names = ["get", "post", "patch", "head", "options"]


@extend_schema_view(list=extend_schema(parameters=ORGANIZATION_PARAMETERS))
class OrganizationViewSet(_RegistryViewSet):
    serializer_class = OrganizationSerializer

    def get_queryset(self):
        queryset = selectors.organization_list(
            filters=_params(self.request), viewer=self.request.user, strict=True
        )
        return queryset.prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.only("id", "slug", "name")),
            Prefetch(
                "proposed_changes",
                queryset=ProposedChange.objects.filter(state=ProposedChange.State.PENDING),
                to_attr="pending_changes",
            ),
        )

    def get_object(self):
        organization = selectors.organization_get(pk=self.kwargs["pk"], viewer=self.request.user)
        if self.action == "history" and not permissions.can_view_private(
            self.request.user, organization
        ):
            raise NotFound  # the history holds the legal ID and other private fields
        self.check_object_permissions(self.request, organization)
        return organization

    @extend_schema(request=OrganizationWriteSerializer, responses={201: OrganizationSerializer})
    def create(self, request, *args, **kwargs):
        serializer = OrganizationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, _version = _write_data(serializer)
        organization = services.organization_register(
            actor=request.user,
            capabilities=data.pop("capabilities", ()),
            sectors=data.pop("sectors", ()),
            **data,
        )
        organization = selectors.organization_get(pk=organization.pk, viewer=request.user)
        return Response(
            OrganizationSerializer(organization, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=OrganizationWriteSerializer, responses=OrganizationSerializer)
    def partial_update(self, request, *args, **kwargs):
        organization = self.get_object()
        serializer = OrganizationWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data, version = _write_data(serializer)
        services.organization_update(
            actor=request.user,
            organization=organization,
            expected_version=version,
            capabilities=data.pop("capabilities", None),
            sectors=data.pop("sectors", None),
            **data,
        )
        organization = selectors.organization_get(pk=organization.pk, viewer=request.user)
        return Response(
            OrganizationSerializer(organization, context=self.get_serializer_context()).data
        )

    def _profile(self, organization, status_code=status.HTTP_200_OK):
        organization = selectors.organization_get(pk=organization.pk, viewer=self.request.user)
        data = OrganizationSerializer(organization, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    @extend_schema(request=None, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, *args, **kwargs):
        """Guild staff of the province verify the organization (409 if already verified)."""
        organization = services.organization_verify(
            actor=request.user, organization=self.get_object()
        )
        return self._profile(organization)

    @extend_schema(request=RevokeSerializer, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, *args, **kwargs):
        """Guild staff revoke a verification, with a reason."""
        serializer = RevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization = services.organization_revoke(
            actor=request.user,
            organization=self.get_object(),
            reason=serializer.validated_data["reason"],
        )
        return self._profile(organization)

    @extend_schema(request=None, responses=ProposedChangeSerializer(many=True))
    @action(detail=True, methods=["get"])
    def changes(self, request, *args, **kwargs):
        """The owner's proposed changes to vouched fields, newest first, pending and decided
        (staff of the province and the owner; 404 for others)."""
        organization = self.get_object()
        if not permissions.can_view_private(request.user, organization):
            raise NotFound
        rows = organization.proposed_changes.select_related("proposed_by", "decided_by")
        page = self.paginate_queryset(rows.order_by("-created_at", "-id"))
        return self.get_paginated_response(ProposedChangeSerializer(page, many=True).data)

    @extend_schema(request=None, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"], url_path="changes/accept")
    def accept_change(self, request, *args, **kwargs):
        """Guild staff of the province accept the pending change (409 when none waits)."""
        organization = services.change_accept(actor=request.user, organization=self.get_object())
        return self._profile(organization)

    @extend_schema(request=RejectChangeSerializer, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"], url_path="changes/reject")
    def reject_change(self, request, *args, **kwargs):
        """Guild staff reject the pending change with a reason; the verified values stay."""
        serializer = RejectChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization = services.change_reject(
            actor=request.user,
            organization=self.get_object(),
            reason=serializer.validated_data["reason"],
        )
        return self._profile(organization)

    @extend_schema(request=ClaimSerializer, responses={201: OwnershipClaimSerializer})
    @action(detail=True, methods=["post"])
    def claim(self, request, *args, **kwargs):
        """An actor asks to represent this (unverified) organization; staff decide."""
        serializer = ClaimSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = services.organization_claim(
            actor=request.user,
            organization=self.get_object(),
            message=serializer.validated_data.get("message", ""),
        )
        return Response(OwnershipClaimSerializer(claim).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MergeSerializer, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, *args, **kwargs):
        """Merge this duplicate into ``target``; answers with the target."""
        serializer = MergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = selectors.organization_get(
            pk=serializer.validated_data["target"], viewer=request.user
        )
        target = services.organization_merge(
            actor=request.user, duplicate=self.get_object(), target=target
        )
        return self._profile(target)


class PersonViewSet(_RegistryViewSet):
    serializer_class = PersonSerializer

    def get_queryset(self):
        return selectors.person_list(
            filters=_params(self.request), viewer=self.request.user, strict=True
        )

    def get_object(self):
        person = selectors.person_get(pk=self.kwargs["pk"], viewer=self.request.user)
        if self.action == "history" and not permissions.can_view_person_private(
            self.request.user, person
        ):
            raise NotFound  # the history holds the national code and contacts
        self.check_object_permissions(self.request, person)
        return person

    @extend_schema(request=PersonWriteSerializer, responses={201: PersonSerializer})
    def create(self, request, *args, **kwargs):
        serializer = PersonWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, _version = _write_data(serializer)
        person = services.person_create(
            actor=request.user,
            capabilities=data.pop("capabilities", ()),
            link_user=data.pop("link_user", False),
            **data,
        )
        return Response(
            PersonSerializer(person, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=PersonWriteSerializer, responses=PersonSerializer)
    def partial_update(self, request, *args, **kwargs):
        person = self.get_object()
        serializer = PersonWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data, version = _write_data(serializer)
        data.pop("link_user", None)
        person = services.person_update(
            actor=request.user,
            person=person,
            expected_version=version,
            capabilities=data.pop("capabilities", None),
            **data,
        )
        return Response(PersonSerializer(person, context=self.get_serializer_context()).data)


class ClusterViewSet(_RegistryViewSet):
    serializer_class = ClusterSerializer

    def get_queryset(self):
        return selectors.cluster_list(
            filters=_params(self.request), viewer=self.request.user, strict=True
        ).prefetch_related("members")

    def get_object(self):
        cluster = selectors.cluster_get(pk=self.kwargs["pk"], viewer=self.request.user)
        self.check_object_permissions(self.request, cluster)
        return cluster

    @extend_schema(request=ClusterWriteSerializer, responses={201: ClusterSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ClusterWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, _version = _write_data(serializer)
        cluster = services.cluster_create(
            actor=request.user, members=data.pop("members", ()), **data
        )
        return Response(
            ClusterSerializer(cluster, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=ClusterWriteSerializer, responses=ClusterSerializer)
    def partial_update(self, request, *args, **kwargs):
        cluster = self.get_object()
        serializer = ClusterWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data, version = _write_data(serializer)
        members = data.pop("members", None)
        cluster = services.cluster_update(
            actor=request.user, cluster=cluster, expected_version=version, **data
        )
        if members is not None:
            current = set(cluster.members.all())
            services.cluster_members_change(
                actor=request.user,
                cluster=cluster,
                add=[m for m in members if m not in current],
                remove=[m for m in current if m not in set(members)],
            )
        cluster.refresh_from_db()
        return Response(ClusterSerializer(cluster, context=self.get_serializer_context()).data)

    @extend_schema(request=ClusterAdvanceSerializer, responses=ClusterSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, *args, **kwargs):
        """Move the cluster to its next stage (identified → forming → operational → inactive);
        a step out of order answers 409."""
        cluster = self.get_object()
        serializer = ClusterAdvanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cluster = services.cluster_advance(
            actor=request.user,
            cluster=cluster,
            action=serializer.validated_data["action"],
            on=serializer.validated_data.get("on"),
        )
        return Response(ClusterSerializer(cluster, context=self.get_serializer_context()).data)


class CapabilityViewSet(viewsets.ReadOnlyModelViewSet):
    """The capability tree (``path`` shows each node's place; ``parent`` is a slug)."""

    queryset = Capability.objects.select_related("parent")
    serializer_class = CapabilitySerializer
    pagination_class = None
    filter_backends: list = []
    authentication_classes = AUTHENTICATION


class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    pagination_class = None
    filter_backends: list = []
    authentication_classes = AUTHENTICATION


__all__ = ["Cluster"]
