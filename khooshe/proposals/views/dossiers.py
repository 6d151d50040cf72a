"""Dossiers (پرونده), the governorate's evaluation board, priorities and the rubric."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.accounts.permissions import province_ids_for, province_ids_visible_to
from khooshe.core.pages import (
    call_action,
    call_service,
    form_status,
    paginate,
    query_string,
    render_page,
)
from khooshe.geo.models import Province
from khooshe.persian.jalali import today_jalali_year
from khooshe.proposals import permissions as perms
from khooshe.proposals import selectors, services
from khooshe.proposals.forms import AssignForm, CriterionForm, DossierForm, PriorityForm
from khooshe.proposals.models import Dossier, Priority, ProposalState


def _provinces(user, roles):
    ids = province_ids_for(user, roles=roles)
    queryset = Province.objects.all()
    return queryset if ids is None else queryset.filter(pk__in=ids)


def _chosen_province(request, roles):
    provinces = _provinces(request.user, roles)
    code = request.GET.get("province") or request.POST.get("province")
    province = provinces.filter(code=code).first() if code else None
    if province is None and provinces.count() == 1:
        province = provinces.first()
    return provinces, province


@login_required
def dossier_list(request):
    if not perms.is_any_staff(request.user):
        raise PermissionDenied
    dossiers = selectors.dossier_list(viewer=request.user)
    return render_page(
        request,
        "proposals/dossier_list.html",
        {
            "page": paginate(request, dossiers),
            "query_string": query_string(request),
            "can_create": _provinces(request.user, perms.GUILD).exists(),
        },
        partial=None,
    )


@login_required
def dossier_create(request):
    provinces, province = _chosen_province(request, perms.GUILD)
    if not provinces.exists():
        raise PermissionDenied
    candidates = (
        selectors.acceptable_for_dossier(viewer=request.user, province_id=province.pk)
        if province
        else selectors.proposal_list(viewer=request.user).none()
    )
    form = DossierForm(request.POST or None, proposals=candidates)
    if request.method == "POST" and province is not None and form.is_valid():
        created = call_service(
            form,
            services.dossier_create,
            actor=request.user,
            province=province,
            title=form.cleaned_data["title"],
            cover_letter=form.cleaned_data["cover_letter"],
            proposals=form.cleaned_data["proposals"],
        )
        if created:
            dossier = created.value
            messages.success(request, _("پرونده %(code)s تشکیل شد.") % {"code": dossier.code})
            return redirect("proposals:dossier_detail", pk=dossier.pk)
    return render(
        request,
        "proposals/dossier_form.html",
        {"form": form, "provinces": provinces, "province": province},
        status=form_status(form),
    )


@login_required
def dossier_detail(request, pk: int):
    """The dossier, ranked; printable as the official letter to the governorate."""
    dossier = selectors.dossier_get(viewer=request.user, pk=pk)
    proposals = selectors.dossier_proposals(dossier)
    can_manage = perms.can_manage_dossier(request.user, dossier)
    return render(
        request,
        "proposals/dossier_detail.html",
        {
            "dossier": dossier,
            "proposals": proposals,
            "budget_total": sum(p.estimated_budget for p in proposals),
            "jobs_total": sum(p.expected_jobs for p in proposals),
            "can_manage": can_manage and dossier.state == Dossier.State.OPEN,
            "assign_form": AssignForm(province_id=dossier.province_id)
            if dossier.state == Dossier.State.FORWARDED
            and perms.can_manage_priorities(request.user, dossier.province_id)
            else None,
            "addable": selectors.acceptable_for_dossier(
                viewer=request.user, province_id=dossier.province_id
            )
            if can_manage and dossier.state == Dossier.State.OPEN
            else [],
        },
    )


@login_required
@require_POST
def dossier_forward(request, pk: int):
    dossier = selectors.dossier_get(viewer=request.user, pk=pk)
    call_action(
        request,
        services.dossier_forward,
        success=_("پرونده به استانداری ارسال شد."),
        actor=request.user,
        dossier=dossier,
    )
    return redirect("proposals:dossier_detail", pk=pk)


@login_required
@require_POST
def dossier_membership(request, pk: int, proposal_pk: int, op: str):
    dossier = selectors.dossier_get(viewer=request.user, pk=pk)
    proposal = selectors.proposal_get(viewer=request.user, pk=proposal_pk)
    service = {"add": services.dossier_add, "remove": services.dossier_remove}.get(op)
    if service is None:
        raise Http404
    call_action(request, service, actor=request.user, dossier=dossier, proposal=proposal)
    return redirect("proposals:dossier_detail", pk=pk)


@login_required
def board(request):
    """The governorate's evaluation board: forwarded dossiers and the proposals under
    evaluation in the user's provinces, each with its mean score and alignment (national
    staff read every province's; what waits for their own score is only where they score)."""
    provinces = province_ids_visible_to(request.user, roles=perms.SCORERS)
    if provinces is not None and not provinces:
        raise PermissionDenied
    dossiers = selectors.dossier_list(viewer=request.user).filter(state=Dossier.State.FORWARDED)
    if provinces is not None:
        dossiers = dossiers.filter(province_id__in=provinces)
    dossiers = list(dossiers[:20])
    ranked = [(d, selectors.dossier_proposals(d)) for d in dossiers]
    to_score = selectors.proposals_to_score(viewer=request.user)[:50]
    return render(
        request,
        "proposals/board.html",
        {"ranked": ranked, "to_score": to_score, "decided_states": _DECIDED},
    )


_DECIDED = (ProposalState.APPROVED, ProposalState.REJECTED, ProposalState.PROJECT_CREATED)


@login_required
def priorities(request):
    """Executive priorities per Jalali year and the scoring rubric of a province."""
    provinces, province = _chosen_province(request, perms.PROVINCE_STAFF)
    if not provinces.exists():
        raise PermissionDenied
    can_manage = province is not None and perms.can_manage_priorities(request.user, province)
    priority_form = PriorityForm(
        request.POST if request.POST.get("form") == "priority" else None,
        initial={"year": today_jalali_year(), "weight": 10},
    )
    criterion_form = CriterionForm(
        request.POST if request.POST.get("form") == "criterion" else None, initial={"weight": 1}
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        back = f"{request.path}?province={province.code}"
        if request.POST.get("form") == "delete_priority":
            _delete_priority(request, province)
            return redirect(back)
        if _save_posted_form(request, province, priority_form, criterion_form):
            return redirect(back)
    return render(
        request,
        "proposals/priorities.html",
        {
            "provinces": provinces,
            "province": province,
            "priorities": selectors.priority_list(province_id=province.pk) if province else [],
            "criteria": selectors.criteria_for(province.pk) if province else [],
            "can_manage": can_manage,
            "priority_form": priority_form,
            "criterion_form": criterion_form,
        },
        status=form_status(priority_form, criterion_form),
    )


def _save_posted_form(request, province, priority_form, criterion_form):
    """Save the form the priorities page posted (``form=``): a priority or a criterion; the
    service's Outcome, or None when that form is invalid."""
    posted = request.POST.get("form")
    if posted == "priority" and priority_form.is_valid():
        saved = call_service(
            priority_form,
            services.priority_create,
            actor=request.user,
            province=province,
            data=priority_form.cleaned_data,
        )
        if saved:
            messages.success(request, _("اولویت ثبت شد."))
        return saved
    if posted == "criterion" and criterion_form.is_valid():
        saved = call_service(
            criterion_form,
            services.criterion_create,
            actor=request.user,
            province=province,
            **criterion_form.cleaned_data,
        )
        if saved:
            messages.success(request, _("معیار ثبت شد."))
        return saved
    return None


def _delete_priority(request, province) -> None:
    priority = Priority.objects.filter(pk=request.POST.get("priority"), province=province).first()
    if priority is None:
        raise Http404
    call_action(
        request,
        services.priority_delete,
        success=_("اولویت حذف شد."),
        actor=request.user,
        priority=priority,
    )
