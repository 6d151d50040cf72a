"""Desk sections (کارتابل): commitments of the user's organizations falling due or late;
for provincial staff, the late commitments of their provinces. One or two queries each; the
status is computed for today in the query (nothing is written while the desk is read)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.permissions import organization_ids_for, province_ids_for
from khooshe.core.desk import DeskItem, register
from khooshe.governance.models import Commitment
from khooshe.governance.permissions import OWNER_ROLES
from khooshe.governance.selectors import meetings_waiting_for
from khooshe.governance.status import CommitmentStatus, status_q
from khooshe.persian.jalali import TEHRAN, format_jalali_datetime


def commitment_item(commitment: Commitment) -> DeskItem:
    today = timezone.localdate()
    return DeskItem(
        title=commitment.title,
        url=reverse("governance:commitment_detail", args=[commitment.pk]),
        detail=f"{commitment.owner.name} — {commitment.get_current_status_display()}",
        due_on=commitment.due_on,
        overdue=bool(commitment.due_on and commitment.due_on < today),
    )


def owned_commitments(user):
    organizations = organization_ids_for(user, OWNER_ROLES)
    if not organizations:
        return None
    today = timezone.localdate()
    return (
        Commitment.objects.filter(
            status_q(CommitmentStatus.DUE_SOON, today) | status_q(CommitmentStatus.LATE, today),
            owner_id__in=organizations,
        )
        .select_related("owner")
        .order_by("due_on", "id")
    )


def late_in_province(user):
    provinces = province_ids_for(user)
    if provinces is not None and not provinces:
        return None
    queryset = Commitment.objects.filter(status_q(CommitmentStatus.LATE, timezone.localdate()))
    if provinces is not None:
        queryset = queryset.filter(province_id__in=provinces)
    return queryset.select_related("owner").order_by("due_on", "id")


def meeting_item(meeting) -> DeskItem:
    if meeting.state == meeting.State.INVITED:
        return DeskItem(
            title=meeting.title,
            url=reverse("governance:meeting_detail", args=[meeting.pk]) + "#invitation",
            detail=f"{_('دعوت: پاسخ شما')} — {meeting.body.name} — "
            f"{format_jalali_datetime(meeting.held_at)}",
            due_on=meeting.held_at.astimezone(TEHRAN).date(),
        )
    return DeskItem(
        title=meeting.title,
        url=reverse("governance:meeting_detail", args=[meeting.pk]) + "#confirm",
        detail=f"{_('صورتجلسه: تأیید یا نظر شما')} — {meeting.body.name}",
    )


def waiting_meetings(user):
    if not user.is_authenticated:
        return None
    return meetings_waiting_for(user)


def register_sections() -> None:
    register(
        "governance.meetings",
        title=_("جلسه‌ها: دعوت یا صورتجلسه در انتظار شما"),
        pending=waiting_meetings,
        item=meeting_item,
        url=lambda: reverse("governance:body_list"),
    )
    register(
        "governance.commitments",
        title=_("تعهدهای سازمان شما: نزدیک به موعد یا با تأخیر"),
        pending=owned_commitments,
        item=commitment_item,
        url=lambda: reverse("governance:index") + "?mine=1",
    )
    register(
        "governance.late_in_province",
        title=_("تعهدهای با تأخیر در استان"),
        pending=late_in_province,
        item=commitment_item,
        url=lambda: reverse("governance:index") + "?status=late",
    )
