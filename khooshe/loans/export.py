"""A program's loan portfolio as CSV or Excel: Persian headers, Jalali dates, Rial integers.
Every cell goes through ``core.spreadsheets.safe_cell`` (an applicant's name cannot become a
formula); numbers stay numbers."""

from __future__ import annotations

import csv
import io

from django.db.models import Count, Max, Min, Q, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from khooshe.core.spreadsheets import safe_row
from khooshe.loans.models import LOAN_STATES, Disbursement, Installment, Program
from khooshe.persian.jalali import format_jalali


def portfolio_rows(program: Program, today=None) -> tuple[list[str], list[list]]:
    today = today or timezone.localdate()
    overdue = Q(paid_on__isnull=True, due_on__lt=today)
    schedule = {
        row["application_id"]: row
        for row in Installment.objects.filter(
            application__program=program, is_active=True, disbursement__is_reversed=False
        )
        .values("application_id")
        .annotate(
            principal=Sum("principal"),
            paid_principal=Sum("paid_principal"),
            overdue_count=Count("id", filter=overdue),
            oldest_overdue=Min("due_on", filter=overdue),
            last_due=Max("due_on"),
        )
        .order_by()
    }
    paid_out = {
        row["application_id"]: row
        for row in Disbursement.objects.filter(application__program=program)
        .values("application_id")
        .annotate(total=Sum("amount"), first=Min("disbursed_on"))
        .order_by()
    }
    loans = (
        program.applications.filter(state__in=LOAN_STATES)
        .select_related("organization", "person", "county")
        .order_by("id")
    )
    header = [
        _("شماره"),
        _("متقاضی"),
        _("شهرستان"),
        _("وضعیت"),
        _("مبلغ مصوب (ریال)"),
        _("پرداخت‌شده (ریال)"),
        _("تاریخ نخستین پرداخت"),
        _("مانده اصل (ریال)"),
        _("اقساط معوق"),
        _("روزهای تأخیر"),
        _("آخرین سررسید"),
        _("اشتغال تعهدشده"),
    ]
    rows = []
    for loan in loans:
        installments = schedule.get(loan.pk, {})
        disbursed = paid_out.get(loan.pk, {})
        first = disbursed.get("first")
        oldest = installments.get("oldest_overdue")
        last_due = installments.get("last_due")
        rows.append(
            safe_row(
                [
                    loan.pk,
                    loan.applicant_name,
                    loan.county.name,
                    str(loan.get_state_display()),
                    loan.amount_approved or 0,
                    disbursed.get("total") or 0,
                    format_jalali(first, digits="latin") if first else "",
                    (installments.get("principal") or 0)
                    - (installments.get("paid_principal") or 0),
                    installments.get("overdue_count") or 0,
                    (today - oldest).days if oldest else 0,
                    format_jalali(last_due, digits="latin") if last_due else "",
                    loan.jobs_promised,
                ]
            )
        )
    return header, rows


def _filename(program: Program, extension: str) -> str:
    return f"portfolio-{program.pk}-{timezone.localdate().isoformat()}.{extension}"


def portfolio_csv(program: Program) -> HttpResponse:
    header, rows = portfolio_rows(program)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 CSV with Persian text correctly with a BOM
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(program, "csv")}"'
    return response


def portfolio_xlsx(program: Program) -> HttpResponse:
    header, rows = portfolio_rows(program)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("سبد وام"))
    sheet.sheet_view.rightToLeft = True
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(program, "xlsx")}"'
    return response
