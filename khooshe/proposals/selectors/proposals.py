"""Permission-checked reads of proposals, dossiers, priorities and scores."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    BooleanField,
    Count,
    ExpressionWrapper,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.accounts.permissions import (
    is_admin,
    organization_ids_for,
    province_ids_for,
    province_ids_visible_to,
)
from khooshe.persian.jalali import jalali_year_of, today_jalali_year
from khooshe.persian.text import search_key, search_words
from khooshe.proposals import permissions as perms
from khooshe.proposals import workflow as wf
from khooshe.proposals.models import (
    CoSubmitter,
    Criterion,
    Dossier,
    Priority,
    Proposal,
    ProposalState,
    ProposalTransition,
    ScoreSheet,
)
from khooshe.proposals.selectors.evaluation import assigned_count_subquery

PUBLIC_STATES = (ProposalState.APPROVED, ProposalState.PROJECT_CREATED)
_RELATED = (
    "sector",
    "county",
    "province",
    "submitter_organization",
    "submitter_person",
    "beneficiary",
    "dossier",
    "call",
)


def _visible(viewer) -> Q | bool:
    """:func:`permissions.can_view_proposal` as a filter: True (every proposal), False (none)
    or the condition — the viewer's own proposals, and (except drafts) those of the provinces
    where they are staff."""
    if not getattr(viewer, "is_authenticated", False):
        return False
    if is_admin(viewer):
        return True
    visible = Q(created_by=viewer)
    organizations = organization_ids_for(viewer)
    if organizations:
        visible |= Q(submitter_organization_id__in=organizations)
    # Co-submitters see the proposal they are named on (a subquery: no duplicate rows).
    party = Q(person__user=viewer)
    if organizations:
        party |= Q(organization_id__in=organizations)
    visible |= Q(pk__in=CoSubmitter.objects.filter(party).values("proposal_id"))
    provinces = province_ids_visible_to(viewer, roles=perms.PROVINCE_STAFF)
    if provinces is None:
        visible |= ~Q(state=ProposalState.DRAFT)
    elif provinces:
        visible |= Q(province_id__in=provinces) & ~Q(state=ProposalState.DRAFT)
    return visible


def proposals_visible_to(viewer) -> QuerySet[Proposal]:
    """Every proposal ``viewer`` may open; everything for admins."""
    visible = _visible(viewer)
    if isinstance(visible, bool):
        return Proposal.objects.all() if visible else Proposal.objects.none()
    return Proposal.objects.filter(visible)


def proposals_readable_by(viewer) -> QuerySet[Proposal]:
    """What the API lists and opens for ``viewer``: every proposal they may open, marked
    ``seen_in_full``, and the public ones (:func:`permissions.can_view_public`), which the
    others read in their public form."""
    visible = _visible(viewer)
    public = Q(state__in=PUBLIC_STATES)
    if isinstance(visible, bool):
        queryset = Proposal.objects.all() if visible else Proposal.objects.filter(public)
        seen_in_full = Value(visible)
    else:
        queryset = Proposal.objects.filter(visible | public)
        seen_in_full = ExpressionWrapper(visible, output_field=BooleanField())
    return queryset.annotate(seen_in_full=seen_in_full).select_related(*_RELATED)


def proposal_list(*, viewer) -> QuerySet[Proposal]:
    return proposals_visible_to(viewer).select_related(*_RELATED)


def own_proposals(*, viewer) -> QuerySet[Proposal]:
    if not getattr(viewer, "is_authenticated", False):
        return Proposal.objects.none()
    own = Q(created_by=viewer)
    organizations = organization_ids_for(viewer)
    if organizations:
        own |= Q(submitter_organization_id__in=organizations)
    return Proposal.objects.filter(own).select_related(*_RELATED)


def proposal_get(*, viewer, pk) -> Proposal:
    """The proposal if ``viewer`` may see it, else 404 (its existence is not revealed)."""
    proposal = proposal_list(viewer=viewer).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def public_proposals() -> QuerySet[Proposal]:
    return Proposal.objects.filter(state__in=PUBLIC_STATES).select_related(
        "sector", "county", "province", "submitter_organization", "beneficiary"
    )


def public_proposal_get(*, pk) -> Proposal:
    proposal = public_proposals().filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def search(queryset: QuerySet[Proposal], text: str) -> QuerySet[Proposal]:
    """Every word of ``text`` (in any spelling) must occur in the folded title or problem."""
    for word in search_words(text):
        queryset = queryset.filter(search_text__contains=search_key(word))
    return queryset


def transitions_of(proposal: Proposal) -> QuerySet[ProposalTransition]:
    return proposal.transitions.select_related("actor")


def allowed_actions(*, viewer, proposal: Proposal) -> list:
    """The transitions ``viewer`` may perform on ``proposal`` now (for buttons)."""
    return [
        t
        for t in wf.machine.allowed_actions(proposal.state)
        if t.action in wf.PROPOSAL_ACTIONS and perms.can_act(viewer, proposal, t.action)
    ]


def state_counts(queryset: QuerySet[Proposal]) -> list[tuple[str, str, int]]:
    """(state, label, count) for every state, in workflow order; one query."""
    counts = dict(
        queryset.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in ProposalState.choices]


# --- Dossiers -------------------------------------------------------------------------------


def dossiers_visible_to(viewer) -> QuerySet[Dossier]:
    """Every dossier ``viewer`` may open (:func:`permissions.can_view_dossier` as a filter)."""
    if not getattr(viewer, "is_authenticated", False):
        return Dossier.objects.none()
    provinces = province_ids_visible_to(viewer, roles=perms.PROVINCE_STAFF)
    queryset = Dossier.objects.select_related("province", "created_by")
    if provinces is None:
        return queryset
    return queryset.filter(province_id__in=provinces)


def dossier_list(*, viewer) -> QuerySet[Dossier]:
    return (
        dossiers_visible_to(viewer)
        .annotate(
            proposal_count=Count("proposals"), budget_total=Sum("proposals__estimated_budget")
        )
        .order_by("-year", "-number", "-id")
    )


def dossier_get(*, viewer, pk) -> Dossier:
    dossier = dossiers_visible_to(viewer).filter(pk=pk).first()
    if dossier is None:
        raise Http404
    return dossier


def dossier_proposals(dossier: Dossier) -> list[Proposal]:
    """The dossier's proposals ranked: mean weighted score, then alignment with the
    province's priorities; each carries ``mean_score``, ``sheet_count``, ``assigned_count``
    (evaluators assigned: "3 of 4 scored"), ``alignment``."""
    proposals = list(
        dossier.proposals.select_related(*_RELATED)
        .prefetch_related("capabilities")
        .annotate(
            mean_score=Avg(
                "score_sheets__weighted_score",
                filter=Q(score_sheets__submitted_at__isnull=False),
            ),
            sheet_count=Count("score_sheets", filter=Q(score_sheets__submitted_at__isnull=False)),
            assigned_count=assigned_count_subquery(),
        )
    )
    by_year: dict[int, list[Priority]] = {}  # each proposal against its own year's priorities
    for proposal in proposals:
        year = proposal_year(proposal)
        if year not in by_year:
            by_year[year] = priorities_for(dossier.province_id, year)
        proposal.alignment = alignment(proposal, by_year[year])
    proposals.sort(key=lambda p: (-(p.mean_score or Decimal(-1)), -p.alignment.percent, p.pk))
    return proposals


def acceptable_for_dossier(*, viewer, province_id) -> QuerySet[Proposal]:
    return proposal_list(viewer=viewer).filter(
        province_id=province_id, state=ProposalState.ACCEPTED
    )


# --- Priorities and alignment ---------------------------------------------------------------


def priority_list(*, province_id=None, year=None) -> QuerySet[Priority]:
    queryset = Priority.objects.select_related("province", "sector", "capability")
    if province_id:
        queryset = queryset.filter(province_id=province_id)
    if year:
        queryset = queryset.filter(year=year)
    return queryset


def priorities_for(province_id, year: int | None = None) -> list[Priority]:
    """The province's priorities of ``year`` (this Jalali year when not given); if that year
    has none, those of the latest earlier year that has some — never a later year's. The
    year used is each priority's ``year``: :class:`Alignment` tells it."""
    queryset = Priority.objects.filter(province_id=province_id).select_related(
        "sector", "capability"
    )
    year = year or today_jalali_year()
    latest = (
        queryset.filter(year__lte=year).order_by("-year").values_list("year", flat=True).first()
    )
    return list(queryset.filter(year=latest)) if latest else []


@dataclass(frozen=True)
class Alignment:
    percent: int
    matched: list  # [(priority, reason)]
    #: The year of the priorities used, and the year the proposal belongs to; they differ
    #: when the proposal's year has no priorities and an earlier year's were used.
    year: int | None
    proposal_year: int | None = None

    @property
    def fallback(self) -> bool:
        return self.year is not None and self.proposal_year not in (None, self.year)


def proposal_year(proposal: Proposal) -> int:
    """The Jalali year a proposal belongs to: the year it was submitted (or, a draft, the
    year it was written); its priorities are that year's."""
    moment = proposal.submitted_at or proposal.created_at
    return jalali_year_of(timezone.localtime(moment).date()) if moment else today_jalali_year()


def alignment(proposal: Proposal, priorities: list[Priority] | None = None) -> Alignment:
    """How well ``proposal`` fits its province's executive priorities: the weight of the
    priorities it matches (by sector, by a required capability or one under it, or by a
    keyword in its title or problem) as a share of all priorities' weight."""
    year = proposal_year(proposal)
    if priorities is None:
        priorities = priorities_for(proposal.province_id, year)
    if not priorities:
        return Alignment(0, [], None, year)
    capabilities = list(proposal.capabilities.all())
    paths = [c.path for c in capabilities if c.path]
    capability_ids = {c.pk for c in capabilities}
    matched = []
    for priority in priorities:
        reason = None
        if priority.sector_id and priority.sector_id == proposal.sector_id:
            reason = _("بخش")
        elif priority.capability_id and (
            priority.capability_id in capability_ids
            or (
                priority.capability.path
                and any(path.startswith(priority.capability.path) for path in paths)
            )
        ):
            reason = _("توانمندی")
        else:
            text = proposal.search_text
            for keyword in (priority.keywords or "").replace("،", ",").split(","):
                key = search_key(keyword)
                if key and key in text:
                    reason = _("کلیدواژه «%(keyword)s»") % {"keyword": keyword.strip()}
                    break
        if reason:
            matched.append((priority, reason))
    total = sum(p.weight for p in priorities)
    percent = round(100 * sum(p.weight for p, _r in matched) / total) if total else 0
    return Alignment(percent, matched, priorities[0].year, year)


# --- Scores ---------------------------------------------------------------------------------


def criteria_for(province_id) -> list[Criterion]:
    return list(Criterion.objects.filter(province_id=province_id, is_active=True))


@dataclass(frozen=True)
class ScoreView:
    sheets: list  # ScoreSheet with prefetched scores, only those the viewer may see
    mean: Decimal | None
    count: int
    blind: bool  # the viewer may not see others' scores yet
    own: ScoreSheet | None


def score_view(*, viewer, proposal: Proposal) -> ScoreView:
    """Scores of ``proposal`` as ``viewer`` may see them: governorate staff see all; an
    evaluator sees others' sheets (and the mean) only after submitting their own."""
    submitted = (
        ScoreSheet.objects.filter(proposal=proposal, submitted_at__isnull=False)
        .select_related("evaluator")
        .prefetch_related("scores__criterion")
    )
    sheets = list(submitted)
    own = next((s for s in sheets if s.evaluator_id == viewer.pk), None)
    may_see_all = perms.can_see_all_scores(viewer, proposal) or own is not None
    if not may_see_all:
        return ScoreView(sheets=[], mean=None, count=len(sheets), blind=True, own=None)
    mean = (
        (sum(s.weighted_score for s in sheets) / len(sheets)).quantize(Decimal("0.01"))
        if sheets
        else None
    )
    return ScoreView(sheets=sheets, mean=mean, count=len(sheets), blind=False, own=own)


def proposals_to_score(*, viewer) -> QuerySet[Proposal]:
    provinces = province_ids_for(viewer, roles=perms.SCORERS)
    queryset = Proposal.objects.filter(state__in=perms.SCORING_STATES).exclude(
        score_sheets__evaluator=viewer, score_sheets__submitted_at__isnull=False
    )
    if provinces is not None:
        queryset = queryset.filter(province_id__in=provinces)
    return queryset.select_related(*_RELATED)


# --- Statistics -----------------------------------------------------------------------------


def proposal_statistics(province=None) -> dict:
    """Counts for the indicators (M9): proposals (drafts excluded) by state, sector and
    county; approved budget and promised jobs of approved proposals only. ``province`` is a
    Province, its id, or None for the whole country."""
    queryset = Proposal.objects.exclude(state=ProposalState.DRAFT)
    if province is not None:
        queryset = queryset.filter(province_id=getattr(province, "pk", province))
    approved = Q(state__in=PUBLIC_STATES)
    by_state = state_counts(queryset)
    by_sector = list(
        queryset.order_by()
        .values("sector__name")
        .annotate(
            total=Count("pk"),
            approved=Count("pk", filter=approved),
            approved_budget=Sum("approved_budget", filter=approved),
        )
        .order_by("-total", "sector__name")
    )
    by_county = list(
        queryset.order_by()
        .values("county__name", "province__name")
        .annotate(total=Count("pk"), approved=Count("pk", filter=approved))
        .order_by("-total", "county__name")
    )
    totals = queryset.aggregate(
        total=Count("pk"),
        approved=Count("pk", filter=approved),
        approved_budget=Sum("approved_budget", filter=approved),
        jobs=Sum("expected_jobs", filter=approved),
    )
    return {
        "by_state": [
            {"state": s, "label": str(label), "count": n}
            for s, label, n in by_state
            if s != ProposalState.DRAFT
        ],
        "by_sector": [
            {
                "sector": row["sector__name"] or _("نامشخص"),
                "total": row["total"],
                "approved": row["approved"],
                "approved_budget": row["approved_budget"] or 0,
            }
            for row in by_sector
        ],
        "by_county": [
            {
                "county": row["county__name"],
                "province": row["province__name"],
                "total": row["total"],
                "approved": row["approved"],
            }
            for row in by_county
        ],
        "total": totals["total"],
        "approved": totals["approved"],
        "approved_budget": totals["approved_budget"] or 0,
        "approved_jobs": totals["jobs"] or 0,
    }


def project_url_for(proposal: Proposal) -> str:
    """The page of the governance project made from ``proposal`` (M3), or ""."""
    if proposal.state != ProposalState.PROJECT_CREATED:
        return ""
    project_id = proposal.projects.values_list("pk", flat=True).first()
    return reverse("governance:project_detail", args=[project_id]) if project_id else ""
