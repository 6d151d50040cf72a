"""The iCalendar feed of events, built with governance's calendar builder (not a copy)."""

from __future__ import annotations

from khooshe.governance.calendar import CalendarEntry, build_calendar

PRODID = "-//Khooshe//Events//FA"


def events_calendar(events, *, name: str, request=None) -> bytes:
    entries = (
        CalendarEntry(
            uid=f"event-{event.pk}",
            start=event.starts_at,
            end=event.ends_at,
            summary=f"{event.title} — {event.get_kind_display()}",
            description=event.organizer.name,
            path=event.get_absolute_url(),
            location=event.venue,
        )
        for event in events
    )
    return build_calendar(entries, name=name, request=request, prodid=PRODID)
