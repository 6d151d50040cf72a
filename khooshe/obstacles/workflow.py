"""The obstacle's lifecycle, declared once (moved only by ``core.workflow.apply_transition``)."""

from django.utils.translation import gettext_lazy as _

from khooshe.core.workflow import StateMachine, Transition
from khooshe.obstacles.models import Obstacle

S = Obstacle.State

MACHINE = StateMachine(
    [
        Transition("route", frozenset({S.SUBMITTED}), S.ROUTED, _("ارجاع")),
        Transition("reroute", frozenset({S.ROUTED, S.IN_PROGRESS}), S.ROUTED, _("ارجاع دوباره")),
        Transition("start", frozenset({S.ROUTED}), S.IN_PROGRESS, _("آغاز بررسی")),
        Transition("answer", frozenset({S.ROUTED, S.IN_PROGRESS}), S.ANSWERED, _("پاسخ")),
        Transition(
            "close",
            frozenset({S.SUBMITTED, S.ROUTED, S.IN_PROGRESS, S.ANSWERED}),
            S.CLOSED,
            _("بستن"),
        ),
        Transition("reopen", frozenset({S.ANSWERED, S.CLOSED}), S.ROUTED, _("بازگشایی")),
    ],
    dict(Obstacle.State.choices),
)

#: Days after an answer within which the reporter may reopen.
REOPEN_DAYS = 30
