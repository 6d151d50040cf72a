"""The admin site's shell: Persian titles, and dates as the rest of the site shows them.

Dates in the admin are Jalali, in Asia/Tehran, in the page's digits — in change lists, on
read-only fields and in values that admin methods return — and a date field is typed in
Jalali (any digits), like every other form of the site.

Done here, with the project's own formatting (``khooshe.persian``), rather than with a
package: django-jalali's admin support and django-jalali-date expect their own model fields
(jDateField) or a widget and a display method declared on every ModelAdmin, and our models
keep Gregorian ``DateField``/``DateTimeField`` (dates are Jalali at the edges only). Django
formats every admin value through ``django.contrib.admin.utils.display_for_field`` and
``display_for_value``, which the change list and the read-only fields import by name; they
are wrapped below so that every ModelAdmin — ours and the libraries' — shows Jalali without
a declaration of its own. The admin's default form field for ``DateField`` is replaced the
same way (``FORMFIELD_FOR_DBFIELD_DEFAULTS``, the table Django reads it from).
"""

import datetime

from django.contrib import admin
from django.contrib.admin import helpers, options
from django.contrib.admin import utils as admin_utils
from django.contrib.admin.templatetags import admin_list
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khooshe.core.models import Attachment, Notification
from khooshe.persian.forms import JalaliDateField, JalaliDateInput
from khooshe.persian.jalali import format_jalali, format_jalali_datetime, is_english_active

_display_for_field = admin_utils.display_for_field
_display_for_value = admin_utils.display_for_value


def _jalali(value):
    """A date or an aware datetime as the site shows it; anything else: None."""
    digits = "latin" if is_english_active() else "fa"
    if isinstance(value, datetime.datetime):
        months = "en" if is_english_active() else "fa"
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return format_jalali_datetime(value, digits=digits, month_names=months)
    if isinstance(value, datetime.date):
        return format_jalali(value, digits=digits)
    return None


def display_for_field(value, field, empty_value_display, avoid_link=False):
    if value is not None and not getattr(field, "flatchoices", None):
        shown = _jalali(value)
        if shown is not None:
            return shown
    return _display_for_field(value, field, empty_value_display, avoid_link=avoid_link)


def display_for_value(value, empty_value_display, boolean=False):
    if not boolean and value is not None:
        shown = _jalali(value)
        if shown is not None:
            return shown
    return _display_for_value(value, empty_value_display, boolean=boolean)


admin_list.display_for_field = helpers.display_for_field = display_for_field
admin_list.display_for_value = display_for_value
options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateField] = {
    "form_class": JalaliDateField,
    "widget": JalaliDateInput,
}


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
