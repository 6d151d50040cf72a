"""django-filter filters that read what Persian users type: a Jalali date in any digits, a
whole number in any digits — in text inputs, never ``type="number"`` (browsers drop Persian
digits there). The page and the API share them through each app's FilterSet."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from khooshe.persian.forms import JalaliDateField, PersianIntegerField


class JalaliDateFilter(django_filters.Filter):
    """A date typed in Jalali (any digits) or ISO (a string in the schema: both are taken)."""

    field_class = JalaliDateField


@extend_schema_field(OpenApiTypes.INT)
class PersianIntegerFilter(django_filters.Filter):
    """A whole number (an id, a year) typed in any digits."""

    field_class = PersianIntegerField
