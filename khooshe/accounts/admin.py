from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from khooshe.accounts.models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    raw_id_fields = ["organization"]
    fields = ["role", "province", "organization"]


@admin.register(User)
class KhoosheUserAdmin(UserAdmin, SimpleHistoryAdmin):
    inlines = [RoleGrantInline]
    fieldsets = (*UserAdmin.fieldsets, ("Khooshe", {"fields": ("language", "mobile")}))
    list_display = ["username", "first_name", "last_name", "email", "language", "is_active"]


@admin.register(RoleGrant)
class RoleGrantAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "province", "organization", "created_at"]
    list_filter = ["role", "province"]
    search_fields = ["user__username", "user__last_name"]
    raw_id_fields = ["user", "organization"]
    list_select_related = ["user", "province", "organization"]
