"""Reversals, late-payment penalty and waivers, rescheduling and decrees, payoff quote — to
the Rial and the day."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import jdatetime
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from khooshe.core.concurrency import EditConflict
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.loans import services
from khooshe.loans.models import Application, Installment, PenaltyAccrual, ScheduleVersion
from khooshe.loans.services.rescheduling import shift_months, version_lines
from khooshe.loans.tests.factories import ProgramFactory, fund_officer
from khooshe.loans.tests.test_ledger import TODAY, disbursed_loan

pytestmark = pytest.mark.django_db
S = Application.State


def jalali(year, month, day) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def state_of(application):
    lines = [
        (
            i.number,
            i.paid_interest,
            i.paid_principal,
            i.paid_on,
            i.penalty_accrued,
            i.penalty_paid,
        )
        for i in Installment.objects.filter(application=application, is_active=True)
    ]
    repayments = [
        (
            r.amount,
            r.paid_on,
            [(a["number"], a["penalty"], a["interest"], a["principal"]) for a in r.allocation],
            r.credit_used,
            r.credit_left,
        )
        for r in application.repayments.filter(is_reversed=False).order_by("paid_on", "pk")
    ]
    application.refresh_from_db()
    return lines, repayments, application.credit, application.state


def day_penalty(remaining, rate) -> int:
    exact = Decimal(remaining) * Decimal(rate) / Decimal(36500)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("penalty", [False, True])
def test_a_reversed_repayment_reallocates_the_later_ones_as_if_never_posted(penalty):
    days = 200
    loan, officer = disbursed_loan(days_ago=days, penalty_enabled=penalty)
    twin, twin_officer = disbursed_loan(days_ago=days, penalty_enabled=penalty)
    lines = list(loan.installments.all())
    dates = [lines[0].due_on + datetime.timedelta(days=3), lines[2].due_on, lines[4].due_on]
    amounts = [lines[0].total + 12_345, lines[1].total - 7, lines[2].total * 2 + 1]
    posted = [
        services.repayment_record(actor=officer, application=loan, amount=a, paid_on=d)
        for a, d in zip(amounts, dates, strict=True)
    ]
    for index in (0, 2):
        services.repayment_record(
            actor=twin_officer, application=twin, amount=amounts[index], paid_on=dates[index]
        )
    assert state_of(loan) != state_of(twin)
    reversal = services.repayment_reverse(
        actor=officer, application=loan, repayment=posted[1], reason="چک برگشتی", reference="R-1"
    )
    assert reversal.repayment == posted[1]
    assert state_of(loan) == state_of(twin)
    posted[1].refresh_from_db()
    assert posted[1].is_reversed  # kept, not deleted
    assert posted[1].amount == amounts[1]


def test_reversing_twice_is_refused_and_only_the_funds_officers_reverse():
    loan, officer = disbursed_loan(days_ago=70)
    repayment = services.repayment_record(actor=officer, application=loan, amount=5_000_000)
    stranger = fund_officer(ProgramFactory().fund)
    with pytest.raises(PermissionDenied):
        services.repayment_reverse(
            actor=stranger, application=loan, repayment=repayment, reason="x", reference="R"
        )
    with pytest.raises(ValidationError) as error:
        services.repayment_reverse(
            actor=officer, application=loan, repayment=repayment, reason="", reference=""
        )
    assert set(error.value.message_dict) == {"reason", "reference"}
    loan.refresh_from_db()
    with pytest.raises(EditConflict):
        services.repayment_reverse(
            actor=officer,
            application=loan,
            repayment=repayment,
            reason="خطای ثبت",
            reference="R-1",
            expected_version=loan.version - 1,
        )
    services.repayment_reverse(
        actor=officer,
        application=loan,
        repayment=repayment,
        reason="خطای ثبت",
        reference="R-1",
        expected_version=loan.version,
    )
    with pytest.raises(TransitionNotAllowed):
        services.repayment_reverse(
            actor=officer, application=loan, repayment=repayment, reason="باز", reference="R-2"
        )
    loan.refresh_from_db()
    assert loan.state == S.DISBURSED  # no repayment left
    assert loan.installments.filter(paid_interest__gt=0).count() == 0


def test_a_settled_loan_returns_to_repaying_when_a_repayment_is_reversed():
    loan, officer = disbursed_loan(days_ago=400)
    first = loan.installments.first()
    services.repayment_record(actor=officer, application=loan, amount=first.total)
    rest = services.amount_owed(loan)
    last = services.repayment_record(actor=officer, application=loan, amount=rest)
    loan.refresh_from_db()
    assert loan.state == S.SETTLED
    services.repayment_reverse(
        actor=officer, application=loan, repayment=last, reason="برگشت بانکی", reference="R-9"
    )
    loan.refresh_from_db()
    assert loan.state == S.REPAYING
    assert services.amount_owed(loan) == rest
    assert [t.action for t in loan.log.all()][-1] == "reopen"


def test_a_defaulted_loan_leaves_default_when_a_reversal_clears_its_overdue():
    loan, officer = disbursed_loan(days_ago=100, default_after=2)
    services.loan_refresh(application=loan)
    loan.refresh_from_db()
    assert loan.state == S.DEFAULTED
    # a second tranche would not help; reversing the disbursement needs nothing allocated
    disbursement = loan.disbursements.get()
    services.disbursement_reverse(
        actor=officer,
        application=loan,
        disbursement=disbursement,
        reason="واریز به حساب اشتباه",
        reference="D-R-1",
    )
    loan.refresh_from_db()
    assert loan.state == S.CONTRACT_SIGNED
    assert services.amount_owed(loan) == 0


def test_a_disbursement_with_allocated_installments_is_not_reversed():
    loan, officer = disbursed_loan(days_ago=40)
    repayment = services.repayment_record(actor=officer, application=loan, amount=1_000_000)
    disbursement = loan.disbursements.get()
    with pytest.raises(TransitionNotAllowed):
        services.disbursement_reverse(
            actor=officer,
            application=loan,
            disbursement=disbursement,
            reason="اشتباه",
            reference="D-1",
        )
    services.repayment_reverse(
        actor=officer, application=loan, repayment=repayment, reason="اشتباه", reference="R-1"
    )
    services.disbursement_reverse(
        actor=officer, application=loan, disbursement=disbursement, reason="اشتباه", reference="D-1"
    )
    loan.refresh_from_db()
    assert loan.state == S.CONTRACT_SIGNED
    with pytest.raises(TransitionNotAllowed):
        services.disbursement_reverse(
            actor=officer,
            application=loan,
            disbursement=disbursement,
            reason="باز",
            reference="D-2",
        )


# --- penalty ----------------------------------------------------------------------------------


def test_penalty_accrues_per_day_at_rate_plus_six_points_after_the_grace():
    loan, officer = disbursed_loan(days_ago=45, penalty_enabled=True, penalty_grace_days=3)
    first = loan.installments.first()
    late = (TODAY - first.due_on).days
    assert late > 3
    run = services.penalties_accrue()
    first.refresh_from_db()
    expected = (late - 3) * day_penalty(first.total, 10)  # 4% contract + 6 points
    assert first.penalty_accrued == expected
    assert run.total == expected
    assert services.penalties_accrue().total == 0  # run twice the same day: nothing more
    # paid today: the penalty is paid first, then interest and principal
    repayment = services.repayment_record(
        actor=officer, application=loan, amount=first.total + expected
    )
    first.refresh_from_db()
    assert first.is_paid
    assert first.penalty_paid == expected
    assert repayment.allocation[0]["penalty"] == expected


def test_penalty_to_the_day_of_a_late_payment():
    loan, officer = disbursed_loan(days_ago=100, penalty_enabled=True)
    first, second = list(loan.installments.all())[:2]
    paid_on = first.due_on + datetime.timedelta(days=17)
    penalty = 17 * day_penalty(first.total, 10)
    services.repayment_record(
        actor=officer, application=loan, amount=first.total + penalty, paid_on=paid_on
    )
    first.refresh_from_db()
    assert first.penalty_accrued == penalty
    assert first.is_paid
    assert first.paid_on == paid_on
    second.refresh_from_db()
    assert second.penalty_accrued == (TODAY - second.due_on).days * day_penalty(second.total, 10)


def test_a_waiver_lowers_the_penalty_owed_and_never_edits_accruals():
    loan, officer = disbursed_loan(days_ago=45, penalty_enabled=True)
    services.penalties_accrue()
    accrued = sum(PenaltyAccrual.objects.filter(application=loan).values_list("amount", flat=True))
    assert accrued > 0
    with pytest.raises(ValidationError) as error:
        services.penalty_waive(actor=officer, application=loan, amount=accrued + 1, reason="x")
    assert "amount" in error.value.message_dict
    services.penalty_waive(actor=officer, application=loan, amount=accrued - 5, reason="بیماری")
    first = loan.installments.first()
    assert first.penalty_due == 5
    assert (
        sum(PenaltyAccrual.objects.filter(application=loan).values_list("amount", flat=True))
        == accrued
    )


def test_a_waiver_by_decree_waives_what_accrued_in_its_window():
    loan, officer = disbursed_loan(days_ago=75, penalty_enabled=True)
    first = loan.installments.first()
    services.penalties_accrue()
    low = first.due_on + datetime.timedelta(days=1)
    high = first.due_on + datetime.timedelta(days=10)
    decree = services.decree_waive(
        actor=officer,
        programs=[loan.program],
        title="بخشودگی سیل",
        reason="سیل استان",
        date_from=low,
        date_to=high,
    )
    waiver = decree.waivers.get()
    assert waiver.amount == 10 * day_penalty(first.total, 10)
    first.refresh_from_db()
    assert first.penalty_waived == waiver.amount


# --- payoff ----------------------------------------------------------------------------------


def test_a_repayment_of_the_payoff_quote_settles_the_loan():
    loan, officer = disbursed_loan(days_ago=50, penalty_enabled=True)
    services.penalties_accrue()
    quote = services.payoff_quote(loan)
    lines = list(loan.installments.all())
    everything = sum(i.remaining + i.penalty_due for i in lines)
    assert quote.amount < everything
    assert quote.principal == sum(i.principal for i in lines)
    # interest: the first line's in full, the second's by day since the first's due date
    first, second = lines[:2]
    elapsed = (TODAY - first.due_on).days
    period = (second.due_on - first.due_on).days
    part = int(
        (Decimal(second.interest * elapsed) / period).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    )
    assert quote.interest == first.interest + part
    assert quote.amount == quote.principal + quote.interest + quote.penalty - quote.credit
    services.repayment_record(actor=officer, application=loan, amount=quote.amount)
    loan.refresh_from_db()
    assert loan.state == S.SETTLED
    assert services.amount_owed(loan) == 0


# --- rescheduling -----------------------------------------------------------------------------


def test_rescheduling_extends_the_term_keeps_paid_lines_and_can_be_undone():
    loan, officer = disbursed_loan(days_ago=70)
    first = loan.installments.first()
    services.repayment_record(actor=officer, application=loan, amount=first.total)
    preview = services.reschedule_preview(loan, kind="extend", params={"extra": 6})
    assert len(preview["old"]) == 12
    assert len(preview["new"]) == 18
    loan.refresh_from_db()
    version = services.reschedule_confirm(
        actor=officer,
        application=loan,
        kind="extend",
        params={"extra": 6},
        reason="کاهش فروش",
        expected_version=loan.version,
    )
    current = list(Installment.objects.filter(application=loan, is_active=True))
    assert len(current) == 18
    assert current[0].pk == first.pk  # paid line kept
    assert current[0].is_paid
    future_principal = sum(i.principal for i in current if i.due_on > TODAY)
    assert future_principal == sum(r["principal"] for r in preview["new"] if r["due_on"] > TODAY)
    assert len(version_lines(loan, 1)) == 12  # the old version stays readable
    assert [i.due_on for i in current] == [row["due_on"] for row in preview["new"]]
    services.reschedule_undo(actor=officer, application=loan, version=version)
    assert Installment.objects.filter(application=loan, is_active=True).count() == 12
    version.refresh_from_db()
    assert version.undone_at is not None


def test_undo_is_refused_once_something_was_allocated_since():
    loan, officer = disbursed_loan(days_ago=70)
    version = services.reschedule_confirm(
        actor=officer, application=loan, kind="grace", params={"months": 2}, reason="خشکسالی"
    )
    services.repayment_record(actor=officer, application=loan, amount=1_000_000)
    with pytest.raises(TransitionNotAllowed):
        services.reschedule_undo(actor=officer, application=loan, version=version)
    with pytest.raises(ValidationError):  # nothing is posted before the rescheduling's day
        services.repayment_record(
            actor=officer,
            application=loan,
            amount=1_000,
            paid_on=TODAY - datetime.timedelta(days=1),
        )


def test_respread_moves_the_overdue_amount_over_the_remaining_installments():
    loan, officer = disbursed_loan(days_ago=70)
    owed_before = services.amount_owed(loan)
    principal_before = sum(i.principal for i in loan.installments.all())
    services.reschedule_confirm(
        actor=officer, application=loan, kind="respread", params={}, reason="تعویق فروش"
    )
    current = list(Installment.objects.filter(application=loan, is_active=True))
    assert all(i.due_on > TODAY for i in current)
    assert sum(i.principal for i in current) == principal_before
    # the overdue principal now bears interest over the remaining months
    assert services.amount_owed(loan) > owed_before
    assert not services.payoff_quote(loan).penalty


def test_jalali_month_shift_keeps_the_day_and_esfand_30_of_a_leap_year():
    assert shift_months(jalali(1403, 9, 30), 3) == jalali(1403, 12, 30)  # 1403 is leap
    assert shift_months(jalali(1404, 9, 30), 3) == jalali(1404, 12, 29)
    assert shift_months(jalali(1403, 6, 31), 1) == jalali(1403, 7, 30)
    assert shift_months(jalali(1403, 11, 15), 3) == jalali(1404, 2, 15)


def test_a_pause_decree_defers_matching_installments_and_stops_penalty_in_its_window():
    loan, officer = disbursed_loan(days_ago=100, penalty_enabled=True)
    lines = list(loan.installments.all())
    low, high = lines[1].due_on, lines[2].due_on
    decree = services.decree_pause(
        actor=officer,
        programs=[loan.program],
        title="استمهال سه‌ماهه",
        reason="مصوبه ستاد",
        date_from=low,
        date_to=high,
        months=3,
    )
    version = ScheduleVersion.objects.get(application=loan, decree=decree)
    current = {i.number: i for i in Installment.objects.filter(application=loan, is_active=True)}
    assert current[1].due_on == lines[0].due_on  # overdue before the window: not deferred
    assert current[2].due_on == shift_months(lines[1].due_on, 3)
    assert current[3].due_on == shift_months(lines[2].due_on, 3)
    assert current[4].due_on == lines[3].due_on
    # penalty on the first line stops inside the window
    first = current[1]
    charged = (TODAY - first.due_on).days - ((min(TODAY, high) - low).days + 1)
    assert first.penalty_accrued == charged * day_penalty(first.total, 10)
    services.loan_refresh(application=loan)
    loan.refresh_from_db()
    assert version.number == 2


def test_a_decree_defers_to_esfand_30_of_a_leap_year():
    disbursed = jalali(1403, 6, 30)
    loan, officer = disbursed_loan(days_ago=(TODAY - disbursed).days, installments=12)
    target = loan.installments.get(number=3)
    assert target.due_on == jalali(1403, 9, 30)
    services.decree_pause(
        actor=officer,
        programs=[loan.program],
        title="تعویق",
        reason="مصوبه",
        date_from=jalali(1403, 9, 1),
        date_to=jalali(1403, 9, 30),
        months=3,
    )
    moved = Installment.objects.get(application=loan, is_active=True, number=3)
    assert moved.due_on == jalali(1403, 12, 30)


def test_a_rate_change_rebuilds_the_lines_due_after_its_date_at_the_new_rate():
    loan, officer = disbursed_loan(days_ago=40)
    lines = list(loan.installments.all())
    from_date = lines[3].due_on
    services.reschedule_confirm(
        actor=officer,
        application=loan,
        kind="rate",
        params={"rate": Decimal("2"), "from_date": from_date},
        reason="مصوبه کاهش نرخ",
    )
    current = list(Installment.objects.filter(application=loan, is_active=True))
    assert [i.due_on for i in current] == [i.due_on for i in lines]  # same days
    kept = [i for i in current if i.due_on <= from_date]
    assert [i.pk for i in kept] == [i.pk for i in lines[:4]]
    changed = [i for i in current if i.due_on > from_date]
    balance = sum(i.principal for i in lines[4:])
    assert changed[0].interest == int(
        (Decimal(balance) * 2 / 1200).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    )
    assert sum(i.principal for i in changed) == balance


def test_penalty_last_pays_interest_and_principal_before_the_penalty():
    loan, officer = disbursed_loan(
        days_ago=45, penalty_enabled=True, allocation_order="penalty_last"
    )
    first = loan.installments.first()
    repayment = services.repayment_record(actor=officer, application=loan, amount=first.total)
    first.refresh_from_db()
    assert first.is_paid
    assert first.penalty_paid == 0
    assert first.penalty_due > 0
    assert repayment.allocation[0]["penalty"] == 0


def test_a_payoff_quote_for_a_later_day_counts_penalty_and_interest_to_that_day():
    loan, _officer = disbursed_loan(days_ago=45, penalty_enabled=True)
    today_quote = services.payoff_quote(loan)
    later = services.payoff_quote(loan, TODAY + datetime.timedelta(days=10))
    assert later.penalty > today_quote.penalty
    assert later.interest >= today_quote.interest
    assert later.principal == today_quote.principal
    with pytest.raises(ValidationError):
        services.payoff_quote(loan, TODAY - datetime.timedelta(days=400))


def test_the_daily_accrual_adds_one_day_each_day():
    loan, _officer = disbursed_loan(days_ago=45, penalty_enabled=True)
    first = loan.installments.first()
    services.penalties_accrue()
    first.refresh_from_db()
    before = first.penalty_accrued
    tomorrow = TODAY + datetime.timedelta(days=1)
    run = services.penalties_accrue(today=tomorrow)
    first.refresh_from_db()
    assert first.penalty_accrued - before == day_penalty(first.total, 10)
    assert run.installments == 1
    assert first.penalty_through == tomorrow
