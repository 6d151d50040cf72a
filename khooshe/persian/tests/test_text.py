import pytest

from khooshe.persian.text import (
    clean_text,
    fold,
    search_key,
    search_words,
    to_latin_digits,
    to_persian_digits,
)


@pytest.mark.parametrize("text", ["کسب‌وکار", "کسب و کار", "كسبوكار", "کسب  وَ  کار", "کسب‌‌و‌کار"])
def test_spaces_and_zwnj_inside_words_do_not_change_the_key(text):
    assert search_key(text) == "کسبوکار"


def test_phrase_query_is_a_substring_of_the_record_key():
    assert search_key("کسب و کار") in search_key("مرکز نوآوری کسب‌وکار شیراز")


def test_search_words_split_on_spaces_but_zwnj_joins():
    assert search_words("کسب و کار") == ["کسب", "و", "کار"]
    assert search_words("کسب‌وکار") == ["کسبوکار"]
    assert search_words("  شرکت (سهامی خاص)، تهران  ") == ["شرکت", "سهامی", "خاص", "تهران"]


@pytest.mark.parametrize("text", ["۱۴۰۳", "١٤٠٣", "1403", "۱٤0۳"])
def test_digits_of_every_script_give_one_key(text):
    assert search_key(text) == "1403"


@pytest.mark.parametrize(
    ("variant", "standard"),
    [
        ("علي", "علی"),
        ("موسى", "موسی"),
        ("پائیز", "پاییز"),
        ("بانك", "بانک"),
        ("مدرسة", "مدرسه"),
        ("خانۀ", "خانه"),
        ("خانهٔ", "خانه"),
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آب", "اب"),
        ("مؤسسه", "موسسه"),
        ("اجزاء", "اجزا"),
        ("ﻻﻟﻪ", "لاله"),  # presentation forms
    ],
)
def test_arabic_letters_and_hamza_forms_fold(variant, standard):
    assert search_key(variant) == search_key(standard)


def test_diacritics_superscript_alef_and_kashida_are_removed():
    assert search_key("مُحَمَّد") == "محمد"
    assert search_key("رحمٰن") == "رحمن"
    assert search_key("کـــتاب") == "کتاب"


def test_bidi_and_invisible_controls_are_removed():
    controls = (
        "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200d\u00ad\ufeff\u061c"
    )
    assert search_key(f"{controls}ت{controls}هران{controls}") == "تهران"


def test_latin_is_casefolded_and_punctuation_separates_words():
    assert search_words("Hello-World, ICT.Co") == ["hello", "world", "ict", "co"]
    assert search_key("Khooshe") == search_key("KHOOSHE")


def test_empty_input():
    assert search_key(None) == ""
    assert search_key("") == ""
    assert search_words("  ،؛ ") == []
    assert fold(None) == ""


def test_digit_conversion():
    assert to_latin_digits("۱۲٣٤ abc") == "1234 abc"
    assert to_persian_digits("12 ٣٤") == "۱۲ ۳۴"
    assert to_persian_digits(1403) == "۱۴۰۳"


def test_clean_text_fixes_arabic_letters_and_keeps_digits_as_typed():
    assert clean_text("علي كريمي موسى ١٢ 34 ۵۶") == "علی کریمی موسی ١٢ 34 ۵۶"


def test_clean_text_removes_invisibles_and_kashida_but_keeps_zwnj():
    assert (
        clean_text("\u200fمی\u200cرود\u200e \u202bکـــتاب\u202c\u00ad\ufeff\u200d")
        == "می\u200cرود کتاب"
    )


def test_clean_text_collapses_zwnj_runs_and_drops_zwnj_next_to_spaces():
    assert clean_text("می\u200c\u200c\u200cرود") == "می\u200cرود"
    assert clean_text("کتاب\u200c ها \u200cرا") == "کتاب ها را"
    assert clean_text("\u200cسلام\u200c") == "سلام"


def test_clean_text_whitespace_and_lines():
    assert clean_text("  سلام \t\t  دنیا  \r\n\r\n\r\n\r\n  خط دوم  \n") == "سلام دنیا\n\nخط دوم"
    assert clean_text("یک\nدو") == "یک\nدو"


def test_clean_text_none():
    assert clean_text(None) == ""
