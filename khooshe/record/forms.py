"""Input shapes of the public record's pages (the rules live in the services)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.permissions import province_ids_for
from khooshe.geo.models import Province
from khooshe.governance.models import Body
from khooshe.persian.forms import JalaliDateField, PersianCharField, PersianIntegerField
from khooshe.record.models import Article, Suggestion
from khooshe.record.targets import resolve_target
from khooshe.registry.models import Organization


class ArticleForm(forms.Form):
    version = PersianIntegerField(widget=forms.HiddenInput, required=False)
    province = forms.ModelChoiceField(label=_("استان"), queryset=Province.objects.none())
    kind = forms.ChoiceField(label=_("نوع"), choices=Article.Kind.choices)
    title = PersianCharField(label=_("عنوان"), max_length=300)
    source = PersianCharField(
        label=_("منبع"), max_length=100, help_text=_("خبرگزاری (مثل ایلنا یا ایرنا) یا نشست")
    )
    body = forms.ModelChoiceField(
        label=_("نهاد (برای گزارش جلسه)"), queryset=Body.objects.none(), required=False
    )
    published_on = JalaliDateField(label=_("تاریخ انتشار"))
    url = forms.URLField(
        label=_("نشانی خبر"), max_length=500, required=False, assume_scheme="https"
    )
    original_text = forms.CharField(
        label=_("متن خبر (همان‌گونه که هست)"),
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto"}),
        strip=False,
    )
    is_public = forms.BooleanField(label=_("نمایش عمومی"), required=False, initial=True)

    #: Fields whose initial value an edit takes from the article as they are.
    EDITABLE = ("kind", "title", "source", "published_on", "url", "original_text", "is_public")

    def __init__(self, *args, user=None, instance: Article | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{name: getattr(instance, name) for name in self.EDITABLE},
                    "province": instance.province_id,
                    "body": instance.body_id,
                    "version": instance.version,
                },
            )
        super().__init__(*args, **kwargs)
        provinces = Province.objects.order_by("name")
        allowed = province_ids_for(user) if user is not None else frozenset()
        if allowed is not None:
            provinces = provinces.filter(pk__in=allowed)
        self.fields["province"].queryset = provinces
        if allowed is not None and len(allowed) == 1:
            self.fields["province"].initial = next(iter(allowed))
        bodies = Body.objects.order_by("name")
        if allowed is not None:
            bodies = bodies.filter(province_id__in=allowed)
        self.fields["body"].queryset = bodies


class ConfirmForm(forms.Form):
    """Corrections sent with a confirmation (all optional)."""

    value = PersianIntegerField(label=_("مقدار"), required=False, min_value=0)
    value_max = PersianIntegerField(label=_("تا"), required=False, min_value=0)
    qualifier = forms.ChoiceField(
        label=_("قید"), choices=[("", "—"), *Suggestion.Qualifier.choices], required=False
    )
    counts = PersianCharField(label=_("شمارش چه چیزی"), max_length=100, required=False)
    indicator_slug = forms.SlugField(label=_("شاخص"), max_length=80, required=False)
    owner = forms.ModelChoiceField(
        label=_("سازمان مسئول"), queryset=Organization.objects.none(), required=False
    )
    due_on = JalaliDateField(label=_("موعد"), required=False)
    title = PersianCharField(label=_("عنوان تعهد"), max_length=300, required=False)
    target = forms.CharField(label=_("رکورد درست"), max_length=40, required=False)

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"].queryset = owners

    def clean_target(self):
        value = self.cleaned_data.get("target")
        if not value:
            return None
        try:
            return resolve_target(value)
        except ValidationError as error:
            raise ValidationError(error.message_dict["target"]) from None

    def corrections(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
