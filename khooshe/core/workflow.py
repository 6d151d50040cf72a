"""Explicit state machines for workflows (proposals, applications, commitments …).

A capability declares its transitions once as a table; services call :meth:`advance` and
the UI shows :class:`TransitionNotAllowed` as a message, the API as HTTP 409.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _


class TransitionNotAllowed(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    label: str = ""


class StateMachine:
    def __init__(self, transitions: Iterable[Transition], state_labels: Mapping[str, str]):
        self.transitions = {t.action: t for t in transitions}
        self.state_labels = state_labels

    def allowed_actions(self, state: str) -> list[Transition]:
        return [t for t in self.transitions.values() if state in t.sources]

    def advance(self, state: str, action: str) -> str:
        """The state after ``action`` from ``state``, or TransitionNotAllowed."""
        transition = self.transitions.get(action)
        if transition is None:
            raise TransitionNotAllowed(
                _("عملیات «%(action)s» تعریف نشده است.") % {"action": action}
            )
        if state not in transition.sources:
            raise TransitionNotAllowed(
                _("عملیات «%(action)s» در وضعیت «%(state)s» ممکن نیست.")
                % {
                    "action": transition.label or action,
                    "state": self.state_labels.get(state, state),
                }
            )
        return transition.target
