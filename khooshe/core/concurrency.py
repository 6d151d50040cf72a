"""Optimistic concurrency for records people edit (models derived from VersionedModel).

The edit form and the API PATCH carry the ``version`` the person started from; the save
locks the row, compares versions and refuses with :class:`EditConflict` when someone else
saved in between. The conflict names the fields that changed, who changed them and when, so
the second person can redo their edit knowingly. The history (django-simple-history) keeps the
snapshot of every version, which is where "what changed" comes from.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: object
    new: object


class EditConflict(Exception):
    def __init__(self, *, current, expected_version: int, changes: list[FieldChange], by, at):
        self.current = current
        self.expected_version = expected_version
        self.changes = changes
        self.by = by
        self.at = at
        super().__init__(self.message)

    @property
    def message(self) -> str:
        fields = "، ".join(str(change.label) for change in self.changes) or _("نامشخص")
        who = str(self.by) if self.by else _("کاربر دیگری")
        return _(
            "این رکورد پس از باز کردن شما توسط «%(who)s» تغییر کرده است (نسخه %(version)s). "
            "فیلدهای تغییرکرده: %(fields)s. صفحه را دوباره باز کنید و تغییر خود را تکرار کنید."
        ) % {"who": who, "version": self.current.version, "fields": fields}

    def as_dict(self) -> dict:
        return {
            "detail": self.message,
            "code": "edit_conflict",
            "current_version": self.current.version,
            "your_version": self.expected_version,
            "changed_by": str(self.by) if self.by else None,
            "changes": [
                {
                    "field": c.field,
                    "label": str(c.label),
                    "old": _plain(c.old),
                    "new": _plain(c.new),
                }
                for c in self.changes
            ],
        }


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def changes_since(instance, version: int) -> tuple[list[FieldChange], object, object]:
    """Fields of ``instance`` (as stored now) that differ from its snapshot at ``version``."""
    history = getattr(instance, "history", None)
    if history is None:
        return [], None, None
    latest = history.order_by("-history_date", "-history_id").first()
    snapshot = history.filter(version=version).order_by("-history_date", "-history_id").first()
    by = getattr(latest, "history_user", None)
    at = getattr(latest, "history_date", None)
    if snapshot is None or latest is None:
        return [], by, at
    delta = latest.diff_against(snapshot)
    changes = [
        FieldChange(
            field=change.field,
            label=instance._meta.get_field(change.field).verbose_name,
            old=change.old,
            new=change.new,
        )
        for change in delta.changes
        if change.field not in {"version", "updated_at"}
    ]
    return changes, by, at


@transaction.atomic
def save_versioned(instance, *, expected_version: int | None, update_fields=None) -> None:
    """Save ``instance`` if nobody saved it since ``expected_version``; bump its version.

    ``expected_version=None`` means the caller did not say which version it edited (an API
    client that sends no version); the save then proceeds and only ``update_fields`` change.
    """
    model = type(instance)
    current_version = (
        model.objects.select_for_update().values_list("version", flat=True).get(pk=instance.pk)
    )
    if expected_version is not None and int(expected_version) != current_version:
        current = model.objects.get(pk=instance.pk)
        changes, by, at = changes_since(current, int(expected_version))
        raise EditConflict(
            current=current, expected_version=int(expected_version), changes=changes, by=by, at=at
        )
    instance.version = current_version + 1
    if update_fields is not None:
        update_fields = {*update_fields, "version", "updated_at"}
    instance.save(update_fields=update_fields)
