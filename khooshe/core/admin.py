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

import jdatetime
from django.contrib import admin
from django.contrib.admin import helpers, options
from django.contrib.admin import utils as admin_utils
from django.contrib.admin.filters import DateFieldListFilter, FieldListFilter
from django.contrib.admin.templatetags import admin_list
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from khooshe.core.models import Attachment, Notification
from khooshe.persian.forms import JalaliDateField, JalaliDateInput
from khooshe.persian.jalali import (
    format_jalali,
    format_jalali_datetime,
    is_english_active,
    to_jalali,
)
from khooshe.persian.text import to_persian_digits

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


# Date filters and the date hierarchy, by Jalali months and years. Both filter a date field
# with a range (``<field>__gte`` and ``<field>__lt``, lookups every admin already allows), so
# no Gregorian ``__year``/``__month`` lookup is involved.


def _gregorian(jalali: jdatetime.date) -> datetime.date:
    return jalali.togregorian()


def _next_jalali_month(jalali: jdatetime.date) -> jdatetime.date:
    if jalali.month == 12:
        return jdatetime.date(jalali.year + 1, 1, 1)
    return jdatetime.date(jalali.year, jalali.month + 1, 1)


def _bound(day: datetime.date, field: models.Field):
    """The start of ``day`` as the field stores it: a date, or midnight in the local zone."""
    if not isinstance(field, models.DateTimeField):
        return day
    midnight = datetime.datetime.combine(day, datetime.time.min)
    return timezone.make_aware(midnight) if timezone.is_aware(timezone.now()) else midnight


class JalaliDateFieldListFilter(DateFieldListFilter):
    """Django's date filter ("today", "past 7 days", "this month", "this year"), with this
    month and this year as the Jalali month and year of today in Tehran."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        today = timezone.localdate()
        jalali = to_jalali(today)
        month_start = jdatetime.date(jalali.year, jalali.month, 1)
        bounds = {
            3: (month_start, _next_jalali_month(month_start)),
            4: (jdatetime.date(jalali.year, 1, 1), jdatetime.date(jalali.year + 1, 1, 1)),
        }
        links = list(self.links)
        for index, (start, end) in bounds.items():
            title = links[index][0]
            links[index] = (
                title,
                {
                    self.lookup_kwarg_since: _bound(_gregorian(start), field),
                    self.lookup_kwarg_until: _bound(_gregorian(end), field),
                },
            )
        self.links = tuple(links)


FieldListFilter.register(
    lambda field: isinstance(field, models.DateField), JalaliDateFieldListFilter, take_priority=True
)


def _parse_bound(value):
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is not None:
        if timezone.is_aware(parsed):
            parsed = timezone.localtime(parsed)
        return parsed.date() if parsed.time() == datetime.time.min else None
    try:
        return parse_date(value)
    except ValueError:
        return None


def _jalali_span(since, until):
    """What a ``__gte``/``__lt`` pair selects: ("year" | "month" | "day", its Jalali start),
    or None when it is no whole Jalali year, month or day."""
    start, end = _parse_bound(since), _parse_bound(until)
    if start is None or end is None:
        return None
    jalali = to_jalali(start)
    if end - start == datetime.timedelta(days=1):
        return "day", jalali
    if jalali.day != 1:
        return None
    if jalali.month == 1 and _gregorian(jdatetime.date(jalali.year + 1, 1, 1)) == end:
        return "year", jalali
    if _gregorian(_next_jalali_month(jalali)) == end:
        return "month", jalali
    return None


def _digits(text: str) -> str:
    return text if is_english_active() else to_persian_digits(text)


def date_hierarchy(cl):
    """The date hierarchy's links by Jalali year, month and day (replaces Django's own)."""
    if not cl.date_hierarchy:
        return None
    field_name = cl.date_hierarchy
    field = admin_utils.get_fields_from_path(cl.model, field_name)[-1]
    since_key, until_key = f"{field_name}__gte", f"{field_name}__lt"
    months = "en" if is_english_active() else "fa"

    def link(start=None, end=None):
        if start is None:
            return cl.get_query_string(remove=[since_key, until_key])
        return cl.get_query_string(
            {
                since_key: str(_bound(_gregorian(start), field)),
                until_key: str(_bound(_gregorian(end), field)),
            }
        )

    span = _jalali_span(cl.params.get(since_key), cl.params.get(until_key))
    if isinstance(field, models.DateTimeField):
        days = cl.queryset.datetimes(field_name, "day", tzinfo=timezone.get_current_timezone())
        days = {value.date() for value in days}
    else:
        days = set(cl.queryset.dates(field_name, "day"))
    jalali_days = sorted({to_jalali(day) for day in days})
    if span is None:
        years = sorted({day.year for day in jalali_days})
        return {
            "show": True,
            "choices": [
                {
                    "link": link(jdatetime.date(y, 1, 1), jdatetime.date(y + 1, 1, 1)),
                    "title": _digits(str(y)),
                }
                for y in years
            ],
        }
    level, start = span
    year_start = jdatetime.date(start.year, 1, 1)
    if level == "year":
        month_starts = sorted({jdatetime.date(d.year, d.month, 1) for d in jalali_days})
        return {
            "show": True,
            "back": {"link": link(), "title": gettext("All dates")},
            "choices": [
                {
                    "link": link(m, _next_jalali_month(m)),
                    "title": format_jalali(
                        _gregorian(m),
                        "month_year",
                        digits="latin" if months == "en" else "fa",
                        month_names=months,
                    ),
                }
                for m in month_starts
            ],
        }
    month_start = jdatetime.date(start.year, start.month, 1)
    back = (
        {
            "link": link(year_start, jdatetime.date(start.year + 1, 1, 1)),
            "title": _digits(str(start.year)),
        }
        if level == "month"
        else {
            "link": link(month_start, _next_jalali_month(month_start)),
            "title": format_jalali(
                _gregorian(month_start),
                "month_year",
                digits="latin" if months == "en" else "fa",
                month_names=months,
            ),
        }
    )
    shown_days = jalali_days if level == "month" else [start]
    return {
        "show": True,
        "back": back,
        "choices": [
            {
                "link": link(d, d + datetime.timedelta(days=1)),
                "title": format_jalali(
                    _gregorian(d),
                    "long",
                    digits="latin" if months == "en" else "fa",
                    month_names=months,
                ),
            }
            for d in shown_days
        ],
    }


# The change list's template tag looks this function up by name when a template is parsed.
admin_list.date_hierarchy = date_hierarchy


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "created_at", "read_at", "emailed"]
    list_filter = ["emailed", "created_at"]
    date_hierarchy = "created_at"
    search_fields = ["title", "recipient__username"]
    list_select_related = ["recipient"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "mime_type", "size", "content_type", "object_id", "created_at"]
    list_filter = ["mime_type"]
    list_select_related = ["content_type"]


admin.site.site_header = _("مدیریت خوشه")
admin.site.site_title = pgettext_lazy("site name", "خوشه")
admin.site.index_title = _("پشتیبانی سامانه")
