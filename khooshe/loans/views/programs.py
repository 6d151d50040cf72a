"""Programs: the list (open first), a program's page with its grace comparison and figures,
defining and editing a program, its history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.accounts.permissions import organization_ids_for
from khooshe.core.pages import call_service, form_status, render_page
from khooshe.geo.models import Province
from khooshe.history.views import render_history
from khooshe.loans import selectors, services
from khooshe.loans.forms import ProgramForm
from khooshe.loans.models import GraceTreatment
from khooshe.loans.permissions import (
    can_manage_program,
    is_fund_officer,
    is_fund_officer_of,
    may_define_programs,
    program_provinces_for,
)
from khooshe.loans.schedule import GraceInterest, compare_grace_treatments
from khooshe.persian.money import parse_amount


def index(request):
    """The programs list (open first) with links to the calculator and one's applications."""
    open_now = request.GET.get("open", "1") != "0"
    province = request.GET.get("province") or None
    programs = selectors.program_list(
        viewer=request.user, province=province, open_now=True if open_now else None
    )
    context = {
        "programs": programs,
        "open_now": open_now,
        "province": province,
        "provinces": Province.objects.only("code", "name"),
        "is_fund_officer": is_fund_officer(request.user),
        "can_create": may_define_programs(request.user),
    }
    return render_page(request, "loans/index.html", context)


def _amount_shown(request, program) -> int:
    """The amount the page's comparison is computed for: asked (within the program's range)
    or the program's maximum."""
    try:
        amount = parse_amount(request.GET.get("amount") or program.max_amount)
    except ValidationError:
        amount = program.max_amount
    return min(max(amount, program.min_amount, 1), program.max_amount or amount)


def _grace_comparison(program, amount: int) -> list[dict] | None:
    """The program's terms for ``amount`` under every grace-interest treatment."""
    try:
        schedules = compare_grace_treatments(program.terms(amount), timezone.localdate())
    except ValueError:
        return None
    labels = dict(GraceTreatment.choices)
    return [
        {
            "treatment": treatment,
            "label": labels[treatment.value],
            "schedule": schedule,
            "first": schedule.installments[0],
            "regular": _regular_installment(schedule),
            "is_program": treatment == GraceInterest(program.grace_interest),
        }
        for treatment, schedule in schedules.items()
    ]


def _regular_installment(schedule):
    """A typical regular installment: the second one (the first may carry grace interest)."""
    regular = [i for i in schedule.installments if not i.is_grace]
    return regular[1] if len(regular) > 2 else regular[0]


def program_detail(request, pk: int):
    program = selectors.program_get(viewer=request.user, pk=pk)
    amount = _amount_shown(request, program) if program.is_loan else None
    manager = can_manage_program(request.user, program)
    officer = is_fund_officer_of(request.user, program.fund_id)
    context = {
        "program": program,
        "amount": amount,
        "comparison": _grace_comparison(program, amount) if program.is_loan else None,
        "can_manage": manager,
        "is_officer": officer,
        "can_apply": program.is_loan
        and program.is_open
        and bool(organization_ids_for(request.user)),
        "packages": selectors.packages_with_counts(program),
        "package_requests": selectors.package_requests_for(viewer=request.user, program=program)
        if request.user.is_authenticated
        else [],
        "rules": program.rules.all(),
    }
    if program.is_loan:
        context["committed"] = selectors.program_committed(program)
        context["disbursed"] = selectors.program_disbursed(program)
    if manager or officer:
        context["portfolio"] = selectors.program_portfolio(program)
        context["jobs"] = selectors.jobs_by_county(program)
    return render(request, "loans/program_detail.html", context)


@login_required
def program_edit(request, pk: int | None = None):
    program = selectors.program_get(viewer=request.user, pk=pk) if pk else None
    if program is not None and not can_manage_program(request.user, program):
        raise PermissionDenied
    if program is None and not may_define_programs(request.user):
        raise PermissionDenied
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        if program is None:
            provinces = program_provinces_for(request.user)
            outcome = call_service(
                form,
                services.program_create,
                actor=request.user,
                province=Province.objects.filter(pk=min(provinces)).first() if provinces else None,
                provinces=form.cleaned_data["provinces"],
                rules=form.rules(),
                documents=form.documents(),
                **form.program_fields(),
            )
        else:
            outcome = call_service(
                form,
                services.program_update,
                actor=request.user,
                program=program,
                expected_version=form.cleaned_data.get("version"),
                provinces=form.cleaned_data["provinces"],
                rules=form.rules(),
                documents=form.documents(),
                **form.program_fields(),
            )
        if outcome:
            messages.success(request, _("برنامه ذخیره شد."))
            return redirect("loans:program_detail", pk=outcome.value.pk)
    return render(
        request,
        "loans/program_form.html",
        {"form": form, "program": program},
        status=form_status(form),
    )


@login_required
def program_history(request, pk: int):
    program = selectors.program_get(viewer=request.user, pk=pk)
    if not can_manage_program(request.user, program):
        raise PermissionDenied
    return render_history(
        request, program, back_url=reverse("loans:program_detail", args=[pk]), title=program.name
    )
