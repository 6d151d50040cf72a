"""iCalendar (RFC 5545) feeds: one builder (:func:`build_calendar`) for every app's feed, and
the governance feed of commitment deadlines (all-day events on the due dates) built on it.

An app describes each item as a :class:`CalendarEntry` — all-day (``start`` a date) or timed
(``start`` an aware datetime, written in UTC) — and gets back the calendar's bytes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from khooshe.persian.jalali import format_jalali

PRODID = "-//Khooshe//Governance deadlines//FA"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # unique within the feed's kind, e.g. "commitment-12"; the host is appended
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime
    summary: str
    description: str = ""
    path: str = ""  # the item's page; made absolute with the request
    location: str = ""
    transparent: bool = False


def build_calendar(
    entries: Iterable[CalendarEntry], *, name: str, request=None, prodid: str = PRODID
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Tehran")
    stamp = timezone.now()
    host = request.get_host() if request is not None else "khooshe"
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", stamp)
        start, end = entry.start, entry.end
        if isinstance(start, datetime.datetime):
            start, end = start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", entry.summary)
        url = ""
        if entry.path:
            url = request.build_absolute_uri(entry.path) if request is not None else entry.path
        description = "\n".join(part for part in (entry.description, url) if part)
        if description:
            event.add("description", description)
        if entry.location:
            event.add("location", entry.location)
        if url and request is not None:
            event.add("url", url)
        if entry.transparent:
            event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def deadlines_calendar(commitments, *, name: str, request=None) -> bytes:
    def entries():
        for commitment in commitments:
            if commitment.due_on is None:
                continue
            yield CalendarEntry(
                uid=f"commitment-{commitment.pk}",
                start=commitment.due_on,
                end=commitment.due_on + datetime.timedelta(days=1),
                summary=f"{commitment.title} — {commitment.owner.name}",
                description=f"{format_jalali(commitment.due_on, style='long')} — "
                f"{commitment.get_current_status_display()}",
                path=reverse("governance:commitment_detail", args=[commitment.pk]),
                transparent=True,
            )

    return build_calendar(entries(), name=name, request=request)


__all__ = ["PRODID", "CalendarEntry", "build_calendar", "deadlines_calendar"]
