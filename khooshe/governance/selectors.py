"""Permission-checked reads of the governance capability. Every list and detail names the
person looking (``viewer=``) and filters with the visibility rule of :mod:`permissions`.

Reads never write: a commitment's status is computed for today (:mod:`status`), in Python
per row (``current_status``) and in SQL for filters and counts (:func:`status_q`)."""

from __future__ import annotations

import datetime

from django.db.models import Case, CharField, Count, F, Prefetch, Q, QuerySet, Value, When
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
    MeetingInvitation,
    MinutesAmendment,
    MinutesConfirmation,
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


def lead_collaborator_scorecard(
    queryset: QuerySet[Commitment], *, by: str = "body", today: datetime.date | None = None
) -> list[dict]:
    """Resolutions' commitments per body (``by="body"``) or per province (``by="province"``),
    the lead's (the resolution's owner) and the collaborators' counted apart: each row has
    ``role`` ("lead" / "collaborator") and total, done on time, done late, late now."""
    keys = {"body": ("body_id", "body__name"), "province": ("province_id", "province__name")}[by]
    role = Case(
        When(owner_id=F("resolution__owner_id"), then=Value("lead")),
        default=Value("collaborator"),
        output_field=CharField(),
    )
    today = _today(today)
    return list(
        queryset.filter(resolution__isnull=False)
        .order_by()
        .annotate(role=role)
        .values(*keys, "role")
        .annotate(
            total=Count("id"),
            on_time=Count("id", filter=status_q(CommitmentStatus.DONE_ON_TIME, today)),
            done_late=Count("id", filter=status_q(CommitmentStatus.DONE_LATE, today)),
            late=Count("id", filter=status_q(CommitmentStatus.LATE, today)),
        )
        .order_by(keys[1], "-role")
    )


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
                queryset=Resolution.objects.select_related("owner").prefetch_related(
                    Prefetch("commitments", queryset=Commitment.objects.select_related("owner"))
                ),
            ),
            Prefetch(
                "invitations",
                queryset=MeetingInvitation.objects.select_related("person", "organization"),
            ),
            Prefetch(
                "minutes_confirmations",
                queryset=MinutesConfirmation.objects.select_related("person"),
            ),
            Prefetch("amendments", queryset=MinutesAmendment.objects.select_related("author")),
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def meeting_followup(meeting: Meeting, *, today: datetime.date | None = None) -> list[Resolution]:
    """The follow-up that opens a meeting's agenda: the body's resolutions from earlier
    meetings with a commitment still open today, oldest first, each with its commitments
    (``current_status`` computed for today). Two queries."""
    today = _today(today)
    open_ids = (
        Commitment.objects.filter(
            resolution__body_id=meeting.body_id,
            resolution__meeting__held_at__lt=meeting.held_at,
        )
        .exclude(resolution__meeting_id=meeting.pk)
        .filter(
            status_q(CommitmentStatus.NOT_STARTED, today)
            | status_q(CommitmentStatus.ON_TRACK, today)
            | status_q(CommitmentStatus.DUE_SOON, today)
            | status_q(CommitmentStatus.LATE, today)
        )
        .values("resolution_id")
    )
    return list(
        Resolution.objects.filter(pk__in=open_ids)
        .select_related("owner", "meeting")
        .prefetch_related(
            Prefetch("commitments", queryset=Commitment.objects.select_related("owner"))
        )
        .order_by("year", "sequence")
    )


def meetings_waiting_for(user) -> QuerySet[Meeting]:
    """Meetings waiting for ``user``: invited and not yet answered, or minutes sent for their
    confirmation and not yet answered (one query for the desk's count)."""
    invited = MeetingInvitation.objects.filter(
        person__user=user, reply=MeetingInvitation.Reply.PENDING
    ).values("meeting_id")
    asked = MinutesConfirmation.objects.filter(
        user=user, response=MinutesConfirmation.Response.PENDING
    ).values("meeting_id")
    return (
        Meeting.objects.filter(
            Q(state=Meeting.State.INVITED, pk__in=invited)
            | Q(minutes_state=Meeting.MinutesState.SENT, pk__in=asked)
        )
        .select_related("body")
        .order_by("held_at", "id")
    )


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


def agreement_rollup(agreement: Agreement) -> dict:
    """An agreement's progress across its articles' and notes' commitments, with the
    weights shown: ``rows`` (clause, commitment, weight, percent, share of the whole in
    percent) and ``progress``, the mean of the last percentages weighted by each commitment's
    ``weight`` (cancelled ones left out, as in :func:`weighted_progress`); None without
    commitments. Reads the prefetched clauses of :func:`agreement_list` (no query)."""
    rows = [
        (clause, commitment)
        for clause in agreement.clauses.all()
        for commitment in clause.commitments.all()
        if not commitment.cancelled
    ]
    total = sum(c.weight for _clause, c in rows)
    return {
        "rows": [
            {
                "clause": clause,
                "commitment": commitment,
                "weight": commitment.weight,
                "percent": commitment.last_percent,
                "share": round(100 * commitment.weight / total, 1) if total else 0,
            }
            for clause, commitment in rows
        ],
        "total_weight": total,
        "progress": weighted_progress(c for _clause, c in rows),
    }


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
