"""One FilterSet for the public catalogue page and ``/api/v1/eservices/``."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from khooshe.eservices.models import Audience, Channel, ChannelKind, EService, Maturity
from khooshe.persian.filters import PersianIntegerFilter
from khooshe.persian.text import search_key, search_words


def search(queryset, q: str):
    """Every word of ``q`` (folded: ZWNJ, Arabic ي/ك, any digits, diacritics do not matter)
    is a substring of the service's folded name, description or agency name. Services whose
    name holds the whole query come first (``search_rank`` 0, then 1)."""
    words = [w for w in dict.fromkeys(search_words(q or "")) if w]
    if not words:
        return queryset
    if any(len(w) >= 2 for w in words):
        words = [w for w in words if len(w) >= 2]
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    key = search_key(q)[:255]
    return queryset.filter(condition).annotate(
        search_rank=Case(
            When(search_key__contains=key, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )


class EServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("جست‌وجو"), method="filter_q")
    province = django_filters.CharFilter(
        label=_("استان (کد)"),
        field_name="province__code",
        lookup_expr="iexact",
        widget=forms.HiddenInput,
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
        return search(queryset, value)

    def filter_channel(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(Channel.objects.filter(eservice=OuterRef("pk"), kind=value)))
