"""What a dataset is: its columns (a Frictionless Table Schema), its licence, its rows.

A :class:`Dataset` names the public selector its rows come from (``queryset``: the same read
the public pages make for an anonymous visitor) and turns each record into a row (``row``).
Everything a download needs follows from that: the rows as plain values (:meth:`Dataset.rows`),
the Jalali twin of every date (a column with ``jalali_of``), the small-groups rule (a column
with ``suppress``: a count of people or firms from 1 to 4 is written ``<5`` — the indicators'
rule, :func:`khooshe.indicators.selectors.suppress_small` — which the schema declares a
missing value), the state that says whether a client's copy is current
(:meth:`Dataset.state`: the newest change of the records and their number, in one query).

The Table Schema and the Data Package are built here as plain dictionaries: the standard is a
JSON document and the ``frictionless`` library is a development dependency that validates them
in the tests, not something the server runs.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import get_language

from khooshe.indicators.selectors import is_suppressed, suppress_small
from khooshe.persian.jalali import format_jalali

#: How a suppressed count appears in a download (declared in each schema's ``missingValues``).
FEWER_THAN = "<5"
#: Rows read per database round trip while streaming.
CHUNK = 2000


def _english() -> bool:
    return (get_language() or "").startswith("en")


@dataclass(frozen=True)
class Licence:
    name: str
    title: str
    path: str

    def descriptor(self) -> dict:
        return {"name": self.name, "title": self.title, "path": self.path}


CC_BY_4 = Licence(
    name="CC-BY-4.0",
    title="Creative Commons Attribution 4.0 International",
    path="https://creativecommons.org/licenses/by/4.0/",
)


@dataclass(frozen=True)
class Column:
    """One column: ``type`` is a Frictionless Table Schema type (string, integer, number,
    boolean, date, year)."""

    name: str
    type: str
    title: str
    title_en: str
    description: str = ""
    description_en: str = ""
    unit: str = ""
    unit_en: str = ""
    #: The Jalali twin (a string ``1403/04/02``) of the date column of this name.
    jalali_of: str = ""
    #: A count of people or firms: 1 to 4 is written ``<5``.
    suppress: bool = False
    required: bool = False

    @property
    def display_title(self) -> str:
        return self.title_en if _english() else self.title

    @property
    def display_description(self) -> str:
        return self.description_en if _english() else self.description

    @property
    def display_unit(self) -> str:
        return self.unit_en if _english() else self.unit

    def descriptor(self) -> dict:
        field_ = {
            "name": self.name,
            "type": self.type,
            "title": self.title,
            "title_en": self.title_en,
            "description": self.description,
            "description_en": self.description_en,
        }
        if self.type == "date":
            field_["format"] = "default"  # ISO 8601, YYYY-MM-DD
        if self.unit:
            field_["unit"] = self.unit
            field_["unit_en"] = self.unit_en
        if self.required:
            field_["constraints"] = {"required": True}
        return field_


def date_columns(
    name: str, title: str, title_en: str, description: str = "", description_en: str = ""
) -> tuple[Column, Column]:
    """A date as two columns side by side: ISO (``name``) and Jalali (``name_jalali``)."""
    return (
        Column(name, "date", title, title_en, description, description_en),
        Column(
            f"{name}_jalali",
            "string",
            f"{title} (هجری شمسی)",
            f"{title_en} (Jalali)",
            "همان تاریخ در گاه‌شمار هجری شمسی، به شکل سال/ماه/روز",
            "The same date in the Jalali (Solar Hijri) calendar, as year/month/day",
            jalali_of=name,
        ),
    )


def published_count(value):
    """A count of people or firms as published, by the indicators' small-groups rule
    (:func:`khooshe.indicators.selectors.suppress_small`): 1 to 4 become ``<5``; 0, larger
    counts and empty values are kept."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return suppress_small(value)


@functools.lru_cache(maxsize=8192)
def _jalali(day: datetime.date) -> str:
    """``1403/04/02`` (Latin digits); many rows share a date, so each is converted once."""
    return format_jalali(day, digits="latin")


def _plain(value):
    """A value as a file holds it: a suppressed one as ``<5``, a translated label (a lazy
    string) as the text it is now."""
    if is_suppressed(value):
        return FEWER_THAN
    return str(value) if isinstance(value, Promise) else value


def local_date(value) -> datetime.date | None:
    """A date, or a datetime's day in the local time zone (Asia/Tehran)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


@dataclass(frozen=True)
class DatasetState:
    """Whether a client's copy is current: the newest change and how many rows."""

    last_modified: datetime.datetime | None
    count: int
    etag: str


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    title_en: str
    description: str
    description_en: str
    #: The capability of the platform whose records fill it (DESIGN's M-number and name).
    capability: str
    capability_en: str
    columns: tuple[Column, ...]
    #: The public selector, as an anonymous visitor reads it (or ``records``, an iterable).
    queryset: Callable[[], QuerySet] | None
    #: A record → {column name: value} (dates as dates; Jalali twins are filled in here).
    row: Callable[[object], dict]
    records: Callable[[], Iterable] | None = None
    licence: Licence = CC_BY_4
    keywords: tuple[str, ...] = ()
    #: Values that change with the calendar, not with a save (a commitment turns late
    #: overnight): the day is part of the version.
    daily: bool = False
    #: Where last_modified comes from on the records.
    changed_field: str = "updated_at"
    #: An optional (last_modified, count, token) reader replacing the aggregate over
    #: ``queryset``; the token is any other text that names the version.
    state_reader: Callable[[], tuple[datetime.datetime | None, int, str]] | None = None
    #: "list" (a public list of records) or "indicator" (an indicator's published values).
    group: str = "list"

    @property
    def display_title(self) -> str:
        return self.title_en if _english() else self.title

    @property
    def display_description(self) -> str:
        return self.description_en if _english() else self.description

    @property
    def display_capability(self) -> str:
        return self.capability_en if _english() else self.capability

    # --- the rows ---------------------------------------------------------------------------

    @property
    def field_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def rows(self) -> Iterator[dict]:
        """Every row, streamed from the database in chunks, values ready to write: Jalali
        twins filled, small counts suppressed, labels in Persian."""
        suppressed = [c.name for c in self.columns if c.suppress]
        twins = [(c.name, c.jalali_of) for c in self.columns if c.jalali_of]
        with translation.override("fa"):
            source = self.records() if self.records else self.queryset().iterator(CHUNK)
            for record in source:
                values = self.row(record)
                for name, source in twins:
                    day = local_date(values.get(source))
                    values[source] = day
                    values[name] = _jalali(day) if day else None
                for name in suppressed:
                    values[name] = published_count(values.get(name))
                yield {name: _plain(values.get(name)) for name in self.field_names}

    # --- the version ------------------------------------------------------------------------

    def state(self) -> DatasetState:
        token = ""
        if self.state_reader is not None:
            last, count, token = self.state_reader()
        else:
            figures = (
                self.queryset()
                .order_by()
                .aggregate(last=Max(self.changed_field), count=Count("pk", distinct=True))
            )
            last, count = figures["last"], figures["count"] or 0
        today = timezone.localdate()
        if self.daily:
            midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
            last = max(last, midnight) if last else midnight
        version = json.dumps(
            [self.slug, last.isoformat() if last else "", count, token, self.schema_digest()],
            ensure_ascii=True,
        )
        etag = hashlib.sha256(version.encode()).hexdigest()[:32]
        return DatasetState(last_modified=last, count=count, etag=etag)

    # --- the descriptors --------------------------------------------------------------------

    def table_schema(self) -> dict:
        schema = {
            "fields": [column.descriptor() for column in self.columns],
            "missingValues": [""],
        }
        if any(c.suppress for c in self.columns):
            schema["missingValues"].append(FEWER_THAN)
        if "id" in self.field_names:
            schema["primaryKey"] = ["id"]
        return schema

    def schema_digest(self) -> str:
        text = json.dumps(self.table_schema(), ensure_ascii=True, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def resource(self, path: str) -> dict:
        """The Data Package resource of the CSV at ``path`` (relative to the descriptor)."""
        return {
            "name": self.slug,
            "path": path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": self.title,
            "title_en": self.title_en,
            "description": self.description,
            "description_en": self.description_en,
            "licenses": [self.licence.descriptor()],
            "schema": self.table_schema(),
        }

    def package(self, *, path: str, homepage: str = "", last_modified=None) -> dict:
        package = {
            "profile": "tabular-data-package",
            "name": self.slug,
            "title": self.title,
            "title_en": self.title_en,
            "description": self.description,
            "description_en": self.description_en,
            "keywords": list(self.keywords),
            "licenses": [self.licence.descriptor()],
            "capability": self.capability,
            "capability_en": self.capability_en,
            "resources": [self.resource(path)],
        }
        if homepage:
            package["homepage"] = homepage
        if last_modified is not None:
            package["last_modified"] = last_modified.isoformat()
        return package

    def search_text(self) -> str:
        return " ".join(
            [
                self.slug,
                self.title,
                self.title_en,
                self.description,
                self.description_en,
                self.capability,
                self.capability_en,
                *self.keywords,
            ]
        )
