"""Exhibitors: applying, the staff's decision page (halls, booths, accept / waiting list /
decline), a page per exhibitor, the printable exhibitor list and badges."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.pages import call_action
from khooshe.events import permissions, selectors, services
from khooshe.events.filters import ExhibitorFilter
from khooshe.events.forms import AcceptForm, ApplyForm, DeclineForm
from khooshe.events.views._common import managed_event, qr_svg, record_page
from khooshe.registry.models import Organization


@login_required
def exhibitor_apply(request, pk: int):
    event = selectors.event_get(viewer=request.user, pk=pk)
    represented = permissions.represented_organization_ids(request.user)
    if not represented:
        raise PermissionDenied
    organizations = Organization.objects.filter(pk__in=represented).order_by("name")
    form = ApplyForm(request.POST or None, organizations=organizations)

    def record(data):
        exhibitor = services.exhibitor_apply(actor=request.user, event=event, **data)
        return exhibitor.get_absolute_url()

    return record_page(
        request,
        form,
        record,
        success=_("درخواست شما ثبت شد."),
        title=_("درخواست غرفه در «%(event)s»") % {"event": event.title},
        back_url=event.get_absolute_url(),
    )


@login_required
def exhibitor_manage(request, pk: int):
    event = managed_event(request, pk)
    rows = selectors.exhibitor_list(viewer=request.user, event=event)
    filterset = ExhibitorFilter(request.GET, queryset=rows)
    return render(
        request,
        "events/exhibitor_manage.html",
        {
            "event": event,
            "filter": filterset,
            "exhibitors": filterset.qs,
            "halls": event.halls.prefetch_related("booths__exhibitor__organization"),
            "accept_form": AcceptForm(event=event),
            "decline_form": DeclineForm(),
            "counts": selectors.exhibitor_counts(event),
        },
    )


def exhibitor_detail(request, pk: int, exhibitor_pk: int):
    event = selectors.event_get(viewer=request.user, pk=pk)
    exhibitor = selectors.exhibitor_get(viewer=request.user, event=event, pk=exhibitor_pk)
    can_manage = permissions.can_manage_event(request.user, event)
    return render(
        request,
        "events/exhibitor_detail.html",
        {
            "event": event,
            "exhibitor": exhibitor,
            "can_manage": can_manage,
            "actions": [
                t.action for t in services.EXHIBITOR_MACHINE.allowed_actions(exhibitor.state)
            ]
            if can_manage
            else [],
            "accept_form": AcceptForm(event=event) if can_manage else None,
            "decline_form": DeclineForm() if can_manage else None,
        },
    )


@login_required
@require_POST
def exhibitor_decide(request, pk: int, exhibitor_pk: int, action: str):
    """Post/redirect/get: accept (with a booth), waiting list, decline (with a reason)."""
    event = managed_event(request, pk)
    exhibitor = selectors.exhibitor_get(viewer=request.user, event=event, pk=exhibitor_pk)
    back = request.POST.get("next") or exhibitor.get_absolute_url()
    if not back.startswith("/"):
        back = exhibitor.get_absolute_url()
    if action == "accept":
        form = AcceptForm(request.POST, event=event)
        if not form.is_valid():
            messages.error(request, _("غرفه‌ای خالی از همین رویداد انتخاب کنید."))
            return redirect(back)
        call_action(
            request,
            services.exhibitor_accept,
            success=_("پذیرفته شد."),
            actor=request.user,
            exhibitor=exhibitor,
            **form.cleaned_data,
        )
    elif action == "waitlist":
        call_action(
            request,
            services.exhibitor_waitlist,
            success=_("به فهرست انتظار رفت."),
            actor=request.user,
            exhibitor=exhibitor,
        )
    elif action == "decline":
        call_action(
            request,
            services.exhibitor_decline,
            success=_("رد شد."),
            actor=request.user,
            exhibitor=exhibitor,
            reason=request.POST.get("reason", ""),
        )
    else:
        raise PermissionDenied
    return redirect(back)


def exhibitor_print(request, pk: int):
    """The printable list of accepted exhibitors with their booths."""
    event = selectors.event_get(viewer=request.user, pk=pk)
    exhibitors = selectors.exhibitor_list(viewer=None, event=event).order_by(
        "booth__hall__name", "booth__number", "organization__name"
    )
    return render(
        request, "events/exhibitor_print.html", {"event": event, "exhibitors": exhibitors}
    )


@login_required
def exhibitor_badge(request, pk: int, exhibitor_pk: int):
    """A printable badge: the organization, its booth, the event's Jalali dates and a QR code."""
    event = selectors.event_get(viewer=request.user, pk=pk)
    exhibitor = selectors.exhibitor_get(viewer=request.user, event=event, pk=exhibitor_pk)
    allowed = permissions.can_manage_event(request.user, event) or permissions.can_apply_for(
        request.user, exhibitor.organization_id
    )
    if not allowed or exhibitor.state != "accepted":
        raise PermissionDenied
    url = request.build_absolute_uri(reverse("events:exhibitor_detail", args=[pk, exhibitor.pk]))
    return render(
        request,
        "events/badge.html",
        {
            "event": event,
            "exhibitor": exhibitor,
            "qr": qr_svg(f"{url}?badge={exhibitor.badge_code}"),
        },
    )
