"""Back-office lookups for administrators. Staff of a province keep the categories, the
routing table and closure days on the obstacles' manage page (which calls the services);
obstacles change only through their lifecycle, so they are read-only here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from khooshe.obstacles import models


@admin.register(models.Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "position", "is_active"]


@admin.register(models.Route)
class RouteAdmin(SimpleHistoryAdmin):
    list_display = ["category", "province", "body", "answer_days"]
    list_filter = ["province", "category"]
    raw_id_fields = ["body"]


@admin.register(models.ClosureDay)
class ClosureDayAdmin(SimpleHistoryAdmin):
    list_display = ["day", "province", "reason"]


@admin.register(models.Obstacle)
class ObstacleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "province", "category", "body", "state", "due_on", "is_public"]
    list_filter = ["state", "province", "category", "is_public"]
    search_fields = ["title"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
