from django import forms
from django.utils.translation import gettext_lazy as _

from khooshe.persian.forms import JalaliDateField


class DateConverterForm(forms.Form):
    date = JalaliDateField(
        label=_("تاریخ شمسی"),
        help_text=_("به هر شکلی بنویسید: ۱۴۰۳/۰۴/۰۲، 1403-4-2 یا ١٤٠٣/٠٤/٠٢"),
    )
