"""A commitment: its timeline and progress form, acceptance or contest of a report of
completion, extensions of its due date, the dates its sources stated and the baseline,
the escalation ladder, corrections, cancellation, history; and staff recording a commitment
from the public record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.idempotency import key_from_request, new_key, run_once
from khooshe.core.pages import call_action, call_service, form_status
from khooshe.governance import permissions, selectors, services
from khooshe.governance.forms import (
    CommitmentAcceptForm,
    CommitmentCancelForm,
    CommitmentContestForm,
    CommitmentEditForm,
    CommitmentExtendForm,
    CommitmentUpdateForm,
    DueStatementForm,
    PublicCommitmentForm,
)
from khooshe.governance.models import Commitment, CommitmentExtension
from khooshe.governance.services.commitments import auto_accept_days, review_refusal
from khooshe.governance.views._forms import record_page, require_staff
from khooshe.history.views import render_history
from khooshe.persian.jalali import format_jalali


def _is_open(commitment) -> bool:
    return (
        commitment.done_on is None
        and commitment.reported_done_on is None
        and not commitment.cancelled
    )


def _is_awaiting(commitment) -> bool:
    return (
        commitment.reported_done_on is not None
        and commitment.done_on is None
        and not commitment.cancelled
    )


def _timeline(commitment, updates, record) -> list[dict]:
    """The commitment's story in date order: recorded, progress reports, the due date (and
    the original one when it moved), extensions, acceptance or contest, a cancellation. On
    one day the order is: recorded, reports, due / extensions / reviews, cancelled."""
    events = [
        {"on": timezone.localtime(commitment.created_at).date(), "kind": "recorded", "rank": 0}
    ]
    events += [{"on": u.reported_on, "kind": "update", "update": u, "rank": 1} for u in updates]
    if commitment.due_on:
        events.append({"on": commitment.due_on, "kind": "due", "rank": 2})
    if commitment.original_due_on and commitment.original_due_on != commitment.due_on:
        events.append({"on": commitment.original_due_on, "kind": "original_due", "rank": 2})
    if commitment.cancelled:
        events.append(
            {"on": timezone.localtime(commitment.updated_at).date(), "kind": "cancelled", "rank": 3}
        )
    for extension in record["extensions"]:
        events.append(
            {
                "on": timezone.localtime(extension.created_at).date(),
                "kind": "extension",
                "extension": extension,
                "rank": 2,
            }
        )
    for review in record["reviews"]:
        events.append(
            {
                "on": timezone.localtime(review.created_at).date(),
                "kind": "review",
                "review": review,
                "rank": 2,
            }
        )
    return sorted(events, key=lambda e: (e["on"], e["rank"]))


def _render_commitment(
    request,
    commitment,
    *,
    form=None,
    cancel_form=None,
    statement_form=None,
    contest_form=None,
):
    user = request.user
    updates = selectors.commitment_updates(viewer=user, commitment=commitment)
    record = selectors.commitment_record(viewer=user, commitment=commitment)
    project_progress = None
    if commitment.project_id:
        project_progress = selectors.weighted_progress(commitment.project.milestones.all())
    review = {"allowed": False, "refusal": ""}
    if _is_awaiting(commitment) and user.is_authenticated:
        pending = next((u for u in reversed(updates) if u.percent == 100), None)
        review["refusal"] = review_refusal(user, commitment, pending)
        review["allowed"] = not review["refusal"] and permissions.may_review_commitments(
            user, commitment
        )
    can_extend = not commitment.cancelled and permissions.can_extend_commitment(user, commitment)
    if can_extend and statement_form is None:
        statement_form = DueStatementForm()
    return render(
        request,
        "governance/commitment_detail.html",
        {
            "commitment": commitment,
            "updates": updates,
            "record": record,
            "timeline": _timeline(commitment, updates, record),
            "ladder": selectors.commitment_ladder(commitment),
            "form": form,
            "cancel_form": cancel_form,
            "review": review,
            "accept_form": CommitmentAcceptForm() if review["allowed"] else None,
            "contest_form": contest_form
            or (CommitmentContestForm() if review["allowed"] else None),
            "can_extend": can_extend and _is_open(commitment),
            "can_choose_baseline": can_extend and _is_open(commitment),
            "statement_form": statement_form,
            "auto_accept_days": auto_accept_days(commitment.province_id)
            if _is_awaiting(commitment)
            else None,
            "project_progress": project_progress,
        },
        status=form_status(form or statement_form or contest_form),
    )


def commitment_detail(request, pk: int):
    commitment = selectors.commitment_get(viewer=request.user, pk=pk)
    form = cancel_form = None
    if _is_open(commitment):
        if permissions.can_update_commitment(request.user, commitment):
            form = CommitmentUpdateForm(initial={"idempotency_key": new_key()})
        if permissions.can_cancel_commitment(request.user, commitment):
            cancel_form = CommitmentCancelForm()
    return _render_commitment(request, commitment, form=form, cancel_form=cancel_form)


@login_required
@require_POST
def commitment_update(request, pk: int):
    """A progress report; a resubmitted form (same idempotency key) records it once."""
    commitment = selectors.commitment_get(viewer=request.user, pk=pk)
    if not permissions.can_update_commitment(request.user, commitment):
        raise PermissionDenied
    form = CommitmentUpdateForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data

        def report():
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

        outcome = call_service(
            form,
            run_once,
            user=request.user,
            scope=f"governance.commitment_update:{commitment.pk}",
            key=key_from_request(request),
            action=report,
        )
        if outcome:
            messages.success(request, _("گزارش پیشرفت ثبت شد."))
            return redirect("governance:commitment_detail", pk=commitment.pk)
    return _render_commitment(request, commitment, form=form)


@login_required
@require_POST
def commitment_accept(request, pk: int):
    """Accept the report of completion (403 for its author and the owner's representatives)."""
    commitment = selectors.commitment_get(viewer=request.user, pk=pk)
    form = CommitmentAcceptForm(request.POST)
    if form.is_valid():
        call_action(
            request,
            services.commitment_accept,
            success=_("گزارش انجام پذیرفته شد."),
            actor=request.user,
            commitment=commitment,
            note=form.cleaned_data["note"],
        )
    return redirect("governance:commitment_detail", pk=commitment.pk)


@login_required
@require_POST
def commitment_contest(request, pk: int):
    """Contest the report of completion, with a reason."""
    commitment = selectors.commitment_get(viewer=request.user, pk=pk)
    form = CommitmentContestForm(request.POST)
    if form.is_valid():
        outcome = call_service(
            form,
            services.commitment_contest,
            actor=request.user,
            commitment=commitment,
            reason=form.cleaned_data["reason"],
        )
        if outcome:
            messages.success(request, _("گزارش انجام رد شد و پیشرفت به گزارش پیشین بازگشت."))
            return redirect("governance:commitment_detail", pk=commitment.pk)
    return _render_commitment(request, commitment, contest_form=form)


@login_required
def commitment_extend(request, pk: int):
    """Staff move the due date: an extension record with its reason and source."""
    commitment = selectors.commitment_get(viewer=request.user, pk=pk)
    if not permissions.can_extend_commitment(request.user, commitment):
        raise PermissionDenied
    resolutions = selectors.resolution_list(viewer=request.user)
    if commitment.province_id:
        resolutions = resolutions.filter(body__province_id=commitment.province_id)
    form = CommitmentExtendForm(
        request.POST or None,
        initial={"version": commitment.version, "source": CommitmentExtension.Source.LETTER},
        resolutions=resolutions.order_by("-year", "-sequence"),
    )

    def record(data):
        services.commitment_extend(
            actor=request.user,
            commitment=commitment,
            new_due_on=data["new_due_on"],
            reason=data["reason"],
            source=data["source"],
            source_resolution=data["source_resolution"],
            source_reference=data["source_reference"],
            expected_version=data["version"],
        )
        return reverse("governance:commitment_detail", args=[pk])

    return record_page(
        request,
        form,
        record,
        success=_("موعد تمدید شد؛ موعد اصلی نگه داشته شد."),
        title=_("تمدید موعد: %(title)s") % {"title": commitment.title},
        back_url=reverse("governance:commitment_detail", args=[pk]),
    )


@login_required
@require_POST
def commitment_due_statement(request, pk: int):
    """Staff record a due date a source stated."""
    commitment = selectors.commitment_get(viewer=request.user, pk=pk)
    if not permissions.can_extend_commitment(request.user, commitment):
        raise PermissionDenied
    form = DueStatementForm(request.POST)
    if form.is_valid():
        outcome = call_service(
            form,
            services.commitment_due_statement_add,
            actor=request.user,
            commitment=commitment,
            **form.cleaned_data,
        )
        if outcome:
            messages.success(request, _("موعد اعلام‌شده ثبت شد."))
            return redirect("governance:commitment_detail", pk=commitment.pk)
    return _render_commitment(request, commitment, statement_form=form)


@login_required
@require_POST
def commitment_baseline(request, pk: int, statement_pk: int):
    """Staff choose the stated date that is the original one."""
    commitment = selectors.commitment_get(viewer=request.user, pk=pk)
    if not permissions.can_extend_commitment(request.user, commitment):
        raise PermissionDenied
    statement = get_object_or_404(commitment.due_statements, pk=statement_pk)
    call_action(
        request,
        services.commitment_baseline_choose,
        success=_("موعد مبنا برگزیده شد."),
        actor=request.user,
        commitment=commitment,
        statement=statement,
    )
    return redirect("governance:commitment_detail", pk=commitment.pk)


@login_required
def commitment_edit(request, pk: int):
    commitment = selectors.commitment_get(viewer=request.user, pk=pk)
    if not permissions.can_cancel_commitment(request.user, commitment):
        raise PermissionDenied
    form = CommitmentEditForm(
        request.POST or None,
        initial={
            "title": commitment.title,
            "due_on": format_jalali(commitment.due_on) if commitment.due_on else "",
            "description": commitment.description,
            "version": commitment.version,
        },
    )

    def record(data):
        services.commitment_edit(
            actor=request.user,
            commitment=commitment,
            expected_version=data["version"],
            title=data["title"],
            due_on=data["due_on"] or None,
            description=data["description"],
            reason=data["reason"],
        )
        return reverse("governance:commitment_detail", args=[pk])

    return record_page(
        request,
        form,
        record,
        success=_("تعهد ذخیره شد."),
        title=_("ویرایش تعهد"),
        back_url=reverse("governance:commitment_detail", args=[pk]),
    )


@login_required
@require_POST
def commitment_cancel(request, pk: int):
    commitment = selectors.commitment_get(viewer=request.user, pk=pk)
    if not permissions.can_cancel_commitment(request.user, commitment):
        raise PermissionDenied
    form = CommitmentCancelForm(request.POST)
    if form.is_valid():
        call_action(
            request,
            services.commitment_cancel,
            success=_("تعهد لغو شد."),
            actor=request.user,
            commitment=commitment,
            reason=form.cleaned_data["reason"],
        )
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


@login_required
def commitment_create(request):
    """Staff record a promise made in the public record (a news article, a speech)."""
    require_staff(request)
    form = PublicCommitmentForm(request.POST or None, user=request.user)

    def record(data):
        commitment = services.commitment_create(
            actor=request.user,
            source_type=Commitment.SourceType.PUBLIC_RECORD,
            **{**data, "due_on": data["due_on"] or None},
        )
        return reverse("governance:commitment_detail", args=[commitment.pk])

    return record_page(
        request,
        form,
        record,
        success=_("تعهد ثبت شد."),
        title=_("ثبت تعهد از رسانه‌ها"),
        back_url=reverse("governance:index"),
    )
