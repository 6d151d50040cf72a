from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from khooshe.governance.models import Body
from khooshe.persian.forms import JalaliDateField
from khooshe.registry.models import Organization


class CommitmentUpdateForm(forms.Form):
    reported_on = JalaliDateField(label=_("تاریخ گزارش"), required=False)
    percent = forms.IntegerField(label=_("درصد پیشرفت"), min_value=0, max_value=100)
    text = forms.CharField(label=_("شرح"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence_url = forms.URLField(label=_("پیوند مستند"), required=False, assume_scheme="https")
    evidence_file = forms.FileField(label=_("پرونده مستند"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


class CommitmentCancelForm(forms.Form):
    reason = forms.CharField(label=_("دلیل لغو"), widget=forms.Textarea(attrs={"rows": 2}))


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("متن صورتجلسه"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text=_("قالب‌بندی ساده (بند، فهرست، پررنگ) نگه داشته می‌شود."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ResolutionForm(forms.Form):
    text = forms.CharField(label=_("متن مصوبه"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("مسئول اجرا"), queryset=Organization.objects.none())
    due_on = forms.CharField(
        label=_("مهلت"),
        required=False,
        help_text=_("مثلاً ۱۴۰۳/۰۶/۳۱ یا «پایان شهریور ۱۴۰۳»"),
    )

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Organization.objects.filter(merged_into__isnull=True)
        if province is not None:
            queryset = queryset.filter(province=province)
        self.fields["owner"].queryset = queryset.order_by("name")


class BodyChoiceForm(forms.Form):
    body = forms.ModelChoiceField(label=_("نهاد"), queryset=Body.objects.all())
