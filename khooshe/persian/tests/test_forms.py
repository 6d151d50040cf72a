import datetime

import pytest
from django import forms
from django.utils import translation

from khooshe.persian.forms import (
    CardNumberField,
    JalaliDateField,
    JalaliDateInput,
    LegalIdField,
    MobileField,
    NationalCodeField,
    PersianCharField,
    PostalCodeField,
    RialField,
    ShebaField,
)

TIR_2 = datetime.date(2024, 6, 22)


class ProfileForm(forms.Form):
    name = PersianCharField()
    born = JalaliDateField(required=False)
    mobile = MobileField()
    national_code = NationalCodeField(required=False)
    legal_id = LegalIdField(required=False)
    postal_code = PostalCodeField(required=False)
    sheba = ShebaField(required=False)
    card = CardNumberField(required=False)
    budget = RialField(required=False, min_value=0)


def test_form_cleans_everything_to_canonical_values():
    form = ProfileForm(
        data={
            "name": "  علي  كريمي\u200f ",
            "born": "۱۴۰۳/۰۴/۰۲",
            "mobile": "+98 912 345 6789",
            "national_code": "۰۰۷۶۲۲۹۶۴۵",
            "legal_id": "10380 284790",
            "postal_code": "۱۱۹۳۶-۵۳۴۷۱",
            "sheba": "ir06 2960 0000 0010 0324 2000 01",
            "card": "۴۱۱۱-۱۱۱۱-۱۱۱۱-۱۱۱۱",
            "budget": "۱۲٬۵۰۰٬۰۰۰",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "name": "علی کریمی",
        "born": TIR_2,
        "mobile": "09123456789",
        "national_code": "0076229645",
        "legal_id": "10380284790",
        "postal_code": "1193653471",
        "sheba": "IR062960000000100324200001",
        "card": "4111111111111111",
        "budget": 12_500_000,
    }


def test_form_errors_are_specific_and_persian():
    form = ProfileForm(
        data={
            "name": "x",
            "born": "1404/12/30",
            "mobile": "0812",
            "national_code": "1111111111",
            "budget": "12,5",
        }
    )
    assert not form.is_valid()
    assert form.errors["born"] == [
        "تاریخ ۱۴۰۴/۱۲/۳۰ وجود ندارد؛ سال ۱۴۰۴ کبیسه نیست و اسفند آن ۲۹ روز دارد."
    ]
    assert form.errors["mobile"] == [
        "شماره موبایل باید ۱۱ رقم باشد و با ۰۹ شروع شود؛ مثلاً ۰۹۱۲۳۴۵۶۷۸۹."
    ]
    assert form.errors["national_code"] == ["کد ملی نمی‌تواند ده رقم یکسان باشد."]
    assert form.errors.as_data()["budget"][0].code == "invalid_amount_grouping"


def test_form_errors_in_english():
    with translation.override("en"):
        form = ProfileForm(data={"name": "x", "mobile": "0812"})
        assert not form.is_valid()
        assert form.errors["mobile"] == [
            "The mobile number must have 11 digits and start with 09, for example 09123456789."
        ]


def test_empty_optional_fields_stay_empty():
    form = ProfileForm(data={"name": "x", "mobile": "09123456789", "born": "", "budget": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["born"] is None
    assert form.cleaned_data["budget"] is None
    assert form.cleaned_data["national_code"] == ""


def test_rial_field_min_value():
    form = ProfileForm(data={"name": "x", "mobile": "09123456789", "budget": "-5"})
    assert not form.is_valid()
    assert form.errors.as_data()["budget"][0].code == "negative_amount"


def test_jalali_date_field_accepts_dates_and_iso():
    field = JalaliDateField()
    assert field.clean("2024-06-22") == TIR_2
    assert field.clean(TIR_2) == TIR_2
    assert field.clean(datetime.datetime(2024, 6, 22, 10, 0)) == TIR_2


def test_jalali_date_input_renders_jalali_with_picker_attributes():
    html = JalaliDateInput().render("born", TIR_2)
    assert 'value="۱۴۰۳/۰۴/۰۲"' in html
    assert "data-jdp" in html
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="off"' in html
    assert 'placeholder="۱۴۰۳/۰۴/۰۲"' in html


def test_initial_date_is_shown_in_jalali_per_language():
    form = ProfileForm(initial={"born": TIR_2, "budget": 12_500_000})
    assert 'value="۱۴۰۳/۰۴/۰۲"' in str(form["born"])
    assert 'value="۱۲٬۵۰۰٬۰۰۰"' in str(form["budget"])
    with translation.override("en"):
        assert 'value="1403/04/02"' in str(form["born"])
        assert 'value="12,500,000"' in str(form["budget"])


def test_bound_invalid_input_is_shown_as_typed():
    form = ProfileForm(data={"born": "1403/07/31"})
    assert 'value="1403/07/31"' in str(form["born"])


def test_identifier_widgets_are_ltr_text_boxes():
    html = str(ProfileForm()["mobile"])
    assert 'dir="ltr"' in html
    assert 'inputmode="tel"' in html
    assert 'type="text"' in str(ProfileForm()["budget"])


def test_unchanged_initial_date_is_not_a_change():
    form = ProfileForm(
        initial={"born": TIR_2}, data={"name": "x", "mobile": "09123456789", "born": "۱۴۰۳/۰۴/۰۲"}
    )
    assert "born" not in form.changed_data


@pytest.mark.parametrize("field_class", [MobileField, NationalCodeField, ShebaField])
def test_identifier_fields_do_not_limit_raw_length(field_class):
    # Typed values carry spaces and dashes; a browser maxlength would cut them off.
    assert "maxlength" not in field_class().widget_attrs(forms.TextInput())
