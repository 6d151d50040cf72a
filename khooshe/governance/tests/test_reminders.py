import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from khooshe.core.models import Notification
from khooshe.governance.models import CommitmentStatus, ReminderSent
from khooshe.governance.services import send_commitment_reminders
from khooshe.governance.tasks import send_commitment_reminders as task
from khooshe.governance.tests.factories import CommitmentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 6, 22)


def _days(n):
    return TODAY + datetime.timedelta(days=n)


def test_reminders_are_sent_once_each(agency, agency_rep, django_capture_on_commit_callbacks):
    soon = CommitmentFactory(owner=agency, due_on=_days(10))
    far = CommitmentFactory(owner=agency, due_on=_days(60))
    with django_capture_on_commit_callbacks(execute=True):
        result = send_commitment_reminders(today=TODAY)
    assert result["reminded"] == 1
    assert Notification.objects.filter(recipient=agency_rep).count() == 1
    assert len(mail.outbox) == 1
    # A rerun the same day repeats nothing.
    assert send_commitment_reminders(today=TODAY)["reminded"] == 0
    assert Notification.objects.count() == 1
    # Three days before: the second reminder, once.
    assert send_commitment_reminders(today=_days(7))["reminded"] == 1
    assert send_commitment_reminders(today=_days(8))["reminded"] == 0
    # From the due date the ladder takes over: its first step (remind the owner), once;
    # the status moved to late.
    result = send_commitment_reminders(today=_days(11))
    assert (result["reminded"], result["escalated"]) == (0, 1)
    result = send_commitment_reminders(today=_days(12))
    assert (result["reminded"], result["escalated"]) == (0, 0)
    soon.refresh_from_db()
    assert soon.status == CommitmentStatus.LATE
    assert set(ReminderSent.objects.filter(commitment=soon).values_list("kind", flat=True)) == {
        "before_14",
        "before_3",
        "esc_0_o",
    }
    assert not ReminderSent.objects.filter(commitment=far).exists()
    assert Notification.objects.filter(recipient=agency_rep).count() == 3


def test_a_late_commitment_gets_only_the_late_notice(agency, agency_rep):
    CommitmentFactory(owner=agency, due_on=_days(-2))
    result = send_commitment_reminders(today=TODAY)
    assert (result["reminded"], result["escalated"]) == (0, 1)
    notification = Notification.objects.get()
    assert "گذشت" in notification.title
    assert list(ReminderSent.objects.values_list("kind", flat=True)) == ["esc_0_o"]


def test_other_organizations_representatives_are_not_reminded(agency, other_rep):
    CommitmentFactory(owner=agency, due_on=_days(2))
    send_commitment_reminders(today=TODAY)
    assert not Notification.objects.filter(recipient=other_rep).exists()


def test_done_and_cancelled_commitments_are_not_reminded(agency, agency_rep):
    CommitmentFactory(owner=agency, due_on=_days(2), done_on=_days(-1), last_percent=100)
    CommitmentFactory(owner=agency, due_on=_days(2), cancelled=True)
    assert send_commitment_reminders(today=TODAY)["reminded"] == 0


def test_moving_the_deadline_rearms_reminders(agency, agency_rep):
    commitment = CommitmentFactory(owner=agency, due_on=_days(2))
    send_commitment_reminders(today=TODAY)
    commitment.due_on = _days(5)
    commitment.save()
    assert send_commitment_reminders(today=TODAY)["reminded"] == 1


def test_task_and_command_run(agency, agency_rep):
    CommitmentFactory(owner=agency, due_on=datetime.date.today() + datetime.timedelta(days=1))
    assert task.delay().get()["reminded"] == 1
    call_command("send_commitment_reminders", today="1403/04/02")
