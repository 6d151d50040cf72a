"""Guild board elections and their candidates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from khooshe.governance import permissions, selectors, services
from khooshe.governance.forms import CandidateForm, ElectionForm
from khooshe.governance.views._forms import record_page, require_staff


def election_list(request):
    elections = selectors.election_list(viewer=request.user).order_by(
        "organization__province__code", "organization__name", "-term"
    )
    return render(
        request,
        "governance/election_list.html",
        {"elections": elections, "is_staff": permissions.may_record(request.user)},
    )


def election_detail(request, pk: int):
    election = selectors.election_get(viewer=request.user, pk=pk)
    return render(
        request,
        "governance/election_detail.html",
        {
            "election": election,
            "candidates": election.candidates.select_related("person"),
            "can_edit": permissions.can_manage_in(request.user, election.organization.province_id),
        },
    )


@login_required
def election_create(request):
    require_staff(request)
    form = ElectionForm(request.POST or None, user=request.user)

    def record(data):
        election = services.election_record(actor=request.user, **data)
        return reverse("governance:election_detail", args=[election.pk])

    return record_page(
        request,
        form,
        record,
        success=_("ثبت شد."),
        title=_("ثبت انتخابات هیئت‌مدیره"),
        back_url=reverse("governance:index"),
    )


@login_required
def candidate_add(request, pk: int):
    election = selectors.election_get(viewer=request.user, pk=pk)
    if not permissions.can_manage_in(request.user, election.organization.province_id):
        raise PermissionDenied
    form = CandidateForm(request.POST or None, election=election)
    back = reverse("governance:election_detail", args=[pk])

    def record(data):
        services.candidate_add(actor=request.user, election=election, **data)
        return back

    return record_page(
        request, form, record, success=_("ثبت شد."), title=_("ثبت نامزد"), back_url=back
    )
