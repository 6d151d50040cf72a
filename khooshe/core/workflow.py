"""Explicit state machines for workflows, and the one step that applies a transition.

A capability declares its transitions once as a table (:class:`StateMachine`); its services
move a record only through :func:`apply_transition`, which validates the move, locks the row,
sets the state, saves, names who did it and why in the record's history, and notifies. A
move out of order raises :class:`TransitionNotAllowed`: the API answers 409 and a page shows
the message with the same status (:mod:`khooshe.core.pages`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.core import desk
from khooshe.core.notifications import lazy_format, notify_many
from khooshe.history.services import stamp


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
    """The allowed moves of one state field (``field``, "state" unless named)."""

    def __init__(
        self,
        transitions: Iterable[Transition],
        state_labels: Mapping[str, str],
        *,
        field: str = "state",
    ):
        self.transitions = {t.action: t for t in transitions}
        self.state_labels = state_labels
        self.field = field

    def allowed_actions(self, state: str) -> list[Transition]:
        return [t for t in self.transitions.values() if state in t.sources]

    def can(self, state: str, action: str) -> bool:
        transition = self.transitions.get(action)
        return transition is not None and state in transition.sources

    def label(self, action: str) -> str:
        transition = self.transitions.get(action)
        return str(transition.label or action) if transition else action

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


@dataclass(frozen=True)
class AppliedTransition:
    """What :func:`apply_transition` did: for an app's own step log and for its callers."""

    action: str
    source: str
    target: str
    actor: object
    note: str
    at: datetime.datetime


def _has_field(instance: models.Model, name: str) -> bool:
    return any(f.name == name for f in instance._meta.concrete_fields)


def lock(instance: models.Model, *fields: str) -> models.Model:
    """Re-read ``fields`` of ``instance`` (all of them when none is named) under a row lock,
    so two people cannot move the same record at once. Unsaved changes to other fields stay."""
    queryset = type(instance)._default_manager.select_for_update(of=("self",))
    instance.refresh_from_db(fields=list(fields) or None, from_queryset=queryset)
    return instance


DEFAULT_NOTICE = gettext_lazy("«%(record)s»: %(state)s")


@transaction.atomic
def apply_transition(
    instance: models.Model,
    *,
    machine: StateMachine,
    action: str,
    actor,
    note: str = "",
    prepare: Callable[[models.Model], Iterable[str] | None] | None = None,
    update_fields: Iterable[str] = (),
    recipients: Iterable = (),
    notice=None,
    url: str | None = None,
) -> AppliedTransition:
    """Move ``instance`` by ``action`` of ``machine``; the only way any record changes state.

    1. locks the row and re-reads its state (and ``version``), then validates the move:
       TransitionNotAllowed when the state does not allow it (409);
    2. calls ``prepare(instance)`` — the action's own rules and fields, which may raise
       ValidationError (400) — and saves the fields it returns with ``update_fields``;
    3. sets the state, bumps ``version``, saves, and records ``actor`` with the action's label
       and ``note`` in the record's history;
    4. notifies ``recipients`` (``notice`` or "«record»: new state", in each one's language),
       linking ``url`` (the record's ``get_absolute_url`` when not given).

    Permission checks stay with the caller, before this step.
    """
    field = machine.field
    versioned = _has_field(instance, "version")
    lock(instance, field, *(["version"] if versioned else []))
    source = getattr(instance, field)
    target = machine.advance(source, action)
    fields = {field, *update_fields}
    if prepare is not None:
        fields.update(prepare(instance) or ())
    setattr(instance, field, target)
    if versioned:
        instance.version += 1
        fields.add("version")
    if _has_field(instance, "updated_at"):
        fields.add("updated_at")
    label = machine.label(action)
    stamp(instance, actor=actor, reason=f"{label}: {note}" if note else label)
    instance.save(update_fields=fields)
    desk.changed()
    applied = AppliedTransition(
        action=action,
        source=source,
        target=target,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
        at=timezone.now(),
    )
    recipients = [r for r in recipients if r is not None]
    if recipients:
        if url is None:
            get_url = getattr(instance, "get_absolute_url", None)
            url = get_url() if get_url else ""
        notify_many(
            recipients=recipients,
            title=notice
            or lazy_format(
                DEFAULT_NOTICE, record=str(instance), state=machine.state_labels.get(target, target)
            ),
            body=note,
            url=url,
        )
    return applied
