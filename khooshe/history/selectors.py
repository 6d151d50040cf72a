"""Reads a record's change history (django-simple-history) as a list of entries: who, when,
what kind of change, and each field's old and new value — for the history tab and the API.

Who made a change is told to staff (any role but the actor's) and to the person who made it;
anyone else (the public on a public record's history, an organization's representative) sees
what changed and when, not staff members' names or ids (``user_hidden``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.forms.models import model_to_dict
from simple_history.models import HistoricalRecords

from khooshe.accounts.models import Role
from khooshe.accounts.permissions import grants_of
from khooshe.history.display import Formatter, display_value, reason_text
from khooshe.persian.jalali import format_jalali_datetime

_HIDDEN_FIELDS = {"version", "updated_at", "created_at", "search_key", "search_text"}
_CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class HistoryChange:
    field: str
    label: str
    old: str
    new: str
    #: The old and new values' items when the field holds a list (m2m, JSON).
    old_items: tuple[str, ...] = ()
    new_items: tuple[str, ...] = ()


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: object
    user: str
    user_id: int | None
    change_type: str
    reason: str
    changes: list[HistoryChange]
    user_hidden: bool = False

    @property
    def at_jalali(self) -> str:
        return format_jalali_datetime(self.at)


def _display(model: type[models.Model], field_name: str, value) -> str:
    """One value as read (see :mod:`khooshe.history.display`)."""
    return display_value(model, field_name, value)


def _created_values(record, formatter: Formatter) -> list[HistoryChange]:
    """What a record was created with: each tracked field that holds a value, in the model's
    order, as a change from nothing."""
    plain = [
        field.name
        for field in record.tracked_fields
        if field.editable and not field.primary_key and field.name not in _HIDDEN_FIELDS
    ]
    values = model_to_dict(record, fields=plain)
    m2m_names = [field.name for field in record._history_m2m_fields]
    for name in m2m_names:
        rows = getattr(record, name)
        through = [
            f.name
            for f in rows.model._meta.fields
            if f.editable and f.name not in {"id", "m2m_history_id", "history"}
        ]
        values[name] = list(rows.values(*through))
    tracked = plain + m2m_names
    changes = []
    for name in tracked:
        shown = formatter.show(name, values.get(name))
        if not shown.text and not shown.items:
            continue
        field = formatter.field(name)
        changes.append(
            HistoryChange(
                field=name,
                label=str(field.verbose_name) if field is not None else name,
                old="",
                new=shown.text,
                new_items=shown.items,
            )
        )
    return changes


#: ``viewer`` not given: the user of the request being handled (simple-history's middleware
#: keeps it; DRF sets it after authenticating), or everyone's names outside a request.
_REQUEST_USER = object()


def _request_user():
    request = getattr(HistoricalRecords.context, "request", None)
    return _REQUEST_USER if request is None else getattr(request, "user", None)


def sees_who(viewer) -> bool:
    """Whether ``viewer`` is told who made each change: staff of any kind (every role but the
    actor's) and administrators."""
    if viewer is _REQUEST_USER:
        return True
    if viewer is None or not viewer.is_authenticated:
        return False
    return viewer.is_superuser or bool(grants_of(viewer).roles() - {Role.ACTOR})


def history_entries(
    obj: models.Model, *, viewer=_REQUEST_USER, limit: int = 200
) -> list[HistoryEntry]:
    """The record's history, newest first; who made each change only where ``viewer`` may know
    (:func:`sees_who`, or their own change). Without ``viewer``, the request's user."""
    if viewer is _REQUEST_USER:
        viewer = _request_user()
    show_all = sees_who(viewer)
    viewer_id = getattr(viewer, "pk", None)
    model = type(obj)
    formatter = Formatter(model)
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[HistoryChange] = []
        if record.history_type == "+":
            changes = _created_values(record, formatter)
        elif previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                if change.field in _HIDDEN_FIELDS:
                    continue
                field = formatter.field(change.field)
                old = formatter.show(change.field, change.old)
                new = formatter.show(change.field, change.new)
                changes.append(
                    HistoryChange(
                        field=change.field,
                        label=str(field.verbose_name) if field is not None else change.field,
                        old=old.text,
                        new=new.text,
                        old_items=old.items,
                        new_items=new.items,
                    )
                )
        user = record.history_user
        hidden = user is not None and not show_all and user.pk != viewer_id
        if hidden:
            user = None
        entries.append(
            HistoryEntry(
                id=record.history_id,
                at=record.history_date,
                user=str(user) if user else "",
                user_id=user.pk if user else None,
                user_hidden=hidden,
                change_type=_CHANGE_TYPES.get(record.history_type, record.history_type),
                reason=reason_text(record.history_change_reason or ""),
                changes=changes,
            )
        )
    return entries
