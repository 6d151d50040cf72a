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
    DONE_ON_TIME = "done_on_time", _("انجام‌شده به‌موقع")
    DONE_LATE = "done_late", _("انجام‌شده با تأخیر")
    CANCELLED = "cancelled", _("لغوشده")


OPEN_STATUSES = (
    CommitmentStatus.NOT_STARTED,
    CommitmentStatus.ON_TRACK,
    CommitmentStatus.DUE_SOON,
    CommitmentStatus.LATE,
)
DONE_STATUSES = (CommitmentStatus.DONE_ON_TIME, CommitmentStatus.DONE_LATE)


def commitment_status(
    due_on: datetime.date | None,
    done_on: datetime.date | None,
    cancelled: bool,
    last_percent: int,
    today: datetime.date,
    *,
    due_soon_days: int = DUE_SOON_DAYS,
) -> str:
    """The status of a commitment on ``today``.

    - cancelled wins over everything;
    - done (a 100% update, dated ``done_on``) is on time when ``done_on <= due_on``
      (or when there is no due date), late otherwise;
    - not done and ``today`` past ``due_on`` → late (due yesterday, not done → late);
    - not done and ``due_on`` within ``due_soon_days`` days (today included) → due soon;
    - otherwise on track when some progress was reported, not started when none was.
    """
    if cancelled:
        return CommitmentStatus.CANCELLED
    if done_on is not None or last_percent >= 100:
        finished = done_on or today
        if due_on is None or finished <= due_on:
            return CommitmentStatus.DONE_ON_TIME
        return CommitmentStatus.DONE_LATE
    if due_on is not None:
        if today > due_on:
            return CommitmentStatus.LATE
        if (due_on - today).days <= due_soon_days:
            return CommitmentStatus.DUE_SOON
    if last_percent > 0:
        return CommitmentStatus.ON_TRACK
    return CommitmentStatus.NOT_STARTED


def status_q(status: str, today: datetime.date, *, due_soon_days: int = DUE_SOON_DAYS) -> Q:
    """The commitments whose status on ``today`` is ``status`` — :func:`commitment_status`
    as a filter. The conditions of the seven statuses are disjoint and cover every row."""
    live = Q(cancelled=False)
    done = live & (Q(done_on__isnull=False) | Q(last_percent__gte=100))
    open_ = live & Q(done_on__isnull=True, last_percent__lt=100)
    soon = today + datetime.timedelta(days=due_soon_days)
    far_or_none = Q(due_on__isnull=True) | Q(due_on__gt=soon)
    conditions = {
        CommitmentStatus.CANCELLED: Q(cancelled=True),
        CommitmentStatus.DONE_ON_TIME: done
        & (
            Q(due_on__isnull=True)
            | Q(done_on__lte=F("due_on"))
            | Q(done_on__isnull=True, due_on__gte=today)
        ),
        CommitmentStatus.DONE_LATE: done
        & Q(due_on__isnull=False)
        & (Q(done_on__gt=F("due_on")) | Q(done_on__isnull=True, due_on__lt=today)),
        CommitmentStatus.LATE: open_ & Q(due_on__lt=today),
        CommitmentStatus.DUE_SOON: open_ & Q(due_on__gte=today, due_on__lte=soon),
        CommitmentStatus.ON_TRACK: open_ & far_or_none & Q(last_percent__gt=0),
        CommitmentStatus.NOT_STARTED: open_ & far_or_none & Q(last_percent=0),
    }
    return conditions[status]


def status_expression(today: datetime.date) -> Case:
    """The status on ``today`` as a database expression (for an annotation or an ordering)."""
    return Case(
        *(When(status_q(value, today), then=Value(value)) for value in CommitmentStatus.values),
        output_field=CharField(),
    )
