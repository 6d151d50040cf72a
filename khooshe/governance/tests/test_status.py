"""Every branch of the one status rule."""

import datetime

import pytest

from khooshe.governance.models import CommitmentStatus as S
from khooshe.governance.status import DUE_SOON_DAYS, commitment_status

TODAY = datetime.date(2024, 6, 22)
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("due_on", "done_on", "cancelled", "percent", "expected"),
    [
        # due yesterday, no done update → late
        (TODAY - DAY, None, False, 0, S.LATE),
        (TODAY - DAY, None, False, 60, S.LATE),
        # done after its due date → done late
        (TODAY - 5 * DAY, TODAY - DAY, False, 100, S.DONE_LATE),
        # done on the due date itself → on time
        (TODAY, TODAY, False, 100, S.DONE_ON_TIME),
        (TODAY + DAY, TODAY - DAY, False, 100, S.DONE_ON_TIME),
        # cancelled wins, even over done and late
        (TODAY - DAY, None, True, 0, S.CANCELLED),
        (TODAY - DAY, TODAY, True, 100, S.CANCELLED),
        # due today, not done → due soon (not late yet)
        (TODAY, None, False, 0, S.DUE_SOON),
        (TODAY + DUE_SOON_DAYS * DAY, None, False, 10, S.DUE_SOON),
        # just beyond the window → by progress
        (TODAY + (DUE_SOON_DAYS + 1) * DAY, None, False, 10, S.ON_TRACK),
        (TODAY + (DUE_SOON_DAYS + 1) * DAY, None, False, 0, S.NOT_STARTED),
        # without a due date: never late, never due soon
        (None, None, False, 0, S.NOT_STARTED),
        (None, None, False, 30, S.ON_TRACK),
        (None, TODAY, False, 100, S.DONE_ON_TIME),
        # 100% without a recorded done date counts as done today
        (TODAY - DAY, None, False, 100, S.DONE_LATE),
    ],
)
def test_commitment_status(due_on, done_on, cancelled, percent, expected):
    assert commitment_status(due_on, done_on, cancelled, percent, TODAY) == expected


def test_due_soon_window_is_configurable():
    assert commitment_status(TODAY + 5 * DAY, None, False, 0, TODAY, due_soon_days=3) == (
        S.NOT_STARTED
    )
