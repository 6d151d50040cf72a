"""Events: the list, a page per event, staff forms (event, programme, halls and booths,
poster, gallery, outcomes, awards), the printable event report and the iCalendar feed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from khooshe.core.attachments import attachments_of
from khooshe.core.pages import paginate, query_string, render_page
from khooshe.events import permissions, selectors, services
from khooshe.events.calendar import events_calendar
from khooshe.events.filters import EventFilter
from khooshe.events.forms import (
    AwardForm,
    BoothForm,
    EventForm,
    HallForm,
    ImageForm,
    OutcomesForm,
    SessionForm,
)
from khooshe.events.models import Session
from khooshe.events.views._common import managed_event, record_page
from khooshe.geo.models import Province
from khooshe.registry.models import Person


def index(request):
    filterset = EventFilter(request.GET, queryset=selectors.event_list(viewer=request.user))
    page = paginate(request, filterset.qs)
    return render_page(
        request,
        "events/index.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_string(request),
            "may_create": permissions.may_create_events(request.user),
            "provinces": Province.objects.order_by("name"),
        },
    )


def _gallery(event):
    return [a for a in attachments_of(event) if a.pk != event.poster_id]


def event_detail(request, pk: int):
    event = selectors.event_get(viewer=request.user, pk=pk)
    can_manage = permissions.can_manage_event(request.user, event)
    sessions = event.sessions.prefetch_related(
        Prefetch("speakers", queryset=Person.objects.order_by("last_name"))
    )
    represented = permissions.represented_organization_ids(request.user)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "can_manage": can_manage,
            "co_organizers": event.co_organizers.all(),
            "sessions": sessions,
            "exhibitors": selectors.exhibitor_list(viewer=None, event=event),
            "counts": selectors.visitor_counts(event),
            "exhibitor_counts": selectors.exhibitor_counts(event) if can_manage else None,
            "gallery": _gallery(event),
            "awards": event.awards.select_related("organization", "person"),
            "agreements": event.agreements.all(),
            "may_apply": bool(represented),
        },
    )


@login_required
def event_create(request):
    if not permissions.may_create_events(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None, user=request.user)

    def record(data):
        data.pop("version", None)
        event = services.event_create(actor=request.user, **data)
        return event.get_absolute_url()

    return record_page(
        request,
        form,
        record,
        success=_("ثبت شد."),
        title=_("ثبت رویداد"),
        back_url=reverse("events:index"),
    )


@login_required
def event_edit(request, pk: int):
    event = managed_event(request, pk)
    form = EventForm(request.POST or None, user=request.user, initial=EventForm.initial_for(event))

    def record(data):
        version = data.pop("version", None)
        services.event_update(actor=request.user, event=event, expected_version=version, **data)
        return event.get_absolute_url()

    return record_page(
        request,
        form,
        record,
        success=_("ذخیره شد."),
        title=_("ویرایش رویداد"),
        back_url=event.get_absolute_url(),
    )


@login_required
def session_add(request, pk: int):
    event = managed_event(request, pk)
    form = SessionForm(request.POST or None, event=event)

    def record(data):
        services.session_add(actor=request.user, event=event, **data)
        return event.get_absolute_url() + "#programme"

    return record_page(
        request,
        form,
        record,
        success=_("افزوده شد."),
        title=_("افزودن نشست"),
        back_url=event.get_absolute_url(),
    )


@login_required
def hall_add(request, pk: int):
    event = managed_event(request, pk)
    form = HallForm(request.POST or None)
    back = reverse("events:exhibitor_manage", args=[pk])

    def record(data):
        services.hall_add(actor=request.user, event=event, **data)
        return back

    return record_page(
        request, form, record, success=_("افزوده شد."), title=_("افزودن سالن"), back_url=back
    )


@login_required
def booth_add(request, pk: int):
    event = managed_event(request, pk)
    form = BoothForm(request.POST or None, event=event)
    back = reverse("events:exhibitor_manage", args=[pk])

    def record(data):
        services.booth_add(actor=request.user, **data)
        return back

    return record_page(
        request, form, record, success=_("افزوده شد."), title=_("افزودن غرفه"), back_url=back
    )


@login_required
def poster_set(request, pk: int):
    event = managed_event(request, pk)
    form = ImageForm(request.POST or None, request.FILES or None)

    def record(data):
        services.event_poster_set(actor=request.user, event=event, uploaded_file=data["file"])
        return event.get_absolute_url()

    return record_page(
        request,
        form,
        record,
        success=_("ذخیره شد."),
        title=_("پوستر رویداد"),
        back_url=event.get_absolute_url(),
        multipart=True,
    )


@login_required
def photo_add(request, pk: int):
    event = managed_event(request, pk)
    form = ImageForm(request.POST or None, request.FILES or None)

    def record(data):
        services.event_photo_add(
            actor=request.user, event=event, uploaded_file=data["file"], caption=data["caption"]
        )
        return event.get_absolute_url() + "#gallery"

    return record_page(
        request,
        form,
        record,
        success=_("افزوده شد."),
        title=_("افزودن عکس"),
        back_url=event.get_absolute_url(),
        multipart=True,
    )


@login_required
def outcomes_edit(request, pk: int):
    event = managed_event(request, pk)
    initial = {
        "meetings_arranged": event.meetings_arranged,
        "agreements": list(event.agreements.values_list("pk", flat=True)),
        "outcome_notes": event.outcome_notes,
        "version": event.version,
    }
    form = OutcomesForm(request.POST or None, event=event, initial=initial)

    def record(data):
        version = data.pop("version", None)
        services.event_outcomes_record(
            actor=request.user, event=event, expected_version=version, **data
        )
        return event.get_absolute_url() + "#outcomes"

    return record_page(
        request,
        form,
        record,
        success=_("ذخیره شد."),
        title=_("دستاوردهای رویداد"),
        back_url=event.get_absolute_url(),
    )


@login_required
def award_add(request, pk: int):
    event = managed_event(request, pk)
    form = AwardForm(request.POST or None, event=event)

    def record(data):
        services.award_add(actor=request.user, event=event, **data)
        return event.get_absolute_url() + "#outcomes"

    return record_page(
        request,
        form,
        record,
        success=_("افزوده شد."),
        title=_("افزودن جایزه"),
        back_url=event.get_absolute_url(),
    )


def event_report(request, pk: int):
    """«گزارش رویداد»: the printable outcomes report (public for a public event)."""
    event = selectors.event_get(viewer=request.user, pk=pk)
    return render(
        request,
        "events/report.html",
        {
            "event": event,
            "counts": selectors.visitor_counts(event),
            "exhibitors": selectors.exhibitor_list(viewer=None, event=event),
            "sessions": Session.objects.filter(event=event).prefetch_related("speakers"),
            "awards": event.awards.select_related("organization", "person"),
            "agreements": event.agreements.all(),
            "co_organizers": event.co_organizers.all(),
            "gallery": _gallery(event),
        },
    )


def ical_province(request, code: str):
    province = Province.objects.filter(code=code).first()
    if province is None:
        raise Http404
    events = selectors.event_list(viewer=request.user).filter(province=province)
    name = _("رویدادهای استان %(province)s") % {"province": province.name}
    response = HttpResponse(
        events_calendar(events, name=name, request=request),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="events-{code}.ics"'
    return response
