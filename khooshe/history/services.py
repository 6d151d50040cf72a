"""The one way to name who changes a record, and why.

django-simple-history reads ``_history_user`` and ``_change_reason`` from the instance when
it writes the history row of the next save. Every service sets them through :func:`stamp`,
so the rule (an anonymous or missing actor is recorded as nobody; the reason is cut to what
the history column holds) lives here once.
"""

from __future__ import annotations

from django.db import models


def _reason_limit(model: type[models.Model]) -> int | None:
    history = getattr(model, "history", None)
    if history is None:
        return None
    return history.model._meta.get_field("history_change_reason").max_length


def stamp(instance: models.Model, *, actor, reason: str = "") -> models.Model:
    """Name ``actor`` (and ``reason``) in the history row the next save of ``instance`` writes.

    Returns ``instance`` so a call can sit inside an expression. An empty ``reason`` clears a
    reason left from an earlier save of the same object.
    """
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    reason = str(reason or "")
    if reason:
        limit = _reason_limit(type(instance))
        instance._change_reason = reason[:limit] if limit else reason
    elif hasattr(instance, "_change_reason"):
        del instance._change_reason
    return instance
