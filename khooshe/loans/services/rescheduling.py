"""Rescheduling (استمهال) of an active loan and pauses by decree.

A rescheduling replaces the loan's *future* lines (unpaid and untouched, due after the day it
takes effect) of each tranche with a new schedule from the schedule engine, on the tranche's
own anchor day (``due_date(disbursed_on, month)``), so amounts stay exact to the Rial:

* ``grace``: ``months`` grace months before the remaining installments (the program's grace
  treatment), the same number of installments after them;
* ``extend``: the remaining principal over ``extra`` more installments;
* ``rate``: the remaining principal of the lines due after ``from_date`` at ``rate``;
* ``respread``: the unpaid principal of the overdue lines joins the remaining principal and
  their unpaid interest is spread in equal parts over the remaining installments (the last
  takes the rounding); the overdue lines keep what was paid on them.

A decree pause defers every matching unpaid line (due in the decree's window) by ``months``
Jalali months to the same day (clamped to the month's end: Esfand 30 in a leap year, 29
otherwise), and suspends penalty and default counting in the window.

Each confirms a :class:`ScheduleVersion`: the lines it replaced stay, inactive, readable under
their version; the ledger's state is frozen in ``checkpoint`` (later replays start from it).
Undoing is allowed only while nothing was allocated since.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import jdatetime
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from khooshe.core.workflow import TransitionNotAllowed, lock
from khooshe.history.services import stamp
from khooshe.loans.calculator import engine_message
from khooshe.loans.models import Application, Decree, Installment, ScheduleVersion
from khooshe.loans.replay import Line, round_div
from khooshe.loans.schedule import LoanTerms, _days_in_jalali_month, build_schedule, due_date
from khooshe.loans.services.applications import require
from khooshe.loans.services.corrections import (
    _decree_window,
    check_version,
    decree_loans,
    may_issue_decree,
)
from khooshe.loans.services.ledger import (
    ACTIVE_LOAN_STATES,
    active_installments,
    current_version,
    ledger_for,
    loan_recompute,
    pause_windows,
)

RESCHEDULE = "reschedule"
K = ScheduleVersion.Kind


def shift_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved ``months`` Jalali months later, on the same day of the month clamped to
    the target month's last day (Esfand: 30 in leap years, 29 otherwise)."""
    jalali = jdatetime.date.fromgregorian(date=day)
    index = jalali.month - 1 + months
    year, month = jalali.year + index // 12, index % 12 + 1
    return jdatetime.date(
        year, month, min(jalali.day, _days_in_jalali_month(year, month))
    ).togregorian()


def months_between(start: datetime.date, end: datetime.date) -> int:
    a = jdatetime.date.fromgregorian(date=start)
    b = jdatetime.date.fromgregorian(date=end)
    return (b.year - a.year) * 12 + b.month - a.month


@dataclass
class Plan:
    replaced: list  # Installment rows superseded
    new: list  # unsaved Installment rows
    states: dict  # state (Line.STATE) to carry over, by id() of the new row
    ledger: object = None  # the ledger the plan was made from (its state is frozen)


def _copy(installment: Installment, **changes) -> Installment:
    values = {
        f.name: getattr(installment, f.name)
        for f in Installment._meta.concrete_fields
        if f.name not in ("id", "created_at", "updated_at")
    }
    values.update(changes)
    values["application_id"] = installment.application_id
    values["disbursement_id"] = installment.disbursement_id
    values.pop("application", None)
    values.pop("disbursement", None)
    return Installment(**values)


def _untouched(line: Line) -> bool:
    return not (
        line.paid_interest
        or line.paid_principal
        or line.interest_rebate
        or line.penalty_accrued
        or line.penalty_waived
    )


def _params(kind: str, params: dict) -> dict:
    def whole(name, low, high, label):
        value = params.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValidationError(
                {
                    name: _("%(label)s باید عددی صحیح بین %(low)s و %(high)s باشد.")
                    % {"label": label, "low": low, "high": high}
                }
            )
        return value

    if kind == K.GRACE:
        return {"months": whole("months", 1, 60, _("ماه‌های تنفس"))}
    if kind == K.EXTEND:
        return {"extra": whole("extra", 1, 120, _("اقساط افزوده"))}
    if kind == K.RATE:
        rate = params.get("rate")
        try:
            rate = Decimal(str(rate))
        except (ArithmeticError, ValueError):
            rate = None
        if rate is None or not rate.is_finite() or not 0 <= rate <= 100:
            raise ValidationError({"rate": _("نرخ سود تازه باید بین ۰ و ۱۰۰ درصد باشد.")})
        if not isinstance(params.get("from_date"), datetime.date):
            raise ValidationError({"from_date": _("تاریخ آغاز نرخ تازه را وارد کنید.")})
        return {"rate": str(rate), "from_date": params["from_date"].isoformat()}
    if kind == K.RESPREAD:
        return {}
    raise ValidationError({"kind": _("نوع استمهال نامعتبر است.")})


def plan(application: Application, kind: str, params: dict, today) -> tuple[Plan, dict]:
    """The lines a rescheduling replaces and the new ones (nothing saved)."""
    params = _params(kind, params)
    ledger, installments, _repayments = ledger_for(application, until=today)
    program = application.program
    cutoff = today
    rate = Decimal(program.annual_rate)
    if kind == K.RATE:
        rate = Decimal(params["rate"])
        cutoff = max(today, datetime.date.fromisoformat(params["from_date"]))
    result = Plan(replaced=[], new=[], states={}, ledger=ledger)
    by_tranche: dict[int, list[Line]] = {}
    for line in ledger.lines:
        by_tranche.setdefault(installments[line.key].disbursement_id, []).append(line)
    disbursed_on = dict(
        application.disbursements.filter(is_reversed=False).values_list("id", "disbursed_on")
    )
    for tranche, lines in by_tranche.items():
        future = [line for line in lines if line.due_on > cutoff and _untouched(line)]
        overdue = (
            [line for line in lines if line.due_on <= cutoff and line.remaining]
            if kind == K.RESPREAD
            else []
        )
        if not future:
            continue
        moved_principal = sum(line.principal - line.paid_principal for line in overdue)
        moved_interest = sum(
            line.interest - line.paid_interest - line.interest_rebate for line in overdue
        )
        principal = sum(line.principal for line in future) + moved_principal
        count = sum(1 for line in future if not installments[line.key].is_grace) or len(future)
        grace = 0
        if kind == K.GRACE:
            grace = params["months"]
        elif kind == K.EXTEND:
            count += params["extra"]
        try:
            terms = LoanTerms(
                amount=principal,
                annual_rate=rate,
                installments=count,
                grace_months=grace,
                grace_interest=program.grace_interest,
                method=program.method,
                rounding=program.rounding,
            )
            schedule = build_schedule(terms, disbursed_on[tranche])
        except ValueError as exc:
            raise ValidationError({"kind": engine_message(exc)}) from exc
        first = future[0]
        start_month = months_between(disbursed_on[tranche], first.due_on) - 1
        number = installments[first.key].number
        extra = [0] * len(schedule.installments)
        if moved_interest:
            regular = [i for i, row in enumerate(schedule.installments) if not row.is_grace]
            part = round_div(moved_interest, len(regular))
            for position in regular:
                extra[position] = part
            extra[regular[-1]] = moved_interest - part * (len(regular) - 1)
        for offset, row in enumerate(schedule.installments):
            month = start_month + months_between(disbursed_on[tranche], row.due_date)
            result.new.append(
                Installment(
                    application_id=application.pk,
                    disbursement_id=tranche,
                    number=number + offset,
                    due_on=due_date(disbursed_on[tranche], month),
                    principal=row.principal,
                    interest=row.interest + extra[offset],
                    total=row.total + extra[offset],
                    balance=row.balance,
                    is_grace=row.is_grace,
                )
            )
        result.replaced.extend(installments[line.key] for line in future)
        for line in overdue:
            old = installments[line.key]
            result.replaced.append(old)
            paid_interest = line.paid_interest + line.interest_rebate
            if not (line.paid_principal or paid_interest or line.penalty_accrued):
                continue
            copy = _copy(
                old,
                principal=line.paid_principal,
                interest=paid_interest,
                total=line.paid_principal + paid_interest,
                is_active=True,
                superseded_in=None,
            )
            result.new.append(copy)
            state = line.state()
            state["paid_interest"] = paid_interest
            state["interest_rebate"] = 0
            state["paid_on"] = state["paid_on"] or today.isoformat()
            result.states[id(copy)] = state
    if not result.new:
        raise ValidationError(
            {
                "kind": _(
                    "این وام قسط آینده‌ای ندارد که استمهال شود (همه اقساط سررسیده یا پرداخت‌شده‌اند)."
                )
            }
        )
    return result, params


def _line_view(installment: Installment) -> dict:
    return {
        "number": installment.number,
        "tranche": installment.disbursement_id,
        "due_on": installment.due_on,
        "principal": installment.principal,
        "interest": installment.interest,
        "total": installment.total,
        "is_grace": installment.is_grace,
    }


def reschedule_preview(application: Application, *, kind: str, params: dict, today=None) -> dict:
    """The current schedule beside the new one (nothing saved)."""
    today = today or timezone.localdate()
    if application.state not in ACTIVE_LOAN_STATES:
        raise TransitionNotAllowed(_("تنها وام در حال بازپرداخت استمهال می‌شود."))
    result, params = plan(application, kind, params, today)
    replaced = {i.pk for i in result.replaced}
    current = list(active_installments(application))
    kept = [i for i in current if i.pk not in replaced]
    new = sorted([*kept, *result.new], key=lambda i: (i.due_on, i.disbursement_id, i.number))
    return {
        "kind": kind,
        "params": params,
        "old": [_line_view(i) for i in current],
        "new": [_line_view(i) for i in new],
        "old_total": sum(i.total for i in current),
        "new_total": sum(i.total for i in new),
    }


def _next_number(application: Application) -> int:
    latest = application.schedule_versions.aggregate(n=Max("number"))["n"]
    return (latest or 1) + 1


def _confirm(
    *, actor, application: Application, kind, params, reason, result: Plan, today, decree=None
) -> ScheduleVersion:
    number = _next_number(application)
    for installment in result.replaced:
        installment.is_active = False
        installment.superseded_in = number
    if result.replaced:
        bulk_update_with_history(
            result.replaced,
            Installment,
            ["is_active", "superseded_in", "updated_at"],
            default_user=actor,
            default_change_reason=reason,
        )
    states = {}
    for installment in result.new:
        installment.version = number
        state = result.states.get(id(installment))
        if state:
            for name, value in state.items():
                setattr(
                    installment,
                    name,
                    datetime.date.fromisoformat(value) if name == "paid_on" and value else value,
                )
    created = bulk_create_with_history(
        result.new, Installment, default_user=actor, default_change_reason=reason
    )
    if any(row.pk is None for row in created):  # backends that return no keys
        created = list(
            Installment.objects.filter(application=application, version=number).order_by("pk")
        )
    for installment, row in zip(result.new, created, strict=True):
        state = result.states.get(id(installment))
        if state:
            states[str(row.pk)] = state
    # freeze the ledger as it stands on the new schedule: kept lines as they were, carried
    # lines with their state, new lines from nothing
    replaced = {installment.pk for installment in result.replaced}
    checkpoint = result.ledger.checkpoint()
    checkpoint["lines"] = {
        key: value for key, value in checkpoint["lines"].items() if int(key) not in replaced
    }
    checkpoint["lines"].update(states)
    checkpoint["on"] = today.isoformat()
    checkpoint["repayments_through"] = application.repayments.aggregate(n=Max("pk"))["n"] or 0
    checkpoint["waivers_through"] = application.waivers.aggregate(n=Max("pk"))["n"] or 0
    version = ScheduleVersion(
        application=application,
        number=number,
        kind=kind,
        params=params,
        reason=reason,
        effective_on=today,
        checkpoint=checkpoint,
        decree=decree,
        created_by=actor,
    )
    stamp(version, actor=actor, reason=reason).save()
    loan_recompute(application, actor=actor, today=today, note=reason)
    return version


@transaction.atomic
def reschedule_confirm(
    *,
    actor,
    application: Application,
    kind: str,
    params: dict,
    reason: str,
    expected_version=None,
    today=None,
) -> ScheduleVersion:
    require(actor, application, RESCHEDULE)
    check_version(application, expected_version)
    if application.state not in ACTIVE_LOAN_STATES:
        raise TransitionNotAllowed(_("تنها وام در حال بازپرداخت استمهال می‌شود."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("دلیل استمهال را بنویسید.")})
    today = today or timezone.localdate()
    loan_recompute(application, actor=actor, today=today)
    result, params = plan(application, kind, params, today)
    return _confirm(
        actor=actor,
        application=application,
        kind=kind,
        params=params,
        reason=reason,
        result=result,
        today=today,
    )


def _allocated_since(application: Application, version: ScheduleVersion, today) -> bool:
    checkpoint = version.checkpoint
    if application.repayments.filter(
        is_reversed=False, pk__gt=checkpoint.get("repayments_through", 0)
    ).exists():
        return True
    if application.waivers.filter(pk__gt=checkpoint.get("waivers_through", 0)).exists():
        return True
    saved = checkpoint.get("lines", {})
    for installment in active_installments(application):
        before = saved.get(str(installment.pk), {})
        if (
            installment.paid_interest != before.get("paid_interest", 0)
            or installment.paid_principal != before.get("paid_principal", 0)
            or installment.penalty_paid != before.get("penalty_paid", 0)
        ):
            return True
    return False


@transaction.atomic
def reschedule_undo(
    *, actor, application: Application, version: ScheduleVersion, expected_version=None, today=None
) -> ScheduleVersion:
    """Undo the latest rescheduling: its new lines leave the schedule, the lines it replaced
    come back; refused once anything was allocated since."""
    require(actor, application, RESCHEDULE)
    check_version(application, expected_version)
    today = today or timezone.localdate()
    version = ScheduleVersion.objects.select_for_update().get(
        pk=version.pk, application=application
    )
    if version.undone_at is not None:
        raise TransitionNotAllowed(_("این استمهال پیش‌تر لغو شده است."))
    latest = current_version(application)
    if latest is None or latest.pk != version.pk:
        raise TransitionNotAllowed(
            _("تنها آخرین استمهال (نسخه %(number)s) لغو می‌شود.")
            % {"number": latest.number if latest else "-"}
        )
    if _allocated_since(application, version, today):
        raise TransitionNotAllowed(
            _(
                "پس از این استمهال پرداختی به اقساط تخصیص یافته است؛ لغو استمهال تنها پیش از"
                " هر تخصیص تازه ممکن است."
            )
        )
    new = list(
        Installment.objects.filter(application=application, version=version.number, is_active=True)
    )
    for installment in new:
        installment.is_active = False
    bulk_update_with_history(new, Installment, ["is_active", "updated_at"], default_user=actor)
    old = list(Installment.objects.filter(application=application, superseded_in=version.number))
    for installment in old:
        installment.is_active = True
        installment.superseded_in = None
    bulk_update_with_history(
        old, Installment, ["is_active", "superseded_in", "updated_at"], default_user=actor
    )
    version.undone_at = timezone.now()
    version.undone_by = actor
    stamp(version, actor=actor, reason=_("لغو استمهال")).save()
    loan_recompute(application, actor=actor, today=today, note=_("لغو استمهال"))
    return version


# --- decrees ----------------------------------------------------------------------------------


def _pause_plan(application: Application, decree: Decree, today) -> Plan:
    windows = (*pause_windows(application), (decree.date_from, decree.date_to))
    ledger, installments, _r = ledger_for(application, until=today, pauses=windows)
    result = Plan(replaced=[], new=[], states={}, ledger=ledger)
    for line in ledger.lines:
        if not line.remaining or not decree.date_from <= line.due_on <= decree.date_to:
            continue
        old = installments[line.key]
        copy = _copy(
            old,
            due_on=shift_months(old.due_on, decree.months),
            is_active=True,
            superseded_in=None,
        )
        result.replaced.append(old)
        result.new.append(copy)
        result.states[id(copy)] = line.state()
    return result


@transaction.atomic
def decree_pause(
    *,
    actor,
    programs,
    title: str,
    reason: str,
    date_from,
    date_to,
    months: int,
    number: str = "",
    sectors=(),
    today=None,
) -> Decree:
    """A pause by decree over ``programs`` (and ``sectors``): every unpaid installment due
    from ``date_from`` to ``date_to`` moves ``months`` Jalali months later to the same day;
    penalty and default counting stop in the window."""
    programs = list(programs)
    if actor is not None and not may_issue_decree(actor, programs):
        raise PermissionDenied(_("شما اجازه ثبت مصوبه برای این برنامه‌ها را ندارید."))
    today = today or timezone.localdate()
    _decree_window(date_from, date_to, today)
    if not isinstance(months, int) or not 1 <= months <= 60:
        raise ValidationError({"months": _("ماه‌های تعویق باید عددی صحیح بین ۱ و ۶۰ باشد.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("دلیل مصوبه را بنویسید.")})
    decree = Decree(
        kind=Decree.Kind.PAUSE,
        title=title or _("استمهال به موجب مصوبه"),
        number=number,
        reason=reason,
        date_from=date_from,
        date_to=date_to,
        months=months,
        issued_on=today,
        created_by=actor,
    )
    stamp(decree, actor=actor, reason=reason).save()
    decree.programs.set(programs)
    decree.sectors.set(list(sectors))
    for application in decree_loans(decree):
        lock(application, "state", "version", "credit")
        result = _pause_plan(application, decree, today)
        _confirm(
            actor=actor,
            application=application,
            kind=K.DECREE,
            params={"decree": decree.pk, "months": months},
            reason=f"{decree.title}: {reason}",
            result=result,
            today=today,
            decree=decree,
        )
    return decree


def version_lines(application: Application, number: int):
    """The schedule as version ``number`` had it: lines of that version or an earlier one
    (of versions not undone) that no version up to ``number`` replaced."""
    undone = set(
        application.schedule_versions.filter(undone_at__isnull=False)
        .exclude(number=number)
        .values_list("number", flat=True)
    )
    return (
        Installment.objects.filter(application=application, version__lte=number)
        .exclude(version__in=undone)
        .exclude(superseded_in__lte=number)
        .order_by("due_on", "disbursement_id", "number")
    )


__all__ = [
    "decree_pause",
    "plan",
    "reschedule_confirm",
    "reschedule_preview",
    "reschedule_undo",
    "shift_months",
    "version_lines",
]
