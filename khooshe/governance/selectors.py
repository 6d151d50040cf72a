"""Permission-checked reads of the governance capability. Every list and detail names the
person looking (``viewer=``) and filters with the visibility rule of :mod:`permissions`.

Reads never write: a commitment's status is computed for today (:mod:`status`), in Python
per row (``current_status``) and in SQL for filters and counts (:func:`status_q`)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from khooshe.core.attachments import with_attachments
from khooshe.governance import permissions
from khooshe.governance.models import (
    Agreement,
    AgreementClause,
    Body,
    Candidate,
    Commitment,
    CommitmentUpdate,
    Election,
    Meeting,
    Project,
    Resolution,
)
from khooshe.governance.status import CommitmentStatus, status_q


def commitment_list(*, viewer) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(permissions.commitment_visibility_filter(viewer))
        .select_related(
            "owner",
            "province",
            "body",
            "resolution__meeting",
            "clause__agreement",
            "project",
        )
        .order_by("due_on", "position", "id")
    )


def commitment_get(*, viewer, pk) -> Commitment:
    commitment = commitment_list(viewer=viewer).filter(pk=pk).first()
    if commitment is None:
        raise Http404
    return commitment


def commitment_updates(*, viewer, commitment: Commitment) -> list[CommitmentUpdate]:
    """The progress reports of a commitment ``viewer`` may see, oldest first, each with its
    evidence files as ``update.files`` (one query for all)."""
    if not permissions.can_view_commitment(viewer, commitment):
        raise Http404
    return with_attachments(
        commitment.updates.select_related("author", "author_organization").order_by(
            "reported_on", "id"
        )
    )


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def status_counts(
    queryset: QuerySet[Commitment], *, today: datetime.date | None = None
) -> dict[str, int]:
    """How many commitments of ``queryset`` are in each status today (one query)."""
    today = _today(today)
    return queryset.order_by().aggregate(
        **{value: Count("id", filter=status_q(value, today)) for value in CommitmentStatus.values}
    )


def _scorecard(queryset, keys, today) -> list[dict]:
    return list(
        queryset.order_by()
        .values(*keys)
        .annotate(
            total=Count("id"),
            on_time=Count("id", filter=status_q(CommitmentStatus.DONE_ON_TIME, today)),
            done_late=Count("id", filter=status_q(CommitmentStatus.DONE_LATE, today)),
            late=Count("id", filter=status_q(CommitmentStatus.LATE, today)),
        )
        .order_by("-late", keys[1])
    )


def owner_scorecard(
    queryset: QuerySet[Commitment], *, today: datetime.date | None = None
) -> list[dict]:
    """Per owner organization: how many commitments, done on time, done late, late now."""
    return _scorecard(queryset, ("owner_id", "owner__name"), _today(today))


def body_scorecard(
    queryset: QuerySet[Commitment], *, today: datetime.date | None = None
) -> list[dict]:
    """Per council / working group (commitments from its resolutions): the same counts."""
    return _scorecard(queryset.filter(body__isnull=False), ("body_id", "body__name"), _today(today))


def weighted_progress(milestones) -> int | None:
    """A project's progress: the mean of its milestones' last percentages weighted by their
    weights (cancelled milestones left out); None without milestones."""
    pairs = [(m.weight, m.last_percent) for m in milestones if not m.cancelled]
    total = sum(weight for weight, _percent in pairs)
    if not total:
        return None
    return round(sum(weight * percent for weight, percent in pairs) / total)


def body_list(*, viewer) -> QuerySet[Body]:
    return (
        Body.objects.filter(permissions.visibility_filter(viewer))
        .select_related("province", "chair_organization", "secretariat_organization")
        .annotate(meeting_count=Count("meetings", distinct=True))
    )


def body_get(*, viewer, pk) -> Body:
    body = body_list(viewer=viewer).filter(pk=pk).first()
    if body is None:
        raise Http404
    return body


def meeting_list(*, viewer) -> QuerySet[Meeting]:
    """Public meetings of public bodies, and every meeting of the viewer's provinces."""
    return Meeting.objects.filter(permissions.meeting_visibility_filter(viewer)).select_related(
        "body", "body__province"
    )


def meeting_get(*, viewer, pk) -> Meeting:
    meeting = (
        meeting_list(viewer=viewer)
        .prefetch_related(
            "agenda_items",
            "attendances__person",
            "attendances__organization",
            Prefetch(
                "resolutions",
                queryset=Resolution.objects.select_related("owner").prefetch_related("commitments"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def resolution_list(*, viewer) -> QuerySet[Resolution]:
    meetings = meeting_list(viewer=viewer)
    return Resolution.objects.filter(meeting__in=meetings).select_related(
        "meeting", "body", "owner"
    )


def agreement_list(*, viewer) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(permissions.visibility_filter(viewer))
        .select_related("province")
        .prefetch_related(
            "parties",
            Prefetch(
                "clauses",
                queryset=AgreementClause.objects.order_by("position", "id").prefetch_related(
                    Prefetch("commitments", queryset=Commitment.objects.select_related("owner"))
                ),
            ),
        )
    )


def agreement_get(*, viewer, pk) -> Agreement:
    agreement = agreement_list(viewer=viewer).filter(pk=pk).first()
    if agreement is None:
        raise Http404
    return agreement


def project_list(*, viewer) -> QuerySet[Project]:
    return (
        Project.objects.filter(permissions.visibility_filter(viewer))
        .select_related("owner", "province", "agreement")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Commitment.objects.select_related("owner").order_by("position", "id"),
            )
        )
    )


def project_get(*, viewer, pk) -> Project:
    project = project_list(viewer=viewer).filter(pk=pk).first()
    if project is None:
        raise Http404
    return project


def guild_board_for(*, viewer, organization) -> tuple[Election | None, list[Candidate]]:
    """The guild's current board: the latest election and its elected members."""
    if organization is None:
        return None, []
    election = (
        election_list(viewer=viewer)
        .filter(organization=organization)
        .order_by("-term", "-held_on")
        .first()
    )
    if election is None:
        return None, []
    members = list(
        election.candidates.filter(elected=True)
        .select_related("person")
        .order_by("board_role", "id")
    )
    return election, members


def election_get(*, viewer, pk) -> Election:
    election = election_list(viewer=viewer).filter(pk=pk).first()
    if election is None:
        raise Http404
    return election


def election_list(*, viewer) -> QuerySet[Election]:
    """Board elections are public records of the guilds."""
    return Election.objects.select_related("organization", "organization__province").annotate(
        elected_count=Count("candidates", filter=Q(candidates__elected=True))
    )
