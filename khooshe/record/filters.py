"""One FilterSet for the public list and ``/api/v1/articles/``."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from khooshe.geo.models import Province
from khooshe.persian.filters import PersianIntegerFilter
from khooshe.persian.jalali import jalali_month_end, jalali_to_date
from khooshe.persian.text import search_words
from khooshe.record.models import Article, Suggestion


def _mentioning(**target):
    return Suggestion.objects.filter(
        kind=Suggestion.Kind.MENTION, state=Suggestion.State.CONFIRMED, **target
    ).values("article_id")


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("جست‌وجو"), method="filter_q")
    province = django_filters.CharFilter(label=_("استان (کد)"), method="filter_province")
    source = django_filters.CharFilter(label=_("منبع"), field_name="source")
    year = PersianIntegerFilter(label=_("سال (شمسی)"), method="filter_year")
    organization = PersianIntegerFilter(label=_("سازمان (شناسه)"), method="filter_organization")
    body = PersianIntegerFilter(label=_("شورا یا کارگروه (شناسه)"), method="filter_body")

    class Meta:
        model = Article
        fields = ["q", "province", "source", "year", "organization", "body"]

    def filter_q(self, queryset, name, value):
        for word in search_words(value):
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_province(self, queryset, name, value):
        province_id = (
            Province.objects.filter(code__iexact=value.strip()).values_list("pk", flat=True).first()
        )
        return queryset.filter(province_id=province_id) if province_id else queryset.none()

    def filter_year(self, queryset, name, value):
        if not 1200 <= value <= 1500:
            return queryset.none()
        return queryset.filter(
            published_on__gte=jalali_to_date(value, 1, 1),
            published_on__lte=jalali_month_end(value, 12),
        )

    def filter_organization(self, queryset, name, value):
        return queryset.filter(pk__in=_mentioning(organization_id=value))

    def filter_body(self, queryset, name, value):
        return queryset.filter(pk__in=_mentioning(mentioned_body_id=value))
