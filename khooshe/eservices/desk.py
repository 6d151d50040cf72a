"""Desk sections (کارتابل): for an agency's representatives, the services nobody updated or
confirmed this Jalali year; for guild and governorate staff, the agencies of their provinces
whose catalogue changed since it was last reviewed."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khooshe.core.desk import DeskItem, register
from khooshe.eservices import selectors


def stale_item(eservice) -> DeskItem:
    return DeskItem(
        title=eservice.name,
        url=reverse("eservices:detail", args=[eservice.pk]),
        detail=f"{eservice.agency.name} — {_('امسال به‌روز نشده')}",
    )


def review_item(agency) -> DeskItem:
    return DeskItem(
        title=agency.name,
        url=reverse("eservices:agency", args=[agency.pk]),
        detail=str(_("فهرست خدمات در انتظار بررسی")),
    )


def register_sections() -> None:
    register(
        "eservices.not_updated",
        title=_("خدمات الکترونیکی دستگاه شما که امسال به‌روز نشده‌اند"),
        pending=selectors.not_updated_this_year,
        item=stale_item,
        url=lambda: reverse("eservices:mine"),
    )
    register(
        "eservices.review",
        title=_("فهرست‌های خدمات الکترونیکی در انتظار بررسی"),
        pending=selectors.agencies_waiting_review,
        item=review_item,
        url=lambda: reverse("eservices:review_queue"),
    )
