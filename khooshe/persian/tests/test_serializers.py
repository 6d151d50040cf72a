import datetime

import pytest
from rest_framework import serializers

from khooshe.persian.serializers import (
    CardNumberField,
    JalaliDateField,
    JalaliDateWithIsoField,
    LegalIdField,
    MobileField,
    NationalCodeField,
    PostalCodeField,
    ShebaField,
    jalali_pair,
)

TIR_2 = datetime.date(2024, 6, 22)


class ContactSerializer(serializers.Serializer):
    born = JalaliDateField()
    born_both = JalaliDateWithIsoField(source="born")
    mobile = MobileField()
    national_code = NationalCodeField(required=False)
    legal_id = LegalIdField(required=False)
    postal_code = PostalCodeField(required=False)
    sheba = ShebaField(required=False)
    card = CardNumberField(required=False, allow_blank=True)


def test_jalali_pair():
    assert jalali_pair(TIR_2) == {"jalali": "1403/04/02", "iso": "2024-06-22"}
    late_utc = datetime.datetime(2024, 6, 21, 21, 0, tzinfo=datetime.UTC)
    assert jalali_pair(late_utc) == {"jalali": "1403/04/02", "iso": "2024-06-22"}


@pytest.mark.parametrize("born", ["1403/04/02", "۱۴۰۳/۰۴/۰۲", "2024-06-22"])
def test_input_is_normalized(born):
    serializer = ContactSerializer(
        data={
            "born": born,
            "born_both": "ignored",
            "mobile": "+98 912 345 6789",
            "national_code": "۰۰۷۶۲۲۹۶۴۵",
            "legal_id": "10380284790",
            "postal_code": "11936-53471",
            "sheba": "ir062960000000100324200001",
            "card": "",
        }
    )
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {
        "born": TIR_2,
        "mobile": "09123456789",
        "national_code": "0076229645",
        "legal_id": "10380284790",
        "postal_code": "1193653471",
        "sheba": "IR062960000000100324200001",
        "card": "",
    }


def test_output_is_jalali_with_latin_digits():
    data = ContactSerializer({"born": TIR_2, "mobile": "09123456789"}).data
    assert data["born"] == "1403/04/02"
    assert data["born_both"] == {"jalali": "1403/04/02", "iso": "2024-06-22"}


def test_errors_keep_messages_and_codes():
    serializer = ContactSerializer(
        data={"born": "1403/07/31", "mobile": "0812", "national_code": "0076229646"}
    )
    assert not serializer.is_valid()
    assert serializer.errors["born"] == ["تاریخ ۱۴۰۳/۰۷/۳۱ وجود ندارد؛ مهر ۳۰ روز دارد."]
    assert serializer.errors["born"][0].code == "invalid_jalali_date"
    assert serializer.errors["mobile"][0].code == "mobile_invalid"
    assert serializer.errors["national_code"][0].code == "national_code_checksum"


def test_non_string_date_is_invalid():
    serializer = ContactSerializer(data={"born": 14030402, "mobile": "09123456789"})
    assert not serializer.is_valid()
    assert serializer.errors["born"] == ["تاریخ را به شکل ۱۴۰۳/۰۴/۰۲ بنویسید."]
