"""One FilterSet for the promise board and the commitments API."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.permissions import organization_ids_for
from khooshe.governance.models import Body, Commitment
from khooshe.governance.permissions import OWNER_ROLES
from khooshe.governance.status import CommitmentStatus, status_q
from khooshe.persian.filters import JalaliDateFilter, PersianIntegerFilter
from khooshe.persian.jalali import jalali_month_end, jalali_to_date
from khooshe.persian.text import to_latin_digits


class CommitmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("وضعیت"),
        choices=CommitmentStatus.choices,
        empty_label=_("همه"),
        method="filter_status",
    )
    body = django_filters.ModelChoiceFilter(
        label=_("شورا / کارگروه"), queryset=Body.objects.all(), empty_label=_("همه")
    )
    year = PersianIntegerFilter(label=_("سال موعد"), method="filter_year")
    province = django_filters.CharFilter(
        label=_("استان (کد)"),
        field_name="province__code",
        lookup_expr="iexact",
        widget=forms.HiddenInput,
    )
    owner = django_filters.CharFilter(
        label=_("مسئول (شناسه یا شناسه ملی)"), method="filter_owner", widget=forms.HiddenInput
    )
    source_type = django_filters.ChoiceFilter(
        label=_("منبع"), choices=Commitment.SourceType.choices, empty_label=_("همه")
    )
    due_before = JalaliDateFilter(label=_("موعد تا"), field_name="due_on", lookup_expr="lte")
    due_after = JalaliDateFilter(label=_("موعد از"), field_name="due_on", lookup_expr="gte")
    mine = django_filters.BooleanFilter(
        label=_("فقط تعهدهای سازمان من"), method="filter_mine", widget=forms.CheckboxInput
    )

    class Meta:
        model = Commitment
        fields = ["status", "body", "year", "source_type", "due_after", "due_before"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.queryset is not None:
            bodies = Body.objects.filter(
                pk__in=self.queryset.order_by().values("body_id")
            ).order_by("name")
            self.filters["body"].queryset = bodies
            self.form.fields["body"].queryset = bodies

    def filter_status(self, queryset, name, value):
        """The status today, computed from the dates (the stored copy may be a day old)."""
        if not value:
            return queryset
        return queryset.filter(status_q(value, timezone.localdate()))

    def filter_year(self, queryset, name, value):
        if not value:
            return queryset
        year = int(value)
        try:
            start, end = jalali_to_date(year, 1, 1), jalali_month_end(year, 12)
        except (ValidationError, ValueError):  # a year the calendar does not know
            return queryset.none()
        return queryset.filter(due_on__gte=start, due_on__lte=end)

    def filter_owner(self, queryset, name, value):
        """The owner organization by its id, or by its 11-digit legal id (شناسه ملی)."""
        value = to_latin_digits(value or "").strip()
        if not value.isdigit():
            return queryset.none() if value else queryset
        if len(value) == 11:
            return queryset.filter(owner__legal_id=value)
        return queryset.filter(owner_id=int(value))

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        user = getattr(self.request, "user", None)
        return queryset.filter(owner_id__in=organization_ids_for(user, OWNER_ROLES))
