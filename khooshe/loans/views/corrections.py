"""The fund officer's corrections of a loan: reversing a repayment or a tranche, waiving the
late-payment penalty, rescheduling (preview beside the current schedule, then confirm or
undo), decrees over programs, and the printable payoff quote."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.idempotency import run_once
from khooshe.core.pages import call_action, call_service, form_status
from khooshe.loans import selectors, services
from khooshe.loans.forms import DecreeForm, PayoffForm, RescheduleForm, ReversalForm, WaiverForm
from khooshe.loans.models import Decree
from khooshe.loans.permissions import can_operate_loan, is_fund_officer


def _operated_loan(request, pk: int):
    loan = selectors.loan_get(viewer=request.user, pk=pk)
    if not can_operate_loan(request.user, loan):
        raise PermissionDenied
    return loan


def _run(form, request, scope: str, action):
    return call_service(
        form,
        run_once,
        user=request.user,
        scope=scope,
        key=form.cleaned_data.get("idempotency_key") or None,
        action=action,
    )


@login_required
def loan_reverse(request, pk: int, kind: str, rid: int):
    """Reverse a repayment (``kind`` = repayment) or a tranche (``kind`` = disbursement)."""
    loan = _operated_loan(request, pk)
    if kind == "repayment":
        original = loan.repayments.filter(pk=rid).first()
        service = services.repayment_reverse
    elif kind == "disbursement":
        original = loan.disbursements.filter(pk=rid).first()
        service = services.disbursement_reverse
    else:
        raise Http404
    if original is None:
        raise Http404
    form = ReversalForm(request.POST or None, initial={"version": loan.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def act():
            reversal = service(
                actor=request.user,
                application=loan,
                reason=data["reason"],
                reference=data["reference"],
                expected_version=data.get("version"),
                **{kind: original},
            )
            return 201, {"reversal": reversal.pk}

        if _run(form, request, f"loans:reverse:{kind}:{original.pk}", act):
            messages.success(request, _("برگشت ثبت شد و دفتر وام بازمحاسبه شد."))
            return redirect("loans:loan_statement", pk=pk)
    context = {"application": loan, "original": original, "kind": kind, "form": form}
    return render(request, "loans/loan_reverse.html", context, status=form_status(form))


@login_required
def loan_waive(request, pk: int):
    loan = _operated_loan(request, pk)
    form = WaiverForm(request.POST or None, initial={"version": loan.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def act():
            waiver = services.penalty_waive(
                actor=request.user,
                application=loan,
                amount=data.get("amount"),
                reason=data["reason"],
                expected_version=data.get("version"),
            )
            return 201, {"waiver": waiver.pk}

        if _run(form, request, f"loans:waiver:{loan.pk}", act):
            messages.success(request, _("بخشودگی وجه التزام ثبت شد."))
            return redirect("loans:loan_statement", pk=pk)
    context = {
        "application": loan,
        "form": form,
        "statement": selectors.loan_statement(loan),
    }
    return render(request, "loans/loan_waive.html", context, status=form_status(form))


@login_required
def loan_reschedule(request, pk: int):
    """Preview a rescheduling beside the current schedule; «تأیید» stores the new version."""
    loan = _operated_loan(request, pk)
    form = RescheduleForm(request.POST or None, initial={"version": loan.version})
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(
            form,
            services.reschedule_preview,
            application=loan,
            kind=data["kind"],
            params=form.params(),
        )
        if outcome:
            preview = outcome.value
        if outcome and "confirm" in request.POST:

            def act():
                version = services.reschedule_confirm(
                    actor=request.user,
                    application=loan,
                    kind=data["kind"],
                    params=form.params(),
                    reason=data.get("reason", ""),
                    expected_version=data.get("version"),
                )
                return 201, {"version": version.number}

            if _run(form, request, f"loans:reschedule:{loan.pk}", act):
                messages.success(request, _("استمهال ثبت شد؛ جدول تازه در صورت‌حساب است."))
                return redirect("loans:loan_statement", pk=pk)
            preview = None
    context = {
        "application": loan,
        "form": form,
        "preview": preview,
        "versions": loan.schedule_versions.all(),
    }
    return render(request, "loans/loan_reschedule.html", context, status=form_status(form))


@login_required
@require_POST
def loan_reschedule_undo(request, pk: int, number: int):
    loan = _operated_loan(request, pk)
    version = loan.schedule_versions.filter(number=number).first()
    if version is None:
        raise Http404
    call_action(
        request,
        services.reschedule_undo,
        success=_("استمهال لغو شد."),
        actor=request.user,
        application=loan,
        version=version,
    )
    return redirect("loans:loan_statement", pk=pk)


@login_required
def loan_payoff(request, pk: int):
    """The printable payoff quote on a chosen day (today by default)."""
    loan = selectors.loan_get(viewer=request.user, pk=pk)
    form = PayoffForm(request.GET or None)
    quote = None
    if form.is_valid() or not form.is_bound:
        on = form.cleaned_data.get("on") if form.is_bound else None
        outcome = call_service(form, services.payoff_quote, application=loan, on=on)
        quote = outcome.value if outcome else None
    context = {"application": loan, "form": form, "quote": quote}
    return render(request, "loans/loan_payoff.html", context, status=form_status(form))


@login_required
def decree_create(request):
    """A decree over the fund's programs: a pause (deferral by N months) or a waiver."""
    programs = selectors.fund_programs(viewer=request.user)
    if not (is_fund_officer(request.user) or programs.exists()):
        raise PermissionDenied
    form = DecreeForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "actor": request.user,
            "programs": list(data["programs"]),
            "sectors": list(data["sectors"]),
            "title": data["title"],
            "number": data.get("number", ""),
            "reason": data["reason"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
        if data["kind"] == Decree.Kind.PAUSE:
            outcome = call_service(form, services.decree_pause, months=data.get("months"), **common)
        else:
            outcome = call_service(form, services.decree_waive, **common)
        if outcome:
            messages.success(request, _("مصوبه ثبت و بر وام‌های مشمول اعمال شد."))
            return redirect("loans:fund_desk")
    return render(request, "loans/decree_form.html", {"form": form}, status=form_status(form))
