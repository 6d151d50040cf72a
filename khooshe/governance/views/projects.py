"""Projects and their weighted milestones."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from khooshe.governance import permissions, selectors, services
from khooshe.governance.forms import CommitmentForm, ProjectForm
from khooshe.governance.views._forms import record_page, require_staff


def project_list(request):
    projects = list(selectors.project_list(viewer=request.user).order_by("province__code", "title"))
    for project in projects:
        project.progress = selectors.weighted_progress(project.milestones.all())
    return render(
        request,
        "governance/project_list.html",
        {"projects": projects, "is_staff": permissions.may_record(request.user)},
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


@login_required
def project_create(request):
    require_staff(request)
    form = ProjectForm(request.POST or None, user=request.user)

    def record(data):
        project = services.project_create(actor=request.user, **data)
        return reverse("governance:project_detail", args=[project.pk])

    return record_page(
        request,
        form,
        record,
        success=_("پروژه ثبت شد."),
        title=_("ثبت پروژه"),
        back_url=reverse("governance:project_list"),
    )


@login_required
def milestone_add(request, pk: int):
    project = selectors.project_get(viewer=request.user, pk=pk)
    if not permissions.can_manage_in(request.user, project.province_id):
        raise PermissionDenied
    form = CommitmentForm(request.POST or None, with_weight=True)
    back = reverse("governance:project_detail", args=[pk])

    def record(data):
        services.milestone_add(
            actor=request.user,
            project=project,
            title=data["title"],
            owner=data["owner"],
            weight=data["weight"] or 1,
            due_on=data["due_on"] or None,
        )
        return back

    return record_page(
        request, form, record, success=_("مرحله افزوده شد."), title=_("افزودن مرحله"), back_url=back
    )
