"""The one rule that says where a commitment stands. Pure: dates in, status out."""

from __future__ import annotations

import datetime

from khooshe.governance.models import CommitmentStatus

#: A commitment is "due soon" when its due date is at most this many days away.
DUE_SOON_DAYS = 14


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


OPEN_STATUSES = (
    CommitmentStatus.NOT_STARTED,
    CommitmentStatus.ON_TRACK,
    CommitmentStatus.DUE_SOON,
    CommitmentStatus.LATE,
)
DONE_STATUSES = (CommitmentStatus.DONE_ON_TIME, CommitmentStatus.DONE_LATE)
