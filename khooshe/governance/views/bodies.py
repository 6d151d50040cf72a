"""Councils, working groups and committees, and their members."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from khooshe.governance import permissions, selectors, services
from khooshe.governance.forms import BodyForm, BodyMemberForm
from khooshe.governance.views._forms import record_page, require_staff


def body_list(request):
    bodies = selectors.body_list(viewer=request.user).order_by("province__code", "name")
    return render(
        request,
        "governance/body_list.html",
        {"bodies": bodies, "is_staff": permissions.may_record(request.user)},
    )


def body_detail(request, pk: int):
    body = selectors.body_get(viewer=request.user, pk=pk)
    members = body.members.select_related("person", "organization").order_by("role", "id")
    meetings = selectors.meeting_list(viewer=request.user).filter(body=body)
    commitments = selectors.commitment_list(viewer=request.user).filter(body=body)
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "members": members,
            "meetings": meetings,
            "commitments": commitments,
            "counts": selectors.status_counts(commitments),
            "roles": selectors.lead_collaborator_scorecard(commitments),
            "can_manage": permissions.can_manage_in(request.user, body.province_id),
        },
    )


@login_required
def body_create(request):
    require_staff(request)
    form = BodyForm(request.POST or None, user=request.user)

    def record(data):
        body = services.body_create(actor=request.user, **data)
        return reverse("governance:body_detail", args=[body.pk])

    return record_page(
        request,
        form,
        record,
        success=_("ثبت شد."),
        title=_("ثبت شورا یا کارگروه"),
        back_url=reverse("governance:body_list"),
    )


@login_required
def body_member_add(request, pk: int):
    body = selectors.body_get(viewer=request.user, pk=pk)
    if not permissions.can_manage_in(request.user, body.province_id):
        raise PermissionDenied
    form = BodyMemberForm(request.POST or None, body=body)
    back = reverse("governance:body_detail", args=[pk])

    def record(data):
        services.body_member_add(actor=request.user, body=body, **data)
        return back

    return record_page(
        request, form, record, success=_("عضو افزوده شد."), title=_("افزودن عضو"), back_url=back
    )
