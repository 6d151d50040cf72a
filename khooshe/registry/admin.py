"""Back-office for staff: the taxonomies (through the services, so paths and history stay
right) and read-mostly views of the records."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from khooshe.registry.models import (
    Capability,
    ClaimRequest,
    Cluster,
    GuildMembership,
    Organization,
    Person,
    Sector,
)
from khooshe.registry.services import (
    capability_save,
    cluster_refresh_search,
    organization_refresh_search,
    person_refresh_search,
    sector_save,
)


@admin.register(Capability)
class CapabilityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "name_en", "slug", "path")
    search_fields = ("name", "name_en", "slug")
    fields = ("name", "name_en", "slug", "parent")

    def save_model(self, request, obj, form, change):
        capability_save(
            actor=request.user,
            name=obj.name,
            slug=obj.slug,
            name_en=obj.name_en,
            parent=obj.parent,
            capability=obj,
        )


@admin.register(Sector)
class SectorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "name_en", "slug")
    search_fields = ("name", "name_en", "slug")

    def save_model(self, request, obj, form, change):
        sector_save(
            actor=request.user, name=obj.name, slug=obj.slug, name_en=obj.name_en, sector=obj
        )


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "province", "county", "verification", "is_public")
    list_filter = ("kind", "province", "verification", "is_public")
    search_fields = ("name", "legal_id")
    raw_id_fields = ("county", "merged_into", "verified_by", "revoked_by")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ("version", "verification", "verified_at", "verified_by", "merged_into")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        organization_refresh_search(obj)  # the directory searches the folded fields


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("last_name", "first_name", "province", "county")
    search_fields = ("last_name", "first_name")
    raw_id_fields = ("county", "user")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        person_refresh_search(obj)


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ("name", "province", "stage")
    list_filter = ("province", "stage")
    raw_id_fields = ("coordinator", "members")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        cluster_refresh_search(obj)


admin.site.register(GuildMembership, SimpleHistoryAdmin)
admin.site.register(ClaimRequest, SimpleHistoryAdmin)
