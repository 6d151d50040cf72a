"""Input shapes of the obstacle pages; rules live in the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.permissions import organization_ids_for
from khooshe.geo.models import County, Province
from khooshe.governance.models import Body, Meeting
from khooshe.obstacles.models import Category, Obstacle
from khooshe.obstacles.permissions import SPEAKER_ROLES
from khooshe.persian.forms import JalaliDateField, PersianCharField, PersianIntegerField
from khooshe.persian.text import to_latin_digits
from khooshe.registry.models import Organization


def organization_by_reference(value: str, field_label: str) -> Organization:
    """A registry organization by id or national legal id (any digits)."""
    text = to_latin_digits(value or "").strip()
    organization = None
    if text.isdigit():
        organization = (
            Organization.objects.filter(legal_id=text).first()
            if len(text) == 11
            else Organization.objects.filter(pk=int(text)).first()
        )
    if organization is None:
        raise ValidationError(
            _("«%(value)s» در شناسنامه سازمان‌ها پیدا نشد (%(field)s).")
            % {"value": value, "field": field_label}
        )
    return organization


class OrganizationRefField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        return organization_by_reference(value, str(self.label))


class ReportForm(forms.Form):
    reporter_organization = forms.ModelChoiceField(
        label=_("از طرف سازمان"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("به نام خودم"),
    )
    category = forms.ModelChoiceField(
        label=_("دسته"),
        queryset=Category.objects.filter(is_active=True),
        error_messages={"required": _("دسته مانع را انتخاب کنید.")},
    )
    title = PersianCharField(
        label=_("عنوان"),
        max_length=250,
        error_messages={"required": _("عنوان مانع را بنویسید.")},
    )
    description = PersianCharField(
        label=_("شرح"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("شرح مانع را بنویسید.")},
    )
    province = forms.ModelChoiceField(
        label=_("استان"),
        queryset=Province.objects.order_by("name"),
        error_messages={"required": _("استان را انتخاب کنید.")},
    )
    county = forms.ModelChoiceField(
        label=_("شهرستان"), queryset=County.objects.order_by("name"), required=False
    )
    since = JalaliDateField(label=_("از چه زمانی"), required=False)
    affected = forms.CharField(
        label=_("سازمان‌های متأثر دیگر"),
        required=False,
        help_text=_("شناسه ملی یا شناسه شناسنامه سازمان‌ها، با ویرگول جدا"),
    )
    links = forms.CharField(
        label=_("پیوندهای مستند"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("هر پیوند در یک خط"),
    )
    evidence = forms.FileField(label=_("پرونده مستند"), required=False)
    is_public = forms.BooleanField(
        label=_("عمومی باشد"),
        required=False,
        initial=True,
        help_text=_("مانع خصوصی را فقط شما، دستگاه پاسخگو و کارشناسان استان می‌بینند."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = organization_ids_for(user, SPEAKER_ROLES) if user else ()
        self.fields["reporter_organization"].queryset = Organization.objects.filter(
            pk__in=ids
        ).order_by("name")

    def clean_affected(self):
        text = to_latin_digits(self.cleaned_data.get("affected") or "").replace("،", ",")
        return [
            organization_by_reference(part.strip(), str(self.fields["affected"].label))
            for part in text.split(",")
            if part.strip()
        ]

    def clean_links(self):
        lines = [line.strip() for line in (self.cleaned_data.get("links") or "").splitlines()]
        validator = forms.URLField(assume_scheme="https")
        for line in lines:
            if line:
                try:
                    validator.clean(line)
                except ValidationError as error:
                    raise ValidationError(
                        _("پیوند «%(link)s» درست نیست.") % {"link": line}
                    ) from error
        return "\n".join(line for line in lines if line)


class SupportForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("سازمان حمایت‌کننده"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("سازمان حمایت‌کننده را انتخاب کنید.")},
    )
    note = PersianCharField(label=_("توضیح"), max_length=300, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = organization_ids_for(user, SPEAKER_ROLES) if user else ()
        self.fields["organization"].queryset = Organization.objects.filter(pk__in=ids).order_by(
            "name"
        )


class RouteForm(forms.Form):
    body = OrganizationRefField(
        label=_("دستگاه پاسخگو (شناسه یا شناسه ملی)"),
        error_messages={"required": _("دستگاه پاسخگو را انتخاب کنید.")},
    )
    answer_days = PersianIntegerField(
        label=_("مهلت پاسخ (روز کاری)"), required=False, min_value=1, max_value=90
    )
    reason = PersianCharField(
        label=_("دلیل"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnswerForm(forms.Form):
    text = PersianCharField(
        label=_("متن پاسخ (عمومی)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("متن پاسخ را بنویسید.")},
    )
    evidence = forms.FileField(label=_("پیوست"), required=False)


class NoteForm(forms.Form):
    note = PersianCharField(
        label=_("یادداشت"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = PersianCharField(
        label=_("دلیل"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("دلیل را بنویسید.")},
    )


class CloseForm(forms.Form):
    closure = forms.ChoiceField(label=_("نتیجه"), choices=Obstacle.Closure.choices)
    note = PersianCharField(
        label=_("یادداشت"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible_name = PersianCharField(
        label=_("دستگاه مسئول (اگر در حیطه این دستگاه نیست)"), required=False, max_length=250
    )
    duplicate_of = PersianIntegerField(label=_("شماره مانع اصلی (اگر تکراری است)"), required=False)

    def clean_duplicate_of(self):
        number = self.cleaned_data.get("duplicate_of")
        if number is None:
            return None
        obstacle = Obstacle.objects.filter(pk=number).first()
        if obstacle is None:
            raise ValidationError(_("مانعی با این شماره نیست."))
        return obstacle


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("امتیاز"),
        coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
    )
    note = PersianCharField(label=_("نظر"), required=False, max_length=500)


class EscalateForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("جلسه کارگروه"),
        queryset=Meeting.objects.none(),
        error_messages={"required": _("جلسه کارگروه را انتخاب کنید.")},
    )
    note = PersianCharField(label=_("یادداشت"), required=False, max_length=300)

    def __init__(self, *args, province_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(
                body__province_id=province_id, body__kind=Body.Kind.WORKING_GROUP
            )
            .select_related("body")
            .order_by("-held_at")
        )


class ResolveForm(forms.Form):
    text = PersianCharField(
        label=_("متن مصوبه"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("متن مصوبه را بنویسید.")},
    )
    owner = OrganizationRefField(
        label=_("دستگاه مسئول اجرا (شناسه یا شناسه ملی)"),
        error_messages={"required": _("دستگاه مسئول اجرای مصوبه را انتخاب کنید.")},
    )
    due_on = JalaliDateField(
        label=_("موعد"), error_messages={"required": _("موعد اجرای مصوبه را بنویسید.")}
    )


class PeriodForm(forms.Form):
    start = JalaliDateField(label=_("از تاریخ"), required=False)
    end = JalaliDateField(label=_("تا تاریخ"), required=False)
