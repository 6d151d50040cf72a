"""The fund's ledger: tranches paid out (each with its schedule), repayments allocated to
the schedule, credit carried forward, settlement and default.

The ledger is replayed (:mod:`khooshe.loans.replay`) from the schedule lines of the current
version and the dated events since the last checkpoint — the repayments not reversed and the
waivers — and :func:`loan_recompute` stores the result. Allocation rule: a repayment, plus
any credit carried from before, pays the installments already due on the payment date, oldest
first, each one's penalty, interest and principal in the program's order. What is left is kept
as credit (``Application.credit``) and pays each later installment on its due day. Funds that
cover everything still owed pay off the remaining installments at once (early settlement, no
interest rebate); funds of at least the payoff quote settle the loan with the interest not yet
accrued rebated. An amount that does not cover an installment leaves it partly paid; an amount
above what is still owed (:func:`amount_owed`) is refused.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from khooshe.core.workflow import lock
from khooshe.history.services import stamp
from khooshe.loans.calculator import engine_message
from khooshe.loans.models import (
    Application,
    Decree,
    Disbursement,
    Installment,
    PenaltyAccrual,
    Repayment,
    ScheduleVersion,
)
from khooshe.loans.replay import ORDERS, Ledger, Line, Payment, PenaltyRule, Waiver
from khooshe.loans.schedule import build_schedule
from khooshe.loans.services.applications import application_move, require
from khooshe.loans.workflow import (
    CURE,
    DEFAULT,
    DISBURSE,
    REOPEN,
    REPAY,
    SETTLE,
    UNDISBURSE,
    UNREPAY,
    machine,
)
from khooshe.persian.jalali import format_jalali, is_english_active
from khooshe.persian.money import format_number, format_rial

S = Application.State
ACTIVE_LOAN_STATES = (S.DISBURSED, S.REPAYING, S.DEFAULTED)


def disbursed_total(application: Application) -> int:
    return application.disbursements.filter(is_reversed=False).aggregate(s=Sum("amount"))["s"] or 0


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


def active_installments(application: Application):
    """The lines of the loan's current schedule (reversed tranches and replaced lines out)."""
    return Installment.objects.filter(
        application=application, is_active=True, disbursement__is_reversed=False
    ).order_by("due_on", "disbursement_id", "number")


def _as_lines(installments, disbursed_on: dict) -> list[Line]:
    lines, previous = [], {}
    for installment in sorted(installments, key=lambda i: (i.disbursement_id, i.due_on, i.number)):
        start = previous.get(installment.disbursement_id, disbursed_on[installment.disbursement_id])
        line = Line(
            key=installment.pk,
            due_on=installment.due_on,
            period_start=start,
            principal=installment.principal,
            interest=installment.interest,
            sort=(installment.due_on, installment.disbursement_id, installment.number),
            number=installment.number,
        )
        previous[installment.disbursement_id] = installment.due_on
        lines.append(line)
    return lines


def pause_windows(application: Application) -> tuple:
    """The windows of the pause decrees applied to the loan (penalty and default suspended)."""
    return tuple(
        application.schedule_versions.filter(
            decree__kind=Decree.Kind.PAUSE, undone_at__isnull=True
        ).values_list("decree__date_from", "decree__date_to")
    )


def penalty_rule(application: Application, pauses=None) -> PenaltyRule:
    program = application.program
    return PenaltyRule(
        annual_rate=program.penalty_rate,
        grace_days=program.penalty_grace_days,
        order=ORDERS.get(program.allocation_order, ORDERS["penalty_first"]),
        pauses=pause_windows(application) if pauses is None else pauses,
    )


def current_version(application: Application) -> ScheduleVersion | None:
    return application.schedule_versions.filter(undone_at__isnull=True).order_by("-number").first()


def ledger_for(application: Application, *, until, installments=None, extra_events=(), pauses=None):
    """The loan's ledger replayed from its last checkpoint through its events to ``until``;
    returns ``(ledger, installments by id, repayments by id)``."""
    installments = list(active_installments(application) if installments is None else installments)
    disbursed_on = dict(
        application.disbursements.filter(is_reversed=False).values_list("id", "disbursed_on")
    )
    lines = _as_lines(installments, disbursed_on)
    version = current_version(application)
    checkpoint = version.checkpoint if version else {}
    start = (
        datetime.date.fromisoformat(checkpoint["on"])
        if checkpoint.get("on")
        else min(disbursed_on.values(), default=until)
    )
    if checkpoint:
        saved = checkpoint.get("lines", {})
        for line in lines:
            if str(line.key) in saved:
                line.restore(saved[str(line.key)])
    ledger = Ledger(
        lines, penalty_rule(application, pauses), start=start, credit=checkpoint.get("credit", 0)
    )
    repayments = {
        r.pk: r
        for r in application.repayments.filter(
            is_reversed=False, pk__gt=checkpoint.get("repayments_through", 0)
        )
    }
    events = [
        Payment(key=r.pk, on=r.paid_on, amount=r.amount, seq=(0, r.pk)) for r in repayments.values()
    ]
    for waiver in application.waivers.filter(
        pk__gt=checkpoint.get("waivers_through", 0)
    ).select_related("decree"):
        window = (waiver.decree.date_from, waiver.decree.date_to) if waiver.decree_id else None
        events.append(
            Waiver(
                key=waiver.pk,
                on=waiver.granted_on,
                amount=waiver.amount,
                range=window,
                seq=(1, waiver.pk),
            )
        )
    events.extend(extra_events)
    ledger.run(events, until)
    return ledger, {i.pk: i for i in installments}, repayments


LINE_FIELDS = (
    "paid_interest",
    "paid_principal",
    "paid_on",
    "interest_rebate",
    "penalty_accrued",
    "penalty_paid",
    "penalty_waived",
    "penalty_through",
)


def _write_lines(ledger: Ledger, installments: dict, *, until, actor, kind, run=None) -> int:
    """Store the replayed state of every line; a change of accrued penalty is appended as an
    accrual (or an adjustment), never edited. Returns the penalty added."""
    changed, accruals, added = [], [], 0
    penalties = ledger.rule.annual_rate is not None
    for line in ledger.lines:
        installment = installments[line.key]
        delta = line.penalty_accrued - installment.penalty_accrued
        if delta:
            accruals.append(
                PenaltyAccrual(
                    application_id=installment.application_id,
                    installment=installment,
                    run=run,
                    kind=kind if delta > 0 else PenaltyAccrual.Kind.ADJUSTMENT,
                    from_day=installment.penalty_through,
                    to_day=until,
                    days=0,
                    amount=delta,
                )
            )
            added += delta
        values = {name: getattr(line, name) for name in Line.STATE}
        if penalties and line.remaining:
            values["penalty_through"] = until
        if any(getattr(installment, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(installment, name, value)
            changed.append(installment)
    if changed:
        bulk_update_with_history(
            changed, Installment, [*LINE_FIELDS, "updated_at"], default_user=actor
        )
    if accruals:
        PenaltyAccrual.objects.bulk_create(accruals)
    return added


def loan_recompute(
    application: Application,
    *,
    actor=None,
    today=None,
    cure: bool = False,
    note: str = "",
    kind=PenaltyAccrual.Kind.ADJUSTMENT,
) -> Ledger:
    """Replay the loan and store the result: lines, penalties, each repayment's allocation,
    the credit and the state (settled, defaulted, back to repaying…)."""
    today = today or timezone.localdate()
    ledger, installments, repayments = ledger_for(application, until=today)
    _write_lines(ledger, installments, until=today, actor=actor, kind=kind)
    for key, result in ledger.results.items():
        repayment = repayments[key]
        values = {
            "allocation": result.allocation,
            "credit_used": result.credit_used,
            "credit_left": result.credit_left,
        }
        if any(getattr(repayment, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(repayment, name, value)
            stamp(repayment, actor=actor, reason=note or None).save()
    application.credit = ledger.credit
    application.version += 1
    stamp(application, actor=actor, reason=note or None)
    application.save(update_fields=["credit", "version", "updated_at"])
    sync_state(application, ledger, actor=actor, today=today, cure=cure, note=note)
    return ledger


def overdue_count(application: Application, ledger: Ledger, today) -> int:
    """Installments past due for default, none while a pause decree's window is running."""
    if any(low <= today <= high for low, high in ledger.rule.pauses):
        return 0
    return len(ledger.overdue(today))


def target_state(application: Application, ledger: Ledger, today, *, cure: bool) -> str:
    active = application.disbursements.filter(is_reversed=False)
    if not active.exists():
        return S.CONTRACT_SIGNED
    paid_out = active.aggregate(s=Sum("amount"))["s"] or 0
    if paid_out >= (application.amount_approved or 0) and ledger.outstanding == 0:
        return S.SETTLED
    defaulted = overdue_count(application, ledger, today) >= application.program.default_after
    if application.state == S.DEFAULTED and (defaulted or not cure):
        return S.DEFAULTED
    if not application.repayments.filter(is_reversed=False).exists():
        return S.DISBURSED
    return S.REPAYING


#: How a recomputation moves a loan from one state to another (each step a transition).
_PATHS = {
    (S.SETTLED, S.REPAYING): (REOPEN,),
    (S.SETTLED, S.DISBURSED): (UNREPAY,),
    (S.DEFAULTED, S.REPAYING): (CURE,),
    (S.DEFAULTED, S.DISBURSED): (UNREPAY,),
    (S.REPAYING, S.DISBURSED): (UNREPAY,),
    (S.DISBURSED, S.REPAYING): (REPAY,),
    (S.DISBURSED, S.CONTRACT_SIGNED): (UNDISBURSE,),
    (S.REPAYING, S.CONTRACT_SIGNED): (UNREPAY, UNDISBURSE),
    (S.DEFAULTED, S.CONTRACT_SIGNED): (UNREPAY, UNDISBURSE),
    (S.SETTLED, S.CONTRACT_SIGNED): (UNREPAY, UNDISBURSE),
    (S.REPAYING, S.SETTLED): (SETTLE,),
    (S.DISBURSED, S.SETTLED): (REPAY, SETTLE),
    (S.DEFAULTED, S.SETTLED): (SETTLE,),
}


def sync_state(application: Application, ledger: Ledger, *, actor, today, cure=False, note=""):
    target = target_state(application, ledger, today, cure=cure)
    for action in _PATHS.get((application.state, target), ()):
        message = note
        if action == SETTLE:
            message = _("همه اقساط پرداخت شد.")
        elif action == REPAY and not note:
            message = _("نخستین بازپرداخت ثبت شد.")
        application_move(
            application,
            action=action,
            actor=actor,
            note=message,
            notify_applicant=action not in (REPAY,),
        )


def _outstanding(application: Application) -> int:
    total = 0
    for installment in active_installments(application).filter(paid_on__isnull=True):
        total += installment.remaining + installment.penalty_due
    return total


def _settle_if_done(application: Application, actor) -> None:
    if (
        application.state in (S.DISBURSED, S.REPAYING, S.DEFAULTED)
        and disbursed_total(application) >= (application.amount_approved or 0)
        and application.disbursements.filter(is_reversed=False).exists()
        and _outstanding(application) == 0
    ):
        application_move(application, action=SETTLE, actor=actor, note=_("همه اقساط پرداخت شد."))


def overdue_installments(application: Application, today=None):
    today = today or timezone.localdate()
    return active_installments(application).filter(paid_on__isnull=True, due_on__lt=today)


def amount_owed(application: Application, credit: int | None = None, on=None) -> int:
    """What is still owed on the loan on ``on`` (today by default): its unpaid installments
    and the penalties accrued, less the credit held (``credit``, the application's own by
    default). Principal not yet paid out is not owed."""
    on = on or timezone.localdate()
    ledger, _installments, _repayments = ledger_for(application, until=on)
    credit = ledger.credit if credit is None else credit
    return max(0, ledger.outstanding - credit)


def _check_not_above_owed(application: Application, amount: int, on) -> None:
    """A repayment is at most what is still owed on its day: an overpayment is refused, never
    kept (an absurd amount such as 9.22×10¹⁸ rials is refused instead of settling the loan)."""
    owed = amount_owed(application, on=on)
    if amount <= owed:
        return
    if owed == 0:
        message = _("این وام بدهی پرداخت‌نشده‌ای ندارد.")
    else:
        message = _("مبلغ بازپرداخت از مانده بدهی این وام بیشتر است؛ مانده بدهی %(owed)s است.") % {
            "owed": format_rial(owed)
        }
    raise ValidationError({"amount": message})


def check_after_checkpoint(application: Application, day, field: str) -> None:
    """Nothing is posted before the day the current schedule version froze the ledger."""
    version = current_version(application)
    if version is not None and day < version.effective_on:
        raise ValidationError(
            {
                field: _(
                    "این تاریخ پیش از استمهال (نسخه %(number)s جدول اقساط، %(date)s) است؛"
                    " پرداخت‌های پیش از آن را نمی‌توان تغییر داد."
                )
                % {"number": version.number, "date": format_jalali(version.effective_on)}
            }
        )


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
    today = timezone.localdate()
    paid_on = paid_on or today
    if paid_on > today:
        raise ValidationError({"paid_on": _("تاریخ پرداخت نمی‌تواند در آینده باشد.")})
    first = application.disbursements.filter(is_reversed=False).order_by("disbursed_on").first()
    if first and paid_on < first.disbursed_on:
        raise ValidationError({"paid_on": _("تاریخ پرداخت پیش از پرداخت وام است.")})
    check_after_checkpoint(application, paid_on, "paid_on")
    _check_not_above_owed(application, amount, paid_on)
    repayment = Repayment(
        application=application,
        amount=amount,
        paid_on=paid_on,
        reference=reference,
        recorded_by=actor,
    )
    stamp(repayment, actor=actor).save()
    loan_recompute(application, actor=actor, today=max(today, paid_on))
    repayment.refresh_from_db()
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
    """The daily pass over a loan: apply carried credit to installments now due (a replay of
    the ledger), settle a loan fully paid, and declare default after the program's number of
    overdue installments (none while a pause decree's window runs)."""
    today = today or timezone.localdate()
    lock(application, "state", "version", "credit")
    if application.state not in ACTIVE_LOAN_STATES:
        return application
    if application.credit:
        loan_recompute(application, actor=actor, today=today, kind=PenaltyAccrual.Kind.ACCRUAL)
        return application
    _settle_if_done(application, actor)
    if application.state in (S.DISBURSED, S.REPAYING):
        overdue = overdue_installments(application, today).count()
        if overdue >= application.program.default_after and not any(
            low <= today <= high for low, high in pause_windows(application)
        ):
            application_move(
                application,
                action=DEFAULT,
                actor=actor,
                note=_("تعداد اقساط معوق به حد نکول برنامه رسید."),
            )
    return application
