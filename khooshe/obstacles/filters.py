"""One FilterSet for the public list, the desk pages and ``/api/v1/obstacles/``."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.permissions import organization_ids_for
from khooshe.geo.models import County, Province
from khooshe.obstacles.models import Category, Obstacle
from khooshe.obstacles.selectors import overdue_q
from khooshe.persian.filters import PersianIntegerFilter
from khooshe.persian.text import search_key


class ObstacleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("جست‌وجو"), method="filter_q")
    category = django_filters.ModelChoiceFilter(
        label=_("دسته"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        empty_label=_("همه"),
    )
    body = PersianIntegerFilter(label=_("دستگاه پاسخگو (شناسه)"), field_name="body_id")
    province = django_filters.CharFilter(
        label=_("استان (کد)"), method="filter_province", widget=forms.HiddenInput
    )
    county = django_filters.ModelChoiceFilter(
        label=_("شهرستان"), queryset=County.objects.all(), empty_label=_("همه")
    )
    state = django_filters.ChoiceFilter(
        label=_("وضعیت"), choices=Obstacle.State.choices, empty_label=_("همه")
    )
    overdue = django_filters.BooleanFilter(
        label=_("فقط گذشته از مهلت"), method="filter_overdue", widget=forms.CheckboxInput
    )

    mine = django_filters.BooleanFilter(
        label=_("فقط موانع من"), method="filter_mine", widget=forms.CheckboxInput
    )

    class Meta:
        model = Obstacle
        fields = ["q", "category", "body", "county", "state", "overdue", "mine"]

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not getattr(getattr(self.request, "user", None), "is_authenticated", False):
            del self.filters["mine"]  # a visitor has no obstacles of their own
            self.form.fields.pop("mine", None)
        if province is not None:
            counties = County.objects.filter(province=province).order_by("name")
            self.filters["county"].queryset = counties
            self.form.fields["county"].queryset = counties

    def filter_province(self, queryset, name, value):
        province_id = (
            Province.objects.filter(code__iexact=value.strip()).values_list("pk", flat=True).first()
        )
        return queryset.filter(province_id=province_id) if province_id else queryset.none()

    def filter_q(self, queryset, name, value):
        key = search_key(value)
        return queryset.filter(search_key__contains=key) if key else queryset

    def filter_mine(self, queryset, name, value):
        """The obstacles the user reported, or reported for an organization they represent."""
        user = getattr(self.request, "user", None)
        if not value:
            return queryset
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        return queryset.filter(
            Q(reporter=user) | Q(reporter_organization_id__in=organization_ids_for(user))
        )

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(overdue_q(timezone.localdate()))
        return queryset
