"""Reads for evaluation without conflicts, the public answers and the awards."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from khooshe.governance.models import Commitment
from khooshe.governance.status import CommitmentStatus
from khooshe.proposals import permissions as perms
from khooshe.proposals.models import (
    Award,
    EvaluatorAssignment,
    Proposal,
    ProposalAnswer,
    ScoreSheet,
)

# --- Evaluators -----------------------------------------------------------------------------


def assignments_due(*, viewer) -> QuerySet[EvaluatorAssignment]:
    """What ``viewer`` is assigned to score and has not scored yet, soonest due first."""
    if not getattr(viewer, "is_authenticated", False):
        return EvaluatorAssignment.objects.none()
    scored = ScoreSheet.objects.filter(
        proposal=OuterRef("proposal"), evaluator=viewer, submitted_at__isnull=False
    )
    return (
        EvaluatorAssignment.objects.filter(
            evaluator=viewer, proposal__state__in=perms.SCORING_STATES
        )
        .exclude(Exists(scored))
        .select_related("proposal", "proposal__county", "proposal__dossier")
        .order_by("due_on", "id")
    )


def assigned_count_subquery():
    """The number of evaluators assigned to the outer proposal (an annotation)."""
    return Coalesce(
        Subquery(
            EvaluatorAssignment.objects.filter(proposal=OuterRef("pk"))
            .order_by()
            .values("proposal")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def assignments_of(proposal: Proposal) -> list[EvaluatorAssignment]:
    """The proposal's evaluators, each with ``scored`` (their sheet is in)."""
    scored = set(
        ScoreSheet.objects.filter(proposal=proposal, submitted_at__isnull=False).values_list(
            "evaluator_id", flat=True
        )
    )
    rows = list(proposal.assignments.select_related("evaluator").order_by("due_on", "id"))
    for row in rows:
        row.scored = row.evaluator_id in scored
        row.overdue = not row.scored and row.due_on < timezone.localdate()
    return rows


# --- Answers --------------------------------------------------------------------------------


def answers_of(proposal: Proposal) -> QuerySet[ProposalAnswer]:
    return proposal.answers.prefetch_related("failed_criteria").order_by("-created_at", "-id")


def published_answers() -> QuerySet[ProposalAnswer]:
    """Published answers, newest first, with what the public page shows (never contacts)."""
    return (
        ProposalAnswer.objects.filter(is_published=True)
        .select_related("proposal", "proposal__province", "proposal__county", "proposal__sector")
        .prefetch_related("failed_criteria")
        .order_by("-published_at", "-id")
    )


# --- Awards ---------------------------------------------------------------------------------


def award_of_project(project) -> Award | None:
    return (
        Award.objects.filter(project=project)
        .select_related("implementer_organization", "implementer_person", "project__owner")
        .first()
    )


def implementer_projects(organization) -> list[Award]:
    """The awards (projects) of ``organization`` as implementer, newest contract first, each
    with its milestones' record today: ``milestones``, ``on_time``, ``done_late``, ``late``
    (open past the due date). Two queries whatever the number of projects."""
    awards = list(
        Award.objects.filter(implementer_organization=organization)
        .select_related("project", "proposal")
        .order_by("-contract_date", "-id")
    )
    by_project: dict[int, list[str]] = {award.project_id: [] for award in awards}
    if by_project:
        for milestone in Commitment.objects.filter(project_id__in=by_project).only(
            "project_id", "due_on", "done_on", "cancelled", "last_percent"
        ):
            by_project[milestone.project_id].append(milestone.current_status)
    for award in awards:
        statuses = [s for s in by_project[award.project_id] if s != CommitmentStatus.CANCELLED]
        award.milestones = len(statuses)
        award.on_time = statuses.count(CommitmentStatus.DONE_ON_TIME)
        award.done_late = statuses.count(CommitmentStatus.DONE_LATE)
        award.late = statuses.count(CommitmentStatus.LATE)
    return awards


#: The places of an implementer relative to the proposal.
SAME_COUNTY, SAME_PROVINCE, ELSEWHERE = "same_county", "same_province", "elsewhere"


def _place_of_implementer():
    """SQL: where the implementer (organization or person) sits against the proposal."""
    county = Coalesce(F("implementer_organization__county_id"), F("implementer_person__county_id"))
    province = Coalesce(
        F("implementer_organization__province_id"), F("implementer_person__province_id")
    )
    return Case(
        When(Q(**{"proposal__county_id": county}), then=Value(SAME_COUNTY)),
        When(Q(**{"proposal__province_id": province}), then=Value(SAME_PROVINCE)),
        default=Value(ELSEWHERE),
        output_field=CharField(),
    )


def award_shares(
    *, province=None, start: datetime.date | None = None, end: datetime.date | None = None
) -> dict:
    """The approved budget of awarded proposals by where the implementer sits — the
    proposal's own county, elsewhere in its province, another province — in rials and as a
    share of the whole (contracts dated between ``start`` and ``end`` when given).

    ``{"total": rials, "count": awards, "places": {place: {"amount", "count", "percent"}}}``"""
    awards = Award.objects.all()
    if province is not None:
        awards = awards.filter(proposal__province_id=getattr(province, "pk", province))
    if start is not None:
        awards = awards.filter(contract_date__gte=start)
    if end is not None:
        awards = awards.filter(contract_date__lte=end)
    rows = (
        awards.annotate(place=_place_of_implementer())
        .order_by()
        .values("place")
        .annotate(amount=Sum("proposal__approved_budget"), count=Count("pk"))
    )
    places = {p: {"amount": 0, "count": 0, "percent": Decimal("0.00")} for p in PLACES}
    for row in rows:
        places[row["place"]]["amount"] = int(row["amount"] or 0)
        places[row["place"]]["count"] = row["count"]
    total = sum(p["amount"] for p in places.values())
    for values in places.values():
        if total:
            values["percent"] = (Decimal(100 * values["amount"]) / Decimal(total)).quantize(
                Decimal("0.01")
            )
    return {"total": total, "count": sum(p["count"] for p in places.values()), "places": places}


PLACES = (SAME_COUNTY, SAME_PROVINCE, ELSEWHERE)


def award_amounts_by_province(
    *, start: datetime.date, end: datetime.date
) -> dict[int, dict[str, tuple[int, int]]]:
    """``{province id: {place: (approved budget in rials, awards)}}`` for the contracts dated
    between ``start`` and ``end`` (one query; the indicator of the local share reads it)."""
    rows = (
        Award.objects.filter(contract_date__gte=start, contract_date__lte=end)
        .annotate(place=_place_of_implementer())
        .order_by()
        .values("proposal__province_id", "place")
        .annotate(amount=Sum("proposal__approved_budget"), count=Count("pk"))
    )
    found: dict[int, dict[str, tuple[int, int]]] = {}
    for row in rows:
        found.setdefault(row["proposal__province_id"], {})[row["place"]] = (
            int(row["amount"] or 0),
            row["count"],
        )
    return found
