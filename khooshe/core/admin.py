from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from khooshe.core.models import Attachment, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "created_at", "read_at", "emailed"]
    list_filter = ["emailed"]
    search_fields = ["title", "recipient__username"]
    list_select_related = ["recipient"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "mime_type", "size", "content_type", "object_id", "created_at"]
    list_filter = ["mime_type"]
    list_select_related = ["content_type"]


admin.site.site_header = _("مدیریت خوشه")
admin.site.site_title = _("خوشه")
admin.site.index_title = _("پشتیبانی سامانه")
