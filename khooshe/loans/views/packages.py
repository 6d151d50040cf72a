"""Support packages: defining one on a program, an organization's request, and the staff's
decision and delivery (buttons on the program's page)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.accounts.permissions import organization_ids_for
from khooshe.core.pages import call_action, call_service, form_status
from khooshe.loans import selectors, services
from khooshe.loans.forms import PackageForm, PackageRequestForm
from khooshe.loans.permissions import can_manage_packages
from khooshe.loans.services.packages import PACKAGE_FIELDS
from khooshe.loans.workflow import ALLOCATE, DECLINE, DELIVER, package_request_machine
from khooshe.registry.models import Organization


@login_required
def package_edit(request, program_pk: int, pk: int | None = None):
    program = selectors.program_get(viewer=request.user, pk=program_pk)
    if not can_manage_packages(request.user, program):
        raise PermissionDenied
    package = get_object_or_404(program.packages, pk=pk) if pk else None
    form = PackageForm(request.POST or None, instance=package)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PACKAGE_FIELDS}
        if package is None:
            outcome = call_service(
                form, services.package_create, actor=request.user, program=program, **fields
            )
        else:
            outcome = call_service(
                form,
                services.package_update,
                actor=request.user,
                package=package,
                expected_version=form.cleaned_data.get("version"),
                **fields,
            )
        if outcome:
            messages.success(request, _("بسته حمایتی ذخیره شد."))
            return redirect("loans:program_detail", pk=program.pk)
    return render(
        request,
        "loans/package_form.html",
        {"form": form, "program": program, "package": package},
        status=form_status(form),
    )


@login_required
def package_request(request, pk: int):
    package = selectors.package_get(viewer=request.user, pk=pk)
    organizations = Organization.objects.filter(pk__in=organization_ids_for(request.user)).order_by(
        "name"
    )
    ids = [organization.pk for organization in organizations]
    if not ids:
        raise PermissionDenied
    # The actor's own organization is chosen for them when they represent only one.
    initial = {"organization": ids[0]} if len(ids) == 1 else {}
    form = PackageRequestForm(request.POST or None, organizations=organizations, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            form,
            services.package_request_create,
            actor=request.user,
            package=package,
            **form.cleaned_data,
        )
        if outcome:
            messages.success(
                request,
                _("درخواست ثبت شد: %(state)s") % {"state": outcome.value.get_state_display()},
            )
            return redirect("loans:program_detail", pk=package.program_id)
    return render(
        request,
        "loans/package_request.html",
        {"form": form, "package": package},
        status=form_status(form),
    )


#: The service of each decision on a package request, by the name its URL gives.
DECISIONS = {
    ALLOCATE: partial(services.package_request_decide, allocate=True),
    DECLINE: partial(services.package_request_decide, allocate=False),
    DELIVER: services.package_request_deliver,
}


@login_required
@require_POST
def package_request_decide(request, pk: int, decision: str):
    """Allocate, decline or deliver a package request (post/redirect/get: a decision taken
    twice or out of order is a message on the program's page)."""
    if decision not in DECISIONS:
        raise Http404
    request_ = selectors.package_request_to_decide(viewer=request.user, pk=pk)
    call_action(
        request,
        DECISIONS[decision],
        success=_("ثبت شد: %(label)s") % {"label": package_request_machine.label(decision)},
        actor=request.user,
        request=request_,
        note=request.POST.get("note", ""),
    )
    return redirect("loans:program_detail", pk=request_.package.program_id)
