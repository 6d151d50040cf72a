"""Reads a record's change history (django-simple-history) as a list of entries: who, when,
what kind of change, and each field's old and new value — for the history tab and the API.

Who made a change is told to staff (any role but the actor's) and to the person who made it;
anyone else (the public on a public record's history, an organization's representative) sees
what changed and when, not staff members' names or ids (``user_hidden``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from simple_history.models import HistoricalRecords

from khooshe.accounts.models import Role
from khooshe.accounts.permissions import grants_of
from khooshe.persian.jalali import format_jalali_datetime

_HIDDEN_FIELDS = {"version", "updated_at", "created_at", "search_key", "search_text"}
_CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class HistoryChange:
    field: str
    label: str
    old: str
    new: str


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
    if value is None or value == "" or value == []:
        return ""
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:  # a field since removed from the model
        return str(value)
    if field.many_to_many and isinstance(value, list):
        # simple-history stores an m2m value as the rows of its through table.
        key = field.m2m_reverse_field_name()
        ids = [row.get(key) for row in value if isinstance(row, dict)]
        names = {
            obj.pk: str(obj) for obj in field.related_model._default_manager.filter(pk__in=ids)
        }
        return "، ".join(names.get(pk, str(pk)) for pk in ids)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)


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
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[HistoryChange] = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                if change.field in _HIDDEN_FIELDS:
                    continue
                changes.append(
                    HistoryChange(
                        field=change.field,
                        label=str(model._meta.get_field(change.field).verbose_name),
                        old=_display(model, change.field, change.old),
                        new=_display(model, change.field, change.new),
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
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
