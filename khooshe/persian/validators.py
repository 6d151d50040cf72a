"""Iranian identifiers: national code, legal ID, postal code, mobile, Sheba, card number.

Every identifier has a ``normalize_*`` function returning its canonical form (ASCII digits,
no spaces or dashes) and a ``validate_*`` function for Django's ``validators=[...]`` (it
normalizes and throws the result away). Input may be typed in Persian, Arabic-Indic or Latin
digits, with spaces and dashes, and may carry the invisible bidi marks phones paste in.
Errors are ``django.core.exceptions.ValidationError`` with a Persian msgid (English is the
translation) and a ``code`` per failure, so an API client can tell a wrong length from a
wrong check digit.

The check-digit rules:

* national code (کد ملی), 10 digits: ``s = Σ d[i]·(10−i)`` for i = 0..8, ``r = s mod 11``;
  the check digit d[9] is ``r`` when ``r < 2``, else ``11 − r``. Ten equal digits pass that
  arithmetic but were never issued, so they are refused. Shorter input is refused too, not
  left-padded with zeros: a missing leading zero is a typo we want the person to see.
* legal ID (شناسه ملی اشخاص حقوقی), 11 digits: ``t = d[9] + 2``;
  ``s = Σ (d[i] + t)·c[i]`` for i = 0..9 with c = 29, 27, 23, 19, 17, 29, 27, 23, 19, 17;
  ``r = s mod 11`` with 10 read as 0 must equal d[10]. Eleven equal digits are refused.
* postal code (کد پستی), 10 digits: the rule published with the ten-digit codes and repeated
  by every validator is that the five-digit area part (the first five digits) never uses
  0 or 2 (they were left out to avoid confusing handwritten digits); ten equal digits are
  refused. Some libraries copy a stricter regex (fifth digit never 5, no 2 in the last five);
  we do not, because no official source for it was found and refusing a real address is
  worse than accepting a typo.
* mobile: the canonical form is ``09`` + 9 digits; ``+98``, ``0098`` and ``98`` prefixes and a
  missing leading zero are accepted.
* Sheba (IBAN), ``IR`` + 24 digits: ISO 7064 MOD 97-10 — move ``IR`` and the two check digits
  to the end, read I=18 and R=27, and the number mod 97 must be 1. A bare 24-digit number is
  taken as missing its ``IR`` (forms often show ``IR`` outside the box).
* bank card, 16 digits: the Luhn check; sixteen equal digits are refused.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khooshe.persian.text import to_latin_digits

__all__ = [
    "card_check_digit",
    "legal_id_check_digit",
    "national_code_check_digit",
    "normalize_card_number",
    "normalize_legal_id",
    "normalize_mobile",
    "normalize_national_code",
    "normalize_postal_code",
    "normalize_sheba",
    "sheba_check_digits",
    "validate_card_number",
    "validate_legal_id",
    "validate_mobile",
    "validate_national_code",
    "validate_postal_code",
    "validate_sheba",
]

# Spaces, dashes of every kind, and invisible marks (ZWNJ, LRM/RLM/ALM, bidi embeddings and
# isolates, BOM) may appear anywhere in a typed identifier and mean nothing.
_SEPARATORS = re.compile(
    "[\\s\\-\u2010-\u2015\u2212\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]"
)
_MOBILE_SEPARATORS = re.compile(f"{_SEPARATORS.pattern}|[().]")
_ASCII_DIGITS = re.compile("[0-9]+")


def _compact(value: object, separators: re.Pattern[str] = _SEPARATORS) -> str:
    return separators.sub("", to_latin_digits("" if value is None else str(value)))


def _digits(
    value: object,
    *,
    length: int,
    wrong_length: tuple[str, str],
    not_digits: tuple[str, str],
    repeated: tuple[str, str],
) -> str:
    """``value`` as ``length`` ASCII digits, not all the same, or ValidationError."""
    text = _compact(value)
    if text and not _ASCII_DIGITS.fullmatch(text):
        raise ValidationError(not_digits[0], code=not_digits[1])
    if len(text) != length:
        raise ValidationError(wrong_length[0], code=wrong_length[1])
    if len(set(text)) == 1:
        raise ValidationError(repeated[0], code=repeated[1])
    return text


def _require_digits(value: str, length: int) -> list[int]:
    if len(value) != length or not _ASCII_DIGITS.fullmatch(value):
        raise ValueError(f"Expected {length} ASCII digits, got {value!r}.")
    return [int(char) for char in value]


# --- National code ---------------------------------------------------------------------------


def national_code_check_digit(first9: str) -> str:
    """The tenth digit that makes ``first9`` a valid national code."""
    digits = _require_digits(first9, 9)
    remainder = sum(digit * (10 - index) for index, digit in enumerate(digits)) % 11
    return str(remainder if remainder < 2 else 11 - remainder)


def normalize_national_code(value: str) -> str:
    code = _digits(
        value,
        length=10,
        wrong_length=(_("کد ملی باید ۱۰ رقم باشد."), "national_code_length"),
        not_digits=(_("کد ملی فقط از رقم تشکیل می‌شود."), "national_code_not_digits"),
        repeated=(_("کد ملی نمی‌تواند ده رقم یکسان باشد."), "national_code_repeated"),
    )
    if national_code_check_digit(code[:9]) != code[9]:
        raise ValidationError(
            _("کد ملی معتبر نیست (رقم کنترل نادرست است)."), code="national_code_checksum"
        )
    return code


# --- Legal ID ---------------------------------------------------------------------------------

_LEGAL_ID_COEFFICIENTS = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)


def legal_id_check_digit(first10: str) -> str:
    """The eleventh digit that makes ``first10`` a valid legal ID (شناسه ملی)."""
    digits = _require_digits(first10, 10)
    shift = digits[9] + 2
    total = sum(
        (digit + shift) * coefficient
        for digit, coefficient in zip(digits, _LEGAL_ID_COEFFICIENTS, strict=True)
    )
    return str(total % 11 % 10)  # a remainder of 10 counts as 0


def normalize_legal_id(value: str) -> str:
    legal_id = _digits(
        value,
        length=11,
        wrong_length=(_("شناسه ملی باید ۱۱ رقم باشد."), "legal_id_length"),
        not_digits=(_("شناسه ملی فقط از رقم تشکیل می‌شود."), "legal_id_not_digits"),
        repeated=(_("شناسه ملی نمی‌تواند یازده رقم یکسان باشد."), "legal_id_repeated"),
    )
    if legal_id_check_digit(legal_id[:10]) != legal_id[10]:
        raise ValidationError(
            _("شناسه ملی معتبر نیست (رقم کنترل نادرست است)."), code="legal_id_checksum"
        )
    return legal_id


# --- Postal code ------------------------------------------------------------------------------


def normalize_postal_code(value: str) -> str:
    postal_code = _digits(
        value,
        length=10,
        wrong_length=(_("کد پستی باید ۱۰ رقم باشد."), "postal_code_length"),
        not_digits=(_("کد پستی فقط از رقم تشکیل می‌شود."), "postal_code_not_digits"),
        repeated=(_("کد پستی نمی‌تواند ده رقم یکسان باشد."), "postal_code_repeated"),
    )
    if set(postal_code[:5]) & {"0", "2"}:
        raise ValidationError(
            _("کد پستی معتبر نیست: در پنج رقم اول کد پستی رقم‌های ۰ و ۲ به کار نمی‌روند."),
            code="postal_code_invalid",
        )
    return postal_code


# --- Mobile -----------------------------------------------------------------------------------

_MOBILE = re.compile("9[0-9]{9}")


def normalize_mobile(value: str) -> str:
    """``+98 912 345 6789``, ``۰۹۱۲-۳۴۵-۶۷۸۹``, ``00989123456789``, ``9123456789`` → ``09123456789``."""
    text = _compact(value, _MOBILE_SEPARATORS)
    if text.startswith("+"):
        text = "00" + text[1:]
    if text and not _ASCII_DIGITS.fullmatch(text):
        raise ValidationError(
            _("شماره موبایل فقط از رقم تشکیل می‌شود (و + در ابتدای آن)."),
            code="mobile_not_digits",
        )
    if text.startswith("0098"):
        text = text[4:]
    elif text.startswith("98") and len(text) == 12:
        text = text[2:]
    text = text.removeprefix("0")
    if not _MOBILE.fullmatch(text):
        raise ValidationError(
            _("شماره موبایل باید ۱۱ رقم باشد و با ۰۹ شروع شود؛ مثلاً ۰۹۱۲۳۴۵۶۷۸۹."),
            code="mobile_invalid",
        )
    return "0" + text


# --- Sheba ------------------------------------------------------------------------------------

_SHEBA = re.compile("IR([0-9]{24})")
# I = 18, R = 27 in ISO 7064's letter numbering (A = 10).
_IR = "1827"


def sheba_check_digits(bban: str) -> str:
    """The two check digits of ``IR`` + check digits + the 22-digit ``bban``."""
    _require_digits(bban, 22)
    return f"{98 - int(bban + _IR + '00') % 97:02d}"


def normalize_sheba(value: str) -> str:
    """``IR06 2960 0000 0010 0324 2000 01`` (any digits, any case) → ``IR062960000000100324200001``."""
    text = _compact(value).upper()
    if _ASCII_DIGITS.fullmatch(text) and len(text) == 24:
        text = "IR" + text
    match = _SHEBA.fullmatch(text)
    if match is None:
        raise ValidationError(
            _("شماره شبا باید با IR شروع شود و پس از آن ۲۴ رقم بیاید."), code="sheba_format"
        )
    digits = match.group(1)
    if int(digits[2:] + _IR + digits[:2]) % 97 != 1:
        raise ValidationError(
            _("شماره شبا معتبر نیست (رقم‌های کنترل آن نادرست است)."), code="sheba_checksum"
        )
    return text


# --- Bank card --------------------------------------------------------------------------------


def card_check_digit(first15: str) -> str:
    """The sixteenth (Luhn) digit that makes ``first15`` a valid card number."""
    digits = _require_digits(first15, 15)
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 0:  # every second digit from the right, the check digit excluded
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str(-total % 10)


def normalize_card_number(value: str) -> str:
    card = _digits(
        value,
        length=16,
        wrong_length=(_("شماره کارت باید ۱۶ رقم باشد."), "card_number_length"),
        not_digits=(_("شماره کارت فقط از رقم تشکیل می‌شود."), "card_number_not_digits"),
        repeated=(_("شماره کارت نمی‌تواند شانزده رقم یکسان باشد."), "card_number_repeated"),
    )
    if card_check_digit(card[:15]) != card[15]:
        raise ValidationError(
            _("شماره کارت معتبر نیست (رقم کنترل نادرست است)."), code="card_number_checksum"
        )
    return card


# --- Django validators ------------------------------------------------------------------------


def validate_national_code(value: str) -> None:
    """Django validator: raises what :func:`normalize_national_code` raises."""
    normalize_national_code(value)


def validate_legal_id(value: str) -> None:
    """Django validator: raises what :func:`normalize_legal_id` raises."""
    normalize_legal_id(value)


def validate_postal_code(value: str) -> None:
    """Django validator: raises what :func:`normalize_postal_code` raises."""
    normalize_postal_code(value)


def validate_mobile(value: str) -> None:
    """Django validator: raises what :func:`normalize_mobile` raises."""
    normalize_mobile(value)


def validate_sheba(value: str) -> None:
    """Django validator: raises what :func:`normalize_sheba` raises."""
    normalize_sheba(value)


def validate_card_number(value: str) -> None:
    """Django validator: raises what :func:`normalize_card_number` raises."""
    normalize_card_number(value)
