"""Persian text: the folding every search compares, and the light clean-up stored text gets.

Two different jobs, kept apart on purpose:

``clean_text`` — what we *store*. It fixes what no reader wants (Arabic ي/ى/ك typed on an
Arabic keyboard layout, invisible bidi marks pasted from Word or Telegram, kashida, runs of
spaces) and keeps everything a reader may want: ZWNJ (نیم‌فاصله) is part of correct
Persian spelling, and digits stay in the script the person typed.

``search_key`` / ``search_words`` — what we *compare*. Both sides of every comparison (the
stored record and the query) go through the same fold, so the fold may be lossy; it only must
be lossy in the same way for spellings people consider the same word:

* Arabic-script compatibility forms (presentation forms U+FB50–U+FDFF, U+FE70–U+FEFF) and
  full-width/half-width forms (U+FF00–U+FFEF) get NFKC. NFKC is *not* applied to the whole
  text: it would also rewrite things like superscripts and ligatures in Latin text for no
  search benefit, and the letters we care about are handled explicitly below.
* ي ى ئ → ی, ك ڪ → ک: the Arabic letters a Persian reader reads as the Persian ones
  (ئ → ی makes «پائیز» find «پاییز»).
* ة ۀ ھ ہ ە → ه and هٔ (ه + hamza above) → ه: the ezafe hamza and the Arabic tā marbūṭa
  are spelling variants of a final ه; ھ ہ ە come from Urdu/Kurdish keyboard layouts.
* أ إ ٱ آ → ا, ؤ → و: people type the bare letter for the hamza/madda forms all the time;
  folding آ costs nothing in practice («آب»/«اب» are not two organisations).
* The standalone hamza ء (U+0621) is removed: «اجزاء»/«اجزا», «انشاء»/«انشا» are the same
  word, and the Academy of Persian Language recommends dropping it at the end of such words.
* Arabic diacritics (harakat U+064B–U+065F, superscript alef U+0670, Quranic marks in
  U+0610–U+061A and U+06D6–U+06ED) and kashida U+0640 are removed: they never distinguish
  two names people search for.
* Every Unicode format character (category Cf) is removed: LRM/RLM/ALM, the bidi embeddings
  and isolates, ZWJ, soft hyphen, BOM — and ZWNJ, so «کسب‌وکار» folds to one word
  «کسبوکار». Control characters (tab, newline, …) become spaces.
* Every decimal digit (Persian ۰–۹, Arabic-Indic ٠–٩, and any other script) → ASCII 0–9,
  so «۱۴۰۳», «١٤٠٣» and «1403» are equal.
* Latin letters are case-folded. Latin accents are kept (no accent folding is asked of a
  Persian directory, and «é» vs «e» is meaningful in some names).
* Punctuation and symbols (Unicode categories P* and S*) become spaces: «شرکت (سهامی خاص)»,
  «فن‌آوری/نوآوری», «C.E.O» become words. The price is that «C++» and «C» collide.

Spaces inside words must not matter — «کسب‌وکار», «کسب و کار» and «كسبوكار» are one phrase —
so there are two representations of the fold:

``search_key(text)``
    the folded text with *all* whitespace removed. Equality of keys is de-duplication;
    substring of keys is phrase search: the query «کسب و کار» has the key «کسبوکار», which is
    a substring of the key of «مرکز کسب‌وکار شیراز» («مرکزکسبوکارشیراز»). This is the column
    the trigram indexes (FTS5, pg_trgm) sit on.
``search_words(text)``
    the folded words, for "all of these words in any order" search. The words follow the
    whitespace of the text, so «کسب و کار» gives three words while «کسب‌وکار» gives one:
    match each query word as a substring of the record's ``search_key``, not against the
    record's words.
"""

import re
import unicodedata

__all__ = [
    "clean_text",
    "fold",
    "search_key",
    "search_words",
    "to_latin_digits",
    "to_persian_digits",
]

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ZWNJ = "\u200c"

_TO_PERSIAN_DIGITS = str.maketrans("0123456789" + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)

_SEARCH_LETTERS = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ڪ": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "ۂ": "ه",
        "ھ": "ه",
        "ہ": "ه",
        "ە": "ه",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "آ": "ا",
        "ؤ": "و",
        "ء": None,
        "\u0640": None,  # kashida
    }
)


def _needs_nfkc(char: str) -> bool:
    code = ord(char)
    return 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF or 0xFF00 <= code <= 0xFFEF


def _is_arabic_mark(code: int) -> bool:
    return (
        0x0610 <= code <= 0x061A
        or 0x064B <= code <= 0x065F
        or code == 0x0670
        or 0x06D6 <= code <= 0x06ED
        or 0x08D3 <= code <= 0x08FF
    )


def _fold_char(char: str) -> str:
    """One character of the search fold (after NFKC and the letter table)."""
    if char.isascii():
        return char.lower() if char.isalnum() else " "
    category = unicodedata.category(char)
    if category == "Nd":
        return str(unicodedata.decimal(char))
    if category == "Cf" or (category == "Mn" and _is_arabic_mark(ord(char))):
        return ""
    if category[0] in "PSZ" or category == "Cc":
        return " "
    return char.casefold()


def fold(text: str | None) -> str:
    """The search fold with single spaces between words (see the module docstring)."""
    if not text:
        return ""
    if any(_needs_nfkc(char) for char in text):
        text = "".join(
            unicodedata.normalize("NFKC", char) if _needs_nfkc(char) else char for char in text
        )
    text = text.translate(_SEARCH_LETTERS)
    return " ".join("".join(map(_fold_char, text)).split())


def search_words(text: str | None) -> list[str]:
    """The folded words of ``text``, split on its whitespace and punctuation."""
    return fold(text).split()


def search_key(text: str | None) -> str:
    """The folded text with no spaces at all: compare by equality or substring."""
    return fold(text).replace(" ", "")


def to_latin_digits(value: str | int) -> str:
    """Every decimal digit, in any script, as ASCII 0–9; everything else unchanged."""
    text = str(value)
    if text.isascii():
        return text
    return "".join(
        str(unicodedata.decimal(char)) if unicodedata.category(char) == "Nd" else char
        for char in text
    )


def to_persian_digits(value: str | int) -> str:
    """ASCII and Arabic-Indic digits as Persian ۰–۹; everything else unchanged."""
    return str(value).translate(_TO_PERSIAN_DIGITS)


_CLEAN_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
# Invisible characters nobody means to store: LRM, RLM, ALM, bidi embeddings/overrides
# (U+202A–U+202E) and isolates (U+2066–U+2069), ZWJ, zero-width space, word joiner,
# soft hyphen, BOM, and kashida (stretching belongs to typesetting, not to the text).
_INVISIBLE = re.compile(
    "[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u200d\u200b\u2060\u00ad\ufeff\u0640]"
)
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85]")
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_ZWNJ_RUN = re.compile(ZWNJ + "{2,}")
_ZWNJ_NEAR_SPACE = re.compile(f" ?{ZWNJ} ?")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str | None) -> str:
    """Light clean-up for text we store; see the module docstring for what it keeps.

    ZWNJ is kept, but a run of them becomes one and a ZWNJ next to a space or at the start or
    end of a line (where it joins nothing) is dropped. Lines are stripped and at most one
    empty line is kept between paragraphs.
    """
    if not text:
        return ""
    text = _INVISIBLE.sub("", text.translate(_CLEAN_LETTERS))
    text = _LINE_BREAKS.sub("\n", text)
    text = _HORIZONTAL_SPACE.sub(" ", text)
    text = _ZWNJ_RUN.sub(ZWNJ, text)
    text = _ZWNJ_NEAR_SPACE.sub(lambda match: " " if " " in match.group() else ZWNJ, text)
    lines = [line.strip(" " + ZWNJ) for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")
