"""One FilterSet per list, for the page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khooshe.events.models import Event, Exhibitor
from khooshe.geo.models import Province
from khooshe.persian.filters import JalaliDateFilter
from khooshe.persian.text import clean_text


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("جست‌وجو"), method="search")
    province = django_filters.ModelChoiceFilter(
        label=_("استان"), queryset=Province.objects.order_by("name"), to_field_name="code"
    )
    kind = django_filters.ChoiceFilter(label=_("نوع"), choices=Event.Kind.choices)
    when = django_filters.ChoiceFilter(
        label=_("زمان"),
        choices=(("upcoming", _("پیش رو")), ("past", _("گذشته"))),
        method="filter_when",
    )
    after = JalaliDateFilter(label=_("از تاریخ"), field_name="starts_at", lookup_expr="date__gte")

    class Meta:
        model = Event
        fields = ["q", "province", "kind", "when", "after"]

    def search(self, queryset, name, value):
        text = clean_text(value)
        return (
            queryset.filter(Q(title__icontains=text) | Q(venue__icontains=text))
            if text
            else queryset
        )

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(ends_at__gte=now).order_by("starts_at", "id")
        if value == "past":
            return queryset.filter(ends_at__lt=now)
        return queryset


class ExhibitorFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("وضعیت"), choices=Exhibitor.State.choices)
    kind = django_filters.CharFilter(label=_("نوع سازمان"), field_name="organization__kind")

    class Meta:
        model = Exhibitor
        fields = ["state", "kind"]
