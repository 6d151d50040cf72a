"""Collections at scale (issue 20): the aging report (portfolio at risk by bucket, per program,
county and province) over ``BENCH_AGING_LOANS`` active loans (default 50,000) with 12 stored
installments each (600,000 rows), the fund officer's list sorted by bucket, the monthly
snapshot and the bucket-history pass. Run by ``benchmarks/run.py`` (``make bench``) through
``run(report)``; ``BENCH_AGING_LOANS=2000`` for a quick run."""

from __future__ import annotations

import datetime
import os
import time
from decimal import Decimal

from khooshe.accounts.models import Role, RoleGrant, User
from khooshe.geo.models import County, Province
from khooshe.loans.models import AgingSnapshot, Application, Disbursement, Installment, Program
from khooshe.loans.selectors import aging_report, loans_at_risk_for_fund
from khooshe.loans.services.collections import aging_snapshot_take, buckets_record
from khooshe.persian.validators import legal_id_check_digit
from khooshe.registry.models import Organization

LOANS = int(os.environ.get("BENCH_AGING_LOANS", "50000"))
PROGRAMS = 5
INSTALLMENTS = 12
PROGRAM = "bench: aging of {loans:,} loans ({n})"


def _portfolio() -> User:
    """``LOANS`` repaying loans over ``PROGRAMS`` programs of one fund, every county of the
    province; one loan in four falls behind by 0–14 months (bulk, no history: the data, not
    the services, is what is measured)."""
    officer, _created = User.objects.get_or_create(username="bench.aging")
    names = [PROGRAM.format(loans=LOANS, n=n) for n in range(PROGRAMS)]
    if Program.objects.filter(name__in=names).count() == PROGRAMS:
        return officer
    province = Province.objects.get(code="IR-02")
    counties = list(County.objects.filter(province=province))
    first10 = "1490000000"
    fund, _created = Organization.objects.get_or_create(
        legal_id=first10 + legal_id_check_digit(first10),
        defaults={"name": "صندوق سنجش معوقات", "kind": "fund", "province": province},
    )
    RoleGrant.objects.get_or_create(
        user=officer, role=Role.FUND_OFFICER, province=province, organization=fund
    )
    today = datetime.date.today()
    programs = []
    for name in names:
        program = Program.objects.create(
            name=name,
            province=province,
            fund=fund,
            opens_on=today - datetime.timedelta(days=900),
            closes_on=today + datetime.timedelta(days=90),
            min_amount=100_000_000,
            max_amount=5_000_000_000,
            annual_rate=Decimal(4),
            installments=INSTALLMENTS,
        )
        program.provinces.set([province])
        programs.append(program)
    organization = Organization.objects.exclude(kind="fund").order_by("id").first()
    organization = organization or Organization.objects.create(
        name="شرکت سنجش معوقات", kind="company", province=province, legal_id="14900000017"
    )
    for start in range(0, LOANS, 5000):
        batch = range(start, min(LOANS, start + 5000))
        applications = Application.objects.bulk_create(
            Application(
                program=programs[n % PROGRAMS],
                organization=organization,
                applicant=officer,
                province=province,
                county=counties[n % len(counties)],
                amount_requested=1_200_000_000,
                amount_approved=1_200_000_000,
                purpose="bench",
                sheba="IR820540102680020817909002",
                state="repaying",
            )
            for n in batch
        )
        disbursements = Disbursement.objects.bulk_create(
            Disbursement(
                application=application,
                amount=application.amount_approved,
                disbursed_on=today - datetime.timedelta(days=400),
            )
            for application in applications
        )
        rows = []
        for n, (application, disbursement) in zip(
            batch, zip(applications, disbursements, strict=True), strict=True
        ):
            behind_from = 12 - (n % 15) if n % 4 == 0 else 99
            for number in range(1, INSTALLMENTS + 1):
                due = today - datetime.timedelta(days=30 * (13 - number) - 5)
                paid = due < today and number < behind_from
                rows.append(
                    Installment(
                        application=application,
                        disbursement=disbursement,
                        number=number,
                        due_on=due,
                        principal=100_000_000,
                        interest=4_000_000,
                        total=104_000_000,
                        balance=100_000_000 * (INSTALLMENTS - number),
                        paid_principal=100_000_000 if paid else 0,
                        paid_interest=4_000_000 if paid else 0,
                        paid_on=due if paid else None,
                    )
                )
        Installment.objects.bulk_create(rows, batch_size=5000)
    return officer


def run(report) -> None:
    started = time.monotonic()
    officer = _portfolio()
    report.note(f"aging portfolio of {LOANS:,} loans ready in {time.monotonic() - started:.1f} s")
    report.measure(
        f"aging report over {LOANS:,} loans (per program, county, province)",
        lambda user: aging_report(viewer=user),
        [officer] * 5,
        target_p95=3000,
    )
    report.measure(
        "fund officer's loans at risk, worst bucket first (first 200)",
        lambda user: loans_at_risk_for_fund(viewer=user),
        [officer] * 5,
        target_p95=3000,
    )

    def snapshot(_n):
        AgingSnapshot.objects.all().delete()
        return aging_snapshot_take()

    report.measure(
        f"monthly aging snapshot of {LOANS:,} loans",
        snapshot,
        range(3),
        count_queries=False,
        target_p95=5000,
    )
    report.measure(
        f"daily bucket-history pass over {LOANS:,} loans",
        lambda _n: buckets_record(),
        range(3),
        warmup=False,
        count_queries=False,
    )
