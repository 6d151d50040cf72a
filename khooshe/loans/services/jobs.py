"""Jobs created, reported after disbursement, with evidence."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.core.attachments import attachment_add
from khooshe.history.services import stamp
from khooshe.loans.models import LOAN_STATES, Application, JobReport
from khooshe.loans.permissions import can_report_jobs
from khooshe.persian.text import clean_text


@transaction.atomic
def job_report_add(
    *,
    actor,
    application: Application,
    jobs_created: int,
    reported_on=None,
    note: str = "",
    evidence=None,
) -> JobReport:
    if not can_report_jobs(actor, application):
        raise PermissionDenied(_("شما اجازه گزارش اشتغال این وام را ندارید."))
    if application.state not in LOAN_STATES:
        raise ValidationError(_("اشتغال ایجادشده پس از پرداخت وام گزارش می‌شود."))
    reported_on = reported_on or timezone.localdate()
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("تاریخ گزارش نمی‌تواند در آینده باشد.")})
    if jobs_created is None or jobs_created < 0:
        raise ValidationError({"jobs_created": _("تعداد باید صفر یا بیشتر باشد.")})
    report = JobReport(
        application=application,
        jobs_created=jobs_created,
        reported_on=reported_on,
        note=clean_text(note or ""),
        reported_by=actor,
    )
    stamp(report, actor=actor)
    report.save()
    if evidence is not None:
        attachment_add(actor=actor, target=report, uploaded_file=evidence, title=_("مستند اشتغال"))
    return report
