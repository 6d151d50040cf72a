"""One FilterSet for the public catalogue page and ``/api/v1/eservices/``."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from khooshe.eservices.models import Audience, Channel, ChannelKind, EService, Maturity
from khooshe.eservices.search import eservice_search
from khooshe.geo.models import Province
from khooshe.persian.filters import PersianIntegerFilter


class EServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("جست‌وجو"), method="filter_q")
    province = django_filters.CharFilter(
        label=_("استان (کد)"), method="filter_province", widget=forms.HiddenInput
    )
    agency = PersianIntegerFilter(
        label=_("دستگاه"), field_name="agency_id", widget=forms.HiddenInput
    )
    channel = django_filters.ChoiceFilter(
        label=_("درگاه"), choices=ChannelKind.choices, empty_label=_("همه"), method="filter_channel"
    )
    maturity = django_filters.ChoiceFilter(
        label=_("سطح بلوغ"), choices=Maturity.choices, empty_label=_("همه")
    )
    audience = django_filters.ChoiceFilter(
        label=_("مخاطب"), choices=Audience.choices, empty_label=_("همه")
    )
    status = django_filters.ChoiceFilter(
        label=_("وضعیت"), choices=EService.Status.choices, empty_label=_("همه")
    )

    class Meta:
        model = EService
        fields = ["q", "province", "agency", "channel", "maturity", "audience", "status"]

    def filter_q(self, queryset, name, value):
        return eservice_search(queryset, value)

    def filter_province(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            province_id__in=Province.objects.filter(code__iexact=value.strip()).values("pk")
        )

    def filter_channel(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(Channel.objects.filter(eservice=OuterRef("pk"), kind=value)))
