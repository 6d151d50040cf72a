"""Export of any filtered directory list to Excel (.xlsx) and CSV.

Persian headers (the import's where they overlap, so an export can be imported back), Jalali
dates, right-to-left sheet, CSV in UTF-8 with a BOM (Excel needs it to read UTF-8). The rows are
what the viewer may see in the directory (``selectors.organization_list``: hidden records only
for staff of their province and owners); private columns (legal ID, registration number) are
filled only where the viewer may see them (``permissions.can_view_private``) and left out
entirely for a viewer who may see them nowhere.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from khooshe.accounts.permissions import organization_ids_for, sees_as_staff_anywhere
from khooshe.core.spreadsheets import safe_row
from khooshe.persian.jalali import format_jalali
from khooshe.registry.models import GuildMembership, Organization
from khooshe.registry.permissions import can_view_private
from khooshe.registry.selectors import organization_list

__all__ = ["PRIVATE_COLUMNS", "export_columns", "export_csv", "export_queryset", "export_xlsx"]

#: key → Persian header. ``legal_id`` and ``registration_number`` are private.
COLUMNS: dict[str, str] = {
    "name": "نام",
    "name_en": "نام انگلیسی",
    "kind": "نوع",
    "legal_id": "شناسه ملی",
    "registration_number": "شماره ثبت",
    "founded_on": "تاریخ تأسیس",
    "province": "استان",
    "county": "شهرستان",
    "locality": "محدوده",
    "address": "نشانی",
    "postal_code": "کد پستی",
    "phone": "تلفن",
    "website": "وب‌سایت",
    "email": "ایمیل",
    "employees": "تعداد کارکنان",
    "capabilities": "توانمندی‌ها",
    "sectors": "بخش‌های خدمت‌گیرنده",
    "membership_number": "شماره عضویت نصر",
    "grade": "رتبه",
    "field": "زمینه فعالیت",
    "membership_expires_on": "تاریخ انقضای عضویت",
    "knowledge_based": "دانش‌بنیان",
    "verification": "وضعیت تأیید",
    "created_at": "عضو بانک از",
}
PRIVATE_COLUMNS = frozenset({"legal_id", "registration_number"})


def export_queryset(*, filters: Mapping[str, str], viewer) -> QuerySet[Organization]:
    """The directory list for ``filters`` as ``viewer`` sees it, with what the columns need."""
    queryset = organization_list(filters=filters, viewer=viewer)
    return queryset.select_related("province", "county").prefetch_related(
        "capabilities",
        "sectors",
        Prefetch(
            "guild_memberships",
            queryset=GuildMembership.objects.order_by("-expires_on", "-id"),
            to_attr="export_memberships",
        ),
    )


def export_columns(viewer) -> list[str]:
    """The column keys for ``viewer``: private ones only for staff and owners."""
    private = sees_as_staff_anywhere(viewer) or bool(organization_ids_for(viewer))
    return [key for key in COLUMNS if private or key not in PRIVATE_COLUMNS]


def _jalali(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_jalali(value, style="numeric")


def _rows(queryset: QuerySet, viewer, columns: list[str]) -> Iterator[list]:
    kinds = dict(Organization.Kind.choices)
    verifications = dict(Organization.Verification.choices)
    localities = dict(Organization._meta.get_field("locality").choices)
    yes, no = _("بله"), _("خیر")
    for org in queryset.iterator(chunk_size=2000):
        memberships = getattr(org, "export_memberships", [])
        membership = memberships[0] if memberships else None
        private = any(key in PRIVATE_COLUMNS for key in columns) and can_view_private(viewer, org)
        values = {
            "name": org.name,
            "name_en": org.name_en,
            "kind": str(kinds.get(org.kind, org.kind)),
            "legal_id": (org.legal_id or "") if private else "",
            "registration_number": org.registration_number if private else "",
            "founded_on": _jalali(org.founded_on),
            "province": org.province.name,
            "county": org.county.name if org.county_id else "",
            "locality": str(localities.get(org.locality, org.locality)),
            "address": org.address,
            "postal_code": org.postal_code,
            "phone": org.phone,
            "website": org.website,
            "email": org.email,
            "employees": org.employees if org.employees is not None else "",
            "capabilities": "، ".join(c.name for c in org.capabilities.all()),
            "sectors": "، ".join(s.name for s in org.sectors.all()),
            "membership_number": membership.number if membership else "",
            "grade": membership.grade if membership else "",
            "field": membership.field if membership else "",
            "membership_expires_on": _jalali(membership.expires_on) if membership else "",
            "knowledge_based": yes if org.is_knowledge_based else no,
            "verification": str(verifications.get(org.verification, org.verification)),
            "created_at": _jalali(org.created_at),
        }
        # Names and the like are anyone's to type: no cell may become a formula.
        yield safe_row(values[key] for key in columns)


def export_xlsx(queryset: QuerySet, viewer) -> bytes:
    columns = export_columns(viewer)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("سازمان‌ها"))
    sheet.sheet_view.rightToLeft = True
    sheet.append([COLUMNS[key] for key in columns])
    for row in _rows(queryset, viewer, columns):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(queryset: QuerySet, viewer) -> Iterable[str]:
    """CSV lines, the first with a BOM, for a StreamingHttpResponse."""
    columns = export_columns(viewer)
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([COLUMNS[key] for key in columns])
    for row in _rows(queryset, viewer, columns):
        yield writer.writerow(row)
