"""Every branch of the one status rule, and its SQL form agreeing with it."""

import datetime
import itertools

import pytest

from khooshe.governance.models import Commitment
from khooshe.governance.models import CommitmentStatus as S
from khooshe.governance.status import (
    DUE_SOON_DAYS,
    commitment_status,
    status_expression,
    status_q,
)
from khooshe.governance.tests.factories import OrganizationFactory

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
        # 100% without an accepted done date awaits acceptance, late or not
        (TODAY - DAY, None, False, 100, S.AWAITING),
        (TODAY + DAY, None, False, 100, S.AWAITING),
    ],
)
def test_commitment_status(due_on, done_on, cancelled, percent, expected):
    assert commitment_status(due_on, done_on, cancelled, percent, TODAY) == expected


def test_due_soon_window_is_configurable():
    assert commitment_status(TODAY + 5 * DAY, None, False, 0, TODAY, due_soon_days=3) == (
        S.NOT_STARTED
    )


@pytest.mark.django_db
def test_the_database_computes_the_same_status_as_python():
    """Every combination of due date (none, past, today, in the window, beyond it), done date
    (none, before, on, after the due date), cancelled and progress: the Case expression and
    each status's filter agree with :func:`commitment_status`."""
    owner = OrganizationFactory()
    dues = [None, TODAY - 5 * DAY, TODAY, TODAY + DUE_SOON_DAYS * DAY, TODAY + 40 * DAY]
    dones = [None, TODAY - 9 * DAY, TODAY - 5 * DAY, TODAY - DAY]
    rows = [
        Commitment(
            title="x",
            source_type="public_record",
            owner=owner,
            due_on=due_on,
            done_on=done_on,
            cancelled=cancelled,
            last_percent=100 if done_on else percent,
        )
        for due_on, done_on, cancelled, percent in itertools.product(
            dues, dones, (False, True), (0, 40, 100)
        )
    ]
    Commitment.objects.bulk_create(rows)  # bulk_create skips save(): no stored status involved
    computed = Commitment.objects.annotate(now=status_expression(TODAY))
    for row in computed:
        expected = commitment_status(
            row.due_on, row.done_on, row.cancelled, row.last_percent, TODAY
        )
        assert row.now == expected, (row.due_on, row.done_on, row.cancelled, row.last_percent)
    for status in S.values:
        by_filter = set(Commitment.objects.filter(status_q(status, TODAY)).values_list("pk"))
        by_expression = set(computed.filter(now=status).values_list("pk"))
        assert by_filter == by_expression, status
