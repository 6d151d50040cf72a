"""Back-office lookups for administrators, read-only: values are written by the snapshot run
and the entry service only (so every figure stays traceable to its run or its person)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from khooshe.indicators import models


class _ReadOnly:
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.SnapshotRun)
class SnapshotRunAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = [
        "id",
        "started_at",
        "trigger",
        "actor",
        "duration_ms",
        "rows_written",
        "is_demo",
    ]
    list_filter = ["trigger", "is_demo"]


@admin.register(models.Snapshot)
class SnapshotAdmin(_ReadOnly, SimpleHistoryAdmin):
    list_display = ["indicator", "province", "period", "dis_key", "dis_value", "value", "origin"]
    list_filter = ["indicator", "origin", "is_current", "is_demo", "province"]
    list_select_related = ["province"]
