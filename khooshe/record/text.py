"""Reading Persian news text: repairing pasted text, sentences, numbers written in digits or
words, the figures they give, the deadlines they set, and the records they mention.

Every function here is pure (no database, no clock): the services call them with what they
read, and the tests call them with the examples of real articles.

Written here because no maintained library reads Persian number words, month-end phrases or
relative deadlines against a publication date: hazm and parsivar tokenize and normalize but
do not parse «سی و هفتمین» or «تا اواخر شهریورماه»; dateparser's Persian support knows month
names but not «پایان سال» or «ظرف سه ماه آینده». The Jalali arithmetic itself is
:mod:`khooshe.persian.jalali` (jdatetime underneath), and the folding is
:mod:`khooshe.persian.text`.

Decisions:

* :func:`repair_text` keeps paragraphs; it joins a paragraph to the next one when it is at
  least :data:`BROKEN_LINE_MIN` characters long and ends without a sentence's final mark — the
  shape of text copied from a page whose lines were wrapped (seed 003). Short lines without
  a full stop are headings and stay. Lines equal to the headline (by search key) are removed:
  pages repeat it above the body.
* Numbers: digits in any script with ٬ or , as thousands separators, and words from «یک» to
  «تریلیون» joined with «و» («یک هزار و دویست»), ordinals («سی و هفتمین», «سوم», «نخستین»).
  A lone «یک» is the indefinite article far more often than a figure and is not a figure;
  «نه» alone is "no". Weekday names («سه شنبه») are not figures.
* A figure's qualifier is read from the words before it: «بیش از», «بالغ بر»… → more than;
  «کمتر از», «زیر» → less than; «حدود», «نزدیک به», «قریب»… → about; «دست کم», «حداقل» →
  at least; «حداکثر» → at most; «بین ۱۰ تا ۲۰» and «۱۰ تا ۲۰» → a range.
* What a figure counts is the word after it. «مورد» (items) after a figure that follows
  another one in the same sentence counts what that one counted: «۴۱ خوشه … ۱۳ مورد».
* Numbers that are dates, times, years («سال ۹۵»), or references («اصل ۴۴», «کد خبر»,
  «ماده ۳») are not figures.
* Deadlines: an explicit Jalali date; «پایان / آخر / انتهای / اواخر <ماه> [سال]» → the
  month's last day (the year of publication when none is written, or the next one when that
  month has ended by then); «پایان سال [جاری]» / «پایان امسال» → the last day of Esfand of
  the publication year (30 in a leap year); «ظرف / طی / تا / در <n> <روز|هفته|ماه|سال>
  [آینده|دیگر]» → counted from publication; «در سال ۹۵ … خواهد» → the end of that year.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from khooshe.persian.jalali import (
    JALALI_MONTHS,
    add_jalali_months,
    find_jalali_dates,
    jalali_month_end,
    to_jalali,
)
from khooshe.persian.text import clean_text, search_key, to_latin_digits

__all__ = [
    "Deadline",
    "Figure",
    "Mention",
    "NumberValue",
    "Promise",
    "Sentence",
    "find_deadlines",
    "find_figures",
    "find_mentions",
    "find_promises",
    "mention_keys",
    "parse_persian_number",
    "repair_text",
    "resolve_deadline",
    "split_sentences",
]

BROKEN_LINE_MIN = 90
SENTENCE_END = '.!?؟؛…»"'
ZWNJ = "\u200c"

# --- Repairing pasted text ------------------------------------------------------------------


def repair_text(original: str, title: str = "") -> str:
    """The text to store and show: :func:`clean_text`, lines broken inside sentences joined,
    the repeated headline removed, one blank line between paragraphs."""
    text = clean_text(original or "").replace("\r\n", "\n").replace("\r", "\n")
    title_key = search_key(title)
    paragraphs: list[str] = []
    for raw in re.split(r"\n", text):
        line = " ".join(raw.replace("\u00a0", " ").split())
        if not line:
            paragraphs.append("")
            continue
        if title_key and search_key(line) == title_key:
            continue
        paragraphs.append(line)
    merged: list[str] = []
    pending = ""
    for line in paragraphs:
        if not line:
            continue
        if pending:
            joiner = "" if pending.endswith(ZWNJ) else " "
            line = pending + joiner + line
            pending = ""
        if len(line) >= BROKEN_LINE_MIN and line[-1] not in SENTENCE_END and line[-1] not in ":":
            pending = line
            continue
        merged.append(line)
    if pending:
        merged.append(pending)
    return "\n\n".join(merged)


# --- Sentences ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


_SENTENCE_BREAK = re.compile(r"(?<=[.!?؟؛])(?<!\.\.\.)(?=\s)|\n+")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets in ``text``: a break after . ! ? ؟ ؛ followed by a space,
    and at every line break. («1.5» does not break: no space follows; nor an ellipsis,
    as in «ایام ا... دهه فجر».)"""
    sentences = []
    position = 0
    for match in [*_SENTENCE_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        stripped = chunk.strip()
        if stripped:
            start = position + (len(chunk) - len(chunk.lstrip()))
            sentences.append(Sentence(start, start + len(stripped), stripped))
        position = match.end() if match else len(text)
    return sentences


# --- Numbers --------------------------------------------------------------------------------

UNITS = {
    "صفر": 0,
    "یک": 1,
    "یکی": 1,
    "دو": 2,
    "سه": 3,
    "چهار": 4,
    "پنج": 5,
    "شش": 6,
    "شیش": 6,
    "هفت": 7,
    "هشت": 8,
    "نه": 9,
    "ده": 10,
    "یازده": 11,
    "دوازده": 12,
    "سیزده": 13,
    "چهارده": 14,
    "پانزده": 15,
    "پونزده": 15,
    "شانزده": 16,
    "هفده": 17,
    "هجده": 18,
    "هیجده": 18,
    "نوزده": 19,
    "بیست": 20,
    "سی": 30,
    "چهل": 40,
    "پنجاه": 50,
    "شصت": 60,
    "هفتاد": 70,
    "هشتاد": 80,
    "نود": 90,
    "صد": 100,
    "یکصد": 100,
    "دویست": 200,
    "سیصد": 300,
    "چهارصد": 400,
    "پانصد": 500,
    "پونصد": 500,
    "ششصد": 600,
    "هفتصد": 700,
    "هشتصد": 800,
    "نهصد": 900,
}
SCALES = {"هزار": 1_000, "میلیون": 1_000_000, "میلیارد": 1_000_000_000, "بیلیون": 10**9}
SCALES["تریلیون"] = 10**12
ORDINAL_SPECIAL = {"اول": 1, "اولین": 1, "نخست": 1, "نخستین": 1, "سوم": 3, "سومین": 3}


class Qualifier:
    EXACT = "exact"
    MORE_THAN = "more_than"
    LESS_THAN = "less_than"
    ABOUT = "about"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    RANGE = "range"


QUALIFIER_PHRASES = [
    (("بیش", "از"), Qualifier.MORE_THAN),
    (("بیشتر", "از"), Qualifier.MORE_THAN),
    (("افزون", "بر"), Qualifier.MORE_THAN),
    (("بالغ", "بر"), Qualifier.MORE_THAN),
    (("بالای",), Qualifier.MORE_THAN),
    (("کمتر", "از"), Qualifier.LESS_THAN),
    (("کم", "تر", "از"), Qualifier.LESS_THAN),
    (("زیر",), Qualifier.LESS_THAN),
    (("حدود",), Qualifier.ABOUT),
    (("حدودا",), Qualifier.ABOUT),
    (("حدوداً",), Qualifier.ABOUT),
    (("تقریبا",), Qualifier.ABOUT),
    (("تقریباً",), Qualifier.ABOUT),
    (("نزدیک", "به"), Qualifier.ABOUT),
    (("قریب", "به"), Qualifier.ABOUT),
    (("قریب",), Qualifier.ABOUT),
    (("دست", "کم"), Qualifier.AT_LEAST),
    (("دستکم",), Qualifier.AT_LEAST),
    (("حداقل",), Qualifier.AT_LEAST),
    (("حداکثر",), Qualifier.AT_MOST),
]


@dataclass(frozen=True)
class NumberValue:
    value: int
    qualifier: str = Qualifier.EXACT
    value_max: int | None = None
    ordinal: bool = False


def _normalize(text: str) -> str:
    """Same-length normalization for scanning: Arabic ي/ك → Persian, digits → ASCII, ZWNJ →
    space (so «سی‌و‌هفتمین» splits into words)."""
    return to_latin_digits(text).translate(
        str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", ZWNJ: " ", "٬": ","})
    )


def _word_value(word: str) -> tuple[int, bool] | None:
    """(value, is ordinal) of one number word, or None."""
    if word in UNITS:
        return UNITS[word], False
    if word in SCALES:
        return SCALES[word], False
    if word in ORDINAL_SPECIAL:
        return ORDINAL_SPECIAL[word], True
    for suffix in ("امین", "مین", "ام", "م"):
        if word.endswith(suffix) and len(word) > len(suffix):
            stem = word[: -len(suffix)]
            if stem in UNITS and UNITS[stem] > 0:
                return UNITS[stem], True
            if stem in SCALES:
                return SCALES[stem], True
    return None


def _words_to_int(values: list[int]) -> int:
    """«یک هزار و دویست و پنج» as [1, 1000, 200, 5] → 1205."""
    total = 0
    group = 0
    for value in values:
        if value >= 1000:
            total += (group or 1) * value
            group = 0
        else:
            group += value
    return total + group


_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[^\W\d_]+", re.UNICODE)


@dataclass
class _Token:
    start: int
    end: int
    text: str


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(_normalize(text))]


def _read_number(tokens: list[_Token], index: int) -> tuple[int, int, bool] | None:
    """A number starting at ``tokens[index]``: (value, index after it, ordinal)."""
    token = tokens[index]
    if token.text[0].isdigit():
        digits = token.text.replace(",", "")
        if "." in digits:
            return None
        value = int(digits)
        nxt = index + 1
        if nxt < len(tokens) and tokens[nxt].text in SCALES:
            return value * SCALES[tokens[nxt].text], nxt + 1, False
        return value, nxt, False
    first = _word_value(token.text)
    if first is None:
        return None
    values = [first[0]]
    ordinal = first[1]
    position = index + 1
    while not ordinal and position < len(tokens):
        word = tokens[position].text
        if word in SCALES:
            values.append(SCALES[word])
            position += 1
            continue
        if word == "و" and position + 1 < len(tokens):
            following = _word_value(tokens[position + 1].text)
            if following is not None:
                values.append(following[0])
                ordinal = following[1]
                position += 2
                continue
        scale_ordinal = _word_value(word)
        if scale_ordinal and scale_ordinal[1] and scale_ordinal[0] >= 1000:
            values.append(scale_ordinal[0])
            ordinal = True
            position += 1
        break
    return _words_to_int(values), position, ordinal


def parse_persian_number(text: str) -> NumberValue | None:
    """The number ``text`` states: «۴۱», «1,200», «یک هزار», «سی و هفتمین», «بیش از ۵۰۰»,
    «بین ۱۰ تا ۲۰», «۵ هزار» — or None when it states none."""
    tokens = _tokens(text)
    qualifier, index = _qualifier_at(tokens, 0)
    if index < len(tokens) and tokens[index].text == "بین":
        index += 1
    if index >= len(tokens):
        return None
    read = _read_number(tokens, index)
    if read is None:
        return None
    value, after, ordinal = read
    upper = _range_end(tokens, after)
    if upper is not None:
        return NumberValue(value, Qualifier.RANGE, upper[0], ordinal)
    return NumberValue(value, qualifier, None, ordinal)


def _qualifier_at(tokens: list[_Token], index: int) -> tuple[str, int]:
    for words, qualifier in QUALIFIER_PHRASES:
        span = tokens[index : index + len(words)]
        if tuple(t.text for t in span) == words:
            return qualifier, index + len(words)
    return Qualifier.EXACT, index


def _qualifier_before(tokens: list[_Token], index: int) -> tuple[str, int]:
    """The qualifier ending right before ``tokens[index]`` and where it starts."""
    for words, qualifier in QUALIFIER_PHRASES:
        start = index - len(words)
        if start >= 0 and tuple(t.text for t in tokens[start:index]) == words:
            return qualifier, start
    return Qualifier.EXACT, index


def _range_end(tokens: list[_Token], after: int) -> tuple[int, int] | None:
    if after + 1 < len(tokens) and tokens[after].text in ("تا", "الی"):
        read = _read_number(tokens, after + 1)
        if read is not None and not read[2]:
            return read[0], read[1]
    return None


# --- Figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    phrase: str
    value: int
    qualifier: str
    counts: str
    value_max: int | None = None
    ordinal: bool = False


REFERENCE_WORDS = {"اصل", "ماده", "بند", "تبصره", "شماره", "کد", "سال", "ساعت", "خبر", "صفحه"}
COUNTER_WORDS = {"مورد", "عدد", "فقره"}
WEEKDAY_NEXT = {"شنبه"}
NOT_COUNTED = {"و", "از", "تا", "در", "به", "با", "که", "را", "هم", "نیز", "الی", "این", "آن"}
MONTH_WORDS = set(JALALI_MONTHS) | {"ماه"}


def _date_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for written, _day in find_jalali_dates(text):
        start = text.find(written)
        if start >= 0:
            spans.append((start, start + len(written)))
    for match in re.finditer(r"\d{1,2}:\d{2}(?::\d{2})?", _normalize(text)):
        spans.append((match.start(), match.end()))
    return spans


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text`` with what it counts (see the module docstring)."""
    tokens = _tokens(text)
    skip = _date_spans(text)
    figures: list[Figure] = []
    index = 0
    last_counts_by_sentence: dict[int, str] = {}
    while index < len(tokens):
        token = tokens[index]
        read = _read_number(tokens, index)
        if read is None:
            index += 1
            continue
        value, after, ordinal = read
        if any(start <= token.start < end for start, end in skip):
            index = after
            continue
        previous = tokens[index - 1].text if index else ""
        following = tokens[after].text if after < len(tokens) else ""
        lone_word = not token.text[0].isdigit() and after == index + 1
        if (
            previous in REFERENCE_WORDS
            or following in WEEKDAY_NEXT
            or following in MONTH_WORDS
            or (lone_word and token.text in ("یک", "یکی", "نه", "صفر"))
            or (token.text[0].isdigit() and len(token.text) == 4 and 1300 <= value <= 1500)
        ):
            index = after
            continue
        upper = _range_end(tokens, after)
        qualifier, start_index = _qualifier_before(tokens, index)
        value_max = None
        if upper is not None:
            value_max, after = upper
            qualifier = Qualifier.RANGE
            if start_index > 0 and tokens[start_index - 1].text == "بین":
                start_index -= 1
        counts = ""
        if after < len(tokens) and tokens[after].text not in NOT_COUNTED:
            counts = tokens[after].text
            end = tokens[after].end
        else:
            end = tokens[after - 1].end
        sentence_id = _sentence_index(text, token.start)
        if counts in COUNTER_WORDS and sentence_id in last_counts_by_sentence:
            counts = f"{last_counts_by_sentence[sentence_id]} ({counts})"
        elif counts:
            last_counts_by_sentence[sentence_id] = counts
        start = tokens[start_index].start
        figures.append(
            Figure(
                start=start,
                end=end,
                phrase=text[start:end],
                value=value,
                qualifier=qualifier,
                counts=counts,
                value_max=value_max,
                ordinal=ordinal,
            )
        )
        index = after
    return figures


def _sentence_index(text: str, position: int) -> int:
    return len(re.findall(r"[.!?؟؛]\s|\n", text[:position]))


# --- Deadlines ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    date: datetime.date
    phrase: str
    start: int = 0
    end: int = 0


_MONTHS = {name: number for number, name in enumerate(JALALI_MONTHS, start=1)}
_MONTHS["امرداد"] = 5
_MONTH_ALTERNATION = "|".join(sorted((re.escape(n) for n in _MONTHS), key=len, reverse=True))
_YEAR = r"(?:\s*(?:سال\s*)?(\d{4}|\d{2})(?!\d))?"
_MONTH_END = re.compile(
    r"(?:پایان|آخر|انتهای|اواخر|اوخر|اواخرِ|اخر|نیمه\s*دوم)\s*(?:ماه\s*)?"
    rf"({_MONTH_ALTERNATION})(?:\s*ماه)?{_YEAR}"
)
_YEAR_END = re.compile(
    r"(?:پایان|آخر|انتهای|اواخر|اوخر)\s*(?:سال\s*(?:جاری|جاری\s*)?|امسال)"
    r"(?:\s*(\d{4}|\d{2})(?!\d))?"
)
_NEXT_YEAR_END = re.compile(r"(?:پایان|آخر|انتهای|اواخر)\s*سال\s*(?:آینده|بعد)")
_UNIT_WORDS = {"روز": "day", "هفته": "week", "ماه": "month", "سال": "year"}
_RELATIVE = re.compile(
    r"(?:ظرف|طی|تا|در|حداکثر\s*تا|ظرف\s*مدت|طی\s*مدت|در\s*مدت)\s+"
    r"(\d+|[^\W\d_]+(?:\s+و\s+[^\W\d_]+)*)\s+(روز|هفته|ماه|سال)"
    r"(?:\s*(?:آینده|دیگر|آتی))"
)
_YEAR_FUTURE = re.compile(r"(?:در|تا)\s+سال\s+(\d{4}|\d{2})(?!\d)")


def _full_year(text: str | None, default: int) -> int:
    if not text:
        return default
    year = int(text)
    return year + 1300 if year < 100 else year


def _month_end_after(month: int, year: int | None, published: datetime.date) -> datetime.date:
    if year is not None:
        return jalali_month_end(year, month)
    pub_year = to_jalali(published).year
    end = jalali_month_end(pub_year, month)
    return end if end >= published else jalali_month_end(pub_year + 1, month)


def resolve_deadline(phrase: str, published_on: datetime.date) -> Deadline | None:
    """The first deadline ``phrase`` sets, resolved against ``published_on``; None if none."""
    found = find_deadlines(phrase, published_on)
    return found[0] if found else None


def find_deadlines(text: str, published_on: datetime.date) -> list[Deadline]:
    """Every deadline in ``text`` (see the module docstring), in order of position."""
    scan = _normalize(text)
    found: list[Deadline] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, date: datetime.date) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(Deadline(date=date, phrase=text[start:end], start=start, end=end))

    for written, date in find_jalali_dates(text):
        start = text.find(written)
        add(start, start + len(written), date)
    for match in _MONTH_END.finditer(scan):
        month = _MONTHS[match.group(1)]
        year = _full_year(match.group(2), 0) or None
        try:
            add(match.start(), match.end(), _month_end_after(month, year, published_on))
        except ValueError:
            continue
    for match in _NEXT_YEAR_END.finditer(scan):
        add(match.start(), match.end(), jalali_month_end(to_jalali(published_on).year + 1, 12))
    for match in _YEAR_END.finditer(scan):
        year = _full_year(match.group(1), to_jalali(published_on).year)
        add(match.start(), match.end(), jalali_month_end(year, 12))
    for match in _RELATIVE.finditer(scan):
        number = parse_persian_number(match.group(1))
        if number is None or number.value <= 0 or number.value > 1000:
            continue
        unit = _UNIT_WORDS[match.group(2)]
        count = number.value
        if unit == "day":
            date = published_on + datetime.timedelta(days=count)
        elif unit == "week":
            date = published_on + datetime.timedelta(weeks=count)
        elif unit == "month":
            date = add_jalali_months(published_on, count)
        else:
            date = add_jalali_months(published_on, 12 * count)
        add(match.start(), match.end(), date)
    if re.search(r"خواه(?:د|ند|یم|م)", scan):
        for match in _YEAR_FUTURE.finditer(scan):
            year = _full_year(match.group(1), 0)
            if year >= to_jalali(published_on).year:
                add(match.start(), match.end(), jalali_month_end(year, 12))
    return sorted(found, key=lambda d: d.start)


# --- Promises -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Promise:
    sentence: Sentence
    deadline: Deadline


def find_promises(text: str, published_on: datetime.date) -> list[Promise]:
    """Sentences that set a deadline on or after the publication day: each with its first
    such deadline (offsets of the deadline are in ``text``)."""
    promises = []
    for sentence in split_sentences(text):
        for deadline in find_deadlines(sentence.text, published_on):
            if deadline.date >= published_on:
                shifted = Deadline(
                    date=deadline.date,
                    phrase=deadline.phrase,
                    start=sentence.start + deadline.start,
                    end=sentence.start + deadline.end,
                )
                promises.append(Promise(sentence=sentence, deadline=shifted))
                break
    return promises


# --- Mentions -------------------------------------------------------------------------------

#: Longest name, in words, looked up (longer official names are matched by their aliases).
MAX_NAME_WORDS = 12
#: Keys shorter than this are never looked up (one- and two-letter words match too much).
MIN_KEY_LENGTH = 3


@dataclass(frozen=True)
class Mention:
    key: str
    start: int
    end: int
    phrase: str


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    key: str


_WORD = re.compile(r"[^\W_]+(?:\u200c[^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=65_536)
def _word_key(word: str) -> str:
    return search_key(word)


@lru_cache(maxsize=4)
def _words(text: str) -> tuple[_Word, ...]:
    """The words of ``text`` with their folded keys (kept for the text's next call: the
    lookup and the matching read the same words)."""
    words = []
    for match in _WORD.finditer(text):
        key = _word_key(match.group())
        if key:
            words.append(_Word(match.start(), match.end(), key))
    return tuple(words)


def mention_keys(text: str, *, max_words: int = MAX_NAME_WORDS) -> set[str]:
    """Every key a name mentioned in ``text`` can have: the search keys of every run of 1 to
    ``max_words`` consecutive words (spaces, ZWNJ or nothing between the parts of a name fold
    to the same key). Look these up by equality on an indexed key column."""
    words = _words(text)
    keys: set[str] = set()
    for i in range(len(words)):
        key = ""
        for j in range(i, min(i + max_words, len(words))):
            key += words[j].key
            if len(key) >= MIN_KEY_LENGTH:
                keys.add(key)
    return keys


def find_mentions(
    text: str, candidates: Mapping[str, object] | Iterable[str], *, max_words: int = MAX_NAME_WORDS
) -> list[Mention]:
    """Where the keys of ``candidates`` (a mapping or set of search keys of names and
    aliases) occur in ``text`` as whole runs of words; the longest match wins at a position
    and matches do not overlap («سازمان نظام صنفی رایانه‌ای مازندران» is one mention, not
    also «سازمان نظام صنفی رایانه‌ای»)."""
    wanted = set(candidates)
    if not wanted:
        return []
    words = _words(text)
    mentions: list[Mention] = []
    i = 0
    while i < len(words):
        best = None
        key = ""
        for j in range(i, min(i + max_words, len(words))):
            key += words[j].key
            if key in wanted:
                best = (j, key)
        if best is None:
            i += 1
            continue
        j, key = best
        start, end = words[i].start, words[j].end
        mentions.append(Mention(key=key, start=start, end=end, phrase=text[start:end]))
        i = j + 1
    return mentions
