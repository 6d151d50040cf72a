"""Back-office views of the public record for administrators: articles and their suggestions
can be looked up and hidden or shown; what an article says (its text, the cleaned text and the
suggestions computed from them) changes only through the staff pages, which version the
article and process it again, so those fields are read-only here, and a suggestion is decided
only on the review desk (which creates commitments and writes the history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from khooshe.record import models


class SuggestionInline(admin.TabularInline):
    model = models.Suggestion
    extra = 0
    can_delete = False
    fields = ["kind", "state", "phrase", "decided_by", "decided_at"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "source", "province", "published_on", "processing", "is_public"]
    list_filter = ["kind", "processing", "is_public", "province"]
    search_fields = ["title", "source", "url"]
    date_hierarchy = "published_on"
    list_select_related = ["province"]
    #: Only whether it is shown; the rest goes through the staff pages (see above).
    fields = [
        "title",
        "source",
        "kind",
        "province",
        "body",
        "published_on",
        "url",
        "is_public",
        "original_text",
        "text",
        "processing",
        "progress",
        "processed_version",
        "created_by",
    ]
    readonly_fields = [name for name in fields if name != "is_public"]
    inlines = [SuggestionInline]


@admin.register(models.Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["phrase", "kind", "state", "article", "decided_by", "decided_at"]
    list_filter = ["kind", "state"]
    search_fields = ["phrase", "sentence", "article__title"]
    list_select_related = ["article", "decided_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
