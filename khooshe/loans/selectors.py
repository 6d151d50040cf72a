"""Permission-checked reads: programs, applications, loans, portfolio figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from khooshe.accounts.models import Role
from khooshe.accounts.permissions import (
    grants_of,
    is_admin,
    organization_ids_for,
    province_ids_visible_to,
)
from khooshe.core.attachments import with_attachments
from khooshe.geo.models import County, Province
from khooshe.loans.aging import AGING_STATES, AT_RISK, bucket_of, loan_positions
from khooshe.loans.models import (
    LOAN_STATES,
    AgingSnapshot,
    Application,
    Bucket,
    BucketChange,
    Disbursement,
    DocumentRequirement,
    Guarantee,
    Installment,
    JobReport,
    PackageRequest,
    Program,
    SupportPackage,
)
from khooshe.loans.permissions import (
    FUND,
    GOVERNORATE,
    GUILD,
    application_visibility,
    can_manage_packages,
    cover_visibility,
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
        .prefetch_related("provinces", "rules", "packages", "document_requirements")
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


def lists_only_own(viewer, scope: str | None) -> bool:
    """Whether the applications list shows the viewer's own applications (``scope=mine``, the
    default for actors) or every one they may read (``scope=all``, the default for staff)."""
    if scope in ("mine", "all"):
        return scope == "mine"
    return not (grants_of(viewer).roles() - {Role.ACTOR})


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


# --- cover: documents and guarantees -----------------------------------------------------------


def application_cover_get(*, viewer, pk) -> Application:
    """An application whose documents and guarantees ``viewer`` may see (404 otherwise)."""
    application = (
        Application.objects.filter(cover_visibility(viewer), pk=pk)
        .select_related("program", "program__fund", "organization", "person", "applicant")
        .first()
    )
    if application is None:
        raise Http404
    return application


def document_checklist(application: Application) -> list[dict]:
    """The program's required documents, each with the files uploaded for it (two queries
    and one for all the files)."""
    documents = with_attachments(application.documents.select_related("uploaded_by").order_by("id"))
    by_requirement: dict[int, list] = {}
    for document in documents:
        by_requirement.setdefault(document.requirement_id, []).append(document)
    return [
        {"requirement": requirement, "documents": by_requirement.get(requirement.pk, [])}
        for requirement in DocumentRequirement.objects.filter(
            program_id=application.program_id
        ).order_by("position", "id")
    ]


def guarantees_of(application: Application) -> QuerySet[Guarantee]:
    return application.guarantees.select_related("recorded_by").order_by("created_at", "id")


def guarantees_to_follow_up(*, viewer) -> QuerySet[Guarantee]:
    """Guarantees still held on defaulted loans of the viewer's funds (every fund for admins):
    the fund's follow-up list."""
    guarantees = Guarantee.objects.filter(
        state=Guarantee.State.HELD, application__state=S.DEFAULTED
    )
    if not is_admin(viewer):
        guarantees = guarantees.filter(
            application__program__fund_id__in=organization_ids_for(viewer, FUND)
        )
    return guarantees.select_related(
        "application", "application__program", "application__organization", "application__person"
    ).order_by("application_id", "id")


# --- collections: portfolio at risk ------------------------------------------------------------


@dataclass
class AgingRow:
    """Loans and outstanding principal by bucket for one program, county or province."""

    key: int | None
    name: str
    cells: dict = field(default_factory=lambda: {b: [0, 0] for b in Bucket.values})

    def add(self, bucket: str, principal: int) -> None:
        self.cells[bucket][0] += 1
        self.cells[bucket][1] += principal

    @property
    def loans(self) -> int:
        return sum(cell[0] for cell in self.cells.values())

    @property
    def principal(self) -> int:
        return sum(cell[1] for cell in self.cells.values())

    @property
    def at_risk_loans(self) -> int:
        return sum(self.cells[b][0] for b in AT_RISK)

    @property
    def at_risk_principal(self) -> int:
        return sum(self.cells[b][1] for b in AT_RISK)

    @property
    def par_percent(self) -> float:
        """Portfolio at risk: the share of outstanding principal overdue 1 day or more."""
        return round(100 * self.at_risk_principal / self.principal, 1) if self.principal else 0.0

    def buckets(self) -> list[tuple[str, str, int, int]]:
        """``(bucket, label, loans, principal)`` in bucket order."""
        return [(b, str(label), *self.cells[b]) for b, label in Bucket.choices]


def aging_loans(*, viewer) -> QuerySet[Application]:
    """The active loans whose aging ``viewer`` reads: a fund's officers their fund's, staff
    their provinces', national staff and admins every one (:func:`application_visibility`)."""
    return Application.objects.filter(application_visibility(viewer), state__in=AGING_STATES)


def aging_report(*, viewer, today=None, program=None, province=None, county=None) -> dict:
    """Portfolio at risk by bucket: loans and outstanding principal in total and per program,
    county and province (one query for the loans, one per name list)."""
    today = today or timezone.localdate()
    loans = aging_loans(viewer=viewer)
    if program:
        loans = loans.filter(program_id=program)
    if province:
        loans = loans.filter(province_id=province)
    if county:
        loans = loans.filter(county_id=county)
    total = AgingRow(None, "")
    rows: dict[str, dict[int, AgingRow]] = {"program": {}, "province": {}, "county": {}}
    for _pk, program_id, province_id, county_id, days, principal in loan_positions(loans, today):
        bucket = bucket_of(days)
        total.add(bucket, principal)
        for dimension, key in (
            ("program", program_id),
            ("province", province_id),
            ("county", county_id),
        ):
            rows[dimension].setdefault(key, AgingRow(key, "")).add(bucket, principal)
    names = {
        "program": dict(Program.objects.filter(pk__in=rows["program"]).values_list("pk", "name")),
        "province": dict(
            Province.objects.filter(pk__in=rows["province"]).values_list("pk", "name")
        ),
        "county": dict(County.objects.filter(pk__in=rows["county"]).values_list("pk", "name")),
    }
    report = {"today": today, "total": total}
    for dimension, by_key in rows.items():
        for key, row in by_key.items():
            row.name = names[dimension].get(key, "")
        report[dimension] = sorted(by_key.values(), key=lambda r: (r.name, r.key))
    return report


def aging_trend(*, viewer, program=None, months: int = 12) -> list[dict]:
    """The monthly snapshots (latest ``months``) as ``{period, buckets: {bucket: [loans,
    principal]}}``, restricted to the programs of the loans ``viewer`` reads."""
    snapshots = AgingSnapshot.objects.all()
    if not reads_all_loans(viewer):
        visible = aging_loans(viewer=viewer).values("program_id")
        provinces = province_ids_visible_to(viewer, GOVERNORATE + GUILD)
        snapshots = snapshots.filter(
            Q(program_id__in=visible)
            | Q(province_id__in=provinces or ())
            | Q(program__fund_id__in=organization_ids_for(viewer, FUND))
        )
    if program:
        snapshots = snapshots.filter(program_id=program)
    periods = sorted(set(snapshots.values_list("period", flat=True)))[-months:]
    by_period: dict[str, dict] = {period: {b: [0, 0] for b in Bucket.values} for period in periods}
    for period, bucket, loans, principal in snapshots.filter(period__in=periods).values_list(
        "period", "bucket", "loans", "principal"
    ):
        by_period[period][bucket][0] += loans
        by_period[period][bucket][1] += principal
    return [{"period": period, "buckets": cells} for period, cells in by_period.items()]


def reads_all_loans(viewer) -> bool:
    return province_ids_visible_to(viewer, GOVERNORATE + GUILD) is None


def bucket_history(application: Application) -> QuerySet[BucketChange]:
    return application.bucket_changes.order_by("changed_on", "id")


@dataclass(frozen=True)
class LoanAtRisk:
    application: Application
    days: int
    principal: int

    @property
    def bucket(self) -> str:
        return bucket_of(self.days)

    @property
    def bucket_label(self) -> str:
        return str(Bucket(self.bucket).label)


def loans_at_risk_for_fund(*, viewer, today=None, limit: int = 200) -> list[LoanAtRisk]:
    """The fund's overdue loans, the worst bucket first (most days overdue first within it):
    the fund officer's collection list (two queries)."""
    today = today or timezone.localdate()
    loans = Application.objects.filter(state__in=AGING_STATES)
    if not is_admin(viewer):
        loans = loans.filter(program__fund_id__in=organization_ids_for(viewer, FUND))
    positions = sorted(
        (
            (pk, days, principal)
            for pk, _p, _pr, _c, days, principal in loan_positions(loans, today)
            if days > 0
        ),
        key=lambda row: (-row[1], row[0]),
    )[:limit]
    by_pk = Application.objects.select_related("program", "organization", "person").in_bulk(
        [pk for pk, _days, _principal in positions]
    )
    return [LoanAtRisk(by_pk[pk], days, principal) for pk, days, principal in positions]
