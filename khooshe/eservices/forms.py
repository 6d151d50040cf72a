"""Input shape only; the rules live in the services. Numbers are text inputs that take any
digit script (``RialField``, ``PersianIntegerField``); dates are Jalali."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from khooshe.eservices.models import Audience, ChannelKind, EService, Maturity
from khooshe.persian.forms import JalaliDateField, PersianCharField, PersianIntegerField, RialField

CHANNEL_HELP = {
    ChannelKind.WEB: _("نشانی وب، مانند https://example.ir"),
    ChannelKind.MOBILE_APP: _("نام یا پیوند اپلیکیشن"),
    ChannelKind.SERVICE_COUNTER: _("مثلاً «همه دفاتر پیشخوان استان»"),
    ChannelKind.CALL_CENTER: _("شماره کوتاه، مانند ۱۱۱"),
    ChannelKind.USSD: _("کد دستوری، مانند ‎*۱۲۳#‎"),
    ChannelKind.IN_PERSON: _("نشانی دفتر"),
}


def channel_field_name(kind: str) -> str:
    return f"channel_{kind}"


class EServiceForm(forms.Form):
    name = PersianCharField(label=_("نام خدمت"), max_length=200)
    description = PersianCharField(
        label=_("شرح کوتاه"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    audience = forms.ChoiceField(label=_("مخاطب"), choices=Audience.choices)
    maturity = forms.ChoiceField(
        label=_("سطح بلوغ"),
        choices=Maturity.choices,
        help_text=_(
            "اطلاع‌رسانی: شرح خدمت برخط است؛ تعاملی: فرم‌ها برخط، مراجعه حضوری؛ "
            "تراکنشی: همه کار و پرداخت برخط؛ یکپارچه: تراکنشی و بی‌نیاز از مدارکی که "
            "دستگاه‌های دیگر دارند."
        ),
    )
    in_national_catalogue = forms.BooleanField(
        label=_("در فهرست ملی خدمات دولت هوشمند"), required=False
    )
    fee = RialField(label=_("هزینه (ریال)"), required=False, help_text=_("رایگان: خالی یا ۰"))
    delivery_hours = PersianIntegerField(
        label=_("میانگین زمان ارائه (ساعت)"),
        required=False,
        help_text=_("۰ یعنی بی‌درنگ"),
    )
    launched_on = JalaliDateField(label=_("تاریخ راه‌اندازی"), required=False)
    status = forms.ChoiceField(
        label=_("وضعیت"),
        choices=[
            (EService.Status.LIVE, EService.Status.LIVE.label),
            (EService.Status.PLANNED, EService.Status.PLANNED.label),
        ],
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in ChannelKind.choices:
            self.fields[channel_field_name(kind)] = PersianCharField(
                label=_("درگاه: %(channel)s") % {"channel": label},
                required=False,
                max_length=300,
                help_text=CHANNEL_HELP.get(kind, ""),
            )
        if editing:
            del self.fields["status"]
            del self.fields["idempotency_key"]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            key: data.get(key)
            for key in (
                "name",
                "description",
                "audience",
                "maturity",
                "in_national_catalogue",
                "fee",
                "delivery_hours",
                "launched_on",
            )
        }
        kwargs["fee"] = kwargs["fee"] or 0
        kwargs["channels"] = {
            kind: data.get(channel_field_name(kind)) or "" for kind in ChannelKind.values
        }
        return kwargs

    @classmethod
    def initial_for(cls, eservice: EService) -> dict:
        initial = {
            "name": eservice.name,
            "description": eservice.description,
            "audience": eservice.audience,
            "maturity": eservice.maturity,
            "in_national_catalogue": eservice.in_national_catalogue,
            "fee": eservice.fee,
            "delivery_hours": eservice.delivery_hours,
            "launched_on": eservice.launched_on,
            "version": eservice.version,
        }
        for channel in eservice.channels.all():
            initial[channel_field_name(channel.kind)] = channel.address
        return initial


class TransactionsForm(forms.Form):
    jalali_year = PersianIntegerField(label=_("سال (خورشیدی)"))
    count = PersianIntegerField(label=_("تعداد تراکنش"))
    source = PersianCharField(label=_("منبع آمار"), max_length=200)


class ReviewForm(forms.Form):
    note = PersianCharField(
        label=_("یادداشت بررسی"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class TransitionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("launch", "launch"), ("retire", "retire"), ("reinstate", "reinstate")]
    )
    note = PersianCharField(label=_("توضیح"), required=False, max_length=200)
