"""The registry's part of the desk: guild staff see pending claims and unverified
organizations of their province; an actor sees their own claims still waiting."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from khooshe.core.desk import DeskItem, DeskSection
from khooshe.registry import selectors
from khooshe.registry.models import ClaimRequest


def staff_section(user) -> DeskSection | None:
    if not selectors.is_verifier(user):
        return None
    claims = list(selectors.pending_claims_for(user)[:10])
    unverified = selectors.unverified_for(user)
    unverified_count = unverified.count()
    items = [
        DeskItem(
            title=_("درخواست نمایندگی: %(org)s") % {"org": claim.organization.name},
            url=reverse("registry:claim_detail", args=[claim.pk]),
            detail=str(claim.user),
        )
        for claim in claims
    ]
    items += [
        DeskItem(
            title=_("تأیید سازمان: %(org)s") % {"org": org.name},
            url=reverse("registry:organization_detail", args=[org.pk]),
            detail=_("تأییدنشده"),
        )
        for org in unverified.only("id", "name")[: max(0, 10 - len(items))]
    ]
    count = len(claims) + unverified_count
    return DeskSection(
        key="registry.staff",
        title=_("بانک فعالان: بررسی و تأیید"),
        count=count,
        items=items,
        url=reverse("registry:claims"),
    )


def my_claims_section(user) -> DeskSection | None:
    claims = list(
        ClaimRequest.objects.filter(user=user, status=ClaimRequest.Status.PENDING)
        .select_related("organization")
        .order_by("created_at")[:10]
    )
    if not claims:
        return None
    return DeskSection(
        key="registry.claims",
        title=_("درخواست‌های نمایندگی شما"),
        count=len(claims),
        items=[
            DeskItem(
                title=claim.organization.name,
                url=reverse("registry:organization_detail", args=[claim.organization_id]),
                detail=_("در انتظار بررسی نظام صنفی"),
            )
            for claim in claims
        ],
    )
