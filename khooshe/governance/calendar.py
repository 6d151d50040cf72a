"""iCalendar (RFC 5545) feeds of commitment deadlines: all-day events on the due dates."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from khooshe.persian.jalali import format_jalali

PRODID = "-//Khooshe//Governance deadlines//FA"


def deadlines_calendar(commitments, *, name: str, request=None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Tehran")
    stamp = timezone.now()
    host = request.get_host() if request is not None else "khooshe"
    for commitment in commitments:
        if commitment.due_on is None:
            continue
        event = Event()
        event.add("uid", f"commitment-{commitment.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", commitment.due_on)
        event.add("dtend", commitment.due_on + datetime.timedelta(days=1))
        event.add("summary", f"{commitment.title} — {commitment.owner.name}")
        path = reverse("governance:commitment_detail", args=[commitment.pk])
        url = request.build_absolute_uri(path) if request is not None else path
        event.add(
            "description",
            f"{format_jalali(commitment.due_on, style='long')} — "
            f"{commitment.get_current_status_display()}\n{url}",
        )
        if request is not None:
            event.add("url", url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


__all__ = ["PRODID", "deadlines_calendar"]
