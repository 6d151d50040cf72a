"""A commitment: its timeline and progress form, corrections, cancellation, history; and
staff recording a commitment from the public record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.idempotency import key_from_request, new_key, run_once
from khooshe.core.pages import call_action, call_service, form_status
from khooshe.governance import permissions, selectors, services
from khooshe.governance.forms import (
    CommitmentCancelForm,
    CommitmentEditForm,
    CommitmentUpdateForm,
    PublicCommitmentForm,
)
from khooshe.governance.models import Commitment
from khooshe.governance.views._forms import record_page, require_staff
from khooshe.history.views import render_history
from khooshe.persian.jalali import format_jalali


def _is_open(commitment) -> bool:
    return commitment.done_on is None and not commitment.cancelled


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


def _render_commitment(request, commitment, *, form=None, cancel_form=None):
    updates = selectors.commitment_updates(viewer=request.user, commitment=commitment)
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
        status=form_status(form),
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
