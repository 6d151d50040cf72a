"""Desk sections (کارتابل): commitments of the user's organizations falling due or late;
for provincial staff, the late commitments of their provinces. One or two queries each."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.permissions import organization_ids_for, province_ids_for
from khooshe.core.desk import DeskItem, DeskSection
from khooshe.governance.models import Commitment, CommitmentStatus
from khooshe.governance.permissions import OWNER_ROLES
from khooshe.governance.services.commitments import ensure_statuses_fresh

_LIMIT = 10


def _items(queryset) -> list[DeskItem]:
    today = timezone.localdate()
    return [
        DeskItem(
            title=c.title,
            url=reverse("governance:commitment_detail", args=[c.pk]),
            detail=f"{c.owner.name} — {c.get_status_display()}",
            due_on=c.due_on,
            overdue=bool(c.due_on and c.due_on < today),
        )
        for c in queryset[:_LIMIT]
    ]


def owned_commitments_section(user) -> DeskSection | None:
    organizations = organization_ids_for(user, OWNER_ROLES)
    if not organizations:
        return None
    ensure_statuses_fresh()
    queryset = (
        Commitment.objects.filter(
            owner_id__in=organizations,
            status__in=[CommitmentStatus.DUE_SOON, CommitmentStatus.LATE],
        )
        .select_related("owner")
        .order_by("due_on", "id")
    )
    items = _items(queryset)
    count = len(items) if len(items) < _LIMIT else queryset.count()
    return DeskSection(
        key="governance.commitments",
        title=_("تعهدهای سازمان شما: نزدیک به موعد یا با تأخیر"),
        count=count,
        items=items,
        url=reverse("governance:index") + "?mine=1",
    )


def province_late_section(user) -> DeskSection | None:
    provinces = province_ids_for(user)
    if provinces is not None and not provinces:
        return None
    ensure_statuses_fresh()
    queryset = Commitment.objects.filter(status=CommitmentStatus.LATE)
    if provinces is not None:
        queryset = queryset.filter(province_id__in=provinces)
    queryset = queryset.select_related("owner").order_by("due_on", "id")
    items = _items(queryset)
    count = len(items) if len(items) < _LIMIT else queryset.count()
    return DeskSection(
        key="governance.late_in_province",
        title=_("تعهدهای با تأخیر در استان"),
        count=count,
        items=items,
        url=reverse("governance:index") + "?status=late",
    )
