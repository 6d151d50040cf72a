"""The fund officer's desk: portfolios, installments past due, loans waiting for signature or
payment; a loan's statement with the repayment form; the portfolio export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.core.idempotency import run_once
from khooshe.core.pages import call_service, form_status
from khooshe.loans import selectors, services
from khooshe.loans.export import portfolio_csv, portfolio_xlsx
from khooshe.loans.forms import RepaymentForm
from khooshe.loans.permissions import (
    can_manage_program,
    can_operate_loan,
    is_fund_officer,
    is_fund_officer_of,
)

OVERDUE_SHOWN = 200


@login_required
def fund_desk(request):
    programs = selectors.fund_programs(viewer=request.user)
    if not (is_fund_officer(request.user) or programs.exists()):
        raise PermissionDenied
    today = timezone.localdate()
    overdue = selectors.overdue_for_fund_officer(viewer=request.user, today=today)
    context = {
        "portfolios": [(p, selectors.program_portfolio(p, today)) for p in programs],
        "overdue": [(i, i.days_late(today)) for i in overdue[:OVERDUE_SHOWN]],
        "waiting": selectors.loans_waiting_for_fund(programs=programs),
        "at_risk": selectors.loans_at_risk_for_fund(
            viewer=request.user, today=today, limit=OVERDUE_SHOWN
        ),
        "follow_up": selectors.guarantees_to_follow_up(viewer=request.user)[:OVERDUE_SHOWN],
    }
    return render(request, "loans/fund_desk.html", context)


@login_required
def loan_statement(request, pk: int):
    """A loan's schedule, payments and repayments; its fund's officers record a repayment
    here (the form's key makes a resent form a no-op)."""
    application = selectors.loan_get(viewer=request.user, pk=pk)
    form = None
    if can_operate_loan(request.user, application):
        form = RepaymentForm(request.POST or None)
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def act():
            repayment = services.repayment_record(
                actor=request.user,
                application=application,
                amount=data["amount"],
                paid_on=data.get("paid_on"),
                reference=data.get("reference", ""),
            )
            return 201, {
                "repayment": repayment.pk,
                "replayed": getattr(repayment, "replayed", False),
            }

        outcome = call_service(
            form,
            run_once,
            user=request.user,
            scope=f"loans:repayment:{application.pk}",
            key=data.get("idempotency_key") or None,
            action=act,
        )
        if outcome:
            _status, body, replayed = outcome.value
            messages.success(
                request,
                _("این بازپرداخت پیش‌تر ثبت شده بود.")
                if replayed or body.get("replayed")
                else _("بازپرداخت ثبت شد."),
            )
            return redirect("loans:loan_statement", pk=pk)
    context = {
        "application": application,
        "statement": selectors.loan_statement(application),
        "form": form,
        "can_operate": form is not None,
        "bucket_history": selectors.bucket_history(application),
    }
    return render(request, "loans/loan_statement.html", context, status=form_status(form))


@login_required
def program_portfolio_export(request, pk: int, fmt: str):
    program = selectors.program_get(viewer=request.user, pk=pk)
    if not (
        can_manage_program(request.user, program)
        or is_fund_officer_of(request.user, program.fund_id)
    ):
        raise PermissionDenied
    return portfolio_xlsx(program) if fmt == "xlsx" else portfolio_csv(program)
