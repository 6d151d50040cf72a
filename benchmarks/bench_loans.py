"""Support programs at scale (issue 5): the schedule engine on long loans, the public
calculator API, and a fund's portfolio of 2,000 disbursed loans (~96,000 stored installments):
the portfolio figures, the fund officer's desk section, the CSV export and recording a
repayment. Run by ``benchmarks/run.py`` (``make bench``) through ``run(report)``."""

from __future__ import annotations

import datetime
import itertools
import time
from decimal import Decimal

from django.test import Client

from khooshe.accounts.models import Role, RoleGrant, User
from khooshe.core.desk import ITEMS_PER_SECTION
from khooshe.geo.models import County, Province
from khooshe.loans.desk import installment_item, installments_overdue
from khooshe.loans.export import portfolio_csv
from khooshe.loans.models import Application, Disbursement, Installment, Program
from khooshe.loans.schedule import GraceInterest, LoanTerms, Method, build_schedule
from khooshe.loans.selectors import program_portfolio
from khooshe.loans.services import repayment_record
from khooshe.loans.services.ledger import schedule_installments
from khooshe.persian.validators import legal_id_check_digit
from khooshe.registry.models import Organization

LOANS = 2_000
PROGRAM = "bench: portfolio of 2,000 loans"


def _portfolio():
    """A loan program with ``LOANS`` disbursed loans whose schedules are stored (bulk, no
    history: the data, not the services, is what is measured here)."""
    program = Program.objects.filter(name=PROGRAM).first()
    fund_user, _created = User.objects.get_or_create(username="bench.fund")
    if program is not None:
        return program, fund_user
    province = Province.objects.get(code="IR-02")
    counties = list(County.objects.filter(province=province))
    first10 = "1480000000"
    fund, _created = Organization.objects.get_or_create(
        legal_id=first10 + legal_id_check_digit(first10),
        defaults={"name": "صندوق سنجش", "kind": "fund", "province": province},
    )
    RoleGrant.objects.get_or_create(
        user=fund_user, role=Role.FUND_OFFICER, province=province, organization=fund
    )
    today = datetime.date.today()
    program = Program.objects.create(
        name=PROGRAM,
        province=province,
        fund=fund,
        budget=10**15,
        opens_on=today - datetime.timedelta(days=900),
        closes_on=today + datetime.timedelta(days=90),
        min_amount=100_000_000,
        max_amount=5_000_000_000,
        annual_rate=Decimal(4),
        installments=36,
        grace_months=12,
        grace_interest="paid_monthly",
        rounding=1000,
    )
    program.provinces.set([province])
    organizations = list(Organization.objects.exclude(kind="fund").order_by("id")[:LOANS]) or [
        Organization.objects.create(
            name="شرکت سنجش", kind="company", province=province, legal_id="14800000015"
        )
    ]
    applications = Application.objects.bulk_create(
        Application(
            program=program,
            organization=organizations[n % len(organizations)],
            applicant=fund_user,
            province=province,
            county=counties[n % len(counties)],
            amount_requested=300_000_000 + (n % 40) * 100_000_000,
            amount_approved=300_000_000 + (n % 40) * 100_000_000,
            purpose="bench",
            sheba="IR820540102680020817909002",
            jobs_promised=n % 7,
            state="repaying",
        )
        for n in range(LOANS)
    )
    disbursements = Disbursement.objects.bulk_create(
        Disbursement(
            application=application,
            amount=application.amount_approved,
            disbursed_on=today - datetime.timedelta(days=30 + n % 700),
        )
        for n, application in enumerate(applications)
    )
    rows = []
    for n, (application, disbursement) in enumerate(zip(applications, disbursements, strict=True)):
        schedule = build_schedule(program.terms(disbursement.amount), disbursement.disbursed_on)
        for row in schedule_installments(application, disbursement, schedule):
            paid = row.due_on < today and (n % 5 != 0 or row.number < 3)  # every fifth falls behind
            if paid:
                row.paid_interest, row.paid_principal = row.interest, row.principal
                row.paid_on = row.due_on
            rows.append(row)
    Installment.objects.bulk_create(rows, batch_size=5000)
    return program, fund_user


def overdue_section(user) -> tuple[int, list]:
    """What the desk shows of the overdue installments: their count and the first items."""
    pending = installments_overdue(user)
    return pending.count(), [installment_item(row) for row in pending[:ITEMS_PER_SECTION]]


def run(report) -> None:

    terms = [
        LoanTerms(
            amount=5_000_000_000,
            annual_rate=Decimal("18"),
            installments=360,
            grace_months=60,
            grace_interest=treatment,
            method=method,
            rounding=1000,
        )
        for method, treatment in itertools.product(Method, GraceInterest)
    ]
    on = datetime.date(2024, 9, 21)
    report.measure(
        "schedule engine: 360 installments + 60 grace months (15 combinations)",
        lambda t: build_schedule(t, on),
        terms,
        repeat=3,
        count_queries=False,
        target_p95=50,
    )
    client = Client()

    def calculate(_n):
        response = client.post("/api/v1/loan-schedules/", payload, content_type="application/json")
        assert response.status_code == 200, response.content
        return response

    payload = {
        "amount": "۱٬۲۰۰٬۰۰۰٬۰۰۰",
        "annual_rate": "4",
        "installments": "36",
        "grace_months": "12",
        "grace_interest": "spread",
        "method": "annuity",
        "rounding": "1000",
        "disbursed_on": "1403/06/31",
    }
    report.measure(
        "POST /api/v1/loan-schedules/ (48 lines)",
        lambda _n: client.post("/api/v1/loan-schedules/", payload, content_type="application/json"),
        range(30),
        target_p95=100,
    )
    started = time.monotonic()
    program, fund_user = _portfolio()
    report.note(f"portfolio ready in {time.monotonic() - started:.1f} s")
    report.measure(
        f"portfolio figures over {LOANS:,} loans", program_portfolio, [program] * 10, target_p95=300
    )
    report.measure(
        "fund officer's desk section (count and first items)",
        overdue_section,
        [fund_user] * 10,
        target_p95=200,
    )
    report.measure("portfolio CSV export", portfolio_csv, [program] * 3, target_p95=2000)
    loans = list(program.applications.order_by("id")[:20])
    report.measure(
        "record a repayment (allocation, oldest first)",
        lambda loan: repayment_record(actor=None, application=loan, amount=1_000_000),
        loans,
        warmup=False,
        count_queries=False,
        target_p95=100,
    )
