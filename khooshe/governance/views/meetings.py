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
from khooshe.core.pages import call_action, call_service, form_status
from khooshe.governance import permissions, selectors, services
from khooshe.governance.forms import (
    AgendaItemForm,
    AttachmentForm,
    AttendanceForm,
    InvitationReplyForm,
    MeetingForm,
    MinutesAmendForm,
    MinutesForm,
    MinutesResponseForm,
    ReasonForm,
    ResolutionForm,
)
from khooshe.governance.models import Meeting
from khooshe.governance.views._forms import record_page
from khooshe.history.views import render_history
from khooshe.persian.jalali import TEHRAN


def _editable_meeting(request, pk):
    meeting = selectors.meeting_get(viewer=request.user, pk=pk)
    if not permissions.can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


def _render_meeting(
    request, meeting, *, resolution_form=None, reply_form=None, response_form=None, status=None
):
    can_edit = permissions.can_edit_meeting(request.user, meeting)
    if can_edit and resolution_form is None:
        resolution_form = ResolutionForm(province=meeting.body.province)
    user = request.user
    invitation = confirmation = None
    if user.is_authenticated:
        invitation = next(
            (i for i in meeting.invitations.all() if i.person.user_id == user.pk), None
        )
        confirmation = next(
            (c for c in meeting.minutes_confirmations.all() if c.user_id == user.pk), None
        )
    if invitation and meeting.state == Meeting.State.INVITED and reply_form is None:
        reply_form = InvitationReplyForm(
            initial={"reply": invitation.reply, "delegate_name": invitation.delegate_name}
        )
    if (
        confirmation
        and meeting.minutes_state == Meeting.MinutesState.SENT
        and response_form is None
    ):
        response_form = MinutesResponseForm(initial={"comment": confirmation.comment})
    actions = (
        [t.action for t in services.MEETING_MACHINE.allowed_actions(meeting.state)]
        if can_edit
        else []
    )
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "attachments": attachments_of(meeting),
            "can_edit": can_edit,
            "resolution_form": resolution_form if can_edit else None,
            "followup": selectors.meeting_followup(meeting),
            "actions": actions,
            "reason_form": ReasonForm() if can_edit else None,
            "invitation": invitation,
            "reply_form": reply_form if invitation and meeting.state == "invited" else None,
            "confirmation": confirmation,
            "response_form": response_form
            if confirmation and meeting.minutes_state == "sent"
            else None,
            "pending_confirmations": sum(
                1 for c in meeting.minutes_confirmations.all() if c.response == "pending"
            ),
        },
        status=status or form_status(resolution_form or reply_form or response_form),
    )


def meeting_detail(request, pk: int):
    return _render_meeting(request, selectors.meeting_get(viewer=request.user, pk=pk))


def meeting_print(request, pk: int):
    """The printable minutes (صورتجلسه): Jalali dates and Persian digits throughout."""
    meeting = selectors.meeting_get(viewer=request.user, pk=pk)
    return render(
        request,
        "governance/meeting_print.html",
        {"meeting": meeting, "followup": selectors.meeting_followup(meeting)},
    )


@login_required
def meeting_minutes_edit(request, pk: int):
    meeting = _editable_meeting(request, pk)
    if meeting.minutes_state == Meeting.MinutesState.LOCKED:
        messages.info(request, _("صورتجلسه قفل شده است؛ تغییر آن فقط با ثبت اصلاحیه ممکن است."))
        return redirect("governance:minutes_amend", pk=meeting.pk)
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
            vote=form.vote(),
            collaborators=list(data["collaborators"]),
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
            state=data.get("state") or Meeting.State.HELD,
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


# --- The meeting's lifecycle and its minutes --------------------------------------------------


@login_required
@require_POST
def meeting_move(request, pk: int, action: str):
    """Invite, hold, postpone or cancel (the last two with a reason)."""
    meeting = _editable_meeting(request, pk)
    back = redirect("governance:meeting_detail", pk=meeting.pk)
    if action in ("invite", "hold"):
        service = services.meeting_invite if action == "invite" else services.meeting_hold
        call_action(
            request,
            service,
            success=_("دعوت‌ها فرستاده شد.") if action == "invite" else _("جلسه برگزارشده ثبت شد."),
            actor=request.user,
            meeting=meeting,
        )
        return back
    if action not in ("postpone", "cancel"):
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back
    data = form.cleaned_data
    if action == "cancel":
        call_action(
            request,
            services.meeting_cancel,
            success=_("جلسه لغو شد."),
            actor=request.user,
            meeting=meeting,
            reason=data["reason"],
        )
        return back
    held_at = None
    if data["held_on"]:
        time = data["held_time"] or meeting.held_at.astimezone(TEHRAN).time()
        held_at = datetime.datetime.combine(data["held_on"], time, tzinfo=TEHRAN)
    call_action(
        request,
        services.meeting_postpone,
        success=_("جلسه به تعویق افتاد."),
        actor=request.user,
        meeting=meeting,
        reason=data["reason"],
        held_at=held_at,
    )
    return back


@login_required
@require_POST
def invitation_reply(request, pk: int):
    meeting = selectors.meeting_get(viewer=request.user, pk=pk)
    invitation = next(
        (i for i in meeting.invitations.all() if i.person.user_id == request.user.pk), None
    )
    if invitation is None:
        raise PermissionDenied
    form = InvitationReplyForm(request.POST)
    if form.is_valid():
        outcome = call_service(
            form,
            services.invitation_reply,
            actor=request.user,
            invitation=invitation,
            **form.cleaned_data,
        )
        if outcome:
            messages.success(request, _("پاسخ شما ثبت شد."))
            return redirect("governance:meeting_detail", pk=meeting.pk)
    return _render_meeting(request, meeting, reply_form=form)


@login_required
@require_POST
def minutes_send(request, pk: int):
    meeting = _editable_meeting(request, pk)
    call_action(
        request,
        services.minutes_send,
        success=_("صورتجلسه برای تأیید حاضران فرستاده شد."),
        actor=request.user,
        meeting=meeting,
    )
    return redirect("governance:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def minutes_lock(request, pk: int):
    meeting = _editable_meeting(request, pk)
    call_action(
        request,
        services.minutes_lock,
        success=_("صورتجلسه قفل شد."),
        actor=request.user,
        meeting=meeting,
    )
    return redirect("governance:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def minutes_respond(request, pk: int):
    meeting = selectors.meeting_get(viewer=request.user, pk=pk)
    form = MinutesResponseForm(request.POST)
    if form.is_valid():
        outcome = call_service(
            form, services.minutes_respond, actor=request.user, meeting=meeting, **form.cleaned_data
        )
        if outcome:
            messages.success(request, _("پاسخ شما به صورتجلسه ثبت شد."))
            return redirect("governance:meeting_detail", pk=meeting.pk)
    return _render_meeting(request, meeting, response_form=form)


@login_required
def minutes_amend(request, pk: int):
    meeting = _editable_meeting(request, pk)
    form = MinutesAmendForm(request.POST or None, initial={"minutes": meeting.minutes})
    back = reverse("governance:meeting_detail", args=[pk])

    def record(data):
        services.minutes_amend(
            actor=request.user, meeting=meeting, minutes=data["minutes"], reason=data["reason"]
        )
        return back

    return record_page(
        request,
        form,
        record,
        success=_("اصلاحیه ثبت شد."),
        title=_("اصلاحیه صورتجلسه"),
        back_url=back,
    )
