"""Corrections of the fund's ledger: reversals (never deletions), late-payment penalty
accrual (the daily pass), waivers for one loan or by decree, and the payoff quote.

Every change goes through :func:`khooshe.loans.services.ledger.loan_recompute`: the ledger is
replayed from its events, so a reversed repayment leaves every later one allocated exactly
as if it had never been posted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.core.concurrency import EditConflict, changes_since
from khooshe.core.workflow import TransitionNotAllowed, lock
from khooshe.history.services import stamp
from khooshe.loans.models import (
    AccrualRun,
    Application,
    Decree,
    Disbursement,
    Installment,
    PenaltyAccrual,
    Repayment,
    Reversal,
    ScheduleVersion,
    Waiver,
)
from khooshe.loans.permissions import can_operate_loan
from khooshe.loans.replay import Waiver as WaiverEvent
from khooshe.loans.replay import charged_days, daily_penalty
from khooshe.loans.services.applications import require
from khooshe.loans.services.ledger import (
    ACTIVE_LOAN_STATES,
    current_version,
    ledger_for,
    loan_recompute,
)
from khooshe.persian.jalali import format_jalali
from khooshe.persian.money import format_rial

REVERSE, WAIVE = "reverse", "waive"


def check_version(application: Application, expected_version) -> None:
    """Lock the loan; 409 (:class:`EditConflict`) when another officer changed it since
    ``expected_version`` (None: the caller did not say)."""
    lock(application, "state", "version", "credit")
    if expected_version is not None and int(expected_version) != application.version:
        changes, by, at = changes_since(application, int(expected_version))
        raise EditConflict(
            current=application,
            expected_version=int(expected_version),
            changes=changes,
            by=by,
            at=at,
        )


def _require_loan(application: Application) -> None:
    if application.state not in (*ACTIVE_LOAN_STATES, Application.State.SETTLED):
        raise TransitionNotAllowed(_("این درخواست هنوز وام پرداخت‌شده نیست."))


def _reason_and_reference(reason: str, reference: str, application: Application) -> tuple:
    reason, reference = (reason or "").strip(), (reference or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("دلیل برگشت را بنویسید.")
    if not reference:
        errors["reference"] = _("شماره پیگیری برگشت را وارد کنید.")
    elif Reversal.objects.filter(application=application, reference=reference).exists():
        errors["reference"] = _("برگشتی با این شماره پیگیری برای این وام ثبت شده است.")
    if errors:
        raise ValidationError(errors)
    return reason, reference


@transaction.atomic
def repayment_reverse(
    *,
    actor,
    application: Application,
    repayment: Repayment,
    reason: str,
    reference: str,
    expected_version=None,
    today=None,
) -> Reversal:
    """Reverse a posted repayment: a reversal record points to it, and every later repayment
    is reallocated in date order; paid parts, credit and state are recomputed."""
    require(actor, application, REVERSE)
    check_version(application, expected_version)
    _require_loan(application)
    repayment = Repayment.objects.select_for_update().get(pk=repayment.pk, application=application)
    if repayment.is_reversed:
        raise TransitionNotAllowed(
            _("این بازپرداخت پیش‌تر برگشت خورده است؛ برگشت دوباره ممکن نیست.")
        )
    version = current_version(application)
    if version is not None and repayment.pk <= version.checkpoint.get("repayments_through", 0):
        raise TransitionNotAllowed(
            _(
                "این بازپرداخت پیش از استمهال (نسخه %(number)s جدول اقساط) ثبت شده است؛"
                " نخست آن استمهال را لغو کنید."
            )
            % {"number": version.number}
        )
    reason, reference = _reason_and_reference(reason, reference, application)
    today = today or timezone.localdate()
    reversal = Reversal(
        application=application,
        repayment=repayment,
        reason=reason,
        reference=reference,
        reversed_on=today,
        recorded_by=actor,
    )
    stamp(reversal, actor=actor, reason=reason).save()
    repayment.is_reversed = True
    stamp(repayment, actor=actor, reason=_("برگشت: %(reason)s") % {"reason": reason})
    repayment.save(update_fields=["is_reversed", "updated_at"])
    loan_recompute(
        application,
        actor=actor,
        today=today,
        cure=True,
        note=_("برگشت بازپرداخت: %(reason)s") % {"reason": reason},
    )
    return reversal


@transaction.atomic
def disbursement_reverse(
    *,
    actor,
    application: Application,
    disbursement: Disbursement,
    reason: str,
    reference: str,
    expected_version=None,
    today=None,
) -> Reversal:
    """Reverse a tranche paid out; only while nothing is allocated to its installments."""
    require(actor, application, REVERSE)
    check_version(application, expected_version)
    _require_loan(application)
    disbursement = Disbursement.objects.select_for_update().get(
        pk=disbursement.pk, application=application
    )
    if disbursement.is_reversed:
        raise TransitionNotAllowed(
            _("این پرداخت وام پیش‌تر برگشت خورده است؛ برگشت دوباره ممکن نیست.")
        )
    paid = Installment.objects.filter(disbursement=disbursement).filter(
        Q(paid_interest__gt=0) | Q(paid_principal__gt=0) | Q(penalty_paid__gt=0)
    )
    if (
        paid.filter(is_active=True).exists()
        or application.schedule_versions.filter(undone_at__isnull=True).exists()
    ):
        count = paid.filter(is_active=True).count()
        raise TransitionNotAllowed(
            _(
                "به %(count)s قسط این پرداخت بازپرداختی تخصیص یافته (یا جدول آن استمهال شده) است؛"
                " پرداخت وام تنها وقتی برگشت می‌خورد که چیزی به اقساطش تخصیص نیافته باشد."
                " نخست آن بازپرداخت‌ها را برگشت بزنید."
            )
            % {"count": count}
        )
    others = application.disbursements.filter(is_reversed=False).exclude(pk=disbursement.pk)
    if not others.exists() and application.repayments.filter(is_reversed=False).exists():
        raise TransitionNotAllowed(
            _("این وام بازپرداخت برگشت‌نخورده دارد؛ نخست بازپرداخت‌ها را برگشت بزنید.")
        )
    reason, reference = _reason_and_reference(reason, reference, application)
    today = today or timezone.localdate()
    reversal = Reversal(
        application=application,
        disbursement=disbursement,
        reason=reason,
        reference=reference,
        reversed_on=today,
        recorded_by=actor,
    )
    stamp(reversal, actor=actor, reason=reason).save()
    disbursement.is_reversed = True
    stamp(disbursement, actor=actor, reason=_("برگشت: %(reason)s") % {"reason": reason})
    disbursement.save(update_fields=["is_reversed", "updated_at"])
    loan_recompute(
        application,
        actor=actor,
        today=today,
        cure=True,
        note=_("برگشت پرداخت وام: %(reason)s") % {"reason": reason},
    )
    return reversal


# --- penalties --------------------------------------------------------------------------------


@transaction.atomic
def penalty_waive(
    *,
    actor,
    application: Application,
    reason: str,
    amount: int | None = None,
    expected_version=None,
    today=None,
) -> Waiver:
    """Waive ``amount`` (all that is owed when None) of the loan's late-payment penalty; the
    accruals stay as they are, a waiver record lowers what is owed."""
    require(actor, application, WAIVE)
    check_version(application, expected_version)
    _require_loan(application)
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("دلیل بخشودگی را بنویسید.")})
    ledger, _installments, _repayments = ledger_for(application, until=today)
    owed = ledger.penalty_due
    if owed == 0:
        raise ValidationError({"amount": _("این وام وجه التزام پرداخت‌نشده‌ای ندارد.")})
    amount = owed if amount is None else amount
    if amount <= 0 or amount > owed:
        raise ValidationError(
            {
                "amount": _("مبلغ بخشودگی باید بین ۱ و وجه التزام پرداخت‌نشده (%(owed)s) باشد.")
                % {"owed": format_rial(owed)}
            }
        )
    waiver = Waiver(
        application=application, amount=amount, reason=reason, granted_on=today, granted_by=actor
    )
    stamp(waiver, actor=actor, reason=reason).save()
    loan_recompute(application, actor=actor, today=today, note=_("بخشودگی وجه التزام"))
    return waiver


def may_issue_decree(user, programs) -> bool:
    """The fund's officers (of every program named) and admins issue decrees."""
    return bool(programs) and all(
        can_operate_loan(user, Application(program=program)) for program in programs
    )


def decree_loans(decree: Decree):
    """The active loans a decree covers: its programs, and its sectors when it names any."""
    loans = Application.objects.filter(
        program__in=decree.programs.all(), state__in=ACTIVE_LOAN_STATES
    )
    sectors = list(decree.sectors.values_list("pk", flat=True))
    if sectors:
        loans = loans.filter(organization__sectors__in=sectors).distinct()
    return loans.select_related("program").order_by("pk")


def _decree_window(date_from, date_to, today) -> None:
    if date_from is None or date_to is None or date_to < date_from:
        raise ValidationError({"date_to": _("پایان بازه مصوبه باید پس از آغاز آن باشد.")})


@transaction.atomic
def decree_waive(
    *,
    actor,
    programs,
    title: str,
    reason: str,
    date_from,
    date_to,
    number: str = "",
    sectors=(),
    today=None,
) -> Decree:
    """A waiver by decree: for every loan of ``programs`` (and ``sectors``), the penalty that
    accrued on the days from ``date_from`` to ``date_to`` is waived (a waiver record each)."""
    programs = list(programs)
    if actor is not None and not may_issue_decree(actor, programs):
        raise PermissionDenied(_("شما اجازه ثبت مصوبه برای این برنامه‌ها را ندارید."))
    today = today or timezone.localdate()
    _decree_window(date_from, date_to, today)
    if date_to > today:
        raise ValidationError({"date_to": _("بخشودگی تنها برای روزهای گذشته ثبت می‌شود.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("دلیل مصوبه را بنویسید.")})
    decree = Decree(
        kind=Decree.Kind.WAIVER,
        title=title or _("بخشودگی وجه التزام"),
        number=number,
        reason=reason.strip(),
        date_from=date_from,
        date_to=date_to,
        issued_on=today,
        created_by=actor,
    )
    stamp(decree, actor=actor, reason=reason).save()
    decree.programs.set(programs)
    decree.sectors.set(list(sectors))
    for application in decree_loans(decree):
        lock(application, "state", "version", "credit")
        probe = WaiverEvent(key=-1, on=today, range=(date_from, date_to), seq=(2, 0))
        ledger, _i, _r = ledger_for(application, until=today, extra_events=[probe])
        amount = ledger.waived.get(-1, 0)
        if not amount:
            continue
        waiver = Waiver(
            application=application,
            amount=amount,
            decree=decree,
            reason=decree.reason,
            granted_on=today,
            granted_by=actor,
        )
        stamp(waiver, actor=actor, reason=decree.title).save()
        loan_recompute(application, actor=actor, today=today, note=decree.title)
    return decree


def _pause_map(application_ids) -> dict[int, list]:
    windows: dict[int, list] = {}
    rows = ScheduleVersion.objects.filter(
        application_id__in=application_ids, decree__kind=Decree.Kind.PAUSE, undone_at__isnull=True
    ).values_list("application_id", "decree__date_from", "decree__date_to")
    for application_id, low, high in rows:
        windows.setdefault(application_id, []).append((low, high))
    return windows


@transaction.atomic
def penalties_accrue(*, today=None, actor=None, batch: int = 2000) -> AccrualRun:
    """The daily accrual: each unpaid installment past due (and past the program's grace) of
    a loan whose program charges a penalty accrues one day's penalty per day since it was
    last accrued, outside pause windows; appended as accrual rows under one run."""
    today = today or timezone.localdate()
    due = (
        Installment.objects.filter(
            is_active=True,
            paid_on__isnull=True,
            disbursement__is_reversed=False,
            due_on__lt=today,
            application__state__in=ACTIVE_LOAN_STATES,
            application__program__penalty_enabled=True,
        )
        .filter(Q(penalty_through__isnull=True) | Q(penalty_through__lt=today))
        .values_list(
            "pk",
            "application_id",
            "due_on",
            "total",
            "paid_interest",
            "paid_principal",
            "interest_rebate",
            "penalty_accrued",
            "penalty_through",
            "application__program__annual_rate",
            "application__program__penalty_points",
            "application__program__penalty_grace_days",
        )
        .order_by("pk")
    )
    rows = list(due)
    pauses = _pause_map({row[1] for row in rows})
    run = AccrualRun(run_on=today, actor=actor)
    stamp(run, actor=actor).save()
    accruals, loans, total = [], set(), 0
    for pk, loan, due_on, whole, pi, pp, rebate, _accrued, through, rate, points, grace in rows:
        remaining = whole - pi - pp - rebate
        if remaining <= 0:
            continue
        start = through or due_on
        days = charged_days(
            start, today, due_on=due_on, grace_days=grace, pauses=pauses.get(loan, ())
        )
        amount = days * daily_penalty(remaining, rate + points) if days > 0 else 0
        if not amount:
            continue
        accruals.append(
            PenaltyAccrual(
                application_id=loan,
                installment_id=pk,
                run=run,
                from_day=start,
                to_day=today,
                days=days,
                amount=amount,
            )
        )
        loans.add(loan)
        total += amount
    PenaltyAccrual.objects.bulk_create(accruals, batch_size=batch)
    # one statement adds each row's amount to its installment (no per-row UPDATE)
    amount = PenaltyAccrual.objects.filter(run=run, installment=OuterRef("pk")).values("amount")
    Installment.objects.filter(
        pk__in=PenaltyAccrual.objects.filter(run=run).values("installment")
    ).update(penalty_accrued=F("penalty_accrued") + Subquery(amount[:1]), penalty_through=today)
    run.loans, run.installments, run.total = len(loans), len(accruals), total
    run.save(update_fields=["loans", "installments", "total", "updated_at"])
    return run


# --- payoff quote -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PayoffQuote:
    on: datetime.date
    principal: int
    interest: int
    penalty: int
    credit: int
    amount: int


def payoff_quote(application: Application, on=None) -> PayoffQuote:
    """What settles the loan on ``on``: the principal outstanding, the interest accrued to
    that day (each line's interest accrues by day over its period), the penalties accrued
    through it, less the credit held. A repayment of exactly ``amount`` on ``on`` settles."""
    today = timezone.localdate()
    on = on or today
    if application.state not in ACTIVE_LOAN_STATES:
        raise TransitionNotAllowed(_("تنها وام در حال بازپرداخت استعلام تسویه دارد."))
    last = application.repayments.filter(is_reversed=False).order_by("-paid_on").first()
    version = current_version(application)
    first = application.disbursements.filter(is_reversed=False).order_by("disbursed_on").first()
    floor = max(
        [
            d
            for d in (
                last and last.paid_on,
                version and version.effective_on,
                first and first.disbursed_on,
            )
            if d
        ],
        default=None,
    )
    if floor and on < floor:
        raise ValidationError(
            {
                "on": _(
                    "تاریخ استعلام نمی‌تواند پیش از پرداخت وام یا آخرین پرداخت ثبت‌شده"
                    " (%(date)s) باشد."
                )
                % {"date": format_jalali(floor)}
            }
        )
    if on > today + datetime.timedelta(days=3660):
        raise ValidationError({"on": _("تاریخ استعلام حداکثر ده سال پس از امروز است.")})
    ledger, _installments, _repayments = ledger_for(application, until=on)
    principal = sum(line.principal - line.paid_principal for line in ledger.lines)
    interest = sum(
        line.interest - line.paid_interest - line.interest_rebate - line.unaccrued_interest(on)
        for line in ledger.lines
        if line.remaining
    )
    penalty = ledger.penalty_due
    return PayoffQuote(
        on=on,
        principal=principal,
        interest=interest,
        penalty=penalty,
        credit=ledger.credit,
        amount=ledger.payoff(on),
    )
