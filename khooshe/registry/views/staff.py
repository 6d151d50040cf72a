"""The registry staff's pages: pending claims, unverified records, the taxonomies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khooshe.core.pages import call_service, form_status
from khooshe.registry import permissions, selectors, services
from khooshe.registry.forms import (
    CapabilityForm,
    ClaimDecisionForm,
    SectorForm,
)

# --- Claims ---------------------------------------------------------------------------------


@login_required
def claim_list(request):
    if not permissions.is_verifier(request.user):
        raise PermissionDenied
    claims = selectors.pending_claims_for(request.user)
    unverified = selectors.unverified_for(request.user).select_related("county")[:50]
    return render(request, "registry/staff.html", {"claims": claims, "unverified": unverified})


@login_required
def claim_detail(request, pk: int):
    claim = selectors.claim_get(pk=pk, viewer=request.user)
    form = ClaimDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = (
            services.claim_approve
            if form.cleaned_data["decision"] == "approve"
            else services.claim_reject
        )
        if call_service(
            form, decide, actor=request.user, claim=claim, reason=form.cleaned_data["reason"]
        ):
            messages.success(request, _("تصمیم ثبت شد."))
            return redirect("registry:claims")
    return render(
        request,
        "registry/claim_detail.html",
        {
            "claim": claim,
            "form": form,
            "can_decide": permissions.can_decide_claim(request.user, claim),
        },
        status=form_status(form),
    )


# --- Taxonomies -----------------------------------------------------------------------------


@login_required
def taxonomy(request):
    """The capability tree and the sectors; staff add entries (renames: Django admin)."""
    if not permissions.can_manage_taxonomy(request.user):
        raise PermissionDenied
    capability_form = CapabilityForm(request.POST if "capability" in request.POST else None)
    sector_form = SectorForm(request.POST if "sector" in request.POST else None)
    form = capability_form if "capability" in request.POST else sector_form
    save = services.capability_save if form is capability_form else services.sector_save
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, save, actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("افزوده شد."))
        return redirect("registry:taxonomy")
    return render(
        request,
        "registry/taxonomy.html",
        {
            "capabilities": selectors.capability_tree(),
            "sectors": selectors.sector_list(),
            "capability_form": capability_form,
            "sector_form": sector_form,
        },
        status=form_status(capability_form, sector_form),
    )
