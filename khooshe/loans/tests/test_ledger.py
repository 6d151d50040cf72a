"""Repayments against the schedule: oldest first, interest before principal, over- and
under-payment, settlement, default after N overdue installments, idempotency."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from khooshe.accounts.models import Role
from khooshe.core.idempotency import run_once
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.loans import services
from khooshe.loans.models import Application, Repayment
from khooshe.loans.schedule import build_schedule
from khooshe.loans.tests.factories import ProgramFactory, application_for, fund_officer, staff
from khooshe.persian.money import format_rial

pytestmark = pytest.mark.django_db
S = Application.State
TODAY = datetime.date.today()


def disbursed_loan(*, days_ago=100, **program_kwargs):
    program = ProgramFactory(**program_kwargs)
    application = application_for(program=program)
    services.application_submit(actor=application.applicant, application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    services.application_approve(actor=staff(), application=application)
    officer = fund_officer(program.fund)
    on = TODAY - datetime.timedelta(days=days_ago)
    services.application_sign(actor=officer, application=application, signed_on=on)
    services.disbursement_record(actor=officer, application=application, disbursed_on=on)
    application.refresh_from_db()
    return application, officer


def test_stored_schedule_equals_engine():
    application, _officer = disbursed_loan()
    disbursement = application.disbursements.get()
    engine = build_schedule(
        application.program.terms(application.amount_approved), disbursement.disbursed_on
    )
    stored = list(application.installments.all())
    assert [(i.due_on, i.principal, i.interest, i.total, i.balance) for i in stored] == [
        (line.due_date, line.principal, line.interest, line.total, line.balance)
        for line in engine.installments
    ]


def test_repayment_pays_oldest_due_interest_before_principal_and_leaves_partial():
    application, officer = disbursed_loan(days_ago=70)  # two installments due
    first, second = application.installments.all()[:2]
    amount = first.total + second.interest + 1000
    repayment = services.repayment_record(actor=officer, application=application, amount=amount)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_paid
    assert first.paid_on == TODAY
    assert second.paid_interest == second.interest
    assert second.paid_principal == 1000
    assert second.paid_on is None
    assert [line["number"] for line in repayment.allocation] == [1, 2]
    assert repayment.allocation[1] == {
        "installment": second.pk,
        "number": 2,
        "due_on": second.due_on.isoformat(),
        "penalty": 0,
        "interest": second.interest,
        "principal": 1000,
        "fully_paid": False,
    }
    application.refresh_from_db()
    assert application.state == S.REPAYING
    assert application.credit == 0


def test_overpayment_is_carried_as_credit_and_used_next_time():
    application, officer = disbursed_loan(days_ago=40)  # one installment due
    first, second = application.installments.all()[:2]
    services.repayment_record(
        actor=officer, application=application, amount=first.total + 5000, paid_on=first.due_on
    )
    application.refresh_from_db()
    assert application.credit == 5000
    second.refresh_from_db()
    assert second.paid == 0  # not due yet: the extra waits as credit
    repayment = services.repayment_record(
        actor=officer, application=application, amount=second.total - 5000
    )
    assert repayment.credit_used == 0
    assert repayment.credit_left == second.total
    services.loan_refresh(application=application, today=second.due_on)
    second.refresh_from_db()
    application.refresh_from_db()
    assert second.is_paid
    assert second.paid_on == second.due_on
    assert application.credit == 0


def test_credit_pays_a_later_installment_on_its_due_day():
    application, officer = disbursed_loan(days_ago=70)  # two installments due
    first, second = application.installments.all()[:2]
    services.repayment_record(
        actor=officer, application=application, amount=first.total + 5000, paid_on=first.due_on
    )
    second.refresh_from_db()
    application.refresh_from_db()
    assert second.paid_interest == 5000  # the daily pass paid it on its due day
    assert application.credit == 0


def test_loan_refresh_applies_credit_when_due():
    application, officer = disbursed_loan(days_ago=40)
    first, second = application.installments.all()[:2]
    services.repayment_record(
        actor=officer, application=application, amount=first.total + second.total
    )
    application.refresh_from_db()
    assert application.credit == second.total
    services.loan_refresh(application=application, today=second.due_on)
    second.refresh_from_db()
    application.refresh_from_db()
    assert second.is_paid
    assert application.credit == 0


def test_full_repayment_settles_the_loan():
    application, officer = disbursed_loan(days_ago=400)  # all 12 due
    total = sum(i.total for i in application.installments.all())
    services.repayment_record(actor=officer, application=application, amount=total)
    application.refresh_from_db()
    assert application.state == S.SETTLED
    assert [s.action for s in application.log.all()][-2:] == ["repay", "settle"]


def test_default_after_program_number_of_overdue_installments():
    application, officer = disbursed_loan(days_ago=70, default_after=3)  # 2 overdue
    with pytest.raises(ValidationError):
        services.loan_mark_default(actor=officer, application=application)
    services.loan_refresh(application=application)
    application.refresh_from_db()
    assert application.state == S.DISBURSED
    later = TODAY + datetime.timedelta(days=35)
    services.loan_refresh(application=application, today=later)
    application.refresh_from_db()
    assert application.state == S.DEFAULTED
    # repayments are still taken from a defaulted loan
    services.repayment_record(actor=officer, application=application, amount=1_000_000)
    application.refresh_from_db()
    assert application.state == S.DEFAULTED


def test_fund_officer_may_declare_default_when_threshold_reached():
    application, officer = disbursed_loan(days_ago=100, default_after=2)
    services.loan_mark_default(actor=officer, application=application, note="پیگیری بی‌نتیجه")
    application.refresh_from_db()
    assert application.state == S.DEFAULTED


def test_repayment_refusals():
    application, officer = disbursed_loan()
    other_officer = fund_officer(ProgramFactory().fund)
    with pytest.raises(PermissionDenied):
        services.repayment_record(actor=other_officer, application=application, amount=1000)
    with pytest.raises(PermissionDenied):
        services.repayment_record(actor=application.applicant, application=application, amount=1000)
    with pytest.raises(ValidationError):
        services.repayment_record(actor=officer, application=application, amount=0)
    with pytest.raises(ValidationError):
        services.repayment_record(
            actor=officer,
            application=application,
            amount=1000,
            paid_on=TODAY + datetime.timedelta(days=1),
        )
    draft = application_for(program=application.program)
    with pytest.raises(TransitionNotAllowed):
        services.repayment_record(actor=officer, application=draft, amount=1000)


def test_same_idempotency_key_records_one_repayment():
    application, officer = disbursed_loan()

    def act():
        repayment = services.repayment_record(actor=officer, application=application, amount=5000)
        return 201, {"id": repayment.pk, "amount": repayment.amount}

    first = run_once(user=officer, scope=f"loans:repayment:{application.pk}", key="k-1", action=act)
    second = run_once(
        user=officer, scope=f"loans:repayment:{application.pk}", key="k-1", action=act
    )
    assert Repayment.objects.filter(application=application).count() == 1
    assert first[:2] == second[:2]
    assert second[2] is True


def test_paying_everything_owed_settles_early():
    application, officer = disbursed_loan(days_ago=40)
    everything = sum(i.total for i in application.installments.all())
    repayment = services.repayment_record(actor=officer, application=application, amount=everything)
    application.refresh_from_db()
    assert application.state == S.SETTLED
    assert application.credit == 0
    assert len(repayment.allocation) == 12


def test_a_repayment_above_what_is_owed_is_refused_naming_the_amount_owed():
    application, officer = disbursed_loan(days_ago=40)
    everything = sum(i.total for i in application.installments.all())
    with pytest.raises(ValidationError) as error:
        services.repayment_record(actor=officer, application=application, amount=everything + 700)
    message = error.value.message_dict["amount"][0]
    assert format_rial(everything) in message
    assert not Repayment.objects.filter(application=application).exists()
    application.refresh_from_db()
    assert application.state == S.DISBURSED


def test_credit_already_held_lowers_what_a_repayment_may_be():
    application, officer = disbursed_loan(days_ago=40)
    first, second = application.installments.all()[:2]
    services.repayment_record(
        actor=officer, application=application, amount=first.total + second.total
    )
    application.refresh_from_db()
    assert application.credit == second.total
    everything = sum(i.total for i in application.installments.all())
    owed = everything - first.total - second.total
    assert services.amount_owed(application) == owed
    with pytest.raises(ValidationError) as error:
        services.repayment_record(actor=officer, application=application, amount=owed + 1)
    assert format_rial(owed) in error.value.message_dict["amount"][0]
    services.repayment_record(actor=officer, application=application, amount=owed)
    application.refresh_from_db()
    assert application.state == S.SETTLED
    assert application.credit == 0


def test_principal_not_yet_paid_out_is_not_owed():
    program = ProgramFactory()
    application = application_for(program=program)
    services.application_submit(actor=application.applicant, application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    services.application_approve(actor=staff(), application=application)
    officer = fund_officer(program.fund)
    on = TODAY - datetime.timedelta(days=40)
    services.application_sign(actor=officer, application=application, signed_on=on)
    half = application.amount_approved // 2
    services.disbursement_record(
        actor=officer, application=application, disbursed_on=on, amount=half
    )
    application.refresh_from_db()
    owed = services.amount_owed(application)
    assert owed == sum(i.total for i in application.installments.all())
    services.repayment_record(actor=officer, application=application, amount=owed)
    application.refresh_from_db()
    assert application.state == S.REPAYING  # the second tranche is still to come
    with pytest.raises(ValidationError) as error:
        services.repayment_record(actor=officer, application=application, amount=1)
    assert "بدهی پرداخت‌نشده‌ای ندارد" in error.value.message_dict["amount"][0]


def test_same_bank_reference_is_recorded_once():
    application, officer = disbursed_loan()
    first = services.repayment_record(
        actor=officer, application=application, amount=5000, reference="TRK-99"
    )
    again = services.repayment_record(
        actor=officer, application=application, amount=5000, reference="TRK-99"
    )
    assert again.pk == first.pk
    assert again.replayed is True
    assert Repayment.objects.filter(application=application).count() == 1
    with pytest.raises(ValidationError):
        services.repayment_record(
            actor=officer, application=application, amount=7000, reference="TRK-99"
        )


def test_same_disbursement_reference_pays_once():
    program = ProgramFactory()
    application = application_for(program=program)
    services.application_submit(actor=application.applicant, application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    services.application_approve(actor=staff(), application=application)
    officer = fund_officer(program.fund)
    services.application_sign(actor=officer, application=application)
    for _ in range(2):
        services.disbursement_record(
            actor=officer, application=application, amount=300_000_000, reference="SWIFT-1"
        )
    assert application.disbursements.count() == 1
