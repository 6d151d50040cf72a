"""Clusters: list, profile, registration, stage steps and members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.workflow import TransitionNotAllowed
from khooshe.history.views import render_history
from khooshe.registry import permissions, selectors, services
from khooshe.registry.forms import (
    ClusterForm,
    ClusterMemberForm,
    ClusterStageForm,
)
from khooshe.registry.views.common import (
    form_errors,
    query_string,
)

# --- Clusters -------------------------------------------------------------------------------


def cluster_list(request):
    filters = {k: v for k, v in request.GET.items() if k in ("q", "province", "stage") and v}
    clusters = selectors.cluster_list(filters=filters, viewer=request.user)
    page = Paginator(clusters, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/cluster_list.html",
        {
            "page": page,
            "filters": filters,
            "query_string": query_string(filters),
            "stage_counts": selectors.cluster_stage_counts(),
            "can_create": selectors.is_verifier(request.user)
            or permissions.is_any_registry_staff(request.user),
        },
    )


def cluster_detail(request, pk: int):
    cluster = selectors.cluster_get(pk=pk, viewer=request.user)
    return render(
        request,
        "registry/cluster_detail.html",
        {
            "cluster": cluster,
            "members": list(selectors.cluster_members(cluster=cluster, viewer=request.user)),
            "can_edit": permissions.can_edit_cluster(request.user, cluster),
            "stage_form": ClusterStageForm(),
            "member_form": ClusterMemberForm(),
            "allowed_actions": services.CLUSTER_STAGES.allowed_actions(cluster.stage),
        },
    )


@login_required
def cluster_create(request):
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cluster = services.cluster_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("خوشه ثبت شد."))
            return redirect("registry:cluster_detail", pk=cluster.pk)
    return render(
        request,
        "registry/simple_form.html",
        {"form": form, "title": _("ثبت خوشه"), "back_url": reverse("registry:cluster_list")},
    )


@login_required
@require_POST
def cluster_stage(request, pk: int):
    cluster = selectors.cluster_get(pk=pk, viewer=request.user)
    form = ClusterStageForm(request.POST)
    if form.is_valid():
        try:
            services.cluster_advance(
                actor=request.user,
                cluster=cluster,
                action=form.cleaned_data["action"],
                on=form.cleaned_data["on"],
            )
        except TransitionNotAllowed as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("مرحله خوشه به‌روز شد."))
    else:
        messages.error(request, _("تاریخ یا مرحله نامعتبر است."))
    return redirect("registry:cluster_detail", pk=pk)


@login_required
@require_POST
def cluster_member(request, pk: int):
    cluster = selectors.cluster_get(pk=pk, viewer=request.user)
    form = ClusterMemberForm(request.POST)
    if form.is_valid():
        organization = selectors.organization_get(
            pk=form.cleaned_data["organization"], viewer=request.user
        )
        change = (
            {"remove": [organization]} if form.cleaned_data["remove"] else {"add": [organization]}
        )
        services.cluster_members_change(actor=request.user, cluster=cluster, **change)
        messages.success(request, _("اعضای خوشه به‌روز شد."))
    return redirect("registry:cluster_detail", pk=pk)


def cluster_history(request, pk: int):
    cluster = selectors.cluster_get(pk=pk, viewer=request.user)
    return render_history(
        request, cluster, back_url=reverse("registry:cluster_detail", args=[pk]), title=str(cluster)
    )
