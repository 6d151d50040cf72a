"""Permission-checked reads, all with ``viewer=``; a hidden record is a 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404
from django.utils import timezone

from khooshe.events import permissions
from khooshe.events.models import Event, Exhibitor, Registration


def event_list(*, viewer):
    return (
        Event.objects.filter(permissions.event_visibility(viewer))
        .select_related("province", "organizer")
        .order_by("-starts_at", "-id")
    )


def event_get(*, viewer, pk) -> Event:
    event = (
        Event.objects.select_related("province", "organizer", "poster", "resolution", "commitment")
        .filter(pk=pk)
        .first()
    )
    if event is None or not permissions.can_view_event(viewer, event):
        raise Http404
    return event


def exhibitor_list(*, viewer, event: Event | None = None):
    rows = (
        Exhibitor.objects.filter(permissions.exhibitor_visibility(viewer))
        .select_related("organization", "booth__hall", "event")
        .prefetch_related("eservices")
    )
    if event is not None:
        rows = rows.filter(event=event)
    return rows.order_by("organization__name", "id")


def exhibitor_get(*, viewer, event: Event, pk) -> Exhibitor:
    exhibitor = (
        Exhibitor.objects.select_related("organization", "booth__hall", "event__province")
        .filter(event=event, pk=pk)
        .first()
    )
    if exhibitor is None or not permissions.can_view_exhibitor(viewer, exhibitor):
        raise Http404
    return exhibitor


def registration_list(*, viewer, event: Event | None = None):
    """Visitors' registrations ``viewer`` may see (staff of the province; one's own)."""
    rows = Registration.objects.filter(permissions.registration_visibility(viewer))
    if event is not None:
        rows = rows.filter(event=event)
    return rows.select_related("event").order_by("created_at", "id")


def registration_by_code(*, code: str) -> Registration:
    """The ticket page: whoever holds the code is the visitor."""
    registration = (
        Registration.objects.select_related("event__province").filter(code=code.upper()).first()
    )
    if registration is None:
        raise Http404
    return registration


@dataclass(frozen=True)
class VisitorCounts:
    registered: int
    waitlisted: int
    cancelled: int
    checked_in: int
    no_shows: int
    capacity: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.registered, 0)


def visitor_counts(event: Event) -> VisitorCounts:
    """Registered, waiting, cancelled, checked in — and no-shows once the event has ended —
    in two queries that the (event, state, checked_in_at) index answers without the table."""
    by_state = dict(event.registrations.order_by().values_list("state").annotate(n=Count("id")))
    counts = {state: by_state.get(state, 0) for state in ("registered", "waitlisted", "cancelled")}
    counts["checked_in"] = event.registrations.filter(
        state="registered", checked_in_at__isnull=False
    ).count()
    ended = event.ends_at < timezone.now()
    return VisitorCounts(
        **counts,
        no_shows=counts["registered"] - counts["checked_in"] if ended else 0,
        capacity=event.capacity,
    )


def checkin_counts(event: Event) -> dict[str, int]:
    """What the check-in page shows — tickets and who is in — in two index-only counts
    (cheaper than :func:`visitor_counts` on a big event)."""
    tickets = event.registrations.filter(state="registered")
    return {
        "registered": tickets.count(),
        "checked_in": tickets.filter(checked_in_at__isnull=False).count(),
    }


def exhibitor_counts(event: Event) -> dict[str, int]:
    rows = event.exhibitors.values("state").annotate(n=Count("id"))
    counts = {state: 0 for state, _label in Exhibitor.State.choices}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def pending_applications(user):
    """Applications waiting for a decision in the provinces ``user`` manages (the desk)."""
    provinces = permissions.staff_province_ids(user)
    if provinces is not None and not provinces:
        return None
    rows = Exhibitor.objects.filter(state__in=["applied", "waitlisted"]).select_related(
        "organization", "event"
    )
    if provinces is not None:
        rows = rows.filter(event__province_id__in=provinces)
    return rows.order_by("created_at", "id")
