"""Clusters: list, profile, registration, stage steps and members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.pages import (
    call_action,
    call_service,
    form_status,
    paginate,
    query_string,
    render_page,
)
from khooshe.history.views import render_history
from khooshe.registry import permissions, selectors, services
from khooshe.registry.filters import ClusterFilter
from khooshe.registry.forms import (
    ClusterForm,
    ClusterMemberForm,
    ClusterStageForm,
)
from khooshe.registry.views.common import filters_of

#: Clusters per page (a province has a few dozen).
PAGE_SIZE = 50

# --- Clusters -------------------------------------------------------------------------------


def cluster_list(request):
    filters = filters_of(request, ClusterFilter.base_filters)
    clusters = selectors.cluster_list(filters=filters, viewer=request.user)
    return render_page(
        request,
        "registry/cluster_list.html",
        {
            "page": paginate(request, clusters, PAGE_SIZE),
            "filters": filters,
            "query_string": query_string(request),
            "stage_counts": selectors.cluster_stage_counts(),
            "can_create": permissions.is_verifier(request.user)
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
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        created = call_service(form, services.cluster_create, actor=request.user, **data)
        if created:
            messages.success(request, _("خوشه ثبت شد."))
            return redirect("registry:cluster_detail", pk=created.value.pk)
    return render(
        request,
        "registry/simple_form.html",
        {"form": form, "title": _("ثبت خوشه"), "back_url": reverse("registry:cluster_list")},
        status=form_status(form),
    )


@login_required
def cluster_edit(request, pk: int):
    """The cluster's details and the aliases the public record's mentions look for."""
    cluster = selectors.cluster_get(pk=pk, viewer=request.user)
    if not permissions.can_edit_cluster(request.user, cluster):
        raise PermissionDenied
    initial = {name: getattr(cluster, name) for name in ClusterForm.base_fields}
    initial["province"] = cluster.province_id
    form = ClusterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        saved = call_service(
            form,
            services.cluster_update,
            actor=request.user,
            cluster=cluster,
            expected_version=version,
            **data,
        )
        if saved:
            messages.success(request, _("تغییرات ذخیره شد."))
            return redirect("registry:cluster_detail", pk=cluster.pk)
    return render(
        request,
        "registry/simple_form.html",
        {
            "form": form,
            "title": _("ویرایش %s") % cluster.name,
            "back_url": reverse("registry:cluster_detail", args=[cluster.pk]),
        },
        status=form_status(form),
    )


@login_required
@require_POST
def cluster_stage(request, pk: int):
    cluster = selectors.cluster_get(pk=pk, viewer=request.user)
    form = ClusterStageForm(request.POST)
    if form.is_valid():
        call_action(
            request,
            services.cluster_advance,
            success=_("مرحله خوشه به‌روز شد."),
            actor=request.user,
            cluster=cluster,
            action=form.cleaned_data["action"],
            on=form.cleaned_data["on"],
        )
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
        call_action(
            request,
            services.cluster_members_change,
            success=_("اعضای خوشه به‌روز شد."),
            actor=request.user,
            cluster=cluster,
            **change,
        )
    return redirect("registry:cluster_detail", pk=pk)


def cluster_history(request, pk: int):
    cluster = selectors.cluster_get(pk=pk, viewer=request.user)
    return render_history(
        request, cluster, back_url=reverse("registry:cluster_detail", args=[pk]), title=str(cluster)
    )
