"""The text functions with the examples of the issue and of the seed articles."""

import pytest

from khooshe.persian.jalali import format_jalali, jalali_to_date
from khooshe.persian.text import search_key
from khooshe.record.text import (
    find_figures,
    find_mentions,
    find_promises,
    mention_keys,
    parse_persian_number,
    repair_text,
    resolve_deadline,
    split_sentences,
)


def _j(value) -> str:
    return format_jalali(value, digits="latin")


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "value_max", "ordinal"),
    [
        ("۴۱", 41, "exact", None, False),
        ("41", 41, "exact", None, False),
        ("٤١", 41, "exact", None, False),
        ("یک هزار", 1000, "exact", None, False),
        ("هزار", 1000, "exact", None, False),
        ("سی و هفتمین", 37, "exact", None, True),
        ("سی‌و‌هفتمین", 37, "exact", None, True),
        ("سوم", 3, "exact", None, True),
        ("نخستین", 1, "exact", None, True),
        ("بیش از ۵۰۰", 500, "more_than", None, False),
        ("کمتر از ده", 10, "less_than", None, False),
        ("حدود ۲۰۰", 200, "about", None, False),
        ("دست کم سه", 3, "at_least", None, False),
        ("بین ۱۰ تا ۲۰", 10, "range", 20, False),
        ("۱۰ الی ۱۵", 10, "range", 15, False),
        ("۵ هزار", 5000, "exact", None, False),
        ("۱۲٬۵۰۰", 12500, "exact", None, False),
        ("یک هزار و دویست و پنج", 1205, "exact", None, False),
        ("دو میلیون و پانصد هزار", 2_500_000, "exact", None, False),
        ("سیصد و شصت و پنج", 365, "exact", None, False),
        ("يك هزار", 1000, "exact", None, False),  # Arabic letters
    ],
)
def test_parse_persian_number(text, value, qualifier, value_max, ordinal):
    number = parse_persian_number(text)
    assert (number.value, number.qualifier, number.value_max, number.ordinal) == (
        value,
        qualifier,
        value_max,
        ordinal,
    )


def test_parse_persian_number_without_a_number():
    assert parse_persian_number("بدون رقم") is None
    assert parse_persian_number("") is None


def test_figures_of_article_003_with_what_they_count():
    text = (
        "فعالیت بیش از ۵۰۰ شرکت و یک هزار عضو فعال در حوزه فناوری اطلاعات ظرفیتی بزرگ است. "
        "اظهار کرد: ۴۱ خوشه در استان شناسایی شده که ۱۳ مورد عملیاتی شده و مابقی در حال پیگیری است."
    )
    found = [(f.value, f.qualifier, f.counts) for f in find_figures(text)]
    assert found == [
        (500, "more_than", "شرکت"),
        (1000, "exact", "عضو"),
        (41, "exact", "خوشه"),
        (13, "exact", "خوشه (مورد)"),
    ]
    first = find_figures(text)[0]
    assert text[first.start : first.end] == "بیش از ۵۰۰ شرکت"


def test_ordinal_figure_and_what_is_not_a_figure():
    text = (
        "ضمن تبریک فرا رسیدن سی و هفتمین سالگرد انقلاب. سه شنبه, ۲۸ مرداد ۱۳۹۳ ۰۲:۴۴. "
        "اصل 44 قانون اساسی. کد خبر : ۳۴۵۸۳۸. در سال 95 برگزار خواهد شد. یک سال گذشته."
    )
    figures = find_figures(text)
    assert [(f.value, f.counts, f.ordinal) for f in figures] == [(37, "سالگرد", True)]


def test_repair_text_joins_broken_lines_and_drops_the_repeated_headline():
    title = "بهره‌مندی از ظرفیت بخش خصوصی ضروری است"
    original = (
        "بهرهمندی از ظرفیت بخش خصوصی ضروری است\n\n"
        "مدیر فناوری اطلاعات، امنیت فضای مجازی و شبکه دولت استانداری آذربایجان شرقی در اولین نشست ایجاد شهرک\n\n"
        "صنعتی و خوشه فناوری اطلاعات و ارتباطات استان، بر بهره‌مندی تأکید كرد.\n\n"
        "بهره مندی از ظرفیت بخش خصوصی ضروری است\n"
        "کوتاه بدون نقطه\n"
        "جمله بعد."
    )
    text = repair_text(original, title)
    assert "ایجاد شهرک صنعتی و خوشه" in text
    assert "ضروری است" not in text  # both copies of the headline (any spelling) are gone
    assert "كرد" not in text
    assert "کرد" in text
    assert "کوتاه بدون نقطه\n\nجمله بعد." in text  # a short line is a heading, not joined


def test_split_sentences_keeps_offsets():
    text = "جمله اول. جمله دوم؟ ایام ا... دهه فجر\nسطر بعد"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["جمله اول.", "جمله دوم؟", "ایام ا... دهه فجر", "سطر بعد"]
    assert all(text[s.start : s.end] == s.text for s in sentences)


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("تا پایان شهریور", (1393, 1, 15), "1393/06/31"),
        ("تا اوخر شهریورماه نهایی و قابل بهره برداری است", (1393, 5, 28), "1393/06/31"),
        ("تا اواخر مهر ماه", (1393, 5, 28), "1393/07/30"),
        ("تا پایان شهریور", (1393, 7, 5), "1394/06/31"),  # Shahrivar has ended: next year's
        ("تا پایان شهریور ۱۳۹۵", (1394, 11, 20), "1395/06/31"),
        ("تا پایان سال", (1403, 12, 5), "1403/12/30"),  # leap Esfand
        ("تا پایان سال", (1404, 1, 5), "1404/12/29"),
        ("تا پایان سال جاری", (1393, 5, 28), "1393/12/29"),
        ("تا پایان اسفند ۱۴۰۳", (1403, 1, 1), "1403/12/30"),
        ("ظرف سه ماه آینده", (1403, 6, 31), "1403/09/30"),
        ("تا دو هفته دیگر", (1403, 4, 2), "1403/04/16"),
        ("طی ۱۰ روز آینده", (1403, 4, 2), "1403/04/12"),
        ("تا ۱۵ مهر ۱۳۹۳", (1393, 5, 28), "1393/07/15"),
        ("تا 1393/07/15", (1393, 5, 28), "1393/07/15"),
        ("جشنواره‌ای که در سال 95 برگزار خواهد شد", (1394, 11, 20), "1395/12/30"),
    ],
)
def test_resolve_deadline(phrase, published, expected):
    deadline = resolve_deadline(phrase, jalali_to_date(*published))
    assert _j(deadline.date) == expected
    assert deadline.phrase in phrase


def test_resolve_deadline_without_one():
    assert resolve_deadline("این خبر موعدی ندارد.", jalali_to_date(1403, 1, 1)) is None


def test_promises_are_sentences_with_a_future_deadline():
    text = (
        "دیتا سنتر استان آذربایجان شرقی تا اوخر شهریورماه نهایی و قابل بهره برداری است. "
        "سال گذشته در پایان خرداد ۱۳۹۲ کاری انجام شد."
    )
    promises = find_promises(text, jalali_to_date(1393, 5, 28))
    assert len(promises) == 1
    assert promises[0].sentence.text.startswith("دیتا سنتر")
    assert _j(promises[0].deadline.date) == "1393/06/31"
    assert text[promises[0].deadline.start : promises[0].deadline.end] == "اوخر شهریورماه"


@pytest.mark.parametrize(
    "written",
    [
        "رئیس سازمان نظام صنفی رایانه ای مازندران گفت",
        "رئیس سازمان نظام صنفی رایانهای مازندران گفت",
        "رئیس سازمان نظام صنفی رایانه‌ای مازندران گفت",
        "رئيس سازمان نظام صنفي رايانه اي مازندران گفت",
    ],
)
def test_mentions_in_any_spelling(written):
    name = "سازمان نظام صنفی رایانه‌ای مازندران"
    key = search_key(name)
    assert key in mention_keys(written)
    mentions = find_mentions(written, {key})
    assert len(mentions) == 1
    assert search_key(mentions[0].phrase) == key


def test_mentions_prefer_the_longest_name_and_do_not_overlap():
    text = "سازمان نظام صنفی رایانه‌ای مازندران و نصر با اداره کل ارتباطات همکاری می‌کنند."
    keys = {
        search_key("سازمان نظام صنفی رایانه‌ای"),
        search_key("سازمان نظام صنفی رایانه‌ای مازندران"),
        search_key("نصر"),
        search_key("اداره کل ارتباطات"),
    }
    assert [m.phrase for m in find_mentions(text, keys)] == [
        "سازمان نظام صنفی رایانه‌ای مازندران",
        "نصر",
        "اداره کل ارتباطات",
    ]


def test_a_name_inside_a_word_is_not_a_mention():
    assert find_mentions("منصوری گفت", {search_key("نصر")}) == []
