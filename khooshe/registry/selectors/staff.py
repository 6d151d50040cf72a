"""The guild staff's work: pending claims and unverified organizations of their provinces,
and the taxonomies they keep."""

from __future__ import annotations

from django.db.models import QuerySet

from khooshe.accounts.permissions import grants_of, province_ids_for
from khooshe.registry import permissions
from khooshe.registry.models import Capability, ClaimRequest, Organization, Sector


def pending_claims_for(viewer) -> QuerySet[ClaimRequest]:
    provinces = province_ids_for(viewer, roles=permissions.VERIFIER_ROLES)
    queryset = ClaimRequest.objects.filter(status=ClaimRequest.Status.PENDING)
    if provinces is not None:
        queryset = queryset.filter(organization__province_id__in=provinces)
    return queryset.select_related("organization", "user").order_by("created_at", "id")


def unverified_for(viewer) -> QuerySet[Organization]:
    provinces = province_ids_for(viewer, roles=permissions.VERIFIER_ROLES)
    queryset = Organization.objects.filter(
        verification=Organization.Verification.UNVERIFIED, merged_into__isnull=True
    )
    if provinces is not None:
        queryset = queryset.filter(province_id__in=provinces)
    return queryset.order_by("created_at", "id")


def is_verifier(viewer) -> bool:
    if not getattr(viewer, "is_authenticated", False):
        return False
    grants = grants_of(viewer)
    return grants.is_admin or bool(grants.provinces.get(permissions.VERIFIER_ROLES[0]))


def capability_tree() -> list[Capability]:
    return list(Capability.objects.all())


def sector_list() -> list[Sector]:
    return list(Sector.objects.all())
