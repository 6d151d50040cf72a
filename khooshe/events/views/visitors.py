"""Visitors: public registration, the ticket page (QR code; cancel), the staff's check-in page
for a phone on a weak connection, the visitor list and its CSV export (staff only)."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.idempotency import key_from_request, new_key, run_once
from khooshe.core.pages import call_action, call_service, form_status, paginate
from khooshe.core.spreadsheets import safe_cell
from khooshe.events import permissions, selectors, services
from khooshe.events.forms import CheckInForm, RegistrationForm
from khooshe.events.views._common import managed_event, qr_svg
from khooshe.persian.jalali import format_jalali_datetime
from khooshe.persian.text import to_persian_digits


def register(request, pk: int):
    event = selectors.event_get(viewer=request.user, pk=pk)
    form = RegistrationForm(request.POST or None, initial={"idempotency_key": new_key()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def act():
            outcome = call_service(
                form,
                services.registration_create,
                actor=request.user,
                event=event,
                name=data["name"],
                mobile=data["mobile"],
            )
            if not outcome:
                raise _Refused(outcome)
            return 200, {"code": outcome.value.code}

        try:
            if request.user.is_authenticated:
                _status, body, _replayed = run_once(
                    user=request.user,
                    scope=f"events.register.{event.pk}",
                    key=key_from_request(request),
                    action=act,
                )
            else:
                _status, body = act()
        except _Refused:
            pass
        else:
            return redirect("events:ticket", code=body["code"])
    return render(
        request,
        "events/register.html",
        {"event": event, "form": form, "counts": selectors.visitor_counts(event)},
        status=form_status(form),
    )


class _Refused(Exception):
    def __init__(self, outcome):
        self.outcome = outcome


def _masked(mobile: str) -> str:
    return to_persian_digits(f"{mobile[:4]}***{mobile[-4:]}")


def ticket(request, code: str):
    """Whoever holds the ticket's code is its visitor: the page shows the name, the mobile
    (masked but for staff) and the QR code staff scan at the door."""
    registration = selectors.registration_by_code(code=code)
    event = registration.event
    return render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "event": event,
            "mobile": registration.mobile
            if permissions.can_manage_event(request.user, event)
            else _masked(registration.mobile),
            "qr": qr_svg(registration.code, scale=6)
            if registration.state == "registered"
            else None,
        },
    )


@require_POST
def ticket_cancel(request, code: str):
    registration = selectors.registration_by_code(code=code)
    call_action(
        request,
        services.registration_cancel,
        success=_("ثبت‌نام لغو شد."),
        actor=request.user,
        registration=registration,
        code=code.upper(),
    )
    return redirect("events:ticket", code=registration.code)


@login_required
def check_in(request, pk: int):
    """A tiny page: look a ticket up (QR value or the mobile's last digits), let it in."""
    event = managed_event(request, pk)
    query = request.GET.get("q", "")
    results, error = [], ""
    if query:
        try:
            results = services.find_tickets(event=event, query=query)
        except ValidationError as refusal:
            error = refusal.messages[0]
    status = 200
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                done = services.registration_check_in(
                    actor=request.user, event=event, code=form.cleaned_data["code"]
                )
            except ValidationError as refusal:
                error, status = refusal.messages[0], 400
            else:
                if done.first_time:
                    messages.success(
                        request, _("ورود %(name)s ثبت شد.") % {"name": done.registration.name}
                    )
                else:
                    messages.info(
                        request,
                        _("%(name)s پیش‌تر وارد شده است.") % {"name": done.registration.name},
                    )
                return redirect("events:check_in", pk=pk)
        else:
            error, status = _("کد بلیت را بنویسید."), 400
    # Rendered without the context processors: the tiny page pays for no desk or badge.
    html = loader.get_template("events/check_in.html").render(
        {
            "event": event,
            "query": query,
            "results": results,
            "error": error,
            "counts": selectors.checkin_counts(event),
            "csrf_token": get_token(request),
            "messages": get_messages(request),
        }
    )
    return HttpResponse(html, status=status)


@login_required
def visitor_list(request, pk: int):
    event = managed_event(request, pk)
    rows = selectors.registration_list(viewer=request.user, event=event)
    state = request.GET.get("state")
    if state in dict(event.registrations.model.State.choices):
        rows = rows.filter(state=state)
    return render(
        request,
        "events/visitor_list.html",
        {
            "event": event,
            "page": paginate(request, rows),
            "state": state,
            "counts": selectors.visitor_counts(event),
        },
    )


@login_required
def visitor_export(request, pk: int):
    """CSV (UTF-8 with BOM for Excel) with Jalali times — staff of the province only."""
    event = managed_event(request, pk)
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-visitors.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("نام"), _("موبایل"), _("وضعیت"), _("کد بلیت"), _("ثبت‌نام"), _("ورود")])
    rows = selectors.registration_list(viewer=request.user, event=event).iterator(chunk_size=2000)
    for r in rows:
        cells = [
            r.name,
            r.mobile,
            r.get_state_display(),
            r.code,
            format_jalali_datetime(r.created_at, digits="latin"),
            format_jalali_datetime(r.checked_in_at, digits="latin") if r.checked_in_at else "",
        ]
        writer.writerow([safe_cell(c) for c in cells])
    return response


@login_required
@require_POST
def registration_cancel_staff(request, pk: int, registration_pk: int):
    event = managed_event(request, pk)
    registration = (
        selectors.registration_list(viewer=request.user, event=event)
        .filter(pk=registration_pk)
        .first()
    )
    if registration is None:
        messages.error(request, _("ثبت‌نام پیدا نشد."))
    else:
        call_action(
            request,
            services.registration_cancel,
            success=_("ثبت‌نام لغو شد."),
            actor=request.user,
            registration=registration,
        )
    return redirect("events:visitor_list", pk=pk)
