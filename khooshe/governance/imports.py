"""Resolutions and their commitments from a spreadsheet (.xlsx or CSV), with a dry run.

Secretariats keep their bodies' resolutions in Excel: one row per resolution — the body, the
Jalali date of the meeting, the resolution's number, its text, the owner (by name or legal ID),
co-owners, the due date (``۱۴۰۳/۰۷/۳۰`` or as the minutes say it, «پایان مهر ۱۴۰۳») and a
source. :func:`resolutions_check` reads the file and says, row by row, what would be recorded
or why not (an owner not found is offered with the registry's nearest names); it writes
nothing. :func:`resolutions_apply` checks again and, only when every row is right, records in
one transaction: the meetings (one per body and date, an existing one reused) and the numbered
resolutions through :func:`~khooshe.governance.services.resolution_create`, so the owner's
commitment and each co-owner's (a collaborator's) are made as on the page.

Names are matched through the search key (any spelling, ZWNJ or not, Arabic letters) against
names and aliases; bodies only among those of the provinces the importer records in.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from khooshe.accounts.permissions import province_ids_for
from khooshe.core.spreadsheets import SpreadsheetRefused, read_rows
from khooshe.governance import permissions
from khooshe.governance.models import Body, Commitment, Meeting, Resolution
from khooshe.governance.services import meeting_create, resolution_create
from khooshe.governance.services.commitments import due_date
from khooshe.persian.aliases import alias_keys
from khooshe.persian.forms import JalaliDateField, PersianIntegerField
from khooshe.persian.jalali import TEHRAN, format_jalali, jalali_year_of
from khooshe.persian.text import clean_text, search_key, to_latin_digits, to_persian_digits
from khooshe.registry.models import Organization

__all__ = ["COLUMNS", "MAX_ROWS", "ImportReport", "resolutions_apply", "resolutions_check"]

#: Largest file accepted (a body's resolutions of several years fit many times over).
MAX_ROWS = 2000
MAX_FILE_SIZE = 5 * 1024 * 1024
#: field → Persian header, in the order of the template file.
COLUMNS: dict[str, str] = {
    "row": "ردیف",
    "body": "نهاد",
    "meeting_date": "تاریخ جلسه",
    "number": "شماره مصوبه",
    "text": "متن مصوبه",
    "owner": "مسئول",
    "co_owners": "همکاران",
    "due": "موعد",
    "source": "منبع",
}
REQUIRED = ("body", "meeting_date", "text", "owner")
_HEADERS = {search_key(title): name for name, title in COLUMNS.items()} | {
    search_key(name): name for name in COLUMNS
}
#: How the co-owners cell separates names.
SEPARATORS = ("،", ",", "؛", ";", "\n")
#: A meeting imported without a time is recorded at this hour, Tehran time.
MEETING_HOUR = 10


class FileRefused(ValueError):
    """The file cannot be read at all (type, size, header)."""


@dataclass
class RowResult:
    number: int
    line: int
    body: str = ""
    meeting_on: str = ""
    text: str = ""
    owner: str = ""
    due_on: str = ""
    errors: list[str] = field(default_factory=list)
    resolution_id: int | None = None

    @property
    def is_rejected(self) -> bool:
        return bool(self.errors)


@dataclass
class ImportReport:
    filename: str = ""
    rows: list[RowResult] = field(default_factory=list)
    applied: bool = False

    @property
    def rejected(self) -> list[RowResult]:
        return [row for row in self.rows if row.is_rejected]


@dataclass
class _Checked:
    result: RowResult
    body: Body | None = None
    meeting_on: datetime.date | None = None
    number: int | None = None
    text: str = ""
    owner: Organization | None = None
    co_owners: list[Organization] = field(default_factory=list)
    due_on: datetime.date | None = None
    due_text: str = ""
    source: str = ""


def _require(actor) -> frozenset | None:
    provinces = province_ids_for(actor)
    if provinces is not None and not provinces:
        raise PermissionDenied(_("ثبت مصوبه‌ها با کارشناسان استان است."))
    return provinces


def _cell(value) -> str | datetime.date:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value).strip()


def _read(content: bytes, filename: str) -> tuple[dict[str, int], list[tuple[int, list]]]:
    if len(content) > MAX_FILE_SIZE:
        raise FileRefused(_("فایل بزرگ‌تر از ۵ مگابایت است."))
    try:
        table = [[_cell(v) for v in row] for row in read_rows(content, filename)]
    except SpreadsheetRefused as refusal:
        raise FileRefused(str(refusal)) from refusal
    if not table:
        raise FileRefused(_("فایل خالی است."))
    columns: dict[str, int] = {}
    for index, title in enumerate(table[0]):
        name = _HEADERS.get(search_key(str(title)))
        if name and name not in columns:
            columns[name] = index
    missing = [COLUMNS[name] for name in REQUIRED if name not in columns]
    if missing:
        raise FileRefused(
            _("ستون‌های لازم در سطر اول فایل نیست: %(columns)s") % {"columns": "، ".join(missing)}
        )
    rows = [
        (line, row)
        for line, row in enumerate(table[1:], start=2)
        if any(value not in ("", None) for value in row)
    ]
    if len(rows) > MAX_ROWS:
        raise FileRefused(
            _("فایل بیش از %(max)s ردیف دارد؛ آن را در چند فایل بفرستید.")
            % {"max": to_persian_digits(MAX_ROWS)}
        )
    return columns, rows


class _Registry:
    """Bodies of the importer's provinces and organizations, looked up by folded name."""

    def __init__(self, provinces):
        bodies = Body.objects.all()
        if provinces is not None:
            bodies = bodies.filter(province_id__in=provinces)
        self._alias_ids: dict[str, list[int]] | None = None
        self.bodies: dict[str, list[Body]] = {}
        for body in bodies.select_related("province"):
            for key in {search_key(body.name), *alias_keys(body.aliases)}:
                self.bodies.setdefault(key, []).append(body)

    def body(self, name: str) -> Body:
        found = self.bodies.get(search_key(name), [])
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(
                _("نهادی به نام «%(name)s» در استان‌های شما ثبت نشده است.") % {"name": name}
            )
        raise ValidationError(
            _("چند نهاد به نام «%(name)s» هست؛ نام کامل آن را بنویسید.") % {"name": name}
        )

    def _organizations_by_alias(self) -> dict[str, list[int]]:
        """Every alias of the registry, read once per file (not once per row): through the
        partial index of the rows with aliases alone, merged records dropped after."""
        if self._alias_ids is None:
            self._alias_ids = {}
            rows = Organization.objects.exclude(aliases="").order_by()
            for pk, aliases, merged in rows.values_list("pk", "aliases", "merged_into_id"):
                if merged is None:
                    for key in alias_keys(aliases):
                        self._alias_ids.setdefault(key, []).append(pk)
        return self._alias_ids

    def organization(self, text: str) -> Organization:
        live = Organization.objects.filter(merged_into__isnull=True)
        legal_id = to_latin_digits(text).replace(" ", "").replace("-", "")
        if legal_id.isascii() and legal_id.isdigit():
            found = list(live.filter(legal_id=legal_id)[:2])
        else:
            key = search_key(text)
            found = list(live.filter(search_key=key)[:2])
            if not found:
                ids = self._organizations_by_alias().get(key, [])[:2]
                found = list(live.filter(pk__in=ids)) if ids else []
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValidationError(
                _("چند سازمان به نام «%(name)s» هست؛ شناسه ملی آن را بنویسید.") % {"name": text}
            )
        candidates = _candidates(text)
        message = _("سازمان «%(name)s» در بانک فعالان یافت نشد.") % {"name": text}
        if candidates:
            message += " " + _("شاید: %(names)s") % {"names": "، ".join(candidates)}
        raise ValidationError(message)


def _candidates(text: str, limit: int = 3) -> list[str]:
    """The registry's names nearest to ``text``: those starting with its first word's key."""
    words = [w for w in clean_text(text).split() if len(w) > 1]
    if not words:
        return []
    prefix = search_key(" ".join(words[:2]))
    names = Organization.objects.filter(
        merged_into__isnull=True, search_key__startswith=prefix
    ).values_list("name", flat=True)
    return list(names.order_by("name")[:limit])


def _field(form_field, value, errors: list[str], label: str):
    try:
        return form_field.clean(value)
    except ValidationError as error:
        errors.extend(f"{label}: {message}" for message in error.messages)
        return None


def _check_row(line: int, raw: dict, registry: _Registry, taken: set) -> _Checked:
    errors: list[str] = []
    row_number = _field(PersianIntegerField(required=False, min_value=1), raw.get("row"), [], "")
    result = RowResult(number=row_number or line, line=line)
    checked = _Checked(result=result)
    for name in REQUIRED:
        if raw.get(name) in ("", None):
            errors.append(_("«%(column)s» خالی است.") % {"column": COLUMNS[name]})
    if raw.get("body"):
        result.body = clean_text(str(raw["body"]))
        try:
            checked.body = registry.body(result.body)
        except ValidationError as error:
            errors.extend(error.messages)
    if raw.get("meeting_date") not in ("", None):
        value = raw["meeting_date"]
        meeting_on = value if isinstance(value, datetime.date) else None
        if meeting_on is None:
            meeting_on = _field(JalaliDateField(), value, errors, COLUMNS["meeting_date"])
        if meeting_on and meeting_on > timezone.localdate():
            errors.append(_("تاریخ جلسه در آینده است."))
            meeting_on = None
        checked.meeting_on = meeting_on
        result.meeting_on = format_jalali(meeting_on) if meeting_on else str(value)
    if raw.get("number") not in ("", None):
        checked.number = _field(
            PersianIntegerField(min_value=1, max_value=100_000),
            raw["number"],
            errors,
            COLUMNS["number"],
        )
    checked.text = clean_text(str(raw.get("text") or ""))
    result.text = checked.text[:120]
    if raw.get("owner"):
        result.owner = clean_text(str(raw["owner"]))
        try:
            checked.owner = registry.organization(result.owner)
        except ValidationError as error:
            errors.extend(error.messages)
    co_owners = str(raw.get("co_owners") or "")
    for separator in SEPARATORS[1:]:
        co_owners = co_owners.replace(separator, SEPARATORS[0])
    for name in filter(None, (clean_text(n) for n in co_owners.split(SEPARATORS[0]))):
        try:
            organization = registry.organization(name)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if organization != checked.owner and organization not in checked.co_owners:
            checked.co_owners.append(organization)
    due = raw.get("due")
    if due not in ("", None):
        try:
            if isinstance(due, datetime.date):
                checked.due_on = due
            else:
                checked.due_text = clean_text(str(due))
                checked.due_on = due_date(checked.due_text, checked.due_text)
            result.due_on = format_jalali(checked.due_on) if checked.due_on else ""
        except ValidationError as error:
            messages = error.message_dict.get("due_on", error.messages)
            errors.extend(f"{COLUMNS['due']}: {m}" for m in messages)
    checked.source = clean_text(str(raw.get("source") or ""))[:300]
    if checked.body and checked.meeting_on and checked.number:
        year = jalali_year_of(checked.meeting_on)
        key = (checked.body.pk, year, checked.number)
        if (
            key in taken
            or Resolution.objects.filter(
                body=checked.body, year=year, sequence=checked.number
            ).exists()
        ):
            errors.append(
                _("مصوبه شماره %(number)s سال %(year)s این نهاد پیش‌تر ثبت شده است.")
                % {"number": to_persian_digits(checked.number), "year": to_persian_digits(year)}
            )
        taken.add(key)
    result.errors = errors
    return checked


def _check(actor, content: bytes, filename: str) -> tuple[ImportReport, list[_Checked]]:
    provinces = _require(actor)
    columns, rows = _read(content, filename)
    registry = _Registry(provinces)
    taken: set = set()
    checked = []
    for line, row in rows:
        raw = {name: (row[index] if index < len(row) else "") for name, index in columns.items()}
        checked.append(_check_row(line, raw, registry, taken))
    return ImportReport(filename=filename, rows=[c.result for c in checked]), checked


def resolutions_check(*, actor, content: bytes, filename: str) -> ImportReport:
    """The dry run: what each row would record, or why it cannot; nothing is written."""
    return _check(actor, content, filename)[0]


@transaction.atomic
def resolutions_apply(*, actor, content: bytes, filename: str) -> ImportReport:
    """Record every row, or — when any row is wrong — nothing (the report says why)."""
    report, checked = _check(actor, content, filename)
    if report.rejected:
        return report
    meetings: dict[tuple[int, datetime.date], Meeting] = {}
    for row in checked:
        key = (row.body.pk, row.meeting_on)
        if key not in meetings:
            meetings[key] = _meeting(actor, row.body, row.meeting_on)
        if not permissions.can_manage_in(actor, row.body.province_id):
            raise PermissionDenied(_("ثبت مصوبه‌ها با کارشناسان استان است."))
        resolution = resolution_create(
            actor=actor,
            meeting=meetings[key],
            text=row.text,
            owner=row.owner,
            due_on=row.due_on,
            due_text=row.due_text,
            sequence=row.number,
            collaborators=row.co_owners,
        )
        if row.source:
            # Part of the same creation: the commitments just made say where the row came from.
            Commitment.objects.filter(resolution=resolution).update(source_note=row.source)
        row.result.resolution_id = resolution.pk
    report.applied = True
    return report


def _meeting(actor, body: Body, day: datetime.date) -> Meeting:
    """The body's meeting of that day, or a new one recorded for the import."""
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=TEHRAN)
    existing = (
        body.meetings.filter(held_at__gte=start, held_at__lt=start + datetime.timedelta(days=1))
        .order_by("held_at")
        .first()
    )
    if existing is not None:
        return existing
    return meeting_create(
        actor=actor,
        body=body,
        title=_("جلسه %(date)s") % {"date": format_jalali(day)},
        held_at=start.replace(hour=MEETING_HOUR),
    )


def template_xlsx() -> bytes:
    """An empty workbook with the headers and one example row, right to left."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "مصوبه‌ها"
    sheet.sheet_view.rightToLeft = True
    sheet.append(list(COLUMNS.values()))
    sheet.append(
        [
            1,
            "کارگروه فناوری اطلاعات استان",
            "۱۴۰۳/۰۴/۰۲",
            12,
            "دستگاه‌های اجرایی خدمات الکترونیک خود را در جشنواره ارائه کنند.",
            "اداره کل ارتباطات و فناوری اطلاعات",
            "سازمان نظام صنفی رایانه‌ای",
            "پایان مهر ۱۴۰۳",
            "صورتجلسه",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
