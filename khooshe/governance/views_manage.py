"""Staff pages that record governance: bodies and members, meetings (attendance,
attachments), agreements (articles, notes, their commitments, signing), projects and
milestones, public-record commitments, guild elections. Every write goes through a service;
every object is fetched through a permission-checked selector and checked again here."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.accounts.permissions import is_staff_anywhere
from khooshe.core.attachments import attachment_add
from khooshe.governance import forms as f
from khooshe.governance import permissions, selectors, services
from khooshe.governance.models import AgreementClause, Commitment
from khooshe.persian.jalali import TEHRAN


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _require_staff(request) -> None:
    if not is_staff_anywhere(request.user):
        raise PermissionDenied


def _form_page(request, form, *, title: str, back_url: str, status: int = 200, multipart=False):
    return render(
        request,
        "governance/manage_form.html",
        {"form": form, "title": title, "back_url": back_url, "multipart": multipart},
        status=status,
    )


def _save(request, form, act, *, success: str, title: str, back_url: str, multipart=False):
    """Run ``act(cleaned_data)`` when the form is valid; redirect to what it returns."""
    if form.is_valid():
        try:
            url = act(form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(url)
    return _form_page(
        request,
        form,
        title=title,
        back_url=back_url,
        status=400 if request.method == "POST" else 200,
        multipart=multipart,
    )


# --- Bodies and meetings -------------------------------------------------------------------


@login_required
def body_create(request):
    _require_staff(request)
    form = f.BodyForm(request.POST or None, user=request.user)
    if request.method != "POST":
        return _form_page(
            request, form, title=_("ثبت شورا یا کارگروه"), back_url=reverse("governance:body_list")
        )

    def act(data):
        body = services.body_create(actor=request.user, **data)
        return reverse("governance:body_detail", args=[body.pk])

    return _save(
        request, form, act, success=_("ثبت شد."), title=_("ثبت شورا یا کارگروه"),
        back_url=reverse("governance:body_list"),
    )  # fmt: skip


@login_required
def body_member_add(request, pk: int):
    body = selectors.body_get(viewer=request.user, pk=pk)
    if not permissions.can_manage_in(request.user, body.province_id):
        raise PermissionDenied
    form = f.BodyMemberForm(request.POST or None, body=body)
    back = reverse("governance:body_detail", args=[pk])
    if request.method != "POST":
        return _form_page(request, form, title=_("افزودن عضو"), back_url=back)

    def act(data):
        services.body_member_add(actor=request.user, body=body, **data)
        return back

    return _save(
        request, form, act, success=_("عضو افزوده شد."), title=_("افزودن عضو"), back_url=back
    )


@login_required
def meeting_create(request, pk: int):
    body = selectors.body_get(viewer=request.user, pk=pk)
    if not permissions.can_manage_in(request.user, body.province_id):
        raise PermissionDenied
    form = f.MeetingForm(request.POST or None)
    back = reverse("governance:body_detail", args=[pk])
    if request.method != "POST":
        return _form_page(request, form, title=_("ثبت جلسه"), back_url=back)

    def act(data):
        held_at = datetime.datetime.combine(data["held_on"], data["held_time"], tzinfo=TEHRAN)
        meeting = services.meeting_create(
            actor=request.user,
            body=body,
            title=data["title"],
            number=data["number"],
            held_at=held_at,
            place=data["place"],
            agenda=data["agenda"].splitlines(),
            minutes=data["minutes"],
            is_public=data["is_public"],
        )
        return reverse("governance:meeting_detail", args=[meeting.pk])

    return _save(request, form, act, success=_("جلسه ثبت شد."), title=_("ثبت جلسه"), back_url=back)


def _editable_meeting(request, pk):
    meeting = selectors.meeting_get(viewer=request.user, pk=pk)
    if not permissions.can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


@login_required
def attendance_add(request, pk: int):
    meeting = _editable_meeting(request, pk)
    form = f.AttendanceForm(request.POST or None, meeting=meeting)
    back = reverse("governance:meeting_detail", args=[pk])
    if request.method != "POST":
        return _form_page(request, form, title=_("ثبت حاضر"), back_url=back)

    def act(data):
        services.attendance_add(actor=request.user, meeting=meeting, **data)
        return back

    return _save(request, form, act, success=_("ثبت شد."), title=_("ثبت حاضر"), back_url=back)


@login_required
def agenda_item_add(request, pk: int):
    meeting = _editable_meeting(request, pk)
    form = f.AgendaItemForm(request.POST or None)
    back = reverse("governance:meeting_detail", args=[pk])
    if request.method != "POST":
        return _form_page(request, form, title=_("افزودن بند دستور جلسه"), back_url=back)

    def act(data):
        services.agenda_item_add(actor=request.user, meeting=meeting, text=data["text"])
        return back

    return _save(
        request, form, act, success=_("افزوده شد."), title=_("افزودن بند دستور جلسه"), back_url=back
    )


@login_required
def meeting_attachment_add(request, pk: int):
    meeting = _editable_meeting(request, pk)
    form = f.AttachmentForm(request.POST or None, request.FILES or None)
    back = reverse("governance:meeting_detail", args=[pk])
    if request.method != "POST":
        return _form_page(request, form, title=_("افزودن پیوست"), back_url=back, multipart=True)

    def act(data):
        attachment_add(
            actor=request.user, target=meeting, uploaded_file=data["file"], title=data["title"]
        )
        return back

    return _save(
        request, form, act, success=_("پیوست افزوده شد."), title=_("افزودن پیوست"),
        back_url=back, multipart=True,
    )  # fmt: skip


# --- Agreements -------------------------------------------------------------------------


@login_required
def agreement_create(request):
    _require_staff(request)
    form = f.AgreementForm(request.POST or None, user=request.user)
    back = reverse("governance:agreement_list")
    if request.method != "POST":
        return _form_page(request, form, title=_("ثبت تفاهم‌نامه یا قرارداد"), back_url=back)

    def act(data):
        agreement = services.agreement_create(actor=request.user, **data)
        return reverse("governance:agreement_detail", args=[agreement.pk])

    return _save(
        request, form, act, success=_("ثبت شد."), title=_("ثبت تفاهم‌نامه یا قرارداد"), back_url=back
    )


def _editable_agreement(request, pk):
    agreement = selectors.agreement_get(viewer=request.user, pk=pk)
    if not permissions.can_manage_in(request.user, agreement.province_id):
        raise PermissionDenied
    return agreement


@login_required
def clause_add(request, pk: int):
    agreement = _editable_agreement(request, pk)
    form = f.ClauseForm(request.POST or None)
    back = reverse("governance:agreement_detail", args=[pk])
    if request.method != "POST":
        return _form_page(request, form, title=_("افزودن ماده یا تبصره"), back_url=back)

    def act(data):
        services.agreement_clause_add(actor=request.user, agreement=agreement, **data)
        return back

    return _save(
        request, form, act, success=_("افزوده شد."), title=_("افزودن ماده یا تبصره"), back_url=back
    )


@login_required
def clause_commitment_add(request, pk: int, clause_pk: int):
    agreement = _editable_agreement(request, pk)
    clause = AgreementClause.objects.filter(agreement=agreement, pk=clause_pk).first()
    if clause is None:
        raise Http404
    form = f.CommitmentForm(request.POST or None)
    back = reverse("governance:agreement_detail", args=[pk]) + f"#clause-{clause.pk}"
    title = _("تعهد %(clause)s") % {"clause": clause}
    if request.method != "POST":
        return _form_page(request, form, title=title, back_url=back)

    def act(data):
        services.commitment_create(
            actor=request.user,
            source_type=Commitment.SourceType.CLAUSE,
            clause=clause,
            province=agreement.province,
            is_public=agreement.is_public,
            **data,
        )
        return back

    return _save(request, form, act, success=_("تعهد ثبت شد."), title=title, back_url=back)


@login_required
@require_POST
def agreement_sign(request, pk: int):
    agreement = _editable_agreement(request, pk)
    form = f.SignForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_sign(
                actor=request.user, agreement=agreement, signed_on=form.cleaned_data["signed_on"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("امضای سند ثبت شد."))
    else:
        messages.error(request, _("تاریخ امضا را درست بنویسید."))
    return redirect("governance:agreement_detail", pk=pk)


# --- Projects and public-record commitments ----------------------------------------------


@login_required
def project_create(request):
    _require_staff(request)
    form = f.ProjectForm(request.POST or None, user=request.user)
    back = reverse("governance:project_list")
    if request.method != "POST":
        return _form_page(request, form, title=_("ثبت پروژه"), back_url=back)

    def act(data):
        project = services.project_create(actor=request.user, **data)
        return reverse("governance:project_detail", args=[project.pk])

    return _save(
        request, form, act, success=_("پروژه ثبت شد."), title=_("ثبت پروژه"), back_url=back
    )


@login_required
def milestone_add(request, pk: int):
    project = selectors.project_get(viewer=request.user, pk=pk)
    if not permissions.can_manage_in(request.user, project.province_id):
        raise PermissionDenied
    form = f.CommitmentForm(request.POST or None, with_weight=True)
    back = reverse("governance:project_detail", args=[pk])
    if request.method != "POST":
        return _form_page(request, form, title=_("افزودن مرحله"), back_url=back)

    def act(data):
        services.milestone_add(
            actor=request.user,
            project=project,
            title=data["title"],
            owner=data["owner"],
            weight=data["weight"] or 1,
            due_on=data["due_on"] or None,
        )
        return back

    return _save(
        request, form, act, success=_("مرحله افزوده شد."), title=_("افزودن مرحله"), back_url=back
    )


@login_required
def commitment_create(request):
    _require_staff(request)
    form = f.PublicCommitmentForm(request.POST or None, user=request.user)
    back = reverse("governance:index")
    title = _("ثبت تعهد از رسانه‌ها")
    if request.method != "POST":
        return _form_page(request, form, title=title, back_url=back)

    def act(data):
        data = {**data, "due_on": data["due_on"] or None}
        commitment = services.commitment_create(
            actor=request.user, source_type=Commitment.SourceType.PUBLIC_RECORD, **data
        )
        return reverse("governance:commitment_detail", args=[commitment.pk])

    return _save(request, form, act, success=_("تعهد ثبت شد."), title=title, back_url=back)


# --- Elections ----------------------------------------------------------------------------


def election_detail(request, pk: int):
    election = selectors.election_get(viewer=request.user, pk=pk)
    candidates = election.candidates.select_related("person")
    return render(
        request,
        "governance/election_detail.html",
        {
            "election": election,
            "candidates": candidates,
            "can_edit": permissions.can_manage_in(request.user, election.organization.province_id),
        },
    )


@login_required
def election_create(request):
    _require_staff(request)
    form = f.ElectionForm(request.POST or None, user=request.user)
    back = reverse("governance:index")
    if request.method != "POST":
        return _form_page(request, form, title=_("ثبت انتخابات هیئت‌مدیره"), back_url=back)

    def act(data):
        election = services.election_record(actor=request.user, **data)
        return reverse("governance:election_detail", args=[election.pk])

    return _save(
        request, form, act, success=_("ثبت شد."), title=_("ثبت انتخابات هیئت‌مدیره"), back_url=back
    )


@login_required
def candidate_add(request, pk: int):
    election = selectors.election_get(viewer=request.user, pk=pk)
    if not permissions.can_manage_in(request.user, election.organization.province_id):
        raise PermissionDenied
    form = f.CandidateForm(request.POST or None, election=election)
    back = reverse("governance:election_detail", args=[pk])
    if request.method != "POST":
        return _form_page(request, form, title=_("ثبت نامزد"), back_url=back)

    def act(data):
        services.candidate_add(actor=request.user, election=election, **data)
        return back

    return _save(request, form, act, success=_("ثبت شد."), title=_("ثبت نامزد"), back_url=back)
