"""Desk sections (کارتابل): commitments of the user's organizations falling due or late;
for provincial staff, the late commitments of their provinces; for staff and bodies'
secretariats, the reports of completion awaiting their acceptance. One or two queries each; the
status is computed for today in the query (nothing is written while the desk is read)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.permissions import organization_ids_for, province_ids_for
from khooshe.core.desk import DeskItem, register
from khooshe.governance import selectors
from khooshe.governance.models import Commitment
from khooshe.governance.permissions import OWNER_ROLES
from khooshe.governance.selectors import meetings_waiting_for
from khooshe.governance.status import CommitmentStatus, status_q
from khooshe.persian.jalali import TEHRAN, format_jalali, format_jalali_datetime


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


def awaiting_item(commitment: Commitment) -> DeskItem:
    return DeskItem(
        title=commitment.title,
        url=reverse("governance:commitment_detail", args=[commitment.pk]),
        detail=_("%(owner)s — انجام در %(date)s به گزارش خودش؛ در انتظار پذیرش")
        % {
            "owner": commitment.owner.name,
            "date": format_jalali(commitment.reported_done_on),
        },
        due_on=commitment.due_on,
        overdue=False,
    )


def awaiting_acceptance(user):
    """Reports of completion the user may accept (None for those who accept nothing)."""
    if not getattr(user, "is_authenticated", False):
        return None
    queryset = selectors.awaiting_acceptance(viewer=user)
    return None if queryset.query.is_empty() else queryset


def register_sections() -> None:
    register(
        "governance.meetings",
        title=_("جلسه‌ها: دعوت یا صورتجلسه در انتظار شما"),
        pending=waiting_meetings,
        item=meeting_item,
        url=lambda: reverse("governance:body_list"),
    )
    register(
        "governance.awaiting_acceptance",
        title=_("گزارش‌های انجام تعهد در انتظار پذیرش"),
        pending=awaiting_acceptance,
        item=awaiting_item,
        url=lambda: reverse("governance:index") + "?status=awaiting",
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
