"""Desk sections (کارتابل): for a responsible body's representatives, what waits for them
(routed or in progress, soonest deadline first, due soon and overdue marked); for staff of a
province, unrouted and overdue obstacles; for the secretariat, candidates for the working
group's agenda."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.permissions import is_staff_anywhere, organization_ids_for
from khooshe.core.desk import DeskItem, register
from khooshe.obstacles import selectors
from khooshe.obstacles.models import Obstacle
from khooshe.obstacles.permissions import SPEAKER_ROLES


def obstacle_item(obstacle: Obstacle) -> DeskItem:
    today = timezone.localdate()
    soon = obstacle.due_on and obstacle.due_on <= today + datetime.timedelta(
        days=selectors.DUE_SOON_DAYS
    )
    detail = obstacle.get_state_display()
    if soon and obstacle.due_on >= today:
        detail = f"{detail} — {_('نزدیک به مهلت')}"
    return DeskItem(
        title=obstacle.title,
        url=obstacle.get_absolute_url(),
        detail=detail,
        due_on=obstacle.due_on,
        overdue=bool(obstacle.is_open and obstacle.due_on and obstacle.due_on < today),
    )


def waiting_for_body(user):
    if not organization_ids_for(user, SPEAKER_ROLES):
        return None
    return selectors.waiting_for_body(viewer=user)


def answered_to_reporter(user):
    """Answered obstacles the user reported (or their organization did) and has not yet
    rated: the answer waits for their reply (rate it, or reopen)."""
    if not getattr(user, "is_authenticated", False):
        return None
    organizations = organization_ids_for(user)
    return (
        Obstacle.objects.filter(state=Obstacle.State.ANSWERED, rating__isnull=True)
        .filter(Q(reporter=user) | Q(reporter_organization_id__in=organizations))
        .order_by("answered_at", "id")
    )


def staff_pending(user):
    if not is_staff_anywhere(user):
        return None
    return selectors.unrouted_or_overdue(viewer=user)


def register_sections() -> None:
    register(
        "obstacles.waiting",
        title=_("موانعی که منتظر پاسخ دستگاه شماست"),
        pending=waiting_for_body,
        item=obstacle_item,
        url=lambda: reverse("obstacles:index") + "?state=routed",
    )
    register(
        "obstacles.answered",
        title=_("موانع شما که پاسخ گرفته‌اند و منتظر نظر شما هستند"),
        pending=answered_to_reporter,
        item=obstacle_item,
        url=lambda: reverse("obstacles:index") + "?mine=on&state=answered",
    )
    register(
        "obstacles.staff",
        title=_("موانع ارجاع‌نشده یا گذشته از مهلت در استان شما"),
        pending=staff_pending,
        item=obstacle_item,
        url=lambda: reverse("obstacles:escalations"),
    )
