"""The one rule that says where a commitment stands, in Python and in SQL.

A commitment's status follows from its dates and progress and from *today*, which moves:
a commitment due yesterday and not done turns late overnight without anyone saving it.
So reads never trust a stored value; they compute the status for today — in Python for one
row (:func:`commitment_status`, :attr:`Commitment.current_status`) and in the database for
filters and counts (:func:`status_q`, :func:`status_expression`). The two are one rule
written twice for speed; ``tests/test_status.py`` proves they agree on every branch.

The stored ``Commitment.status`` is a denormalized copy that each save sets and the periodic
task (:func:`khooshe.governance.services.commitments_refresh_statuses`) keeps fresh for the
admin and for reminders; no page or API request writes it.

This module imports no model (``models`` imports it), so there is no import circle.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

#: A commitment is "due soon" when its due date is at most this many days away.
DUE_SOON_DAYS = 14


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("شروع‌نشده")
    ON_TRACK = "on_track", _("در جریان")
    DUE_SOON = "due_soon", _("نزدیک به موعد")
    LATE = "late", _("با تأخیر")
    AWAITING = "awaiting", _("گزارش انجام — در انتظار پذیرش")
    DONE_ON_TIME = "done_on_time", _("انجام‌شده به‌موقع")
    DONE_EXTENDED = "done_extended", _("انجام‌شده پس از تمدید")
    DONE_LATE = "done_late", _("انجام‌شده با تأخیر")
    CANCELLED = "cancelled", _("لغوشده")


OPEN_STATUSES = (
    CommitmentStatus.NOT_STARTED,
    CommitmentStatus.ON_TRACK,
    CommitmentStatus.DUE_SOON,
    CommitmentStatus.LATE,
)
DONE_STATUSES = (
    CommitmentStatus.DONE_ON_TIME,
    CommitmentStatus.DONE_EXTENDED,
    CommitmentStatus.DONE_LATE,
)
#: Done by the date in force when the work was done (the original or an extension).
ON_TIME_STATUSES = (CommitmentStatus.DONE_ON_TIME, CommitmentStatus.DONE_EXTENDED)


def commitment_status(
    due_on: datetime.date | None,
    done_on: datetime.date | None,
    cancelled: bool,
    last_percent: int,
    today: datetime.date,
    *,
    due_soon_days: int = DUE_SOON_DAYS,
    original_due_on: datetime.date | None = None,
    reported_done_on: datetime.date | None = None,
) -> str:
    """The status of a commitment on ``today``.

    - cancelled wins over everything;
    - done (an *accepted* 100% report, dated ``done_on``, the date the work was reported done)
      is late when ``done_on > due_on``; on time against an extended date but after the
      original one (``original_due_on``) → done after extension; otherwise done on time
      (also when there is no due date);
    - reported done (a 100% report, ``reported_done_on``, or 100% without an accepted date)
      and not yet accepted → awaiting acceptance;
    - not done and ``today`` past ``due_on`` → late (due yesterday, not done → late);
    - not done and ``due_on`` within ``due_soon_days`` days (today included) → due soon;
    - otherwise on track when some progress was reported, not started when none was.

    The status reads the *current* due date; :func:`late_against_original` says where the
    commitment stands against the date first promised.
    """
    if cancelled:
        return CommitmentStatus.CANCELLED
    if done_on is not None:
        if due_on is not None and done_on > due_on:
            return CommitmentStatus.DONE_LATE
        if original_due_on is not None and done_on > original_due_on:
            return CommitmentStatus.DONE_EXTENDED
        return CommitmentStatus.DONE_ON_TIME
    if reported_done_on is not None or last_percent >= 100:
        return CommitmentStatus.AWAITING
    if due_on is not None:
        if today > due_on:
            return CommitmentStatus.LATE
        if (due_on - today).days <= due_soon_days:
            return CommitmentStatus.DUE_SOON
    if last_percent > 0:
        return CommitmentStatus.ON_TRACK
    return CommitmentStatus.NOT_STARTED


def late_against_original(
    original_due_on: datetime.date | None,
    done_on: datetime.date | None,
    reported_done_on: datetime.date | None,
    cancelled: bool,
    today: datetime.date,
) -> bool | None:
    """Late against the date first promised: done (or reported done) after it, or still
    open past it. None when there is no original date or the commitment was cancelled."""
    if cancelled or original_due_on is None:
        return None
    finished = done_on or reported_done_on
    if finished is not None:
        return finished > original_due_on
    return today > original_due_on


def status_q(status: str, today: datetime.date, *, due_soon_days: int = DUE_SOON_DAYS) -> Q:
    """The commitments whose status on ``today`` is ``status`` — :func:`commitment_status`
    as a filter. The conditions of the nine statuses are disjoint and cover every row."""
    live = Q(cancelled=False)
    done = live & Q(done_on__isnull=False)
    awaiting = (
        live
        & Q(done_on__isnull=True)
        & (Q(reported_done_on__isnull=False) | Q(last_percent__gte=100))
    )
    open_ = live & Q(done_on__isnull=True, reported_done_on__isnull=True, last_percent__lt=100)
    soon = today + datetime.timedelta(days=due_soon_days)
    far_or_none = Q(due_on__isnull=True) | Q(due_on__gt=soon)
    not_late = Q(due_on__isnull=True) | Q(done_on__lte=F("due_on"))
    conditions = {
        CommitmentStatus.CANCELLED: Q(cancelled=True),
        CommitmentStatus.DONE_LATE: done & Q(due_on__isnull=False, done_on__gt=F("due_on")),
        CommitmentStatus.DONE_EXTENDED: done
        & not_late
        & Q(original_due_on__isnull=False, done_on__gt=F("original_due_on")),
        CommitmentStatus.DONE_ON_TIME: done
        & not_late
        & (Q(original_due_on__isnull=True) | Q(done_on__lte=F("original_due_on"))),
        CommitmentStatus.AWAITING: awaiting,
        CommitmentStatus.LATE: open_ & Q(due_on__lt=today),
        CommitmentStatus.DUE_SOON: open_ & Q(due_on__gte=today, due_on__lte=soon),
        CommitmentStatus.ON_TRACK: open_ & far_or_none & Q(last_percent__gt=0),
        CommitmentStatus.NOT_STARTED: open_ & far_or_none & Q(last_percent=0),
    }
    return conditions[status]


def late_against_original_q(today: datetime.date) -> Q:
    """:func:`late_against_original` is True — as a filter."""
    finished_late = Q(done_on__isnull=False, done_on__gt=F("original_due_on")) | Q(
        done_on__isnull=True,
        reported_done_on__isnull=False,
        reported_done_on__gt=F("original_due_on"),
    )
    still_open = Q(done_on__isnull=True, reported_done_on__isnull=True, original_due_on__lt=today)
    return Q(cancelled=False, original_due_on__isnull=False) & (finished_late | still_open)


def status_expression(today: datetime.date) -> Case:
    """The status on ``today`` as a database expression (for an annotation or an ordering)."""
    return Case(
        *(When(status_q(value, today), then=Value(value)) for value in CommitmentStatus.values),
        output_field=CharField(),
    )
