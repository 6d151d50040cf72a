"""Exports for signed-in users: a list a page shows, as .xlsx or .csv, with the page's filters.

One way to write a list to a file: an export is a :class:`~khooshe.opendata.schema.Dataset`
made for the viewer and the page's filters, written by :mod:`khooshe.opendata.formats` — the
same CSV with a byte-order mark, right-to-left workbook with its data dictionary, Jalali dates
beside ISO ones and formula-safe cells as the open-data catalogue. Unlike a dataset, an
export reads the page's own selector as the signed-in user (the private rows that user may see
are in it), and it is neither cached nor counted.

A list of at most :data:`BACKGROUND_ROWS` rows is written during the request. A longer one
becomes an :class:`~khooshe.opendata.models.ExportFile` written by a Celery task, which
applies the filters again with the user's permissions as they are then and records its
progress on the row; the page shows a progress bar, and the file waits on the user's desk
until it is downloaded (deleted after :data:`KEEP_DAYS`).

Each list declares its export with :func:`register` (``khooshe.opendata.list_exports``).
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files import File
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from khooshe.core import desk
from khooshe.opendata import formats
from khooshe.opendata.models import ExportFile
from khooshe.opendata.schema import Column, Dataset
from khooshe.persian.jalali import format_jalali

__all__ = ["BACKGROUND_ROWS", "FORMATS", "KEEP_DAYS", "ListExport", "get", "register"]

#: Longer lists are written in the background.
BACKGROUND_ROWS = 5000
#: Days a background file is kept.
KEEP_DAYS = 7
#: How often (in rows) a background task records its progress.
PROGRESS_EVERY = 500
FORMATS = ("xlsx", "csv")


@dataclass(frozen=True)
class ListExport:
    slug: str
    title: str
    title_en: str
    columns: tuple[Column, ...]
    #: ``queryset(user, params)``: the page's rows for ``user`` with the page's filters
    #: (a QueryDict); raises PermissionDenied when the user may not read the list.
    queryset: Callable[[object, QueryDict], QuerySet]
    #: A row → {column name: value}, as a dataset's ``row``.
    row: Callable[[object], dict]

    def dataset(self, user, params: QueryDict, *, on_row: Callable[[], None] | None = None):
        """The export as a dataset for ``user`` and ``params`` (``on_row`` is called after
        each row is read, for progress)."""
        rows_of = self.queryset(user, params)

        def row(record) -> dict:
            values = self.row(record)
            if on_row is not None:
                on_row()
            return values

        return Dataset(
            slug=self.slug,
            title=self.title,
            title_en=self.title_en,
            description="",
            description_en="",
            capability="",
            capability_en="",
            columns=self.columns,
            queryset=lambda: rows_of,
            row=row,
        )

    def count(self, user, params: QueryDict) -> int:
        return self.queryset(user, params).order_by().count()


_exports: dict[str, ListExport] = {}


def register(export: ListExport) -> ListExport:
    _exports[export.slug] = export
    return export


def get(slug: str) -> ListExport | None:
    return _exports.get(slug)


def filename(export: ListExport, fmt: str) -> str:
    """``proposals-1405-09-17.xlsx``: the list and the Jalali day it was written."""
    day = format_jalali(timezone.localdate(), digits="latin").replace("/", "-")
    return f"{export.slug}-{day}.{fmt}"


def write(export: ListExport, user, params: QueryDict, fmt: str, *, on_row=None):
    """The file in an anonymous temporary file positioned at its start."""
    dataset = export.dataset(user, params, on_row=on_row)
    if fmt == "xlsx":
        return formats.xlsx_file(dataset)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it)
    for chunk in formats.csv_lines(dataset):
        handle.write(chunk)
    handle.seek(0)
    return handle


def write_export_file(job: ExportFile) -> ExportFile:
    """Write ``job``'s file as its user (the background task's body)."""
    export = get(job.export)
    if export is None:
        job.state = ExportFile.State.FAILED
        job.save(update_fields=["state", "updated_at"])
        return job
    params = QueryDict(job.params)
    written = [0]

    def on_row() -> None:
        written[0] += 1
        if written[0] % PROGRESS_EVERY == 0:
            ExportFile.objects.filter(pk=job.pk).update(rows_written=written[0])

    job.state = ExportFile.State.RUNNING
    job.rows_total = export.count(job.user, params)
    job.save(update_fields=["state", "rows_total", "updated_at"])
    try:
        handle = write(export, job.user, params, job.format, on_row=on_row)
    except Exception:
        job.state = ExportFile.State.FAILED
        job.save(update_fields=["state", "updated_at"])
        raise
    with handle:
        job.file.save(filename(export, job.format), File(handle), save=False)
    job.rows_written = written[0]
    job.state = ExportFile.State.DONE
    job.save(update_fields=["file", "rows_written", "state", "updated_at"])
    desk.changed()
    return job


def delete_old_files(now: datetime.datetime | None = None) -> int:
    """Delete the background files older than :data:`KEEP_DAYS` (and their rows)."""
    limit = (now or timezone.now()) - datetime.timedelta(days=KEEP_DAYS)
    old = list(ExportFile.objects.filter(created_at__lt=limit))
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(old)
