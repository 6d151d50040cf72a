"""The events panel on an organization's registry profile (see
:mod:`khooshe.core.registrations`): the events it organized and where it exhibited."""

from __future__ import annotations

from django.db.models import Q

from khooshe.events import permissions
from khooshe.events.models import Event, Exhibitor


def organization_events_panel(request, organization) -> dict | None:
    organized = list(
        Event.objects.filter(permissions.event_visibility(request.user))
        .filter(Q(organizer=organization) | Q(co_organizers=organization))
        .distinct()
        .order_by("-starts_at")[:10]
    )
    exhibited = list(
        Exhibitor.objects.filter(
            permissions.exhibitor_visibility(request.user),
            organization=organization,
            state=Exhibitor.State.ACCEPTED,
        )
        .select_related("event")
        .order_by("-event__starts_at")[:10]
    )
    if not organized and not exhibited:
        return None
    return {"organized": organized, "exhibited": exhibited}
