import pytest
from django.core.exceptions import ValidationError

from khooshe.persian.validators import (
    card_check_digit,
    legal_id_check_digit,
    national_code_check_digit,
    normalize_card_number,
    normalize_legal_id,
    normalize_mobile,
    normalize_national_code,
    normalize_postal_code,
    normalize_sheba,
    sheba_check_digits,
    validate_card_number,
    validate_legal_id,
    validate_mobile,
    validate_national_code,
    validate_postal_code,
    validate_sheba,
)


def error_code(function, value):
    with pytest.raises(ValidationError) as exc_info:
        function(value)
    return exc_info.value.code


def change_one_digit(value, position):
    digit = value[position]
    return value[:position] + str((int(digit) + 1) % 10) + value[position + 1 :]


# --- National code ---


@pytest.mark.parametrize("code", ["0076229645", "1583250689", "0499370899"])
def test_valid_national_codes(code):
    assert normalize_national_code(code) == code
    assert validate_national_code(code) is None


@pytest.mark.parametrize(
    "typed",
    ["۰۰۷۶۲۲۹۶۴۵", "٠٠٧٦٢٢٩٦٤٥", "007-622964-5", " 007 622 9645 ", "\u200e0076229645\u200f"],
)
def test_national_code_normalizes_digits_spaces_and_dashes(typed):
    assert normalize_national_code(typed) == "0076229645"


def test_national_code_check_digit_generates_valid_codes():
    for first9 in ["007622964", "123456789", "987654321", "000000001"]:
        code = first9 + national_code_check_digit(first9)
        assert normalize_national_code(code) == code
    with pytest.raises(ValueError, match="9 ASCII digits"):
        national_code_check_digit("12345")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0076229646", "national_code_checksum"),
        ("1583250688", "national_code_checksum"),
        ("1111111111", "national_code_repeated"),
        ("0000000000", "national_code_repeated"),
        ("۵۵۵۵۵۵۵۵۵۵", "national_code_repeated"),
        ("76229645", "national_code_length"),
        ("076229645", "national_code_length"),
        ("00762296450", "national_code_length"),
        ("", "national_code_length"),
        (None, "national_code_length"),
        ("00762296a5", "national_code_not_digits"),
    ],
)
def test_invalid_national_codes(value, code):
    assert error_code(normalize_national_code, value) == code


def test_national_code_messages_are_specific():
    with pytest.raises(ValidationError) as exc_info:
        validate_national_code("0076229646")
    assert exc_info.value.messages == ["کد ملی معتبر نیست (رقم کنترل نادرست است)."]
    with pytest.raises(ValidationError) as exc_info:
        validate_national_code("123")
    assert exc_info.value.messages == ["کد ملی باید ۱۰ رقم باشد."]


# --- Legal ID ---

VALID_LEGAL_IDS = ["10380284790", "10100000006", "14005678918"]


def test_legal_id_check_digit_matches_a_published_id():
    assert legal_id_check_digit("1038028479") == "0"


@pytest.mark.parametrize("legal_id", VALID_LEGAL_IDS)
def test_valid_legal_ids(legal_id):
    assert normalize_legal_id(legal_id) == legal_id
    assert normalize_legal_id(legal_id[:5] + " " + legal_id[5:]) == legal_id
    assert validate_legal_id(legal_id) is None


@pytest.mark.parametrize("legal_id", VALID_LEGAL_IDS)
# Not position 9: that digit also shifts every term, and the official rule reads a
# remainder of 10 as 0, so some changes there keep the check digit (10380284700 is valid too).
@pytest.mark.parametrize("position", [0, 4, 8, 10])
def test_legal_id_with_one_changed_digit_fails(legal_id, position):
    assert (
        error_code(normalize_legal_id, change_one_digit(legal_id, position)) == "legal_id_checksum"
    )


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("11111111111", "legal_id_repeated"),
        ("1038028479", "legal_id_length"),
        ("103802847901", "legal_id_length"),
        ("1038028479x", "legal_id_not_digits"),
    ],
)
def test_invalid_legal_ids(value, code):
    assert error_code(normalize_legal_id, value) == code


# --- Postal code ---


@pytest.mark.parametrize("typed", ["1193653471", "۱۱۹۳۶-۵۳۴۷۱", "11936 53471"])
def test_valid_postal_codes(typed):
    assert normalize_postal_code(typed) == "1193653471"
    assert validate_postal_code(typed) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0193653471", "postal_code_invalid"),
        ("2193653471", "postal_code_invalid"),
        ("1193053471", "postal_code_invalid"),
        ("1193253471", "postal_code_invalid"),
        ("1111111111", "postal_code_repeated"),
        ("119365347", "postal_code_length"),
        ("11936-5347a", "postal_code_not_digits"),
    ],
)
def test_invalid_postal_codes(value, code):
    assert error_code(normalize_postal_code, value) == code


def test_postal_code_allows_0_and_2_after_the_fifth_digit():
    assert normalize_postal_code("1193602020") == "1193602020"


# --- Mobile ---


@pytest.mark.parametrize(
    "typed",
    [
        "09123456789",
        "+98 912 345 6789",
        "+989123456789",
        "۰۹۱۲-۳۴۵-۶۷۸۹",
        "٠٩١٢٣٤٥٦٧٨٩",
        "00989123456789",
        "989123456789",
        "9123456789",
        "(0912) 345-6789",
        "+98 (0912) 345 6789",
        "\u200e+98 912 345 6789",
    ],
)
def test_mobile_forms_normalize(typed):
    assert normalize_mobile(typed) == "09123456789"
    assert validate_mobile(typed) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("08123456789", "mobile_invalid"),
        ("0912345678", "mobile_invalid"),
        ("091234567890", "mobile_invalid"),
        ("+1 912 345 6789", "mobile_invalid"),
        ("", "mobile_invalid"),
        ("0912345678a", "mobile_not_digits"),
        ("0912+3456789", "mobile_not_digits"),
    ],
)
def test_invalid_mobiles(value, code):
    assert error_code(normalize_mobile, value) == code


# --- Sheba ---

# The Iranian example of the SWIFT IBAN registry, and two computed once with MOD 97-10.
VALID_SHEBAS = [
    "IR062960000000100324200001",
    "IR820540102680020817909002",
    "IR680120020000009876543210",
]


@pytest.mark.parametrize("sheba", VALID_SHEBAS)
def test_valid_shebas(sheba):
    assert normalize_sheba(sheba) == sheba
    assert validate_sheba(sheba) is None
    assert sheba_check_digits(sheba[4:]) == sheba[2:4]


@pytest.mark.parametrize("sheba", VALID_SHEBAS)
@pytest.mark.parametrize("position", [2, 3, 4, 10, 25])
def test_sheba_with_one_changed_digit_fails(sheba, position):
    assert error_code(normalize_sheba, change_one_digit(sheba, position)) == "sheba_checksum"


@pytest.mark.parametrize(
    "typed",
    [
        "ir06 2960 0000 0010 0324 2000 01",
        "IR۰۶۲۹۶۰۰۰۰۰۰۰۱۰۰۳۲۴۲۰۰۰۰۱",
        "IR06-2960-0000-0010-0324-2000-01",
        "062960000000100324200001",
    ],
)
def test_sheba_normalizes(typed):
    assert normalize_sheba(typed) == "IR062960000000100324200001"


@pytest.mark.parametrize(
    "value",
    ["IR06296000000010032420000", "DE062960000000100324200001", "IR06296000000010032420000X", ""],
)
def test_sheba_format_errors(value):
    assert error_code(normalize_sheba, value) == "sheba_format"


# --- Card number ---

VALID_CARDS = ["4111111111111111", "6037990000000006", "6219861000000009"]


@pytest.mark.parametrize("card", VALID_CARDS)
def test_valid_card_numbers(card):
    assert normalize_card_number(card) == card
    assert validate_card_number(card) is None
    assert card_check_digit(card[:15]) == card[15]


@pytest.mark.parametrize("card", VALID_CARDS)
@pytest.mark.parametrize("position", [0, 7, 14, 15])
def test_card_with_one_changed_digit_fails(card, position):
    assert (
        error_code(normalize_card_number, change_one_digit(card, position))
        == "card_number_checksum"
    )


def test_card_number_normalizes_digits_spaces_and_dashes():
    assert normalize_card_number("۴۱۱۱ ۱۱۱۱ ۱۱۱۱ ۱۱۱۱") == "4111111111111111"
    assert normalize_card_number("4111-1111-1111-1111") == "4111111111111111"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0000000000000000", "card_number_repeated"),
        ("411111111111111", "card_number_length"),
        ("4111 1111 1111 111x", "card_number_not_digits"),
    ],
)
def test_invalid_card_numbers(value, code):
    assert error_code(normalize_card_number, value) == code
