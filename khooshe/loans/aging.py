"""Days overdue and portfolio-at-risk buckets, computed from the stored installments as they
are (their due dates and paid parts) — the one definition every report, the desk, the
reminders and the bucket history use.

A loan's *days overdue* on ``today`` is the number of days since the due date of its oldest
installment that is not fully paid (``paid_interest + paid_principal < total``) and fell due
before ``today``; 0 when none. Its bucket is «current» (0), 1–30, 31–60, 61–90 or 90+.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import F, Min, Q, QuerySet, Sum
from django.utils import timezone

from khooshe.loans.models import Application, Bucket, Installment

S = Application.State
#: Loans that are still owed something and so can be at risk.
AGING_STATES = (S.DISBURSED, S.REPAYING, S.DEFAULTED)
#: The buckets of loans at risk, in order (current is not at risk).
AT_RISK = (Bucket.B1_30, Bucket.B31_60, Bucket.B61_90, Bucket.B90_PLUS)
BUCKET_ORDER = {bucket: rank for rank, bucket in enumerate((Bucket.CURRENT, *AT_RISK))}


def unpaid_installments() -> Q:
    """Lines of the loans' current schedules (not replaced by a rescheduling, not of a
    reversed tranche) with something still to pay (the paid parts below the total)."""
    return Q(
        total__gt=F("paid_interest") + F("paid_principal"),
        is_active=True,
        disbursement__is_reversed=False,
    )


def bucket_of(days: int) -> str:
    if days <= 0:
        return Bucket.CURRENT
    if days <= 30:
        return Bucket.B1_30
    if days <= 60:
        return Bucket.B31_60
    if days <= 90:
        return Bucket.B61_90
    return Bucket.B90_PLUS


def _days(oldest: datetime.date | None, today: datetime.date) -> int:
    return (today - oldest).days if oldest is not None and oldest < today else 0


def days_overdue(application: Application | int, today: datetime.date | None = None) -> int:
    """Days overdue of one loan (see the module's rule); one query."""
    today = today or timezone.localdate()
    application_id = getattr(application, "pk", application)
    oldest = Installment.objects.filter(
        unpaid_installments(), application_id=application_id, due_on__lt=today
    ).aggregate(oldest=Min("due_on"))["oldest"]
    return _days(oldest, today)


def days_overdue_by_loan(
    applications: Iterable[int] | QuerySet | None = None, today: datetime.date | None = None
) -> dict[int, int]:
    """``{application id: days overdue}`` for many loans in one query (only loans with an
    overdue installment appear; the others are 0 days overdue)."""
    today = today or timezone.localdate()
    rows = Installment.objects.filter(unpaid_installments(), due_on__lt=today)
    if applications is not None:
        rows = rows.filter(application_id__in=applications)
    return {
        application_id: _days(oldest, today)
        for application_id, oldest in rows.values("application_id")
        .annotate(oldest=Min("due_on"))
        .values_list("application_id", "oldest")
        .order_by()
    }


def loan_positions(loans: QuerySet[Application], today: datetime.date | None = None):
    """Each loan of ``loans`` with its days overdue and outstanding principal, one query:
    yields ``(application id, program id, province id, county id, days, principal)``."""
    today = today or timezone.localdate()
    overdue = Q(
        installments__total__gt=F("installments__paid_interest")
        + F("installments__paid_principal"),
        installments__due_on__lt=today,
    )
    rows = (
        loans.order_by()
        .values("pk", "program_id", "province_id", "county_id")
        .annotate(
            oldest=Min("installments__due_on", filter=overdue),
            principal=Sum(F("installments__principal") - F("installments__paid_principal")),
        )
        .values_list("pk", "program_id", "province_id", "county_id", "oldest", "principal")
    )
    for pk, program_id, province_id, county_id, oldest, principal in rows:
        yield pk, program_id, province_id, county_id, _days(oldest, today), principal or 0
