"""The escalation ladder of a province: after the due date, who is told when, and when a
commitment goes on its body's follow-up list. A province sets its own
(:class:`~khooshe.governance.models.EscalationStep` rows under its
:class:`~khooshe.governance.models.PromiseSettings`); one without uses
:data:`DEFAULT_LADDER`. The periodic task climbs it
(:func:`khooshe.governance.services.reminders.send_escalations`); a commitment's page shows
it (:func:`khooshe.governance.selectors.commitment_ladder`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from khooshe.governance.models import EscalationStep


@dataclass(frozen=True)
class Rung:
    """One step of a ladder: ``days_late`` after the due date, notify ``notify``, and
    perhaps put the commitment on its body's follow-up list."""

    days_late: int
    notify: str
    add_to_followup: bool = False

    @property
    def kind(self) -> str:
        """The :class:`ReminderSent` kind of this step (once per commitment and due date)."""
        return f"esc_{self.days_late}_{self.notify[0]}"

    @property
    def notify_label(self) -> str:
        return str(EscalationStep.Notify(self.notify).label)


#: The ladder of a province that has not set its own: on the due date remind the owner; at
#: 15 days late the body's secretariat or the agreement's other party; at 30 days the
#: governorate, and the commitment goes on the body's next meeting's follow-up list.
DEFAULT_LADDER = (
    Rung(0, EscalationStep.Notify.OWNER),
    Rung(15, EscalationStep.Notify.SECRETARY),
    Rung(30, EscalationStep.Notify.GOVERNORATE, add_to_followup=True),
)


def ladders(province_ids) -> dict:
    """``{province_id: (Rung, …)}`` for the provinces that set their own ladder (one query);
    the others use :data:`DEFAULT_LADDER`."""
    result: dict = defaultdict(list)
    steps = EscalationStep.objects.filter(
        promise_settings__province_id__in=[p for p in province_ids if p is not None]
    ).select_related("promise_settings")
    for step in steps.order_by("days_late", "id"):
        result[step.promise_settings.province_id].append(
            Rung(step.days_late, step.notify, step.add_to_followup)
        )
    return {province: tuple(rungs) for province, rungs in result.items()}


def ladder_for(province_id) -> tuple[Rung, ...]:
    return ladders([province_id]).get(province_id, DEFAULT_LADDER)
