"""Agreements (MoUs, contracts): list, detail, recording, articles and notes, the commitment
of an article, and signing (a step of the agreement's state machine)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.pages import call_action
from khooshe.governance import permissions, selectors, services
from khooshe.governance.forms import AgreementForm, ClauseForm, CommitmentForm, SignForm
from khooshe.governance.models import Agreement, Commitment
from khooshe.governance.views._forms import record_page, require_staff


def agreement_list(request):
    agreements = selectors.agreement_list(viewer=request.user).annotate(
        article_count=Count("clauses", filter=Q(clauses__kind="article"), distinct=True),
        note_count=Count("clauses", filter=Q(clauses__kind="note"), distinct=True),
    )
    return render(
        request,
        "governance/agreement_list.html",
        {"agreements": agreements, "is_staff": permissions.may_record(request.user)},
    )


def agreement_detail(request, pk: int):
    agreement = selectors.agreement_get(viewer=request.user, pk=pk)
    clauses = list(agreement.clauses.all())
    can_manage = permissions.can_manage_in(request.user, agreement.province_id)
    can_sign = can_manage and services.AGREEMENT_MACHINE.can(agreement.state, "sign")
    return render(
        request,
        "governance/agreement_detail.html",
        {
            "agreement": agreement,
            "clauses": clauses,
            "article_count": sum(1 for c in clauses if c.kind == "article"),
            "note_count": sum(1 for c in clauses if c.kind == "note"),
            "projects": agreement.projects.all(),
            "rollup": selectors.agreement_rollup(agreement),
            "can_manage": can_manage,
            "sign_form": SignForm() if can_sign else None,
        },
    )


@login_required
def agreement_create(request):
    require_staff(request)
    form = AgreementForm(request.POST or None, user=request.user)

    def record(data):
        agreement = services.agreement_create(actor=request.user, **data)
        return reverse("governance:agreement_detail", args=[agreement.pk])

    return record_page(
        request,
        form,
        record,
        success=_("ثبت شد."),
        title=_("ثبت تفاهم‌نامه یا قرارداد"),
        back_url=reverse("governance:agreement_list"),
    )


def _managed_agreement(request, pk) -> Agreement:
    agreement = selectors.agreement_get(viewer=request.user, pk=pk)
    if not permissions.can_manage_in(request.user, agreement.province_id):
        raise PermissionDenied
    return agreement


@login_required
def clause_add(request, pk: int):
    agreement = _managed_agreement(request, pk)
    form = ClauseForm(request.POST or None)
    back = reverse("governance:agreement_detail", args=[pk])

    def record(data):
        services.agreement_clause_add(actor=request.user, agreement=agreement, **data)
        return back

    return record_page(
        request,
        form,
        record,
        success=_("افزوده شد."),
        title=_("افزودن ماده یا تبصره"),
        back_url=back,
    )


@login_required
def clause_commitment_add(request, pk: int, clause_pk: int):
    agreement = _managed_agreement(request, pk)
    clause = agreement.clauses.filter(pk=clause_pk).first()
    if clause is None:
        raise Http404
    form = CommitmentForm(request.POST or None, with_weight=True)
    back = reverse("governance:agreement_detail", args=[pk]) + f"#clause-{clause.pk}"

    def record(data):
        data = {**data, "weight": data.get("weight") or 1}
        services.commitment_create(
            actor=request.user,
            source_type=Commitment.SourceType.CLAUSE,
            clause=clause,
            province=agreement.province,
            is_public=agreement.is_public,
            **data,
        )
        return back

    return record_page(
        request,
        form,
        record,
        success=_("تعهد ثبت شد."),
        title=_("تعهد %(clause)s") % {"clause": clause},
        back_url=back,
    )


@login_required
@require_POST
def agreement_sign(request, pk: int):
    """Post/redirect/get: the signing or its refusal (signed already, a date in the future)
    is a message on the agreement's page."""
    agreement = _managed_agreement(request, pk)
    form = SignForm(request.POST)
    if form.is_valid():
        call_action(
            request,
            services.agreement_sign,
            success=_("امضای سند ثبت شد."),
            actor=request.user,
            agreement=agreement,
            signed_on=form.cleaned_data["signed_on"],
        )
    else:
        messages.error(request, _("تاریخ امضا را درست بنویسید."))
    return redirect("governance:agreement_detail", pk=pk)
