"""Desk section: exhibitor applications waiting for a decision, for staff of the province."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khooshe.core.desk import DeskItem, register
from khooshe.events.models import Exhibitor
from khooshe.events.selectors import pending_applications


def application_item(exhibitor: Exhibitor) -> DeskItem:
    return DeskItem(
        title=exhibitor.organization.name,
        url=exhibitor.get_absolute_url(),
        detail=f"{exhibitor.event.title} — {exhibitor.get_state_display()}",
        due_on=exhibitor.event.starts_at.date(),
    )


def register_sections() -> None:
    register(
        "events.applications",
        title=_("درخواست‌های غرفه در انتظار تصمیم"),
        pending=pending_applications,
        item=application_item,
        url=lambda: reverse("events:index"),
    )
