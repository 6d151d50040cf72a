"""Forms: a value entered by staff, a claim to check. Digits in any script; the service
validates (one set of rules for the page and the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from khooshe.geo.models import Province
from khooshe.indicators.definitions import INDICATORS
from khooshe.persian.forms import JalaliDateField, PersianCharField


class EnterValueForm(forms.Form):
    indicator = forms.ChoiceField(label=_("شاخص"))
    province = forms.ModelChoiceField(label=_("استان"), queryset=Province.objects.none())
    period = PersianCharField(
        label=_("دوره"), max_length=20, help_text=_("سال (۱۴۰۳) یا فصل (۱۴۰۳-Q2)")
    )
    value = PersianCharField(label=_("مقدار"), max_length=40)
    source = PersianCharField(label=_("منبع"), max_length=300)
    source_date = JalaliDateField(label=_("تاریخ انتشار منبع"))
    source_url = forms.URLField(label=_("پیوند منبع"), required=False, assume_scheme="https")

    def __init__(self, *args, provinces=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            (slug, str(indicator.name_fa)) for slug, indicator in INDICATORS.items()
        ]
        queryset = Province.objects.order_by("name")
        if provinces is not None:
            queryset = queryset.filter(pk__in=provinces)
        self.fields["province"].queryset = queryset


class ClaimForm(forms.Form):
    text = PersianCharField(
        label=_("جمله ادعا"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("مثلاً: توانمندی صنعت ICT مازندران بالاتر از متوسط کشوری است"),
    )
