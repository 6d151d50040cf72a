"""Pages of the governance capability: the public promise board, commitments with their
timeline and progress form, bodies, meetings and their printable minutes, agreements,
projects, and the iCalendar feeds of deadlines."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from khooshe.accounts.permissions import is_staff_anywhere
from khooshe.core.attachments import attachments_of
from khooshe.core.concurrency import EditConflict
from khooshe.core.idempotency import key_from_request, new_key, run_once
from khooshe.geo.models import Province
from khooshe.governance import permissions, selectors, services
from khooshe.governance.calendar import deadlines_calendar
from khooshe.governance.filters import CommitmentFilter
from khooshe.governance.forms import (
    CommitmentCancelForm,
    CommitmentEditForm,
    CommitmentUpdateForm,
    MinutesForm,
    ResolutionForm,
    SignForm,
)
from khooshe.governance.models import CommitmentStatus
from khooshe.governance.status import DUE_SOON_DAYS
from khooshe.history.views import render_history
from khooshe.persian.jalali import format_jalali

PAGE_SIZE = 25


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _query_string(request, *, drop=("page",)) -> str:
    return urlencode(
        [(k, v) for k, v in request.GET.items() if k not in drop and v not in ("", None)]
    )


# --- The promise board ------------------------------------------------------------------


@vary_on_headers("HX-Request")
def index(request):
    """The public promise board: every visible commitment with its source, owner, due date,
    status and last update; filters by body, status and year (and province); counts by
    status and a scorecard per owner organization."""
    base = selectors.commitment_list(viewer=request.user)
    province_code = request.GET.get("province", "").strip()
    province = Province.objects.filter(code=province_code).first() if province_code else None
    filterset = CommitmentFilter(request.GET or None, queryset=base, request=request)
    commitments = filterset.qs if filterset.is_bound else base
    # Counts by status ignore the status filter itself, so every value stays visible.
    params = request.GET.copy()
    params.pop("status", None)
    unfiltered_status = CommitmentFilter(params or None, queryset=base, request=request)
    count_qs = unfiltered_status.qs if unfiltered_status.is_bound else base
    counts = selectors.status_counts(count_qs)
    status_links = [
        (value, label, counts[value], _status_link(request, value))
        for value, label in CommitmentStatus.choices
    ]
    page = Paginator(commitments, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "page": page,
        "status_links": status_links,
        "scorecard": selectors.owner_scorecard(count_qs),
        "body_scorecard": selectors.body_scorecard(count_qs),
        "total": sum(counts.values()),
        "province": province,
        "provinces": Province.objects.order_by("name"),
        "query_string": _query_string(request),
        "current_status": request.GET.get("status", ""),
        "is_staff": is_staff_anywhere(request.user),
        "due_soon_days": DUE_SOON_DAYS,
    }
    template = "governance/board.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def _status_link(request, status: str) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    if params.get("status") == status:
        params.pop("status")
    else:
        params["status"] = status
    return "?" + params.urlencode()


# --- Commitments ------------------------------------------------------------------------


def commitment_detail(request, pk: int):
    commitment = selectors.commitment_get(viewer=request.user, pk=pk)
    updates = selectors.with_evidence_files(list(selectors.commitment_updates(commitment)))
    can_update = permissions.can_update_commitment(request.user, commitment)
    form = None
    if can_update and commitment.done_on is None and not commitment.cancelled:
        form = CommitmentUpdateForm(initial={"idempotency_key": new_key()})
    cancel_form = (
        CommitmentCancelForm()
        if permissions.can_cancel_commitment(request.user, commitment)
        and commitment.done_on is None
        and not commitment.cancelled
        else None
    )
    return _render_commitment(request, commitment, updates, form, cancel_form)


def _timeline(commitment, updates) -> list[dict]:
    """The commitment's story in date order: recorded, progress reports, the due date and a
    cancellation. On one day the order is: recorded, reports, due, cancelled."""
    events = [
        {"on": timezone.localtime(commitment.created_at).date(), "kind": "recorded", "rank": 0}
    ]
    events += [{"on": u.reported_on, "kind": "update", "update": u, "rank": 1} for u in updates]
    if commitment.due_on:
        events.append({"on": commitment.due_on, "kind": "due", "rank": 2})
    if commitment.cancelled:
        events.append(
            {"on": timezone.localtime(commitment.updated_at).date(), "kind": "cancelled", "rank": 3}
        )
    return sorted(events, key=lambda e: (e["on"], e["rank"]))


def _render_commitment(request, commitment, updates, form, cancel_form, status=200):
    project_progress = None
    if commitment.project_id:
        project_progress = selectors.weighted_progress(commitment.project.milestones.all())
    return render(
        request,
        "governance/commitment_detail.html",
        {
            "commitment": commitment,
            "updates": updates,
            "timeline": _timeline(commitment, updates),
            "form": form,
            "cancel_form": cancel_form,
            "project_progress": project_progress,
        },
        status=status,
    )


@login_required
@require_POST
def commitment_update(request, pk: int):
    commitment = selectors.commitment_get(viewer=request.user, pk=pk)
    if not permissions.can_update_commitment(request.user, commitment):
        raise PermissionDenied
    form = CommitmentUpdateForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data

        def act():
            services.commitment_update_add(
                actor=request.user,
                commitment=commitment,
                percent=data["percent"],
                text=data["text"],
                reported_on=data["reported_on"],
                evidence_url=data["evidence_url"],
                evidence_files=[data["evidence_file"]] if data["evidence_file"] else [],
            )
            return 201, {}

        try:
            run_once(
                user=request.user,
                scope=f"governance.commitment_update:{commitment.pk}",
                key=key_from_request(request),
                action=act,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("گزارش پیشرفت ثبت شد."))
            return redirect("governance:commitment_detail", pk=commitment.pk)
    updates = selectors.with_evidence_files(list(selectors.commitment_updates(commitment)))
    return _render_commitment(request, commitment, updates, form, None, status=400)


@login_required
def commitment_edit(request, pk: int):
    commitment = selectors.commitment_get(viewer=request.user, pk=pk)
    if not permissions.can_cancel_commitment(request.user, commitment):
        raise PermissionDenied
    if request.method == "POST":
        form = CommitmentEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.commitment_edit(
                    actor=request.user,
                    commitment=commitment,
                    expected_version=data["version"],
                    title=data["title"],
                    due_on=data["due_on"] or None,
                    description=data["description"],
                    reason=data["reason"],
                )
            except EditConflict as conflict:
                form.add_error(None, conflict.message)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("تعهد ذخیره شد."))
                return redirect("governance:commitment_detail", pk=pk)
    else:
        form = CommitmentEditForm(
            initial={
                "title": commitment.title,
                "due_on": format_jalali(commitment.due_on) if commitment.due_on else "",
                "description": commitment.description,
                "version": commitment.version,
            }
        )
    return render(
        request,
        "governance/manage_form.html",
        {
            "form": form,
            "title": _("ویرایش تعهد"),
            "back_url": reverse("governance:commitment_detail", args=[pk]),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def commitment_cancel(request, pk: int):
    commitment = selectors.commitment_get(viewer=request.user, pk=pk)
    if not permissions.can_cancel_commitment(request.user, commitment):
        raise PermissionDenied
    form = CommitmentCancelForm(request.POST)
    if form.is_valid():
        try:
            services.commitment_cancel(
                actor=request.user, commitment=commitment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("تعهد لغو شد."))
    else:
        messages.error(request, _("دلیل لغو را بنویسید."))
    return redirect("governance:commitment_detail", pk=commitment.pk)


def commitment_history(request, pk: int):
    commitment = selectors.commitment_get(viewer=request.user, pk=pk)
    return render_history(
        request,
        commitment,
        back_url=reverse("governance:commitment_detail", args=[pk]),
        title=commitment.title,
    )


# --- Bodies and meetings ----------------------------------------------------------------


def body_list(request):
    bodies = selectors.body_list(viewer=request.user).order_by("province__code", "name")
    return render(
        request,
        "governance/body_list.html",
        {"bodies": bodies, "is_staff": is_staff_anywhere(request.user)},
    )


def body_detail(request, pk: int):
    body = selectors.body_get(viewer=request.user, pk=pk)
    members = body.members.select_related("person", "organization").order_by("role", "id")
    meetings = selectors.meeting_list(viewer=request.user).filter(body=body)
    commitments = selectors.commitment_list(viewer=request.user).filter(body=body)
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "members": members,
            "meetings": meetings,
            "commitments": commitments,
            "counts": selectors.status_counts(commitments),
            "can_manage": permissions.can_manage_in(request.user, body.province_id),
        },
    )


def meeting_detail(request, pk: int):
    meeting = selectors.meeting_get(viewer=request.user, pk=pk)
    can_edit = permissions.can_edit_meeting(request.user, meeting)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "attachments": attachments_of(meeting),
            "can_edit": can_edit,
            "resolution_form": ResolutionForm(province=meeting.body.province) if can_edit else None,
        },
    )


def meeting_print(request, pk: int):
    """The printable minutes (صورتجلسه): Jalali dates and Persian digits throughout."""
    meeting = selectors.meeting_get(viewer=request.user, pk=pk)
    return render(request, "governance/meeting_print.html", {"meeting": meeting})


@login_required
def meeting_minutes_edit(request, pk: int):
    meeting = selectors.meeting_get(viewer=request.user, pk=pk)
    if not permissions.can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    if request.method == "POST":
        form = MinutesForm(request.POST)
        if form.is_valid():
            try:
                services.meeting_set_minutes(
                    actor=request.user,
                    meeting=meeting,
                    minutes=form.cleaned_data["minutes"],
                    expected_version=form.cleaned_data["version"],
                )
            except EditConflict as conflict:
                form.add_error(None, conflict.message)
            else:
                messages.success(request, _("صورتجلسه ذخیره شد."))
                return redirect("governance:meeting_detail", pk=meeting.pk)
    else:
        form = MinutesForm(initial={"minutes": meeting.minutes, "version": meeting.version})
    return render(request, "governance/minutes_form.html", {"meeting": meeting, "form": form})


@login_required
@require_POST
def resolution_add(request, pk: int):
    meeting = selectors.meeting_get(viewer=request.user, pk=pk)
    if not permissions.can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    form = ResolutionForm(request.POST, province=meeting.body.province)
    if form.is_valid():
        data = form.cleaned_data
        try:
            resolution = services.resolution_create(
                actor=request.user,
                meeting=meeting,
                text=data["text"],
                owner=data["owner"],
                due_on=data["due_on"] or None,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("مصوبه %(number)s ثبت شد.") % {"number": resolution.number})
            return redirect("governance:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "attachments": attachments_of(meeting),
            "can_edit": True,
            "resolution_form": form,
        },
        status=400,
    )


def meeting_history(request, pk: int):
    meeting = selectors.meeting_get(viewer=request.user, pk=pk)
    return render_history(
        request,
        meeting,
        back_url=reverse("governance:meeting_detail", args=[pk]),
        title=str(meeting),
    )


# --- Agreements and projects -------------------------------------------------------------


def agreement_list(request):
    agreements = selectors.agreement_list(viewer=request.user).annotate(
        article_count=Count("clauses", filter=Q(clauses__kind="article"), distinct=True),
        note_count=Count("clauses", filter=Q(clauses__kind="note"), distinct=True),
    )
    return render(
        request,
        "governance/agreement_list.html",
        {"agreements": agreements, "is_staff": is_staff_anywhere(request.user)},
    )


def agreement_detail(request, pk: int):
    agreement = selectors.agreement_get(viewer=request.user, pk=pk)
    clauses = list(agreement.clauses.all())
    return render(
        request,
        "governance/agreement_detail.html",
        {
            "agreement": agreement,
            "clauses": clauses,
            "article_count": sum(1 for c in clauses if c.kind == "article"),
            "note_count": sum(1 for c in clauses if c.kind == "note"),
            "projects": agreement.projects.all(),
            "can_manage": permissions.can_manage_in(request.user, agreement.province_id),
            "sign_form": SignForm(),
        },
    )


def project_list(request):
    projects = list(selectors.project_list(viewer=request.user).order_by("province__code", "title"))
    for project in projects:
        project.progress = selectors.weighted_progress(project.milestones.all())
    return render(
        request,
        "governance/project_list.html",
        {"projects": projects, "is_staff": is_staff_anywhere(request.user)},
    )


def project_detail(request, pk: int):
    project = selectors.project_get(viewer=request.user, pk=pk)
    milestones = list(project.milestones.all())
    total_weight = sum(m.weight for m in milestones if not m.cancelled)
    for milestone in milestones:
        milestone.share = round(100 * milestone.weight / total_weight) if total_weight else 0
    return render(
        request,
        "governance/project_detail.html",
        {
            "project": project,
            "milestones": milestones,
            "total_weight": total_weight,
            "progress": selectors.weighted_progress(milestones),
            "can_manage": permissions.can_manage_in(request.user, project.province_id),
        },
    )


def resolution_detail(request, pk: int):
    resolution = selectors.resolution_list(viewer=request.user).filter(pk=pk).first()
    if resolution is None:
        raise Http404
    return redirect(reverse("governance:meeting_detail", args=[resolution.meeting_id]) + f"#r{pk}")


def election_list(request):
    elections = selectors.election_list(viewer=request.user).order_by(
        "organization__province__code", "organization__name", "-term"
    )
    return render(
        request,
        "governance/election_list.html",
        {"elections": elections, "is_staff": is_staff_anywhere(request.user)},
    )


# --- iCalendar feeds ---------------------------------------------------------------------


def _ics(calendar_bytes: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(calendar_bytes, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def ical_body(request, pk: int):
    body = selectors.body_get(viewer=request.user, pk=pk)
    commitments = selectors.commitment_list(viewer=request.user).filter(
        body=body, due_on__isnull=False
    )
    name = _("موعدهای %(body)s") % {"body": body.name}
    return _ics(deadlines_calendar(commitments, name=name, request=request), f"body-{pk}.ics")


def ical_province(request, code: str):
    province = Province.objects.filter(code=code).first()
    if province is None:
        raise Http404
    commitments = selectors.commitment_list(viewer=request.user).filter(
        province=province, due_on__isnull=False
    )
    name = _("موعدهای تعهدهای استان %(province)s") % {"province": province.name}
    return _ics(deadlines_calendar(commitments, name=name, request=request), f"{code}.ics")
