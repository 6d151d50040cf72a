"""The user's desk: long exports being written, and finished ones not yet downloaded."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khooshe.core import desk
from khooshe.core.desk import DeskItem
from khooshe.opendata import exports
from khooshe.opendata.models import ExportFile


def _pending(user):
    return ExportFile.objects.filter(
        user=user,
        state__in=[ExportFile.State.QUEUED, ExportFile.State.RUNNING, ExportFile.State.DONE],
        downloaded_at__isnull=True,
    ).order_by("-created_at")


def _item(job: ExportFile) -> DeskItem:
    declared = exports.get(job.export)
    title = declared.title if declared else job.export
    return DeskItem(
        title=f"{title} ({job.format.upper()})",
        url=reverse("opendata:export_file", args=[job.pk]),
        detail=str(job.get_state_display()),
    )


def register_desk() -> None:
    desk.register("exports", title=_("پرونده‌های خروجی"), pending=_pending, item=_item)
