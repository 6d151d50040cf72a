"""The guild staff's work: pending claims and unverified organizations of their provinces,
and the taxonomies they keep."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from khooshe.persian.jalali import jalali_to_date, to_jalali
from khooshe.registry import permissions
from khooshe.registry.models import Capability, ClaimRequest, Organization, ProposedChange, Sector


def claim_get(*, pk: int, viewer) -> ClaimRequest:
    """A claim for its claimant and for whoever decides it, or Http404."""
    claim = (
        ClaimRequest.objects.select_related("organization", "user", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if claim is None or not permissions.can_view_claim(viewer, claim):
        raise Http404
    return claim


def pending_claims_for(viewer) -> QuerySet[ClaimRequest]:
    """The pending claims ``viewer`` decides (:func:`~khooshe.registry.permissions.can_decide_claim`)."""
    provinces = permissions.guild_province_ids(viewer)
    queryset = ClaimRequest.objects.filter(status=ClaimRequest.Status.PENDING)
    if provinces is not None:
        queryset = queryset.filter(organization__province_id__in=provinces)
    return queryset.select_related("organization", "user").order_by("created_at", "id")


def unverified_for(viewer) -> QuerySet[Organization]:
    """The unverified organizations ``viewer`` verifies (:func:`~khooshe.registry.permissions.can_verify`)."""
    provinces = permissions.guild_province_ids(viewer)
    queryset = Organization.objects.filter(
        verification=Organization.Verification.UNVERIFIED, merged_into__isnull=True
    )
    if provinces is not None:
        queryset = queryset.filter(province_id__in=provinces)
    return queryset.order_by("created_at", "id")


def changes_to_review_for(viewer) -> QuerySet[ProposedChange]:
    """Owners' pending changes to verified organizations that ``viewer`` reviews
    (:func:`~khooshe.registry.permissions.can_verify`), oldest first."""
    provinces = permissions.guild_province_ids(viewer)
    queryset = ProposedChange.objects.filter(state=ProposedChange.State.PENDING)
    if provinces is not None:
        queryset = queryset.filter(organization__province_id__in=provinces)
    return queryset.select_related("organization").order_by("created_at", "id")


def lapsed_this_month_for(viewer) -> QuerySet[Organization]:
    """Organizations of ``viewer``'s provinces whose verification lapsed (an expired document
    or a changed identity) since the start of the current Jalali month, newest first."""
    today = to_jalali(timezone.localdate())
    month_start = jalali_to_date(today.year, today.month, 1)
    provinces = permissions.guild_province_ids(viewer)
    queryset = Organization.objects.filter(
        verification=Organization.Verification.LAPSED,
        lapsed_at__date__gte=month_start,
        merged_into__isnull=True,
    )
    if provinces is not None:
        queryset = queryset.filter(province_id__in=provinces)
    return queryset.order_by("-lapsed_at", "id")


def own_pending_claims(viewer) -> QuerySet[ClaimRequest]:
    """``viewer``'s own claims still waiting for the guild."""
    return (
        ClaimRequest.objects.filter(user=viewer, status=ClaimRequest.Status.PENDING)
        .select_related("organization")
        .order_by("created_at", "id")
    )


def capability_tree() -> list[Capability]:
    return list(Capability.objects.all())


def sector_list() -> list[Sector]:
    return list(Sector.objects.all())
