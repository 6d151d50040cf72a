"""Reads of co-submitters and of «آمادگی همکاری».

:func:`co_submitter_party_ids` names the parties a conflict-of-interest rule must treat as
submitting a proposal, besides its lead."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from khooshe.accounts.permissions import organization_ids_for
from khooshe.proposals.models import (
    CooperationOffer,
    CoSubmitter,
    CoSubmitterState,
    Proposal,
    ProposalState,
)


def co_submitter_party_ids(proposal: Proposal) -> tuple[frozenset[int], frozenset[int]]:
    """``(organization_ids, person_ids)`` of the proposal's co-submitters, pending or
    confirmed (a declined one is not part of the proposal); the lead is not included."""
    organizations: set[int] = set()
    people: set[int] = set()
    rows = CoSubmitter.objects.filter(proposal_id=proposal.pk).exclude(
        state=CoSubmitterState.DECLINED
    )
    for organization_id, person_id in rows.values_list("organization_id", "person_id"):
        if organization_id:
            organizations.add(organization_id)
        if person_id:
            people.add(person_id)
    return frozenset(organizations), frozenset(people)


def co_submitters_of(proposal: Proposal) -> QuerySet[CoSubmitter]:
    return proposal.co_submitters.select_related("organization", "person")


def co_submitters_of_proposals(proposal_ids) -> QuerySet[CoSubmitter]:
    """Co-submitters of the proposals ``proposal_ids`` (ids or a subquery of them)."""
    return CoSubmitter.objects.filter(proposal_id__in=proposal_ids)


def _party_filter(viewer) -> Q | None:
    if not getattr(viewer, "is_authenticated", False):
        return None
    party = Q(person__user=viewer)
    organizations = organization_ids_for(viewer)
    if organizations:
        party |= Q(organization_id__in=organizations)
    return party


def co_submissions_for(viewer) -> QuerySet[CoSubmitter]:
    """Every co-submission ``viewer`` answers for (their organizations', their own)."""
    party = _party_filter(viewer)
    if party is None:
        return CoSubmitter.objects.none()
    return CoSubmitter.objects.filter(party).select_related("proposal", "organization", "person")


def pending_co_submissions(viewer) -> QuerySet[CoSubmitter]:
    """Co-submissions awaiting ``viewer``'s answer, on proposals that may still change."""
    return co_submissions_for(viewer).filter(
        state=CoSubmitterState.PENDING,
        proposal__state__in=(ProposalState.DRAFT, ProposalState.RETURNED),
    )


def cooperation_offers(proposal: Proposal) -> QuerySet[CooperationOffer]:
    return proposal.cooperation_offers.select_related("organization", "person")


def own_cooperation_offers(viewer, proposal: Proposal) -> QuerySet[CooperationOffer]:
    party = _party_filter(viewer)
    if party is None:
        return CooperationOffer.objects.none()
    return cooperation_offers(proposal).filter(party)
