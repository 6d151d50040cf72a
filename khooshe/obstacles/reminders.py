"""The answer deadline's reminders, through governance's generic reminder machinery
(``governance.services.reminders``): 3 days before the deadline and once when it has passed,
to the responsible body's representatives; each once per obstacle and due date (a reroute or
a reopen sets a new deadline and re-arms them). Registered in ``apps.py``; the governance
periodic task runs it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from khooshe.governance.models import ReminderSent
from khooshe.governance.services.reminders import ReminderSource, representatives_of
from khooshe.obstacles.models import Obstacle
from khooshe.obstacles.permissions import SPEAKER_ROLES
from khooshe.persian.jalali import format_jalali


def _message(kind: str, obstacle: Obstacle) -> tuple[str, str]:
    params = {"title": obstacle.title[:120], "due": format_jalali(obstacle.due_on, style="long")}
    if kind == ReminderSent.Kind.LATE:
        return (
            _("مهلت پاسخ به مانع گذشت: %(title)s") % params,
            _("مهلت پاسخ به مانع «%(title)s» (%(due)s) گذشته است.") % params,
        )
    return (
        _("یادآوری مهلت پاسخ به مانع: %(title)s") % params,
        _("مهلت پاسخ به مانع «%(title)s» %(due)s است.") % params,
    )


def _recipients(obstacles: list) -> dict:
    by_body = representatives_of({o.body_id for o in obstacles}, roles=SPEAKER_ROLES)
    return {o.pk: by_body.get(o.body_id, []) for o in obstacles}


OBSTACLE_DEADLINES = ReminderSource(
    key="obstacles.answer_deadline",
    candidates=lambda horizon: Obstacle.objects.filter(
        state__in=(Obstacle.State.ROUTED, Obstacle.State.IN_PROGRESS),
        body__isnull=False,
        due_on__isnull=False,
        due_on__lte=horizon,
    ),
    due_of=lambda obstacle: obstacle.due_on,
    recipients=_recipients,
    message=_message,
    url=lambda obstacle: obstacle.get_absolute_url(),
    before=((ReminderSent.Kind.BEFORE_3, 3),),
)
