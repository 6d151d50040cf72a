"""The registry's part of the desk: guild staff see pending claims and unverified
organizations of their province; an actor sees their own claims still waiting."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.core.desk import DeskItem, register
from khooshe.registry import permissions, selectors, vouched
from khooshe.registry.models import ClaimRequest


def claims_to_review(viewer):
    return selectors.pending_claims_for(viewer) if permissions.is_verifier(viewer) else None


def claim_item(claim: ClaimRequest) -> DeskItem:
    return DeskItem(
        title=_("درخواست نمایندگی: %(org)s") % {"org": claim.organization.name},
        url=reverse("registry:claim_detail", args=[claim.pk]),
        detail=str(claim.user),
    )


def organizations_to_verify(viewer):
    if not permissions.is_verifier(viewer):
        return None
    return selectors.unverified_for(viewer).only("id", "name")


def organization_item(organization) -> DeskItem:
    return DeskItem(
        title=_("تأیید سازمان: %(org)s") % {"org": organization.name},
        url=reverse("registry:organization_detail", args=[organization.pk]),
        detail=_("تأییدنشده"),
    )


def changes_to_review(viewer):
    return selectors.changes_to_review_for(viewer) if permissions.is_verifier(viewer) else None


def change_item(change) -> DeskItem:
    return DeskItem(
        title=_("تغییر پیشنهادی: %(org)s") % {"org": change.organization.name},
        url=reverse("registry:organization_detail", args=[change.organization_id]),
        detail="، ".join(vouched.field_label(name) for name in change.changes),
    )


def lapsed_this_month(viewer):
    if not permissions.is_verifier(viewer):
        return None
    return selectors.lapsed_this_month_for(viewer).only("id", "name", "lapse_reason", "lapsed_at")


def lapsed_item(organization) -> DeskItem:
    return DeskItem(
        title=organization.name,
        url=reverse("registry:organization_detail", args=[organization.pk]),
        detail=organization.lapse_reason,
    )


def own_claim_item(claim: ClaimRequest) -> DeskItem:
    return DeskItem(
        title=claim.organization.name,
        url=reverse("registry:organization_detail", args=[claim.organization_id]),
        detail=_("در انتظار بررسی نظام صنفی"),
    )


def register_sections() -> None:
    register(
        "registry.claims_to_review",
        title=gettext_lazy("بانک فعالان: درخواست‌های نمایندگی"),
        pending=claims_to_review,
        item=claim_item,
        url=lambda: reverse("registry:claims"),
    )
    register(
        "registry.to_verify",
        title=gettext_lazy("بانک فعالان: سازمان‌های منتظر تأیید"),
        pending=organizations_to_verify,
        item=organization_item,
        url=lambda: reverse("registry:index") + "?verified=0",
    )
    register(
        "registry.changes_to_review",
        title=gettext_lazy("بانک فعالان: تغییرهای سازمان‌های تأییدشده"),
        pending=changes_to_review,
        item=change_item,
    )
    register(
        "registry.lapsed",
        title=gettext_lazy("بانک فعالان: تأییدهایی که این ماه از اعتبار افتادند"),
        pending=lapsed_this_month,
        item=lapsed_item,
    )
    register(
        "registry.claims",
        title=gettext_lazy("درخواست‌های نمایندگی شما"),
        pending=selectors.own_pending_claims,
        item=own_claim_item,
    )
