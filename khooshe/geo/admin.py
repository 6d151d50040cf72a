from django.contrib import admin

from khooshe.geo.models import County, Province


class CountyInline(admin.TabularInline):
    model = County
    extra = 0
    fields = ["name", "name_en", "center"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "center"]
    search_fields = ["name", "name_en", "code"]
    inlines = [CountyInline]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "province", "center"]
    list_filter = ["province"]
    search_fields = ["name", "name_en"]
    list_select_related = ["province"]
