import datetime

import pytest

from khooshe.core.notifications import Notification
from khooshe.governance.models import ReminderSent
from khooshe.governance.services.reminders import send_deadline_reminders, send_reminders
from khooshe.governance.tasks import send_commitment_reminders as task
from khooshe.obstacles.models import Obstacle
from khooshe.obstacles.reminders import OBSTACLE_DEADLINES

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 5, 3)


def test_deadline_reminders_once_each_through_governance(report, body_rep, other_rep):
    obstacle = report()
    Obstacle.objects.filter(pk=obstacle.pk).update(due_on=TODAY + datetime.timedelta(days=2))
    Notification.objects.all().delete()
    assert send_reminders(OBSTACLE_DEADLINES, today=TODAY) == 1
    assert send_reminders(OBSTACLE_DEADLINES, today=TODAY) == 0
    assert Notification.objects.filter(recipient=body_rep, title__contains="مهلت پاسخ").count() == 1
    assert not Notification.objects.filter(recipient=other_rep).exists()
    assert send_reminders(OBSTACLE_DEADLINES, today=TODAY + datetime.timedelta(days=3)) == 1
    kinds = set(ReminderSent.objects.filter(target_id=obstacle.pk).values_list("kind", flat=True))
    assert kinds == {"before_3", "late"}
    assert not ReminderSent.objects.filter(target_id=obstacle.pk, commitment__isnull=False).exists()


def test_answered_obstacles_are_not_reminded(report, body_rep):
    obstacle = report()
    Obstacle.objects.filter(pk=obstacle.pk).update(due_on=TODAY, state="answered")
    assert send_reminders(OBSTACLE_DEADLINES, today=TODAY) == 0


def test_the_periodic_task_runs_the_obstacles_source(report, body_rep):
    obstacle = report()
    Obstacle.objects.filter(pk=obstacle.pk).update(due_on=datetime.date.today())
    result = task.delay().get()
    assert result["obstacles.answer_deadline"] == 1
    assert send_deadline_reminders()["obstacles.answer_deadline"] == 0
