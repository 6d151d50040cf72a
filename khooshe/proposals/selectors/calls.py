"""Reads of calls for proposals: the list and one call with their figures — counts of
proposals by state (drafts are nobody's business but their owners') and the total approved
against the envelope — and the ongoing call (proposals outside any call)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from khooshe.proposals.models import Call, Proposal, ProposalState
from khooshe.proposals.services.calls import APPROVED_STATES, today


@dataclass
class CallFigures:
    """A call's public figures; ``envelope`` is None for the ongoing call."""

    counts: dict[str, int] = field(default_factory=dict)
    approved_total: int = 0
    envelope: int | None = None

    @property
    def received(self) -> int:
        return sum(self.counts.values())

    @property
    def remaining(self) -> int | None:
        if self.envelope is None:
            return None
        return max(self.envelope - self.approved_total, 0)

    def rows(self):
        """(state, label, count) in the workflow's order, states with proposals only."""
        return [
            (state, label, self.counts[state])
            for state, label in ProposalState.choices
            if self.counts.get(state)
        ]


def call_list(*, province=None, status: str = "") -> QuerySet[Call]:
    """Every call (calls are public), newest first; ``status``: open, upcoming or closed."""
    calls = Call.objects.select_related("province")
    if province is not None:
        calls = calls.filter(province=province)
    day = today()
    if status == "open":
        calls = calls.filter(opens_on__lte=day, closes_on__gte=day)
    elif status == "upcoming":
        calls = calls.filter(opens_on__gt=day)
    elif status == "closed":
        calls = calls.filter(closes_on__lt=day)
    return calls


def call_get(*, pk) -> Call:
    call = (
        Call.objects.select_related("province")
        .prefetch_related("sectors", "capabilities", "priorities", "extensions")
        .filter(pk=pk)
        .first()
    )
    if call is None:
        raise Http404
    return call


def _figures(rows, key) -> dict:
    result: dict = {}
    for row in rows:
        figures = result.setdefault(row[key], CallFigures())
        figures.counts[row["state"]] = row["n"]
        if row["state"] in APPROVED_STATES:
            figures.approved_total += row["approved"] or 0
    return result


def _counted(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return proposals.exclude(state=ProposalState.DRAFT)


def call_figures(calls) -> dict[int, CallFigures]:
    """Figures of many calls in one query: ``{call id: CallFigures}``."""
    calls = list(calls)
    rows = (
        _counted(Proposal.objects.filter(call__in=[c.pk for c in calls]))
        .values("call_id", "state")
        .annotate(n=Count("id"), approved=Sum("approved_budget"))
        .order_by()
    )
    found = _figures(rows, "call_id")
    figures = {}
    for call in calls:
        figures[call.pk] = found.get(call.pk, CallFigures())
        figures[call.pk].envelope = call.envelope_rial
    return figures


def ongoing_figures(*, province=None) -> CallFigures:
    """Figures of the ongoing call: proposals outside any call (of ``province``)."""
    proposals = Proposal.objects.filter(call__isnull=True)
    if province is not None:
        proposals = proposals.filter(province=province)
    rows = (
        _counted(proposals)
        .values("state")
        .annotate(n=Count("id"), approved=Sum("approved_budget"))
        .order_by()
    )
    figures = CallFigures()
    for row in rows:
        figures.counts[row["state"]] = row["n"]
        if row["state"] in APPROVED_STATES:
            figures.approved_total += row["approved"] or 0
    return figures


def calls_open_for(province, *, keep=None) -> QuerySet[Call]:
    """Calls a proposal of ``province`` may name: those not yet closed (and ``keep``, the
    proposal's current call)."""
    condition = Q(closes_on__gte=today())
    if keep:
        condition |= Q(pk=keep)
    calls = Call.objects.filter(condition)
    if province is not None:
        calls = calls.filter(province=province)
    return calls.order_by("closes_on", "id")
