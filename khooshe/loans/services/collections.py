"""Collections, run by the daily pass (:func:`collections_daily`):

- each loan's bucket history (:func:`buckets_record`): a :class:`BucketChange` row whenever a
  loan's bucket (:mod:`khooshe.loans.aging`) differs from the last one recorded;
- a monthly snapshot of the portfolio at risk (:func:`aging_snapshot_take`): the first pass of
  each Jalali month stores loans and outstanding principal per program, county and bucket;
- reminders to borrowers (:func:`reminders_send`) 7 days and 1 day before each installment's
  due date and on days 1, 15 and 30 overdue, each once per installment (a unique row per
  installment and kind), in the app and by SMS. A pass that missed a day still sends the
  latest reminder due within its window (e.g. «day 15» on days 15–29), never an earlier one.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.sms import send_sms
from khooshe.core.notifications import lazy_format, notify
from khooshe.loans.aging import AGING_STATES, bucket_of, loan_positions, unpaid_installments
from khooshe.loans.models import AgingSnapshot, Application, BucketChange, Installment, Reminder
from khooshe.persian.jalali import format_jalali, to_jalali
from khooshe.persian.money import format_rial

K = Reminder.Kind
#: (kind, first day, last day) relative to the due date (negative: before it).
REMINDER_WINDOWS = (
    (K.BEFORE_7, -7, -2),
    (K.BEFORE_1, -1, 0),
    (K.OVERDUE_1, 1, 14),
    (K.OVERDUE_15, 15, 29),
    (K.OVERDUE_30, 30, 36),
)
BEFORE_TITLE = _("یادآوری سررسید قسط")
BEFORE_BODY = _("قسط %(number)s وام «%(program)s» به مبلغ %(amount)s در %(date)s سررسید می‌شود.")
OVERDUE_TITLE = _("قسط معوق")
OVERDUE_BODY = _(
    "قسط %(number)s وام «%(program)s» که در %(date)s سررسید شد %(days)s روز معوق است؛ "
    "مانده آن %(amount)s است."
)


def jalali_period(day: datetime.date) -> str:
    """The Jalali month of ``day`` as «1405-09» (Latin digits: a key, not a label)."""
    j = to_jalali(day)
    return f"{j.year:04d}-{j.month:02d}"


def active_loans():
    return Application.objects.filter(state__in=AGING_STATES)


def buckets_record(*, today: datetime.date | None = None) -> int:
    """Write a bucket change for every active loan whose bucket moved; returns how many."""
    today = today or timezone.localdate()
    latest = BucketChange.objects.filter(application=OuterRef("pk")).order_by("-changed_on", "-id")
    last = dict(
        active_loans()
        .annotate(last=Subquery(latest.values("bucket")[:1]))
        .values_list("pk", "last")
    )
    changes = []
    for pk, _program, _province, _county, days, _principal in loan_positions(active_loans(), today):
        bucket = bucket_of(days)
        if last.get(pk) != bucket and not (last.get(pk) is None and days == 0):
            changes.append(
                BucketChange(application_id=pk, changed_on=today, bucket=bucket, days_overdue=days)
            )
    BucketChange.objects.bulk_create(changes, batch_size=2000)
    return len(changes)


@transaction.atomic
def aging_snapshot_take(*, today: datetime.date | None = None, force: bool = False) -> int:
    """Store this Jalali month's portfolio at risk once (``force`` retakes it); returns the
    rows written."""
    today = today or timezone.localdate()
    period = jalali_period(today)
    existing = AgingSnapshot.objects.filter(period=period)
    if existing.exists():
        if not force:
            return 0
        existing.delete()
    cells: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for _pk, program_id, province_id, county_id, days, principal in loan_positions(
        active_loans(), today
    ):
        cell = cells[(program_id, province_id, county_id, bucket_of(days))]
        cell[0] += 1
        cell[1] += principal
    AgingSnapshot.objects.bulk_create(
        [
            AgingSnapshot(
                period=period,
                taken_on=today,
                program_id=program_id,
                province_id=province_id,
                county_id=county_id,
                bucket=bucket,
                loans=loans,
                principal=principal,
            )
            for (program_id, province_id, county_id, bucket), (loans, principal) in cells.items()
        ],
        batch_size=2000,
    )
    return len(cells)


def reminder_kind(due_on: datetime.date, today: datetime.date):
    """The reminder an unpaid installment due on ``due_on`` is owed on ``today``, or None."""
    offset = (today - due_on).days
    for kind, first, last in REMINDER_WINDOWS:
        if first <= offset <= last:
            return kind
    return None


def _message(installment: Installment, kind: str, today: datetime.date):
    application = installment.application
    params = {
        "number": installment.number,
        "program": application.program.name,
        "amount": format_rial(installment.remaining),
        "date": format_jalali(installment.due_on),
    }
    if kind in (K.BEFORE_7, K.BEFORE_1):
        return BEFORE_TITLE, lazy_format(BEFORE_BODY, **params)
    return OVERDUE_TITLE, lazy_format(
        OVERDUE_BODY, days=(today - installment.due_on).days, **params
    )


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Send the reminders due today (see the module's rule); returns how many were sent."""
    today = today or timezone.localdate()
    first = min(window[1] for window in REMINDER_WINDOWS)
    last = max(window[2] for window in REMINDER_WINDOWS)
    candidates = (
        Installment.objects.filter(
            unpaid_installments(),
            application__state__in=AGING_STATES,
            due_on__gte=today - datetime.timedelta(days=last),
            due_on__lte=today - datetime.timedelta(days=first),
        )
        .select_related("application__program", "application__applicant")
        .order_by("due_on", "id")
    )
    owed = [(i, reminder_kind(i.due_on, today)) for i in candidates]
    sent_before = set(
        Reminder.objects.filter(installment__in=[i for i, _k in owed]).values_list(
            "installment_id", "kind"
        )
    )
    sent = 0
    for installment, kind in owed:
        if kind is None or (installment.pk, kind) in sent_before:
            continue
        sent += _remind(installment, kind, today)
    return sent


def _remind(installment: Installment, kind: str, today: datetime.date) -> int:
    borrower = installment.application.applicant
    title, body = _message(installment, kind, today)
    mobile = borrower.mobile if borrower.is_active else ""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                installment=installment, kind=kind, sent_on=today, sms_to=mobile
            )
    except IntegrityError:  # another pass sent it meanwhile
        return 0
    if not borrower.is_active:
        return 1
    notify(
        recipient=borrower,
        title=title,
        body=body,
        url=reverse("loans:loan_statement", args=[installment.application_id]),
    )
    if mobile:
        with translation.override(borrower.language or None):
            send_sms(to=mobile, body=f"{title}: {body}")
    return 1


def collections_daily(*, today: datetime.date | None = None) -> dict:
    """The collections part of the daily pass."""
    today = today or timezone.localdate()
    return {
        "bucket_changes": buckets_record(today=today),
        "snapshot_rows": aging_snapshot_take(today=today),
        "reminders": reminders_send(today=today),
    }
