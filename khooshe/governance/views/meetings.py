"""Meetings: the record, the printable minutes, the minutes editor, resolutions, agenda,
attendance and attachments."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.attachments import attachment_add, attachments_of
from khooshe.core.pages import call_service, form_status
from khooshe.governance import permissions, selectors, services
from khooshe.governance.forms import (
    AgendaItemForm,
    AttachmentForm,
    AttendanceForm,
    MeetingForm,
    MinutesForm,
    ResolutionForm,
)
from khooshe.governance.views._forms import record_page
from khooshe.history.views import render_history
from khooshe.persian.jalali import TEHRAN


def _editable_meeting(request, pk):
    meeting = selectors.meeting_get(viewer=request.user, pk=pk)
    if not permissions.can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


def _render_meeting(request, meeting, *, resolution_form=None):
    can_edit = permissions.can_edit_meeting(request.user, meeting)
    if can_edit and resolution_form is None:
        resolution_form = ResolutionForm(province=meeting.body.province)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "attachments": attachments_of(meeting),
            "can_edit": can_edit,
            "resolution_form": resolution_form if can_edit else None,
        },
        status=form_status(resolution_form),
    )


def meeting_detail(request, pk: int):
    return _render_meeting(request, selectors.meeting_get(viewer=request.user, pk=pk))


def meeting_print(request, pk: int):
    """The printable minutes (صورتجلسه): Jalali dates and Persian digits throughout."""
    meeting = selectors.meeting_get(viewer=request.user, pk=pk)
    return render(request, "governance/meeting_print.html", {"meeting": meeting})


@login_required
def meeting_minutes_edit(request, pk: int):
    meeting = _editable_meeting(request, pk)
    form = MinutesForm(
        request.POST or None, initial={"minutes": meeting.minutes, "version": meeting.version}
    )
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            form,
            services.meeting_set_minutes,
            actor=request.user,
            meeting=meeting,
            minutes=form.cleaned_data["minutes"],
            expected_version=form.cleaned_data["version"],
        )
        if outcome:
            messages.success(request, _("صورتجلسه ذخیره شد."))
            return redirect("governance:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "governance/minutes_form.html",
        {"meeting": meeting, "form": form},
        status=form_status(form),
    )


@login_required
@require_POST
def resolution_add(request, pk: int):
    meeting = _editable_meeting(request, pk)
    form = ResolutionForm(request.POST, province=meeting.body.province)
    if form.is_valid():
        data = form.cleaned_data
        outcome = call_service(
            form,
            services.resolution_create,
            actor=request.user,
            meeting=meeting,
            text=data["text"],
            owner=data["owner"],
            due_on=data["due_on"] or None,
        )
        if outcome:
            number = outcome.value.number
            messages.success(request, _("مصوبه %(number)s ثبت شد.") % {"number": number})
            return redirect("governance:meeting_detail", pk=meeting.pk)
    return _render_meeting(request, meeting, resolution_form=form)


def resolution_detail(request, pk: int):
    resolution = selectors.resolution_list(viewer=request.user).filter(pk=pk).first()
    if resolution is None:
        raise Http404
    return redirect(reverse("governance:meeting_detail", args=[resolution.meeting_id]) + f"#r{pk}")


def meeting_history(request, pk: int):
    meeting = selectors.meeting_get(viewer=request.user, pk=pk)
    return render_history(
        request,
        meeting,
        back_url=reverse("governance:meeting_detail", args=[pk]),
        title=str(meeting),
    )


@login_required
def meeting_create(request, pk: int):
    body = selectors.body_get(viewer=request.user, pk=pk)
    if not permissions.can_manage_in(request.user, body.province_id):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)

    def record(data):
        meeting = services.meeting_create(
            actor=request.user,
            body=body,
            title=data["title"],
            number=data["number"],
            held_at=datetime.datetime.combine(data["held_on"], data["held_time"], tzinfo=TEHRAN),
            place=data["place"],
            agenda=data["agenda"].splitlines(),
            minutes=data["minutes"],
            is_public=data["is_public"],
        )
        return reverse("governance:meeting_detail", args=[meeting.pk])

    return record_page(
        request,
        form,
        record,
        success=_("جلسه ثبت شد."),
        title=_("ثبت جلسه"),
        back_url=reverse("governance:body_detail", args=[pk]),
    )


@login_required
def attendance_add(request, pk: int):
    meeting = _editable_meeting(request, pk)
    form = AttendanceForm(request.POST or None, meeting=meeting)
    back = reverse("governance:meeting_detail", args=[pk])

    def record(data):
        services.attendance_add(actor=request.user, meeting=meeting, **data)
        return back

    return record_page(
        request, form, record, success=_("ثبت شد."), title=_("ثبت حاضر"), back_url=back
    )


@login_required
def agenda_item_add(request, pk: int):
    meeting = _editable_meeting(request, pk)
    form = AgendaItemForm(request.POST or None)
    back = reverse("governance:meeting_detail", args=[pk])

    def record(data):
        services.agenda_item_add(actor=request.user, meeting=meeting, text=data["text"])
        return back

    return record_page(
        request,
        form,
        record,
        success=_("افزوده شد."),
        title=_("افزودن بند دستور جلسه"),
        back_url=back,
    )


@login_required
def meeting_attachment_add(request, pk: int):
    meeting = _editable_meeting(request, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    back = reverse("governance:meeting_detail", args=[pk])

    def record(data):
        attachment_add(
            actor=request.user, target=meeting, uploaded_file=data["file"], title=data["title"]
        )
        return back

    return record_page(
        request,
        form,
        record,
        success=_("پیوست افزوده شد."),
        title=_("افزودن پیوست"),
        back_url=back,
        multipart=True,
    )
