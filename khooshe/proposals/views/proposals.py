"""One proposal: create, edit, see, move through the workflow, attach, score, and its
suggested actors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.accounts.permissions import organization_ids_for
from khooshe.core.attachments import attachments_of
from khooshe.core.idempotency import new_key, run_once
from khooshe.core.pages import call_action, call_service, form_status, render_page
from khooshe.geo.models import Province
from khooshe.history.views import render_history
from khooshe.proposals import permissions as perms
from khooshe.proposals import selectors, services
from khooshe.proposals import workflow as wf
from khooshe.proposals.forms import (
    AttachmentForm,
    CoSubmitterForm,
    ProposalForm,
    ScoreForm,
    ShortlistForm,
    TransitionForm,
)
from khooshe.proposals.models import Shortlist
from khooshe.proposals.selectors import suggestions_for
from khooshe.proposals.selectors.cosubmitters import co_submitters_of, cooperation_offers
from khooshe.registry.models import Organization, Person


def _organizations(user):
    return Organization.objects.filter(pk__in=organization_ids_for(user)).order_by("name")


def _form_province(request, *, organizations=None, proposal=None):
    """The province whose counties and agencies the proposal form offers: the one chosen on
    the page (``province``, by code), else the proposal's, else that of the organization the
    proposal would come from, else the person's own."""
    code = (request.POST or request.GET).get("province", "")
    chosen = Province.objects.filter(code=code).first() if code else None
    if chosen is not None:
        return chosen
    if proposal is not None:
        return proposal.province
    organization = organizations.exclude(province=None).first() if organizations else None
    if organization is not None:
        return organization.province
    person = Person.objects.filter(user=request.user).select_related("province").first()
    return person.province if person is not None else None


def _render_form(request, form, proposal):
    return render(
        request,
        "proposals/proposal_form.html",
        {
            "form": form,
            "proposal": proposal,
            "province": form.province,
            "provinces": Province.objects.all(),
        },
        status=form_status(form),
    )


@login_required
def proposal_create(request):
    organizations = _organizations(request.user)
    form = ProposalForm(
        request.POST or None,
        organizations=organizations,
        province=_form_province(request, organizations=organizations),
    )
    if request.method == "POST" and form.is_valid():
        created = call_service(
            form,
            services.proposal_create,
            actor=request.user,
            data=form.service_data(),
            capabilities=form.cleaned_data["capabilities"],
            submitter_organization=form.cleaned_data.get("submitter_organization"),
        )
        if created:
            messages.success(request, _("پیش‌نویس طرح ذخیره شد."))
            return redirect("proposals:detail", pk=created.value.pk)
    return _render_form(request, form, None)


@login_required
def proposal_edit(request, pk: int):
    proposal = selectors.proposal_get(viewer=request.user, pk=pk)
    if not perms.can_edit_proposal(request.user, proposal):
        if perms.is_proposal_owner(request.user, proposal):
            messages.error(
                request,
                _("طرح در وضعیت «%(state)s» قابل ویرایش نیست.")
                % {"state": proposal.get_state_display()},
            )
            return redirect("proposals:detail", pk=pk)
        raise PermissionDenied
    form = ProposalForm(
        request.POST or None,
        instance=proposal,
        province=_form_province(request, proposal=proposal),
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.proposal_update,
            actor=request.user,
            proposal=selectors.proposal_get(viewer=request.user, pk=pk),  # an unmodified copy
            data=form.service_data(),
            capabilities=form.cleaned_data["capabilities"],
            expected_version=form.cleaned_data.get("version"),
        )
        if saved:
            messages.success(request, _("تغییرات طرح ذخیره شد."))
            return redirect("proposals:detail", pk=pk)
    return _render_form(request, form, proposal)


@login_required
def proposal_detail(request, pk: int):
    proposal = selectors.proposal_get(viewer=request.user, pk=pk)
    user = request.user
    context = {
        "proposal": proposal,
        "actions": selectors.allowed_actions(viewer=user, proposal=proposal),
        "transitions": selectors.transitions_of(proposal),
        "attachments": attachments_of(proposal),
        "can_edit": perms.can_edit_proposal(user, proposal),
        "can_score": perms.can_score(user, proposal),
        "can_shortlist": perms.can_shortlist(user, proposal),
        "is_staff": perms.reads_province(user, proposal.province_id),
        "alignment": selectors.alignment(proposal),
        "scores": selectors.score_view(viewer=user, proposal=proposal),
        "shortlist": proposal.shortlist.select_related("organization", "person"),
        "attachment_form": AttachmentForm(),
        "transition_form": TransitionForm(initial={"idempotency_key": new_key()}),
        "capabilities": list(proposal.capabilities.all()),
        "project_url": selectors.project_url_for(proposal),
        **_co_submitters_context(user, proposal),
        "assignments": selectors.assignments_of(proposal)
        if perms.reads_province(user, proposal.province_id)
        else [],
        "answers": selectors.answers_of(proposal),
        "can_award": perms.can_decide(user, proposal) and proposal.state == "project_created",
    }
    return render(request, "proposals/proposal_detail.html", context)


def _co_submitters_context(user, proposal) -> dict:
    """The co-submitters panel: each row, whether the viewer answers for it, and the form to
    name one while the proposal may change."""
    rows = list(co_submitters_of(proposal))
    can_manage = perms.can_manage_co_submitters(user, proposal)
    return {
        "co_submitters": [
            (row, proposal.is_editable_state and perms.can_answer_co_submission(user, row))
            for row in rows
        ],
        "can_manage_co_submitters": can_manage,
        "co_submitter_form": CoSubmitterForm(proposal=proposal) if can_manage else None,
    }


@login_required
def proposal_act(request, pk: int, action: str):
    """GET: a confirmation form (with the note); POST: perform the transition."""
    proposal = selectors.proposal_get(viewer=request.user, pk=pk)
    if action not in wf.PROPOSAL_ACTIONS:
        raise Http404
    if not perms.can_act(request.user, proposal, action):
        raise PermissionDenied
    transition = wf.machine.transitions[action]
    form = TransitionForm(
        request.POST if request.method == "POST" else None,
        initial={"idempotency_key": new_key()},
        province_id=proposal.province_id,
        action=action,
    )
    if request.method == "POST" and form.is_valid():

        def perform():
            services.proposal_transition(
                actor=request.user,
                proposal=proposal,
                action=action,
                note=form.cleaned_data["note"],
                approved_budget=form.cleaned_data.get("approved_budget"),
                cost_lines=form.cleaned_data.get("cost_lines") or None,
                execution_months=form.cleaned_data.get("execution_months"),
                failed_criteria=form.cleaned_data.get("failed_criteria") or (),
                override_reason=form.cleaned_data.get("override_reason", ""),
            )
            return 200, {"state": proposal.state}

        done = call_service(
            form,
            run_once,
            user=request.user,
            scope=f"proposal:{pk}:{action}",
            key=form.cleaned_data.get("idempotency_key") or None,
            action=perform,
        )
        if done:
            messages.success(
                request,
                _("«%(action)s» انجام شد. وضعیت: %(state)s")
                % {"action": transition.label, "state": proposal.get_state_display()},
            )
            return redirect("proposals:detail", pk=pk)
    return render(
        request,
        "proposals/proposal_act.html",
        {
            "proposal": proposal,
            "transition": transition,
            "form": form,
            "needs_note": action in wf.NOTE_REQUIRED,
            "needs_budget": action == wf.APPROVE,
            "is_decision": action in (wf.APPROVE, wf.REJECT),
            "needs_criteria": action == wf.REJECT,
        },
        status=form_status(form),
    )


@login_required
@require_POST
def proposal_attach(request, pk: int):
    proposal = selectors.proposal_get(viewer=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        call_action(
            request,
            services.proposal_attach,
            success=_("پیوست افزوده شد."),
            actor=request.user,
            proposal=proposal,
            uploaded_file=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
        )
    else:
        messages.error(request, _("پرونده‌ای انتخاب نشده است."))
    return redirect("proposals:detail", pk=pk)


@login_required
def proposal_score(request, pk: int):
    proposal = selectors.proposal_get(viewer=request.user, pk=pk)
    if not perms.can_score(request.user, proposal):
        raise PermissionDenied
    criteria = selectors.criteria_for(proposal.province_id)
    view = selectors.score_view(viewer=request.user, proposal=proposal)
    initial = {s.criterion_id: s.value for s in view.own.scores.all()} if view.own else {}
    form = ScoreForm(
        request.POST or None,
        criteria=criteria,
        initial_values=initial,
        initial={"comment": view.own.comment if view.own else ""},
    )
    if request.method == "POST" and form.is_valid():
        scored = call_service(
            form,
            services.score_submit,
            actor=request.user,
            proposal=proposal,
            values=form.values(),
            comment=form.cleaned_data["comment"],
            declare_no_conflict=form.cleaned_data["declare_no_conflict"],
        )
        if scored:
            messages.success(request, _("امتیاز شما ثبت شد."))
            return redirect("proposals:detail", pk=pk)
    return render(
        request,
        "proposals/proposal_score.html",
        {"proposal": proposal, "form": form, "criteria": criteria},
        status=form_status(form),
    )


@login_required
def proposal_suggestions(request, pk: int):
    proposal = selectors.proposal_get(viewer=request.user, pk=pk)
    if not perms.can_view_suggestions(request.user, proposal):
        raise PermissionDenied
    other_provinces = request.GET.get("others") == "1"
    offers = None
    if perms.can_view_cooperation(request.user, proposal):
        offers = list(cooperation_offers(proposal))
    return render_page(
        request,
        "proposals/proposal_suggestions.html",
        {
            "proposal": proposal,
            "suggestions": suggestions_for(proposal, other_provinces=other_provinces),
            "other_provinces": other_provinces,
            "can_shortlist": perms.can_shortlist(request.user, proposal),
            "cooperation_offers": offers,
            "offered_organizations": {o.organization_id for o in offers or () if o.organization_id},
        },
        partial="suggestions",
    )


@login_required
@require_POST
def shortlist_add(request, pk: int):
    proposal = selectors.proposal_get(viewer=request.user, pk=pk)
    form = ShortlistForm(request.POST)
    if not form.is_valid():
        raise Http404
    organization = person = None
    if form.cleaned_data.get("organization"):
        organization = Organization.objects.filter(pk=form.cleaned_data["organization"]).first()
    elif form.cleaned_data.get("person"):
        person = Person.objects.filter(pk=form.cleaned_data["person"]).first()
    if organization is None and person is None:
        raise Http404
    call_action(
        request,
        services.shortlist_add,
        success=_("به فهرست کوتاه افزوده شد."),
        actor=request.user,
        proposal=proposal,
        organization=organization,
        person=person,
        note=form.cleaned_data.get("note", ""),
    )
    return redirect(reverse("proposals:suggestions", args=[pk]))


@login_required
@require_POST
def shortlist_remove(request, pk: int, entry_pk: int):
    proposal = selectors.proposal_get(viewer=request.user, pk=pk)
    entry = Shortlist.objects.filter(proposal=proposal, pk=entry_pk).first()
    if entry is None:
        raise Http404
    call_action(
        request,
        services.shortlist_remove,
        success=_("از فهرست کوتاه حذف شد."),
        actor=request.user,
        entry=entry,
    )
    return redirect("proposals:detail", pk=pk)


@login_required
def proposal_history(request, pk: int):
    proposal = selectors.proposal_get(viewer=request.user, pk=pk)
    return render_history(
        request, proposal, back_url=reverse("proposals:detail", args=[pk]), title=proposal.title
    )
