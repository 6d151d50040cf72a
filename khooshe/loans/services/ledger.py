"""The fund's ledger: tranches paid out (each with its schedule), repayments allocated to
the schedule, credit carried forward, settlement and default.

Allocation rule: a repayment, plus any credit carried from before, pays the installments
already due on the payment date, oldest first, each one's interest before its principal. What
is left is kept as credit (``Application.credit``) and paid into later installments as they
fall due (at the next repayment or by :func:`loan_refresh`, run daily) — unless it covers
everything still owed, in which case it pays off the remaining installments at once (early
settlement, no interest rebate). An amount that does not cover an installment leaves it partly
paid; an amount above what is still owed (:func:`amount_owed`) is refused.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from khooshe.core.workflow import lock
from khooshe.history.services import stamp
from khooshe.loans.calculator import engine_message
from khooshe.loans.models import Application, Disbursement, Installment, Repayment
from khooshe.loans.schedule import build_schedule
from khooshe.loans.services.applications import application_move, require
from khooshe.loans.workflow import DEFAULT, DISBURSE, REPAY, SETTLE, machine
from khooshe.persian.jalali import is_english_active
from khooshe.persian.money import format_number, format_rial

S = Application.State
ACTIVE_LOAN_STATES = (S.DISBURSED, S.REPAYING, S.DEFAULTED)


def disbursed_total(application: Application) -> int:
    return application.disbursements.aggregate(s=Sum("amount"))["s"] or 0


def _posted_before(records, reference: str, amount: int | None, other_amount: str):
    """The record a bank's tracking number already names, marked ``replayed``: the same
    transfer posted again (a retry without an idempotency key) returns the first record
    instead of paying twice; the same number with another amount is refused."""
    existing = records.filter(reference=reference).first() if reference else None
    if existing is None:
        return None
    if amount is not None and existing.amount != amount:
        raise ValidationError({"reference": other_amount})
    existing.replayed = True
    return existing


@transaction.atomic
def disbursement_record(
    *,
    actor,
    application: Application,
    amount: int | None = None,
    disbursed_on=None,
    reference: str = "",
    note: str = "",
) -> Disbursement:
    """Pay out a tranche (all that is left by default) and store its schedule."""
    require(actor, application, DISBURSE)
    reference = (reference or "").strip()
    existing = _posted_before(
        application.disbursements,
        reference,
        amount,
        _("پرداختی با این شماره پیگیری و مبلغ دیگری ثبت شده است."),
    )
    if existing is not None:
        return existing
    paid_out: list[Disbursement] = []

    def pay_out(application: Application):
        left = (application.amount_approved or 0) - disbursed_total(application)
        tranche = left if amount is None else amount
        if tranche <= 0 or tranche > left:
            raise ValidationError(
                {
                    "amount": _("مبلغ پرداخت باید بین ۱ و %(left)s ریال باشد.")
                    % {
                        "left": format_number(
                            max(left, 0), digits="latin" if is_english_active() else "fa"
                        )
                    }
                }
            )
        day = disbursed_on or timezone.localdate()
        if application.contract_signed_on and day < application.contract_signed_on:
            raise ValidationError({"disbursed_on": _("تاریخ پرداخت پیش از امضای قرارداد است.")})
        try:
            schedule = build_schedule(application.program.terms(tranche), day)
        except ValueError as exc:
            raise ValidationError({"amount": engine_message(exc)}) from exc
        disbursement = Disbursement(
            application=application,
            amount=tranche,
            disbursed_on=day,
            reference=reference,
            recorded_by=actor,
        )
        stamp(disbursement, actor=actor).save()
        bulk_create_with_history(
            schedule_installments(application, disbursement, schedule),
            Installment,
            default_user=actor,
        )
        paid_out.append(disbursement)

    application_move(
        application, action=DISBURSE, actor=actor, note=note or reference, prepare=pay_out
    )
    return paid_out[0]


def schedule_installments(application: Application, disbursement: Disbursement, schedule):
    """The (unsaved) installment rows of ``disbursement``'s repayment schedule."""
    return [
        Installment(
            application=application,
            disbursement=disbursement,
            number=line.number,
            due_on=line.due_date,
            principal=line.principal,
            interest=line.interest,
            total=line.total,
            balance=line.balance,
            is_grace=line.is_grace,
        )
        for line in schedule.installments
    ]


def _allocate(application: Application, funds: int, on) -> tuple[list[dict], int]:
    """Pay ``funds`` into installments due on or before ``on`` (all remaining ones if
    ``funds`` covers them); returns (lines, left over)."""
    lines = []
    due = (
        Installment.objects.select_for_update()
        .filter(application=application, paid_on__isnull=True)
        .order_by("due_on", "disbursement_id", "number")
    )
    if funds < _outstanding(application):
        due = due.filter(due_on__lte=on)
    changed = []
    for installment in due:
        if funds <= 0:
            break
        interest = min(funds, installment.interest - installment.paid_interest)
        funds -= interest
        principal = min(funds, installment.principal - installment.paid_principal)
        funds -= principal
        if not interest and not principal:
            continue
        installment.paid_interest += interest
        installment.paid_principal += principal
        if installment.remaining == 0:
            installment.paid_on = on
        changed.append(installment)
        lines.append(
            {
                "installment": installment.pk,
                "number": installment.number,
                "due_on": installment.due_on.isoformat(),
                "interest": interest,
                "principal": principal,
                "fully_paid": installment.remaining == 0,
            }
        )
    for installment in changed:
        installment.save(update_fields=["paid_interest", "paid_principal", "paid_on", "updated_at"])
    return lines, funds


def _outstanding(application: Application) -> int:
    row = application.installments.filter(paid_on__isnull=True).aggregate(
        t=Sum("total"), pi=Sum("paid_interest"), pp=Sum("paid_principal")
    )
    return (row["t"] or 0) - (row["pi"] or 0) - (row["pp"] or 0)


def _settle_if_done(application: Application, actor) -> None:
    if (
        application.state in (S.DISBURSED, S.REPAYING, S.DEFAULTED)
        and disbursed_total(application) >= (application.amount_approved or 0)
        and _outstanding(application) == 0
    ):
        application_move(application, action=SETTLE, actor=actor, note=_("همه اقساط پرداخت شد."))


def overdue_installments(application: Application, today=None):
    today = today or timezone.localdate()
    return application.installments.filter(paid_on__isnull=True, due_on__lt=today)


def amount_owed(application: Application, credit: int | None = None) -> int:
    """What is still owed on the loan: its unpaid installments less the credit already held
    (``credit``, the application's own by default). Principal not yet paid out is not owed."""
    credit = application.credit if credit is None else credit
    return max(0, _outstanding(application) - credit)


def _check_not_above_owed(application: Application, amount: int, credit: int) -> None:
    """A repayment is at most what is still owed: an overpayment is refused, never kept (an
    absurd amount such as 9.22×10¹⁸ rials is refused instead of settling the loan)."""
    owed = amount_owed(application, credit)
    if amount <= owed:
        return
    if owed == 0:
        message = _("این وام بدهی پرداخت‌نشده‌ای ندارد.")
    else:
        message = _("مبلغ بازپرداخت از مانده بدهی این وام بیشتر است؛ مانده بدهی %(owed)s است.") % {
            "owed": format_rial(owed)
        }
    raise ValidationError({"amount": message})


@transaction.atomic
def repayment_record(
    *, actor, application: Application, amount: int, paid_on=None, reference: str = ""
) -> Repayment:
    """Record a payment and allocate it (see the module's rule)."""
    require(actor, application, REPAY)
    lock(application, "state", "version", "credit")
    if application.state not in ACTIVE_LOAN_STATES:
        machine.advance(application.state, REPAY)  # out of order: TransitionNotAllowed
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("مبلغ باید بزرگ‌تر از صفر باشد.")})
    reference = (reference or "").strip()
    existing = _posted_before(
        application.repayments,
        reference,
        amount,
        _("بازپرداختی با این شماره پیگیری و مبلغ دیگری ثبت شده است."),
    )
    if existing is not None:
        return existing
    paid_on = paid_on or timezone.localdate()
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("تاریخ پرداخت نمی‌تواند در آینده باشد.")})
    first = application.disbursements.order_by("disbursed_on").first()
    if first and paid_on < first.disbursed_on:
        raise ValidationError({"paid_on": _("تاریخ پرداخت پیش از پرداخت وام است.")})
    credit_before = application.credit
    _check_not_above_owed(application, amount, credit_before)
    lines, left = _allocate(application, amount + credit_before, paid_on)
    allocated = amount + credit_before - left
    repayment = Repayment(
        application=application,
        amount=amount,
        paid_on=paid_on,
        reference=reference,
        allocation=lines,
        credit_used=max(0, allocated - amount),
        credit_left=left,
        recorded_by=actor,
    )
    stamp(repayment, actor=actor).save()
    application.credit = left
    stamp(application, actor=actor)
    application.save(update_fields=["credit", "updated_at"])
    if application.state == S.DISBURSED:
        application_move(
            application,
            action=REPAY,
            actor=actor,
            note=_("نخستین بازپرداخت ثبت شد."),
            notify_applicant=False,
        )
    _settle_if_done(application, actor)
    return repayment


@transaction.atomic
def loan_mark_default(*, actor, application: Application, note: str = "", today=None):
    """Declare default; refused until the program's number of installments is overdue."""
    require(actor, application, DEFAULT)

    def check_overdue(application: Application):
        count = overdue_installments(application, today).count()
        if count < application.program.default_after:
            raise ValidationError(
                _("اقساط معوق %(count)s است؛ نکول از %(min)s قسط معوق اعلام می‌شود.")
                % {"count": count, "min": application.program.default_after}
            )

    application_move(application, action=DEFAULT, actor=actor, note=note, prepare=check_overdue)
    return application


@transaction.atomic
def loan_refresh(*, application: Application, today=None, actor=None) -> Application:
    """The daily pass over a loan: apply carried credit to installments now due, settle a
    loan fully paid, and declare default after the program's number of overdue installments."""
    today = today or timezone.localdate()
    lock(application, "state", "version", "credit")
    if application.state not in ACTIVE_LOAN_STATES:
        return application
    if application.credit:
        _lines, left = _allocate(application, application.credit, today)
        if left != application.credit:
            application.credit = left
            stamp(application, actor=actor)
            application.save(update_fields=["credit", "updated_at"])
    _settle_if_done(application, actor)
    if (
        application.state in (S.DISBURSED, S.REPAYING)
        and overdue_installments(application, today).count() >= application.program.default_after
    ):
        application_move(
            application,
            action=DEFAULT,
            actor=actor,
            note=_("تعداد اقساط معوق به حد نکول برنامه رسید."),
        )
    return application
