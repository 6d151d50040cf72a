"""Input shape only; the rules live in the services. Dates are Jalali (any digit script),
times ``HH:MM`` in Asia/Tehran (any digit script); numbers are text inputs."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.permissions import province_ids_for
from khooshe.eservices.models import EService
from khooshe.events.models import Booth, Event
from khooshe.events.permissions import STAFF
from khooshe.geo.models import Province
from khooshe.governance.models import Agreement, Commitment, Resolution
from khooshe.persian.forms import JalaliDateField, MobileField, PersianIntegerField
from khooshe.persian.jalali import TEHRAN
from khooshe.persian.text import to_latin_digits
from khooshe.registry.models import Organization, Person


class PersianTimeField(forms.TimeField):
    """``۹:۳۰``, ``09:30`` or ``۱۸`` → a time."""

    default_error_messages = {"invalid": _("ساعت را به شکل ۰۹:۳۰ بنویسید.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%H:%M", "%H"])
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = to_latin_digits(value).strip().replace("٫", ":").replace(".", ":")
        return super().to_python(value)


def combine(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=TEHRAN)


def split(value: datetime.datetime | None) -> tuple:
    if value is None:
        return None, None
    local = value.astimezone(TEHRAN)
    return local.date(), local.strftime("%H:%M")


def organizations_of(provinces):
    rows = Organization.objects.filter(merged_into__isnull=True)
    if provinces is not None:
        rows = rows.filter(province_id__in=provinces)
    return rows.order_by("name")


class EventForm(forms.Form):
    title = forms.CharField(label=_("عنوان"), max_length=250)
    kind = forms.ChoiceField(label=_("نوع"), choices=Event.Kind.choices)
    province = forms.ModelChoiceField(label=_("استان"), queryset=Province.objects.none())
    venue = forms.CharField(label=_("محل برگزاری"), max_length=250)
    start_date = JalaliDateField(label=_("تاریخ آغاز"))
    start_time = PersianTimeField(label=_("ساعت آغاز"))
    end_date = JalaliDateField(label=_("تاریخ پایان"))
    end_time = PersianTimeField(label=_("ساعت پایان"))
    organizer = forms.ModelChoiceField(label=_("برگزارکننده"), queryset=Organization.objects.none())
    co_organizers = forms.ModelMultipleChoiceField(
        label=_("همکاران برگزاری"), queryset=Organization.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("شرح"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    capacity = PersianIntegerField(
        label=_("ظرفیت بازدیدکنندگان"), min_value=0, help_text=_("صفر یعنی بدون ثبت‌نام")
    )
    closes_date = JalaliDateField(label=_("پایان ثبت‌نام (تاریخ)"), required=False)
    closes_time = PersianTimeField(label=_("پایان ثبت‌نام (ساعت)"), required=False)
    resolution = forms.ModelChoiceField(
        label=_("مصوبه درخواست‌کننده"), queryset=Resolution.objects.none(), required=False
    )
    commitment = forms.ModelChoiceField(
        label=_("تعهد مرتبط"), queryset=Commitment.objects.none(), required=False
    )
    is_public = forms.BooleanField(label=_("نمایش عمومی"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = province_ids_for(user, STAFF)
        self.fields["province"].queryset = (
            Province.objects.order_by("name")
            if provinces is None
            else Province.objects.filter(pk__in=provinces).order_by("name")
        )
        organizations = organizations_of(provinces)
        self.fields["organizer"].queryset = organizations
        self.fields["co_organizers"].queryset = organizations
        resolutions = Resolution.objects.select_related("body").order_by("-year", "-sequence")
        commitments = Commitment.objects.order_by("-id")
        if provinces is not None:
            resolutions = resolutions.filter(body__province_id__in=provinces)
            commitments = commitments.filter(province_id__in=provinces)
        self.fields["resolution"].queryset = resolutions
        self.fields["commitment"].queryset = commitments

    @classmethod
    def initial_for(cls, event: Event) -> dict:
        start_date, start_time = split(event.starts_at)
        end_date, end_time = split(event.ends_at)
        closes_date, closes_time = split(event.registration_closes_at)
        return {
            "title": event.title,
            "kind": event.kind,
            "province": event.province_id,
            "venue": event.venue,
            "start_date": start_date,
            "start_time": start_time,
            "end_date": end_date,
            "end_time": end_time,
            "organizer": event.organizer_id,
            "co_organizers": list(event.co_organizers.values_list("pk", flat=True)),
            "description": event.description,
            "capacity": event.capacity,
            "closes_date": closes_date,
            "closes_time": closes_time,
            "resolution": event.resolution_id,
            "commitment": event.commitment_id,
            "is_public": event.is_public,
            "version": event.version,
        }

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["starts_at"] = combine(data.pop("start_date"), data.pop("start_time"))
        data["ends_at"] = combine(data.pop("end_date"), data.pop("end_time"))
        closes_date, closes_time = data.pop("closes_date", None), data.pop("closes_time", None)
        data["registration_closes_at"] = (
            combine(closes_date, closes_time or datetime.time(23, 59)) if closes_date else None
        )
        if data["ends_at"] < data["starts_at"]:
            raise ValidationError({"end_date": _("پایان رویداد پیش از آغاز آن است.")})
        return data


class SessionForm(forms.Form):
    title = forms.CharField(label=_("عنوان"), max_length=250)
    day = JalaliDateField(label=_("تاریخ"))
    start_time = PersianTimeField(label=_("ساعت آغاز"))
    end_time = PersianTimeField(label=_("ساعت پایان"))
    place = forms.CharField(label=_("سالن"), max_length=150, required=False)
    speakers = forms.ModelMultipleChoiceField(
        label=_("سخنرانان"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speakers"].queryset = Person.objects.filter(
            province_id=event.province_id
        ).order_by("last_name", "first_name")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        day = data.pop("day")
        data["starts_at"] = combine(day, data.pop("start_time"))
        data["ends_at"] = combine(day, data.pop("end_time"))
        return data


class HallForm(forms.Form):
    name = forms.CharField(label=_("نام سالن"), max_length=100)
    capacity = PersianIntegerField(label=_("ظرفیت (تعداد غرفه)"), min_value=1)


class BoothForm(forms.Form):
    hall = forms.ModelChoiceField(label=_("سالن"), queryset=None)
    number = forms.CharField(label=_("شماره غرفه"), max_length=16)
    size_m2 = PersianIntegerField(label=_("متراژ (متر مربع)"), min_value=1, initial=9)

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = event.halls.all()


class ImageForm(forms.Form):
    file = forms.FileField(label=_("تصویر"))
    caption = forms.CharField(label=_("توضیح"), max_length=200, required=False)


class ApplyForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("سازمان"), queryset=Organization.objects.none())
    exhibits = forms.CharField(
        label=_("آنچه نمایش می‌دهید"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("محصول استارتاپ، خدمت شرکت یا طرح"),
    )
    eservices = forms.ModelMultipleChoiceField(
        label=_("خدمات الکترونیکی دستگاه"),
        queryset=EService.objects.none(),
        required=False,
        help_text=_("دستگاه‌ها خدماتی را که در غرفه نشان می‌دهند از فهرست خدمات برمی‌گزینند."),
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["eservices"].queryset = EService.objects.filter(
            agency__in=organizations
        ).order_by("name")


class AcceptForm(forms.Form):
    booth = forms.ModelChoiceField(label=_("غرفه"), queryset=None)
    note = forms.CharField(label=_("یادداشت"), required=False, max_length=500)

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["booth"].queryset = Booth.objects.filter(
            hall__event=event, exhibitor__isnull=True
        ).select_related("hall")


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("دلیل رد"), widget=forms.Textarea(attrs={"rows": 2}))


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("نام و نام خانوادگی"), max_length=150)
    mobile = MobileField(label=_("موبایل"))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("کد بلیت"), max_length=32)


class OutcomesForm(forms.Form):
    meetings_arranged = PersianIntegerField(label=_("جلسات برگزارشده (B2B)"), min_value=0)
    agreements = forms.ModelMultipleChoiceField(
        label=_("تفاهم‌نامه‌های امضاشده"), queryset=Agreement.objects.none(), required=False
    )
    outcome_notes = forms.CharField(
        label=_("گزارش دستاوردها"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreements"].queryset = Agreement.objects.filter(
            state="signed", province_id=event.province_id
        ).order_by("-signed_on")


class AwardForm(forms.Form):
    title = forms.CharField(label=_("عنوان جایزه"), max_length=200)
    organization = forms.ModelChoiceField(
        label=_("سازمان برنده"), queryset=Organization.objects.none(), required=False
    )
    person = forms.ModelChoiceField(
        label=_("فرد برنده"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_of({event.province_id})
        self.fields["person"].queryset = Person.objects.filter(
            province_id=event.province_id
        ).order_by("last_name", "first_name")
