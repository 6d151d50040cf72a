"""Spreadsheets at the edges of the system: what the platform writes and what it reads.

Writing — :func:`safe_cell` / :func:`safe_row`: every CSV and XLSX the platform writes passes
its cells through these. A text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is a formula to Excel and LibreOffice (``=HYPERLINK(…)`` in an organization's name
becomes a live link in a staff member's spreadsheet); it is written with a leading ``'`` so
it stays text. Numbers, dates and booleans stay what they are.

Reading — :func:`read_rows`: an uploaded .xlsx or CSV, refused with a clear message
(:class:`SpreadsheetRefused`) before it can exhaust the server. A 5 KB .xlsx with one cell at
``XFD1048576`` makes a reader allocate the whole rectangle (512 GiB); a zip bomb inflates to
gigabytes. So, before the reader sees the file: the archive's parts are counted and their
uncompressed sizes summed (as declared, then as actually inflated, streaming), each sheet's
declared dimension is checked, and the sheet XML is scanned as a stream for its real extent
(the farthest cell, the number of rows and cells). Only then is the first sheet read, row by
row.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from khooshe.persian.text import to_persian_digits

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "SpreadsheetRefused",
    "read_rows",
    "safe_cell",
    "safe_row",
]

# --- Writing ---------------------------------------------------------------------------------

#: What makes a spreadsheet read a text cell as a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value as a spreadsheet cell that cannot run: a text beginning with ``= + - @``, tab or
    carriage return gets a leading ``'``; numbers, dates, booleans and None are kept."""
    if value is None or isinstance(
        value, bool | int | float | Decimal | datetime.date | datetime.time
    ):
        return value
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(row: Iterable) -> list:
    """:func:`safe_cell` over a row."""
    return [safe_cell(value) for value in row]


# --- Reading ---------------------------------------------------------------------------------

#: Data rows a file may hold (the header is one more).
MAX_ROWS = 50_000
#: Columns a row may reach (the guild's list has 19).
MAX_COLUMNS = 200
#: Cells of the rectangle a reader allocates (rows × columns of the farthest cell).
MAX_CELLS = 2_000_000
#: The archive's parts, inflated, together.
MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024
#: Parts an .xlsx may hold.
MAX_PARTS = 1_000

_CHUNK = 1024 * 1024
# A row or a cell tag, with its reference when it has one: (name, column letters, row digits).
_ITEM = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])(?:[^>]*?\sr\s*=\s*["']([A-Za-z]*)(\d*)["'])?"""
)
_DIMENSION = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\sref\s*=\s*["']([^"']*)["']"""
)
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


class SpreadsheetRefused(ValueError):
    """The file is refused before it is read; the message says why, in the active language."""


def _number(value: int) -> str:
    return f"{value:,}" if _english() else to_persian_digits(f"{value:,}").replace(",", "٬")


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _too_many_rows() -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("فایل بیش از %(rows)s ردیف دارد؛ آن را در چند فایل کوچک‌تر بفرستید.")
        % {"rows": _number(MAX_ROWS)}
    )


def _too_wide() -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("فایل بیش از %(columns)s ستون دارد؛ فقط ستون‌های فهرست را نگه دارید.")
        % {"columns": _number(MAX_COLUMNS)}
    )


def _too_many_cells() -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _(
            "گستره برگه اکسل بیش از %(cells)s خانه است (خانه‌ای دور از داده‌ها پر شده است)؛ "
            "داده‌ها را در برگه‌ای تازه رونویسی کنید."
        )
        % {"cells": _number(MAX_CELLS)}
    )


def _too_big() -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("فایل اکسل پس از گشودن بیش از %(size)s مگابایت است و پذیرفته نمی‌شود.")
        % {"size": _number(MAX_UNCOMPRESSED_BYTES // (1024 * 1024))}
    )


def _unreadable() -> SpreadsheetRefused:
    return SpreadsheetRefused(_("فایل اکسل خوانده نشد؛ آن را با قالب .xlsx ذخیره کنید."))


def _column_number(letters: str) -> int:
    """``A`` → 1, ``XFD`` → 16384 (a longer name is past any sheet's edge)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + (ord(letter) - 64)
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


#: Column letters → number, A to ZZ, looked up per cell.
_COLUMN_NUMBERS: dict[bytes, int] = {
    _column_letters(number).encode(): number for number in range(1, 703)
}


def _check_extent(rows: int, columns: int) -> None:
    if rows > MAX_ROWS + 1:
        raise _too_many_rows()
    if columns > MAX_COLUMNS:
        raise _too_wide()
    if rows * columns > MAX_CELLS:
        raise _too_many_cells()


def _check_dimension(ref: str) -> None:
    """The sheet's declared ``<dimension ref="A1:T500"/>``."""
    last = ref.split(":")[-1]
    match = _CELL_REF.fullmatch(last.strip())
    if match:
        _check_extent(int(match.group(2)), _column_number(match.group(1)))


class _SheetScan:
    """The real extent of a worksheet, read from its XML as a stream: the farthest row and
    column (a cell's ``r``, or its place after the previous one) and the number of rows. One
    regular expression finds every row and cell of a chunk; the loop does little per cell."""

    def __init__(self):
        self.row = 0
        self.row_digits = b""
        self.column = 0
        self.rows = 0
        self.max_row = 0
        self.max_column = 0

    def feed(self, data: bytes) -> None:
        dimension = _DIMENSION.search(data)
        if dimension:
            _check_dimension(dimension.group(1).decode("ascii", "replace"))
        row, row_digits, column, rows = self.row, self.row_digits, self.column, self.rows
        max_row, max_column = self.max_row, self.max_column
        numbers = _COLUMN_NUMBERS
        for name, letters, digits in _ITEM.findall(data):
            if len(digits) > 7:
                raise _too_many_rows()
            if name == b"c":
                if letters:
                    column = numbers.get(letters) or _column_number(
                        letters.decode("ascii") if len(letters) <= 3 else "ZZZZ"
                    )
                else:
                    column += 1
                if digits and digits != row_digits:
                    row, row_digits = int(digits), digits
                if column > max_column or row > max_row:
                    max_row, max_column = max(max_row, row), max(max_column, column)
                    _check_extent(max_row, max_column)
            else:  # a row
                row = int(digits) if digits else row + 1
                row_digits = digits or str(row).encode()
                column = 0
                rows += 1
                if rows > MAX_ROWS + 1:
                    raise _too_many_rows()
        self.row, self.row_digits, self.column, self.rows = row, row_digits, column, rows
        self.max_row, self.max_column = max_row, max_column


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> None:
    """Inflate one part as a stream, counting its real size against ``budget``; a worksheet's
    XML is scanned for its extent on the way."""
    scan = (
        _SheetScan()
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        else None
    )
    carry = b""
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise _too_big()
            if scan is None:
                continue
            data = carry + chunk
            cut = data.rfind(b"<")
            if cut == -1:
                carry = b""
                continue
            # an unfinished tag waits for the next chunk
            complete, carry = (
                (data, b"") if data.find(b">", cut) != -1 else (data[:cut], data[cut:])
            )
            if len(carry) > _CHUNK:  # no tag is this long
                raise _unreadable()
            scan.feed(complete)
    if scan is not None and carry:
        scan.feed(carry)


def check_xlsx(content: bytes) -> None:
    """Refuse an .xlsx that would exhaust the reader (see the module's docstring)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _unreadable() from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise _unreadable()
        names = {info.filename for info in infos}
        if "xl/workbook.xml" not in names:
            raise _unreadable()
        if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
            raise _too_big()
        budget = [MAX_UNCOMPRESSED_BYTES]
        try:
            for info in infos:
                _scan_part(archive, info, budget)
        except SpreadsheetRefused:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
            raise _unreadable() from exc  # a part whose size or checksum lies


def _xlsx_rows(content: bytes) -> Iterator[list]:
    check_xlsx(content)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()
    except Exception as exc:
        raise _unreadable() from exc
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS + 1:
            raise _too_many_rows()
        yield row


def _csv_rows(content: bytes) -> Iterator[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetRefused(_("فایل CSV باید با کدگذاری UTF-8 ذخیره شده باشد.")) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    cells = 0
    try:
        for count, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            if count > MAX_ROWS + 1:
                raise _too_many_rows()
            if len(row) > MAX_COLUMNS:
                raise _too_wide()
            cells += len(row)
            if cells > MAX_CELLS:
                raise _too_many_cells()
            yield row
    except csv.Error as exc:
        raise SpreadsheetRefused(_("فایل CSV خوانده نشد: %(error)s") % {"error": exc}) from exc


def read_rows(content: bytes, filename: str) -> Iterator[list]:
    """The rows of an uploaded .xlsx (its first sheet) or CSV, as the reader gives them, one by
    one; :class:`SpreadsheetRefused` when the file is not one or goes past the limits
    (:data:`MAX_ROWS` rows, :data:`MAX_COLUMNS` columns, :data:`MAX_CELLS` cells,
    :data:`MAX_UNCOMPRESSED_BYTES` inflated)."""
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        return _xlsx_rows(content)
    if name.endswith((".csv", ".txt")):
        return _csv_rows(content)
    raise SpreadsheetRefused(_("فقط فایل اکسل (.xlsx) یا CSV پذیرفته می‌شود."))
