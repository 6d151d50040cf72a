"""A dataset written as CSV, XLSX, JSON and its Data Package descriptor — all streamed.

- CSV: UTF-8 with a byte-order mark (Excel reads a CSV without one in the system's code page
  and shows Persian as mojibake), a header of the column names the Table Schema declares,
  generated line by line.
- XLSX: openpyxl's write-only workbook (rows go to a temporary file as they are written, not
  to memory; STACK.md: a normal workbook takes ~50× the file size), a right-to-left data sheet
  headed by the Persian titles and a second sheet, the data dictionary.
- JSON: ``{"dataset", "licence", "fields", "data": [{…}, …]}`` generated row by row.

Every text cell goes through :func:`khooshe.core.spreadsheets.safe_cell`: a value beginning
with ``= + - @`` is written as text, never as a formula, in all three formats (a JSON file is
often pasted into a sheet).
"""

from __future__ import annotations

import csv
import datetime
import json
import re
import tempfile
from collections.abc import Iterator
from decimal import Decimal

from django.utils import translation
from openpyxl import Workbook

from khooshe.core.spreadsheets import safe_cell
from khooshe.opendata.schema import Dataset

__all__ = ["csv_lines", "json_chunks", "xlsx_file"]


def _text(value) -> str:
    """A cell of the CSV: Table Schema's lexical forms (ISO dates, ``true``/``false``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | Decimal | float):
        return str(value)
    return safe_cell(str(value))


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return safe_cell(value)
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(dataset: Dataset) -> Iterator[bytes]:
    """The CSV in pieces of about 64 KB, the first beginning with the BOM."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    names = dataset.field_names
    buffer = ["\ufeff" + writer.writerow(names)]
    size = 0
    for row in dataset.rows():
        line = writer.writerow([_text(row[name]) for name in names])
        buffer.append(line)
        size += len(line)
        if size > 65536:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    yield "".join(buffer).encode()


def json_chunks(dataset: Dataset) -> Iterator[bytes]:
    head = {
        "dataset": dataset.slug,
        "title": dataset.title,
        "title_en": dataset.title_en,
        "licence": dataset.licence.descriptor(),
        "fields": dataset.field_names,
    }
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "data": ['
    buffer, size, first = [opening], 0, True
    for row in dataset.rows():
        text = json.dumps({k: _json_value(v) for k, v in row.items()}, ensure_ascii=False)
        buffer.append(text if first else "," + text)
        first = False
        size += len(text)
        if size > 65536:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    buffer.append("]}")
    yield "".join(buffer).encode()


def _xlsx_value(value):
    if isinstance(value, Decimal):
        return float(value)
    return safe_cell(value)


def _sheet_title(title: str) -> str:
    """A sheet's name: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "data"


def xlsx_file(dataset: Dataset):
    """The workbook in an anonymous temporary file, positioned at its start (the caller
    streams it and closing it deletes it)."""
    workbook = Workbook(write_only=True)
    with translation.override("fa"):
        data = workbook.create_sheet(_sheet_title(dataset.title))
        data.sheet_view.rightToLeft = True
        data.freeze_panes = "A2"
        data.append([safe_cell(column.title) for column in dataset.columns])
        for row in dataset.rows():
            data.append([_xlsx_value(row[name]) for name in dataset.field_names])

        dictionary = workbook.create_sheet("فرهنگ داده")
        dictionary.sheet_view.rightToLeft = True
        dictionary.append(
            [
                "نام ستون (name)",
                "عنوان",
                "title",
                "نوع (type)",
                "واحد",
                "unit",
                "شرح",
                "description",
            ]
        )
        for column in dataset.columns:
            dictionary.append(
                [
                    safe_cell(value)
                    for value in (
                        column.name,
                        column.title,
                        column.title_en,
                        column.type,
                        column.unit,
                        column.unit_en,
                        column.description,
                        column.description_en,
                    )
                ]
            )
        dictionary.append([])
        dictionary.append(["مجوز (licence)", dataset.licence.title, dataset.licence.path])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle
