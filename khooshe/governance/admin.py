"""Back-office views for administrators. Records are created through the staff pages (which
call the services); here they can be looked up, and corrected where a correction keeps the
rules: progress updates stay append-only (read-only here), a commitment's derived fields
(status, last percent, done date) are read-only; an agreement's signing state changes only
through its signing step (read-only here)."""

from django.contrib import admin
from django.db.models import URLField
from simple_history.admin import SimpleHistoryAdmin as _SimpleHistoryAdmin

from khooshe.governance import models


class SimpleHistoryAdmin(_SimpleHistoryAdmin):
    formfield_overrides = {URLField: {"assume_scheme": "https"}}


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BodyMemberInline(admin.TabularInline):
    model = models.BodyMember
    extra = 0
    autocomplete_fields = ["person", "organization"]


@admin.register(models.Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "province", "is_public"]
    list_filter = ["kind", "province"]
    search_fields = ["name"]
    autocomplete_fields = ["chair_organization", "secretariat_organization"]
    inlines = [BodyMemberInline]


class AgendaInline(admin.TabularInline):
    model = models.AgendaItem
    extra = 0


@admin.register(models.Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "body", "held_at", "is_public"]
    list_filter = ["body__province"]
    search_fields = ["title", "body__name"]
    list_select_related = ["body"]
    inlines = [AgendaInline]
    readonly_fields = ["minutes"]


@admin.register(models.Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    list_display = ["number_latin", "body", "owner", "due_on"]
    list_select_related = ["body", "owner"]
    readonly_fields = ["body", "year", "sequence", "meeting"]
    search_fields = ["text"]


class ClauseInline(admin.TabularInline):
    model = models.AgreementClause
    extra = 0


@admin.register(models.Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "state", "signed_on", "province"]
    list_filter = ["kind", "state", "province"]
    search_fields = ["title"]
    autocomplete_fields = ["parties"]
    readonly_fields = ["state", "signed_on"]
    inlines = [ClauseInline]


@admin.register(models.Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "owner", "province", "budget_rial", "source_proposal"]
    list_filter = ["kind", "province"]
    list_select_related = ["owner", "province", "source_proposal"]
    search_fields = ["title"]
    autocomplete_fields = ["owner"]
    raw_id_fields = ["source_proposal"]


class UpdateInline(ReadOnlyInline):
    model = models.CommitmentUpdate
    fields = ["reported_on", "percent", "text", "evidence_url", "author"]
    readonly_fields = fields


@admin.register(models.Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "source_type", "owner", "due_on", "status", "last_percent"]
    list_filter = ["status", "source_type", "province"]
    search_fields = ["title"]
    list_select_related = ["owner"]
    readonly_fields = [
        "source_type", "resolution", "clause", "project", "status", "last_percent",
        "last_update_on", "done_on", "cancelled", "cancel_reason", "due_on",
        "original_due_on", "extension_count", "extension_days", "reported_done_on",
        "done_reported_at", "accepted_automatically", "followup_since",
    ]  # fmt: skip
    autocomplete_fields = ["owner"]
    inlines = [UpdateInline]

    def get_inlines(self, request, obj):
        return [UpdateInline, ExtensionInline, ReviewInline]


class ExtensionInline(ReadOnlyInline):
    """Due dates move only by the extension step (the commitment's page or API)."""

    model = models.CommitmentExtension
    fields = ["old_due_on", "new_due_on", "reason", "source", "source_reference", "actor"]
    readonly_fields = fields


class ReviewInline(ReadOnlyInline):
    model = models.CommitmentReview
    fields = ["decision", "reported_done_on", "percent_after", "reason", "actor"]
    readonly_fields = fields


class EscalationStepInline(admin.TabularInline):
    model = models.EscalationStep
    extra = 0


@admin.register(models.PromiseSettings)
class PromiseSettingsAdmin(SimpleHistoryAdmin):
    """A province's days before automatic acceptance and its escalation ladder."""

    list_display = ["province", "auto_accept_days"]
    inlines = [EscalationStepInline]


@admin.register(models.CommitmentUpdate)
class CommitmentUpdateAdmin(SimpleHistoryAdmin):
    """Append-only: nothing can be changed or deleted, even here."""

    list_display = ["commitment", "reported_on", "percent", "author"]
    list_select_related = ["commitment", "author"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CandidateInline(admin.TabularInline):
    model = models.Candidate
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(models.Election)
class ElectionAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "term", "held_on"]
    inlines = [CandidateInline]
    autocomplete_fields = ["organization"]
