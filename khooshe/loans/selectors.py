"""Permission-checked reads: programs, applications, loans, portfolio figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from khooshe.accounts.permissions import is_admin, organization_ids_for
from khooshe.loans.models import (
    LOAN_STATES,
    Application,
    Disbursement,
    Installment,
    JobReport,
    PackageRequest,
    Program,
    SupportPackage,
)
from khooshe.loans.permissions import (
    FUND,
    application_visibility,
    can_manage_packages,
    package_request_visibility,
    program_visibility,
)

S = Application.State
COMMITTED_STATES = (S.APPROVED, S.CONTRACT_SIGNED, *LOAN_STATES)
#: A package's capacity is used by the requests in these states.
TAKEN_STATES = (PackageRequest.State.ALLOCATED, PackageRequest.State.DELIVERED)


# --- programs ----------------------------------------------------------------------------------


def program_list(*, viewer, province=None, kind=None, open_now=None) -> QuerySet[Program]:
    programs = (
        Program.objects.filter(program_visibility(viewer))
        .select_related("province", "fund")
        .prefetch_related("provinces")
    )
    if province:
        programs = programs.filter(provinces__code=province)
    if kind:
        programs = programs.filter(kind=kind)
    if open_now is not None:
        today = timezone.localdate()
        window = Q(opens_on__lte=today, closes_on__gte=today)
        programs = programs.filter(window) if open_now else programs.exclude(window)
    return programs.distinct()


def program_get(*, viewer, pk) -> Program:
    """The program ``viewer`` may see (404 otherwise), with its provinces, rules, packages."""
    program = (
        Program.objects.filter(program_visibility(viewer), pk=pk)
        .select_related("province", "fund")
        .prefetch_related("provinces", "rules", "packages")
        .first()
    )
    if program is None:
        raise Http404
    return program


def program_committed(program: Program) -> int:
    return (
        program.applications.filter(state__in=COMMITTED_STATES).aggregate(s=Sum("amount_approved"))[
            "s"
        ]
        or 0
    )


def program_disbursed(program: Program) -> int:
    return (
        Disbursement.objects.filter(application__program=program, is_reversed=False).aggregate(
            s=Sum("amount")
        )["s"]
        or 0
    )


@dataclass(frozen=True)
class Portfolio:
    loans: int
    disbursed: int
    repaid_principal: int
    outstanding: int
    overdue_loans: int
    overdue_amount: int
    committed: int
    budget: int
    interest_outstanding: int = 0
    penalty_outstanding: int = 0

    @property
    def overdue_ratio(self) -> float:
        """Share of loans with at least one overdue installment (0–100)."""
        return round(100 * self.overdue_loans / self.loans, 1) if self.loans else 0.0

    @property
    def remaining_budget(self) -> int:
        return max(0, self.budget - self.committed)


def program_portfolio(program: Program, today=None) -> Portfolio:
    today = today or timezone.localdate()
    installments = Installment.objects.filter(
        application__program=program, is_active=True, disbursement__is_reversed=False
    )
    totals = installments.aggregate(
        principal=Sum("principal"),
        paid=Sum("paid_principal"),
        interest=Sum("interest"),
        paid_interest=Sum("paid_interest"),
        rebate=Sum("interest_rebate"),
        penalty=Sum("penalty_accrued"),
        penalty_paid=Sum("penalty_paid"),
        penalty_waived=Sum("penalty_waived"),
    )
    overdue = installments.filter(paid_on__isnull=True, due_on__lt=today).aggregate(
        loans=Count("application", distinct=True),
        total=Sum("total"),
        paid_i=Sum("paid_interest"),
        paid_p=Sum("paid_principal"),
    )
    disbursed = program_disbursed(program)
    repaid = totals["paid"] or 0
    return Portfolio(
        loans=program.applications.filter(state__in=LOAN_STATES).count(),
        disbursed=disbursed,
        repaid_principal=repaid,
        outstanding=(totals["principal"] or 0) - repaid,
        overdue_loans=overdue["loans"] or 0,
        overdue_amount=(overdue["total"] or 0)
        - (overdue["paid_i"] or 0)
        - (overdue["paid_p"] or 0),
        committed=program_committed(program),
        budget=program.budget,
        interest_outstanding=(totals["interest"] or 0)
        - (totals["paid_interest"] or 0)
        - (totals["rebate"] or 0),
        penalty_outstanding=(totals["penalty"] or 0)
        - (totals["penalty_paid"] or 0)
        - (totals["penalty_waived"] or 0),
    )


# --- applications ------------------------------------------------------------------------------


def applications_visible_to(*, viewer) -> QuerySet[Application]:
    """Every application ``viewer`` may see (:func:`permissions.application_visibility`)."""
    return Application.objects.filter(application_visibility(viewer)).select_related(
        "program", "program__fund", "organization", "person", "province", "county", "applicant"
    )


def application_list(*, viewer, program=None, state=None, mine=False) -> QuerySet[Application]:
    applications = applications_visible_to(viewer=viewer)
    if mine:
        applications = applications.filter(
            Q(applicant=viewer) | Q(organization_id__in=organization_ids_for(viewer))
        )
    if program:
        applications = applications.filter(program=program)
    if state:
        applications = applications.filter(state=state)
    return applications


def application_get(*, viewer, pk) -> Application:
    application = applications_visible_to(viewer=viewer).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def loan_get(*, viewer, pk) -> Application:
    application = application_get(viewer=viewer, pk=pk)
    if application.state not in LOAN_STATES:
        raise Http404
    return application


@dataclass(frozen=True)
class StatementLine:
    installment: Installment
    days_late: int


def loan_statement(application: Application, today=None) -> dict:
    today = today or timezone.localdate()
    installments = list(
        application.installments.filter(
            is_active=True, disbursement__is_reversed=False
        ).select_related("disbursement")
    )
    lines = [StatementLine(i, i.days_late(today)) for i in installments]
    return {
        "lines": lines,
        "disbursements": list(application.disbursements.select_related("reversal")),
        "repayments": list(application.repayments.select_related("recorded_by", "reversal")),
        "waivers": list(application.waivers.all()),
        "versions": list(application.schedule_versions.all()),
        "penalty_accrued": sum(i.penalty_accrued for i in installments),
        "penalty_paid": sum(i.penalty_paid for i in installments),
        "penalty_waived": sum(i.penalty_waived for i in installments),
        "penalty_due": sum(i.penalty_due for i in installments),
        "interest_outstanding": sum(
            i.interest - i.paid_interest - i.interest_rebate for i in installments
        ),
        "total": sum(i.total for i in installments),
        "paid": sum(i.paid for i in installments),
        "outstanding": sum(i.remaining for i in installments),
        "overdue": [line for line in lines if line.days_late],
        "overdue_amount": sum(line.installment.remaining for line in lines if line.days_late),
        "principal_outstanding": sum(i.principal - i.paid_principal for i in installments),
    }


def overdue_for_fund_officer(*, viewer, today=None) -> QuerySet[Installment]:
    today = today or timezone.localdate()
    query = Installment.objects.filter(
        paid_on__isnull=True, due_on__lt=today, is_active=True, disbursement__is_reversed=False
    )
    if not is_admin(viewer):
        query = query.filter(application__program__fund_id__in=organization_ids_for(viewer, FUND))
    return query.select_related(
        "application", "application__program", "application__organization", "application__person"
    ).order_by("due_on", "id")


def fund_programs(*, viewer) -> QuerySet[Program]:
    if is_admin(viewer):
        return Program.objects.filter(kind=Program.Kind.LOAN)
    return Program.objects.filter(fund_id__in=organization_ids_for(viewer, FUND))


def loans_waiting_for_fund(*, programs) -> QuerySet[Application]:
    """Approved and signed applications of ``programs``: the fund's next steps."""
    return (
        Application.objects.filter(program__in=programs, state__in=[S.APPROVED, S.CONTRACT_SIGNED])
        .select_related("program", "organization", "person")
        .order_by("decided_at", "id")
    )


# --- jobs ---------------------------------------------------------------------------------------


def jobs_by_county(program: Program) -> list[dict]:
    """Jobs promised (approved and later) vs created (latest report per loan), per county."""
    applications = program.applications.filter(state__in=COMMITTED_STATES).select_related("county")
    latest: dict[int, int] = {}
    for application_id, jobs in (
        JobReport.objects.filter(application__program=program)
        .order_by("application_id", "reported_on", "id")
        .values_list("application_id", "jobs_created")
    ):
        latest[application_id] = jobs
    rows: dict[int, dict] = {}
    for application in applications:
        row = rows.setdefault(
            application.county_id,
            {"county": application.county, "applications": 0, "promised": 0, "created": 0},
        )
        row["applications"] += 1
        row["promised"] += application.jobs_promised
        row["created"] += latest.get(application.pk, 0)
    return sorted(rows.values(), key=lambda r: r["county"].name)


def jobs_totals(program: Program) -> dict:
    rows = jobs_by_county(program)
    return {
        "promised": sum(r["promised"] for r in rows),
        "created": sum(r["created"] for r in rows),
    }


# --- packages -----------------------------------------------------------------------------------


def with_taken(packages: QuerySet[SupportPackage]) -> QuerySet[SupportPackage]:
    """``packages`` with ``taken`` (requests using capacity) and ``left`` annotated."""
    return packages.annotate(
        taken=Count("requests", filter=Q(requests__state__in=TAKEN_STATES))
    ).annotate(left=F("capacity") - F("taken"))


def package_taken(package: SupportPackage) -> int:
    """How much of ``package``'s capacity is used (the services' check, row by row)."""
    return package.requests.filter(state__in=TAKEN_STATES).count()


def packages_with_counts(program: Program) -> QuerySet[SupportPackage]:
    return with_taken(program.packages.all())


def package_list(*, viewer, program=None) -> QuerySet[SupportPackage]:
    """Support packages of the programs ``viewer`` may see, with what is left of them."""
    packages = with_taken(
        SupportPackage.objects.filter(
            program__in=Program.objects.filter(program_visibility(viewer))
        ).select_related("program")
    ).order_by("program_id", "name", "id")
    return packages.filter(program_id=program) if program else packages


def package_get(*, viewer, pk) -> SupportPackage:
    package = package_list(viewer=viewer).filter(pk=pk).first()
    if package is None:
        raise Http404
    return package


def package_requests_for(*, viewer, program: Program) -> QuerySet[PackageRequest]:
    return PackageRequest.objects.filter(
        package_request_visibility(viewer), package__program=program
    ).select_related("package", "organization", "applicant")


def package_request_to_decide(*, viewer, pk) -> PackageRequest:
    """A package request ``viewer`` decides on (manages its program); 404 for anyone else,
    so the page does not tell others which requests exist."""
    request = (
        PackageRequest.objects.filter(package_request_visibility(viewer), pk=pk)
        .select_related("package__program", "applicant")
        .first()
    )
    if request is None or not can_manage_packages(viewer, request.package.program):
        raise Http404
    return request
