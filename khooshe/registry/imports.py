"""Bulk import of the guild's (NASR) member list from .xlsx or CSV, with a dry run.

``import_dry_run(actor=, content=, filename=)`` reads the file and says, row by row, what
would be created, updated (matched by legal ID, else by the folded name + county) or rejected
and why; it writes nothing. ``import_apply(actor=, content=, filename=)`` checks again inside one
transaction and writes everything (history through ``bulk_*_with_history``, ``history_user``
= the importer) — or, when any row is rejected and ``skip_invalid`` is not set, nothing at all
(:class:`ImportRejected` carries the report). Staff import only into provinces where they hold
the guild-staff role; rows of other provinces are rejected with that reason.

Rows are numbered by the file's «ردیف» column when it has one (that is how guild staff talk
about their rows), else by the spreadsheet line; both are in the report.

A row is checked by the registration's own rules: its cells are typed by the registration
form's fields (any digit script, Jalali dates), normalised by the services'
``normalize_fields`` (``NORMALIZERS``: legal ID, postal code) and validated by
``services.organizations.organization_check`` (county in province, the model's validators).
What is the list's own: its headers, kinds, provinces and counties named rather than chosen,
the legal ID and province it must give, duplicates within the file, the match with existing
records, and the membership and knowledge-based columns.
"""

from __future__ import annotations

import contextlib
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from khooshe.core.spreadsheets import SpreadsheetRefused, read_rows
from khooshe.geo.models import County, Province
from khooshe.persian.forms import JalaliDateField, PersianIntegerField
from khooshe.persian.text import clean_text, search_key, to_latin_digits, to_persian_digits
from khooshe.persian.validators import normalize_legal_id
from khooshe.registry.bitmaps import everything_changed
from khooshe.registry.facets import facets_changed
from khooshe.registry.models import GuildMembership, Organization
from khooshe.registry.permissions import can_import_members, guild_province_ids
from khooshe.registry.search import search_fields
from khooshe.registry.services.common import normalize_fields
from khooshe.registry.services.organizations import organization_check

__all__ = [
    "ASYNC_THRESHOLD",
    "COLUMNS",
    "ImportError_",
    "ImportRejected",
    "ImportReport",
    "RowResult",
    "count_rows",
    "import_apply",
    "import_dry_run",
    "read_table",
    "template_xlsx",
]

#: Files with more data rows than this run as a background task.
ASYNC_THRESHOLD = 300
#: Largest file accepted (bytes); rows, extent and inflated size are capped by
#: :mod:`khooshe.core.spreadsheets` (``MAX_ROWS`` = 50,000 data rows).
MAX_FILE_SIZE = 20 * 1024 * 1024
#: What the knowledge-based column sets as certificate number when it says «بله» and the
#: organization has none: the guild's list says so, but gives no certificate number.
KB_DECLARED = "اعلام‌شده در فهرست نصر"
CHANGE_REASON = "ورود گروهی از فهرست"

#: field → Persian header, in the order of the guild's list (and of the template file).
COLUMNS: dict[str, str] = {
    "row": "ردیف",
    "name": "نام",
    "kind": "نوع",
    "legal_id": "شناسه ملی",
    "registration_number": "شماره ثبت",
    "founded_on": "تاریخ تأسیس",
    "province": "استان",
    "county": "شهرستان",
    "address": "نشانی",
    "postal_code": "کد پستی",
    "phone": "تلفن",
    "website": "وب‌سایت",
    "employees": "تعداد کارکنان",
    "membership_number": "شماره عضویت نصر",
    "grade": "رتبه",
    "field": "زمینه فعالیت",
    "membership_expires_on": "تاریخ انقضای عضویت",
    "knowledge_based": "دانش‌بنیان",
    "email": "ایمیل",
}
_HEADER_KEYS = {search_key(header): name for name, header in COLUMNS.items()}
# A few other spellings seen in lists.
_HEADER_KEYS.update(
    {
        search_key("نام سازمان"): "name",
        search_key("نام شرکت"): "name",
        search_key("شناسه"): "legal_id",
        search_key("سایت"): "website",
        search_key("کدپستی"): "postal_code",
        search_key("پست الکترونیک"): "email",
        search_key("شماره عضویت"): "membership_number",
        search_key("تاریخ انقضا"): "membership_expires_on",
    }
)
_YES = {search_key(v) for v in ("بله", "آری", "دارد", "هست", "yes", "true", "1", "✓")}
_NO = {search_key(v) for v in ("خیر", "نه", "ندارد", "نیست", "no", "false", "0")}


class ImportError_(ValueError):
    """The file cannot be read at all (wrong type, no header, missing required columns)."""


@dataclass
class RowResult:
    number: int  # «ردیف» when the file has it, else the spreadsheet line
    line: int  # the spreadsheet line (the header is line 1)
    action: str  # "create" | "update" | "reject"
    name: str = ""
    province: str = ""
    county: str = ""
    legal_id: str = ""
    errors: list[str] = field(default_factory=list)
    organization_id: int | None = None

    @property
    def is_rejected(self) -> bool:
        return self.action == "reject"


@dataclass
class ImportReport:
    filename: str = ""
    rows: list[RowResult] = field(default_factory=list)
    applied: bool = False

    def counts(self) -> dict[str, int]:
        counts = {"create": 0, "update": 0, "reject": 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def rejected(self) -> list[RowResult]:
        return [row for row in self.rows if row.is_rejected]

    def to_dict(self) -> dict:
        return {
            "filename": self.filename,
            "applied": self.applied,
            "rows": [asdict(row) for row in self.rows],
        }

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        return cls(
            filename=data.get("filename", ""),
            applied=data.get("applied", False),
            rows=[RowResult(**row) for row in data.get("rows", [])],
        )


class ImportRejected(Exception):
    """Confirmation refused: some rows are rejected and ``skip_invalid`` was not set."""

    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(
            _("هیچ ردیفی ثبت نشد: %(count)s ردیف نادرست است.") % {"count": len(report.rejected)}
        )


# --- Reading ---------------------------------------------------------------------------------


def require_importer(actor) -> None:
    """Refuse anyone but guild staff and admins (the page and the API ask first)."""
    if not can_import_members(actor):
        raise PermissionDenied(_("ورود گروهی فقط برای کارشناسان نصر استان است."))


def _cell(value) -> str | datetime.date:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "بله" if value else "خیر"
    if isinstance(value, float | Decimal):
        return str(int(value)) if value == int(value) else str(value)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return str(value).strip()


def read_table(content: bytes, filename: str) -> list[list]:
    """All rows of the file's first sheet (or the CSV), as cleaned cells; header included.

    The file is checked before it is read and read row by row
    (:func:`khooshe.core.spreadsheets.read_rows`): at most ``MAX_ROWS`` rows, a bounded
    extent and inflated size, so a crafted file is refused instead of exhausting the server."""
    try:
        return [[_cell(value) for value in row] for row in read_rows(content, filename)]
    except SpreadsheetRefused as refusal:
        raise ImportError_(str(refusal)) from refusal


def _columns(header: list) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        name = _HEADER_KEYS.get(search_key(str(title)))
        if name and name not in columns:
            columns[name] = index
    missing = [COLUMNS[name] for name in ("name", "legal_id", "province") if name not in columns]
    if missing:
        raise ImportError_(
            _("ستون‌های لازم در سطر اول فایل نیست: %(columns)s") % {"columns": "، ".join(missing)}
        )
    return columns


def _data_rows(table: list[list]) -> Iterable[tuple[int, list]]:
    for line, row in enumerate(table[1:], start=2):
        if any(value not in ("", None) for value in row):
            yield line, row


def count_rows(content: bytes, filename: str) -> int:
    """The data rows of the file, counted as they are read (the table is not kept)."""
    try:
        rows = read_rows(content, filename)
        next(rows, None)  # the header
        return sum(1 for row in rows if any(_cell(value) not in ("", None) for value in row))
    except SpreadsheetRefused as refusal:
        raise ImportError_(str(refusal)) from refusal


# --- Checking --------------------------------------------------------------------------------


@dataclass
class _Row:
    result: RowResult
    values: dict
    membership: dict
    kb: bool | None
    province: Province | None = None
    county: County | None = None
    existing: Organization | None = None


class _Context:
    """Everything the checks look up, loaded once per file (a constant number of queries)."""

    def __init__(self, actor, rows: list[dict]):
        self.actor = actor
        allowed = guild_province_ids(actor)
        self.provinces = list(Province.objects.all())
        self.allowed = None if allowed is None else set(allowed)
        self.province_by_key = {}
        for province in self.provinces:
            self.province_by_key[search_key(province.name)] = province
            self.province_by_key[search_key(province.name_en)] = province
            self.province_by_key[search_key(province.code)] = province
            short = search_key(province.name.removeprefix("استان "))
            self.province_by_key.setdefault(short, province)
        self.counties = {
            (county.province_id, county.name_key): county
            for county in County.objects.filter(
                province_id__in=self.allowed
                if self.allowed is not None
                else [p.pk for p in self.provinces]
            )
        }
        self.kinds = {}
        for value, label in Organization.Kind.choices:
            self.kinds[search_key(str(label))] = value
            self.kinds[search_key(value)] = value
        self.kinds[search_key("دانش‌بنیان")] = Organization.Kind.KNOWLEDGE_BASED
        self.kinds[search_key("مؤسسه")] = Organization.Kind.COMPANY
        legal_ids, keys, numbers = set(), set(), set()
        for row in rows:
            with contextlib.suppress(ValidationError):
                legal_ids.add(normalize_legal_id(row.get("legal_id", "")))
            keys.add(search_key(str(row.get("name", "")))[:255])
            if row.get("membership_number"):
                numbers.add(to_latin_digits(str(row["membership_number"])).strip())
        self.by_legal_id = {}
        self.by_name = {}
        for chunk in _chunks(sorted(legal_ids)):
            for org in Organization.objects.filter(legal_id__in=chunk):
                self.by_legal_id[org.legal_id] = org
        for chunk in _chunks(sorted(k for k in keys if k)):
            for org in Organization.objects.filter(
                search_key__in=chunk, merged_into__isnull=True
            ).order_by("id"):
                self.by_name.setdefault((org.search_key, org.county_id), org)
        self.memberships = {}
        for chunk in _chunks(sorted(numbers)):
            for membership in GuildMembership.objects.filter(number__in=chunk):
                self.memberships[(membership.province_id, membership.number)] = membership

    def province(self, value: str) -> Province | None:
        return self.province_by_key.get(search_key(value))


def _chunks(items: list, size: int = 500) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


#: The organization's columns, checked by the registration's own rules
#: (:func:`~khooshe.registry.services.organizations.organization_check`).
ORGANIZATION_COLUMNS = (
    "name",
    "kind",
    "legal_id",
    "registration_number",
    "founded_on",
    "province",
    "county",
    "address",
    "postal_code",
    "phone",
    "website",
    "email",
    "employees",
)
#: Cells typed as the registration form types them: digits in any script, Jalali dates.
_CELL_FIELDS = {
    "founded_on": JalaliDateField(required=False),
    "employees": PersianIntegerField(min_value=0, required=False),
    "membership_expires_on": JalaliDateField(required=False),
}
#: The errors that say a value is missing, whatever rule said it.
_MISSING = {"required", "blank", "null"}


def _label(column: str) -> str:
    """A column's name in the page's language (the organization's field name, which is the
    list's Persian header)."""
    if column in ORGANIZATION_COLUMNS:
        return str(Organization._meta.get_field(column).verbose_name)
    return COLUMNS[column]


def _missing(column: str) -> str:
    return _("%(column)s وارد نشده است.") % {"column": _label(column)}


def _message(column: str, cell, error: ValidationError) -> str:
    """One error of a row's cell, naming its column (and what it held) unless it already does."""
    label = _label(column)
    if error.code in _MISSING:
        return _missing(column)
    message = " ".join(error.messages)
    if label in message:
        return message
    shown = f"{label} «{cell}»" if cell not in ("", None) else label
    return f"{shown}: {message}"


def _typed(raw: dict, column: str, errors: list[str]):
    """A typed cell (:data:`_CELL_FIELDS`), or None with its error added."""
    value = raw.get(column)
    if isinstance(value, str):
        value = value.replace(",", "").replace("٬", "")  # thousands separators
    try:
        return _CELL_FIELDS[column].clean(value)
    except ValidationError as error:
        errors.append(_message(column, value, error))
        return None


def _add_errors(errors: list[str], raw: dict, error: ValidationError) -> set[str]:
    """Add a service's per-field refusal to the row's errors; the columns it named."""
    named = set()
    for column, field_errors in error.error_dict.items():
        named.add(column)
        for field_error in field_errors:
            errors.append(_message(column, raw.get(column), field_error))
    return named


def _organization_values(raw: dict, ctx: _Context, errors: list[str], seen: dict, number: int):
    """The organization a row describes, through the registration's normalisers and checks;
    the names of the list (kind, province, county) are looked up first."""
    fields: dict = {column: clean_text(str(raw.get(column, ""))) for column in ORGANIZATION_COLUMNS}
    refused: set[str] = set()
    kind_text = fields["kind"]
    fields["kind"] = (
        ctx.kinds.get(search_key(kind_text)) if kind_text else Organization.Kind.COMPANY
    )
    if fields["kind"] is None:
        errors.append(_("نوع «%(kind)s» شناخته نیست.") % {"kind": kind_text})
        refused.add("kind")
    province_text = fields["province"]
    province = ctx.province(province_text) if province_text else None
    if province_text and province is None:
        errors.append(_("استان «%(province)s» شناخته نیست.") % {"province": province_text})
        refused.add("province")
    elif province is not None and ctx.allowed is not None and province.pk not in ctx.allowed:
        errors.append(
            _("شما فقط برای استان خود می‌توانید وارد کنید؛ این ردیف از استان %(province)s است.")
            % {"province": province.name}
        )
        province = None
        refused.add("province")
    county_text = fields["county"]
    county = None
    if county_text and province is not None:
        county = ctx.counties.get((province.pk, search_key(county_text)))
        if county is None:
            errors.append(
                _("شهرستان «%(county)s» در استان %(province)s وجود ندارد.")
                % {"county": county_text, "province": province.name}
            )
    fields["province"], fields["county"] = province, county
    for column in ("founded_on", "employees"):
        fields[column] = _typed(raw, column, errors)
    fields["registration_number"] = to_latin_digits(fields["registration_number"])
    fields["phone"] = to_latin_digits(fields["phone"]).replace(" ", "")
    if fields["website"] and "://" not in fields["website"]:
        fields["website"] = "https://" + fields["website"]  # lists leave the scheme out
    # The guild's list must name the legal ID and the province (a registration need not).
    for column, given in (("legal_id", fields["legal_id"]), ("province", province_text)):
        if not given:
            errors.append(_missing(column))
            refused.add(column)
    try:
        values = normalize_fields(Organization, fields, allowed=ORGANIZATION_COLUMNS)
    except ValidationError as error:
        refused |= _add_errors(errors, raw, error)
        kept = {column: value for column, value in fields.items() if column not in refused}
        values = {
            **normalize_fields(Organization, kept, allowed=ORGANIZATION_COLUMNS),
            **dict.fromkeys(refused),
        }
    if values["legal_id"]:
        first = seen.setdefault(("legal_id", values["legal_id"]), number)
        if first != number:
            errors.append(
                _("شناسه ملی تکراری در فایل: همان شناسه ردیف %(row)s.")
                % {"row": to_persian_digits(first)}
            )
    checked = [c for c in ORGANIZATION_COLUMNS if c not in refused and fields[c] is not None]
    try:
        organization_check(
            Organization(**values), [c for c in checked if c not in ("province", "county")]
        )
    except ValidationError as error:
        _add_errors(errors, raw, error)
    return values, province, county


def _check_row(line: int, raw: dict, ctx: _Context, seen: dict) -> _Row:
    errors: list[str] = []
    number_text = to_latin_digits(str(raw.get("row", ""))).strip()
    number = int(number_text) if number_text.isdigit() else line
    values, province, county = _organization_values(raw, ctx, errors, seen, number)
    name, legal_id = values["name"] or "", values["legal_id"]
    result = RowResult(
        number=number,
        line=line,
        action="create",
        name=name,
        legal_id=legal_id or to_latin_digits(str(raw.get("legal_id", "")).strip()),
        province=province.name if province else str(raw.get("province", "")).strip(),
        county=clean_text(str(raw.get("county", ""))),
    )

    membership_number = to_latin_digits(str(raw.get("membership_number", ""))).strip()
    membership = {
        "number": membership_number,
        "grade": clean_text(str(raw.get("grade", "")))[:16],
        "field": clean_text(str(raw.get("field", "")))[:100],
        "expires_on": _typed(raw, "membership_expires_on", errors),
    }
    if membership_number and province is not None:
        first = seen.setdefault(("membership", province.pk, membership_number), number)
        if first != number:
            errors.append(
                _("شماره عضویت تکراری در فایل: همان شماره ردیف %(row)s.")
                % {"row": to_persian_digits(first)}
            )

    kb_text = search_key(str(raw.get("knowledge_based", "")))
    kb = True if kb_text in _YES else False if kb_text in _NO else None
    if kb_text and kb is None:
        errors.append(
            _("ستون دانش‌بنیان باید «بله» یا «خیر» باشد، نه «%(value)s».")
            % {"value": raw.get("knowledge_based")}
        )

    row = _Row(result=result, values=values, membership=membership, kb=kb)
    row.province, row.county = province, county
    # Match an existing organization: legal ID, else the folded name in the same county.
    if not errors:
        key = search_key(name)[:255]
        existing = ctx.by_legal_id.get(legal_id)
        if existing is None:
            existing = ctx.by_name.get((key, county.pk if county else None))
            if existing is not None and existing.legal_id and existing.legal_id != legal_id:
                errors.append(
                    _("سازمانی با همین نام در این شهرستان با شناسه ملی دیگری (%(id)s) ثبت شده است.")
                    % {"id": existing.legal_id}
                )
                existing = None
        if (
            existing is not None
            and ctx.allowed is not None
            and existing.province_id not in ctx.allowed
        ):
            errors.append(_("این شناسه ملی متعلق به سازمانی در استان دیگری است."))
            existing = None
        first = seen.setdefault(("name", key, county.pk if county else None), number)
        if first != number and existing is None:
            errors.append(
                _("نام تکراری در فایل: همان نام و شهرستان ردیف %(row)s.")
                % {"row": to_persian_digits(first)}
            )
        if membership_number and province is not None:
            other = ctx.memberships.get((province.pk, membership_number))
            if other is not None and (existing is None or other.organization_id != existing.pk):
                errors.append(
                    _("شماره عضویت %(number)s در این استان از آن عضو دیگری است.")
                    % {"number": to_persian_digits(membership_number)}
                )
        row.existing = existing
        if existing is not None:
            result.action = "update"
            result.organization_id = existing.pk
    if errors:
        result.action = "reject"
        result.errors = errors
        row.existing = None
    return row


def _check(actor, content: bytes, filename: str, progress=None) -> tuple[ImportReport, list[_Row]]:
    table = read_table(content, filename)
    if not table:
        raise ImportError_(_("فایل خالی است."))
    columns = _columns(table[0])
    raws = []
    for line, cells in _data_rows(table):
        raw = {
            name: (cells[index] if index < len(cells) else "") for name, index in columns.items()
        }
        raws.append((line, raw))
    ctx = _Context(actor, [raw for _line, raw in raws])
    seen: dict = {}
    checked = []
    total = len(raws)
    for index, (line, raw) in enumerate(raws, start=1):
        checked.append(_check_row(line, raw, ctx, seen))
        if progress and index % 500 == 0:
            progress(index, total)
    report = ImportReport(filename=filename, rows=[row.result for row in checked])
    return report, checked


# --- Public use cases ------------------------------------------------------------------------


def import_dry_run(*, actor, content: bytes, filename: str, progress=None) -> ImportReport:
    """What the import would do, row by row; writes nothing."""
    report, _rows = _check(actor, content, filename, progress)
    return report


#: What an update of an existing organization writes: its columns and what follows from them.
_UPDATE_FIELDS = [
    *ORGANIZATION_COLUMNS,
    "kb_certificate_number",
    "kb_certificate_type",
    "search_key",
    "search_text",
    "version",
    "updated_at",
]


def import_apply(
    *,
    actor,
    content: bytes,
    filename: str,
    skip_invalid: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check again and write every valid row in one transaction — or nothing at all when a row
    is rejected and ``skip_invalid`` is false (raises :class:`ImportRejected`)."""
    with transaction.atomic():
        report, rows = _check(actor, content, filename)
        if report.rejected and not skip_invalid:
            raise ImportRejected(report)
        valid = [row for row in rows if not row.result.is_rejected]
        total = len(valid) or 1
        now = timezone.now()
        creates, updates = [], []
        for row in valid:
            values = row.values
            if row.existing is None:
                org = Organization(**values)
                org.created_at = org.updated_at = now
                creates.append((row, org))
            else:
                org = row.existing
                for name, value in values.items():
                    if value not in ("", None):
                        setattr(org, name, value)
                org.version = (org.version or 0) + 1
                org.updated_at = now
                updates.append((row, org))
            if row.kb is True and not org.kb_certificate_number:
                org.kb_certificate_number = KB_DECLARED[:32]
            elif row.kb is False and org.kb_certificate_number == KB_DECLARED[:32]:
                org.kb_certificate_number = ""
            for name, value in search_fields(org.name, org.name_en, org.description).items():
                setattr(org, name, value)
        if progress:
            progress(0, total)
        created = bulk_create_with_history(
            [org for _row, org in creates],
            Organization,
            batch_size=500,
            default_user=actor,
            default_change_reason=CHANGE_REASON,
        )
        for (row, _org), org in zip(creates, created, strict=True):
            row.result.organization_id = org.pk
            row.existing = org
        if progress:
            progress(len(creates), total)
        if updates:
            bulk_update_with_history(
                [org for _row, org in updates],
                Organization,
                fields=_UPDATE_FIELDS,
                batch_size=500,
                default_user=actor,
                default_change_reason=CHANGE_REASON,
            )
        for _row, org in creates:
            if org.pk is None:  # databases that return no primary keys from bulk inserts
                org.pk = Organization.objects.get(legal_id=org.legal_id).pk
        _apply_memberships(actor, [row for row in valid if row.membership["number"]], now)
        if progress:
            progress(total, total)
    facets_changed()
    everything_changed()
    report.applied = True
    return report


def _apply_memberships(actor, rows: list[_Row], now) -> None:
    existing = {}
    numbers = sorted({row.membership["number"] for row in rows})
    for chunk in _chunks(numbers):
        for membership in GuildMembership.objects.filter(number__in=chunk):
            existing[(membership.province_id, membership.number)] = membership
    creates, updates = [], []
    for row in rows:
        org = row.existing
        data = row.membership
        membership = existing.get((org.province_id, data["number"]))
        if membership is None:
            membership = GuildMembership(
                organization=org,
                province_id=org.province_id,
                number=data["number"],
                grade=data["grade"],
                field=data["field"],
                expires_on=data["expires_on"],
            )
            membership.created_at = membership.updated_at = now
            creates.append(membership)
        else:
            membership.grade = data["grade"] or membership.grade
            membership.field = data["field"] or membership.field
            membership.expires_on = data["expires_on"] or membership.expires_on
            membership.version = (membership.version or 0) + 1
            membership.updated_at = now
            updates.append(membership)
    if creates:
        bulk_create_with_history(
            creates,
            GuildMembership,
            batch_size=500,
            default_user=actor,
            default_change_reason=CHANGE_REASON,
        )
    if updates:
        bulk_update_with_history(
            updates,
            GuildMembership,
            fields=["grade", "field", "expires_on", "version", "updated_at"],
            batch_size=500,
            default_user=actor,
            default_change_reason=CHANGE_REASON,
        )


def template_xlsx() -> bytes:
    """An empty member list with the expected headers (right-to-left sheet)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(gettext_lazy("اعضا")))
    sheet.sheet_view.rightToLeft = True
    sheet.append(list(COLUMNS.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
