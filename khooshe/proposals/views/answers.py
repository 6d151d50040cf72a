"""The public answers of decided proposals, publishing an answer, the evaluators of a
dossier, and the award of a proposal's project."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.pages import call_action, call_service, form_status, paginate, render_page
from khooshe.proposals import permissions as perms
from khooshe.proposals import selectors, services
from khooshe.proposals.forms import AssignForm, AwardForm
from khooshe.proposals.models import ProposalAnswer, ProposalState, Shortlist


def answers(request):
    """Every published answer: decided proposals with their state and reasons, the approved
    budget with its cost lines and period, the criteria a rejection names; never contacts,
    the estimate only where staff chose to show it."""
    return render_page(
        request,
        "proposals/answers.html",
        {"page": paginate(request, selectors.published_answers())},
        partial=None,
    )


@login_required
@require_POST
def answer_publish(request, pk: int, answer_pk: int):
    proposal = selectors.proposal_get(viewer=request.user, pk=pk)
    answer = ProposalAnswer.objects.filter(pk=answer_pk, proposal=proposal).first()
    if answer is None:
        raise PermissionDenied
    publish = request.POST.get("publish") != "0"
    call_action(
        request,
        services.answer_publish,
        success=_("پاسخ منتشر شد.") if publish else _("پاسخ از انتشار برداشته شد."),
        actor=request.user,
        answer=answer,
        publish=publish,
        show_estimate=request.POST.get("show_estimate") == "on",
    )
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def dossier_assign(request, pk: int):
    """Governorate staff assign evaluators to every proposal of the dossier awaiting scores."""
    dossier = selectors.dossier_get(viewer=request.user, pk=pk)
    form = AssignForm(request.POST, province_id=dossier.province_id)
    if form.is_valid():
        done = call_service(
            form,
            services.dossier_assign,
            actor=request.user,
            dossier=dossier,
            evaluators=form.cleaned_data["evaluators"],
            due_on=form.cleaned_data["due_on"],
        )
        if done:
            return redirect("proposals:dossier_detail", pk=pk)
    return render(
        request,
        "proposals/assign_form.html",
        {"dossier": dossier, "form": form},
        status=form_status(form),
    )


@login_required
def award(request, pk: int):
    """Record (or correct) who implements the project made from the proposal."""
    proposal = selectors.proposal_get(viewer=request.user, pk=pk)
    if not perms.can_decide(request.user, proposal) or proposal.state != (
        ProposalState.PROJECT_CREATED
    ):
        raise PermissionDenied
    project = proposal.projects.first()
    current = selectors.award_of_project(project) if project else None
    shortlist = Shortlist.objects.filter(proposal=proposal).select_related("organization", "person")
    initial = {}
    if current is not None:
        initial = {
            "organization": current.implementer_organization_id,
            "contract_date": current.contract_date,
            "contract_amount": current.contract_amount,
            "procurement_method": current.procurement_method,
            "version": current.version,
        }
    form = AwardForm(request.POST or None, shortlist=shortlist, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.award_record,
            actor=request.user,
            proposal=proposal,
            organization=form.cleaned_data["organization"],
            person=form.cleaned_data["person"],
            contract_date=form.cleaned_data["contract_date"],
            contract_amount=form.cleaned_data["contract_amount"],
            procurement_method=form.cleaned_data["procurement_method"],
            expected_version=form.cleaned_data.get("version"),
        )
        if done:
            return redirect("proposals:detail", pk=pk)
    return render(
        request,
        "proposals/award_form.html",
        {"proposal": proposal, "form": form, "award": current},
        status=form_status(form),
    )
