"""The daily late-payment penalty accrual over 50,000 loans (issue 20): a program charging
the contract rate + 6 points whose loans each carry a 12-installment schedule, every third
loan behind on its installments. Measures one day's run (rows accrued, installments updated)
on successive days after the first catch-up. ``BENCH_ACCRUAL_LOANS`` sets the size (default
50,000). Run by ``benchmarks/run.py`` (``make bench``) through ``run(report)``."""

from __future__ import annotations

import datetime
import os
import time
from decimal import Decimal

from django.db.models import Max

from khooshe.accounts.models import User
from khooshe.geo.models import County, Province
from khooshe.loans.models import Application, Disbursement, Installment, Program
from khooshe.loans.schedule import build_schedule
from khooshe.loans.services import penalties_accrue
from khooshe.loans.services.ledger import schedule_installments
from khooshe.persian.validators import legal_id_check_digit
from khooshe.registry.models import Organization

LOANS = int(os.environ.get("BENCH_ACCRUAL_LOANS", "50000"))
PROGRAM = f"bench: penalty accrual over {LOANS:,} loans"


def _loans(today: datetime.date) -> Program:
    """``LOANS`` disbursed loans with stored schedules (bulk, no history)."""
    program = Program.objects.filter(name=PROGRAM).first()
    if program is not None:
        return program
    province = Province.objects.get(code="IR-02")
    counties = list(County.objects.filter(province=province))
    user, _created = User.objects.get_or_create(username="bench.accrual")
    first10 = "1480000001"
    fund, _created = Organization.objects.get_or_create(
        legal_id=first10 + legal_id_check_digit(first10),
        defaults={"name": "صندوق سنجش وجه التزام", "kind": "fund", "province": province},
    )
    program = Program.objects.create(
        name=PROGRAM,
        province=province,
        fund=fund,
        budget=10**18,
        opens_on=today - datetime.timedelta(days=900),
        closes_on=today + datetime.timedelta(days=90),
        min_amount=100_000_000,
        max_amount=5_000_000_000,
        annual_rate=Decimal(4),
        installments=12,
        penalty_enabled=True,
        penalty_points=Decimal(6),
        penalty_grace_days=5,
    )
    program.provinces.set([province])
    organization = Organization.objects.exclude(kind="fund").order_by("id").first() or fund
    for start in range(0, LOANS, 5000):
        size = min(5000, LOANS - start)
        applications = Application.objects.bulk_create(
            Application(
                program=program,
                organization=organization,
                applicant=user,
                province=province,
                county=counties[n % len(counties)],
                amount_requested=300_000_000 + (n % 40) * 100_000_000,
                amount_approved=300_000_000 + (n % 40) * 100_000_000,
                purpose="bench",
                sheba="IR820540102680020817909002",
                state="repaying",
            )
            for n in range(start, start + size)
        )
        disbursements = Disbursement.objects.bulk_create(
            Disbursement(
                application=application,
                amount=application.amount_approved,
                disbursed_on=today - datetime.timedelta(days=60 + (start + n) % 300),
            )
            for n, application in enumerate(applications)
        )
        rows = []
        for n, (application, disbursement) in enumerate(
            zip(applications, disbursements, strict=True), start=start
        ):
            schedule = build_schedule(program.terms(disbursement.amount), disbursement.disbursed_on)
            for row in schedule_installments(application, disbursement, schedule):
                if row.due_on < today and (n % 3 != 0 or row.number < 2):  # every third behind
                    row.paid_interest, row.paid_principal = row.interest, row.principal
                    row.paid_on = row.due_on
                rows.append(row)
        Installment.objects.bulk_create(rows, batch_size=5000)
    return program


def run(report) -> None:
    today = datetime.date.today()
    started = time.monotonic()
    program = _loans(today)
    report.note(f"{LOANS:,} loans ready in {time.monotonic() - started:.1f} s")
    # a database kept between runs has accrued up to some later day already: go on from it
    through = Installment.objects.filter(application__program=program).aggregate(
        day=Max("penalty_through")
    )["day"]
    today = max(today, through or today)
    started = time.monotonic()
    first = penalties_accrue(today=today)
    report.note(
        f"first accrual (catching up): {time.monotonic() - started:.1f} s, "
        f"{first.loans:,} loans, {first.installments:,} installments, {first.total:,} rials"
    )
    days = [today + datetime.timedelta(days=k) for k in range(1, 4)]
    runs = []

    def accrue(day):
        runs.append(penalties_accrue(today=day))

    report.measure(
        f"daily penalty accrual over {LOANS:,} loans (one day)",
        accrue,
        days,
        warmup=False,
        count_queries=False,  # a second run on the same day accrues nothing
        target_p95=60_000,
    )
    day = runs[0]
    report.note(f"one day: {day.loans:,} loans, {day.installments:,} installments accrued")
