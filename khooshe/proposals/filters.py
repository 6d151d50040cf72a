"""One FilterSet for the proposal pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from khooshe.geo.models import County, Province
from khooshe.proposals.models import Proposal, ProposalState
from khooshe.proposals.selectors.proposals import search
from khooshe.registry.models import Sector


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("جستجو"), method="filter_q")
    state = django_filters.MultipleChoiceFilter(label=_("وضعیت"), choices=ProposalState.choices)
    sector = django_filters.ModelChoiceFilter(
        label=_("بخش"), queryset=Sector.objects.all(), empty_label=_("همه بخش‌ها")
    )
    province = django_filters.ModelChoiceFilter(
        label=_("استان"),
        queryset=Province.objects.all(),
        to_field_name="code",
        empty_label=_("همه استان‌ها"),
    )
    county = django_filters.ModelChoiceFilter(
        label=_("شهرستان"), queryset=County.objects.select_related("province")
    )
    ordering = django_filters.OrderingFilter(
        label=_("ترتیب"),
        fields=(
            ("created_at", "created_at"),
            ("submitted_at", "submitted_at"),
            ("estimated_budget", "estimated_budget"),
            ("title", "title"),
            ("state", "state"),
        ),
        field_labels={
            "created_at": _("تاریخ ثبت"),
            "submitted_at": _("تاریخ ارسال"),
            "estimated_budget": _("بودجه"),
            "title": _("عنوان"),
            "state": _("وضعیت"),
        },
    )

    class Meta:
        model = Proposal
        fields = ["q", "state", "sector", "province", "county"]

    def filter_q(self, queryset, name, value):
        return search(queryset, value)
