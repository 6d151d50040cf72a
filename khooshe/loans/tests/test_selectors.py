"""Portfolio figures and jobs per county."""

import datetime

import pytest

from khooshe.accounts.models import Role
from khooshe.loans import services
from khooshe.loans.selectors import jobs_by_county, program_portfolio
from khooshe.loans.tests.factories import ProgramFactory, application_for, fund_officer, staff

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _loan(program, days_ago):
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


def test_portfolio_disbursed_outstanding_and_overdue_ratio():
    program = ProgramFactory()
    late, officer = _loan(program, 70)  # two installments due, unpaid
    on_time, _ = _loan(program, 10)  # nothing due yet
    first = late.installments.first()
    services.repayment_record(actor=officer, application=late, amount=first.total)
    portfolio = program_portfolio(program)
    assert portfolio.loans == 2
    assert portfolio.disbursed == 2_000_000_000
    assert portfolio.repaid_principal == first.principal
    assert portfolio.outstanding == 2_000_000_000 - first.principal
    assert portfolio.overdue_loans == 1
    assert portfolio.overdue_ratio == 50.0
    assert portfolio.overdue_amount == late.installments.all()[1].total
    assert portfolio.committed == 2_000_000_000
    del on_time


def test_jobs_by_county_counts_latest_report():
    program = ProgramFactory()
    loan, _officer = _loan(program, 10)
    services.job_report_add(actor=loan.applicant, application=loan, jobs_created=2)
    (row,) = jobs_by_county(program)
    assert row["county"] == loan.county
    assert (row["applications"], row["promised"], row["created"]) == (1, loan.jobs_promised, 2)
