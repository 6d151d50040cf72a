"""The filters of the values list (API): province, period, from, to — in any digit script,
Jalali or ISO; a bad value is a Persian 400, never a server error."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.indicators.definitions import DISAGGREGATION_LABELS
from khooshe.indicators.models import Snapshot
from khooshe.indicators.periods import parse_bound, parse_period
from khooshe.indicators.services import find_province


class PeriodField(forms.CharField):
    def to_python(self, value):
        text = super().to_python(value)
        return parse_period(text) if text else None


class BoundField(forms.CharField):
    def to_python(self, value):
        text = super().to_python(value)
        return parse_bound(text) if text else None


class ProvinceField(forms.CharField):
    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        province = find_province(text)
        if province is None:
            raise ValidationError(
                _("استانی با نام یا کد «%(value)s» پیدا نشد.") % {"value": text[:40]}
            )
        return province


class PeriodFilter(django_filters.CharFilter):
    field_class = PeriodField


class BoundFilter(django_filters.CharFilter):
    field_class = BoundField


class ProvinceFilter(django_filters.CharFilter):
    field_class = ProvinceField


DISAGGREGATION_CHOICES = [("all", gettext_lazy("همه")), *DISAGGREGATION_LABELS.items()]


class ValueFilter(django_filters.FilterSet):
    province = ProvinceFilter(
        method="filter_province", label=gettext_lazy("استان (کد مانند IR-02 یا نام)")
    )
    period = PeriodFilter(method="filter_period", label=gettext_lazy("دوره (۱۴۰۳ یا ۱۴۰۳-Q2)"))
    period_from = BoundFilter(method="filter_from", label=gettext_lazy("از دوره یا تاریخ"))
    period_to = BoundFilter(method="filter_to", label=gettext_lazy("تا دوره یا تاریخ"))
    disaggregation = django_filters.ChoiceFilter(
        choices=DISAGGREGATION_CHOICES,
        method="filter_disaggregation",
        label=gettext_lazy("تفکیک (بی‌مقدار: فقط جمع استان)"),
    )

    class Meta:
        model = Snapshot
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        # ``from`` and ``to`` are the public names (``from`` is a Python keyword).
        if data is not None:
            data = data.copy()
            for public, own in (("from", "period_from"), ("to", "period_to")):
                if public in data and own not in data:
                    data[own] = data[public]
        super().__init__(data, *args, **kwargs)

    def filter_province(self, queryset, name, value):
        return queryset.filter(province=value) if value else queryset

    def filter_period(self, queryset, name, value):
        return queryset.filter(period=value.code) if value else queryset

    def filter_from(self, queryset, name, value):
        return queryset.filter(period_start__gte=value.start) if value else queryset

    def filter_to(self, queryset, name, value):
        return queryset.filter(period_start__lte=value.end) if value else queryset

    def filter_disaggregation(self, queryset, name, value):
        if value == "all":
            return queryset
        return queryset.filter(dis_key=value)

    @property
    def qs(self):
        rows = super().qs
        if not self.form.cleaned_data.get("disaggregation"):
            rows = rows.filter(dis_key="")
        return rows
