"""Permission-checked reads of the governance capability. Every list and detail names the
person looking (``viewer=``) and filters with the visibility rule of :mod:`permissions`.

Reads never write: a commitment's status is computed for today (:mod:`status`), in Python
per row (``current_status``) and in SQL for filters and counts (:func:`status_q`)."""

from __future__ import annotations

import datetime

from django.db.models import Case, CharField, Count, F, Prefetch, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from khooshe.accounts.permissions import organization_ids_for, province_ids_for
from khooshe.core.attachments import with_attachments
from khooshe.governance import permissions
from khooshe.governance.ladder import ladder_for
from khooshe.governance.models import (
    Agreement,
    AgreementClause,
    Body,
    Candidate,
    Commitment,
    CommitmentDueStatement,
    CommitmentExtension,
    CommitmentReview,
    CommitmentUpdate,
    Election,
    Meeting,
    MeetingInvitation,
    MinutesAmendment,
    MinutesConfirmation,
    Project,
    Resolution,
)
from khooshe.governance.status import (
    ON_TIME_STATUSES,
    CommitmentStatus,
    late_against_original_q,
    status_q,
)


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


def commitment_record(*, viewer, commitment: Commitment) -> dict:
    """Extensions (with who and on what authority), reviews of reports of completion and
    the dates sources stated — oldest first, three queries."""
    if not permissions.can_view_commitment(viewer, commitment):
        raise Http404
    return {
        "extensions": list(
            CommitmentExtension.objects.filter(commitment=commitment)
            .select_related("actor", "source_resolution")
            .order_by("created_at", "id")
        ),
        "reviews": list(
            CommitmentReview.objects.filter(commitment=commitment)
            .select_related("actor")
            .order_by("created_at", "id")
        ),
        "due_statements": list(
            CommitmentDueStatement.objects.filter(commitment=commitment).order_by("due_on", "id")
        ),
    }


def commitment_ladder(commitment: Commitment, *, today: datetime.date | None = None) -> list[dict]:
    """The escalation ladder on a commitment's page: each step of its province's ladder for
    the date in force — sent (when, to how many), due on a later day, or stopped (done,
    awaiting acceptance, cancelled) — and the steps sent for earlier dates, which an
    extension reset."""
    today = _today(today)
    sent = list(commitment.reminders.filter(kind__startswith="esc_").order_by("created_at", "id"))
    current = {row.kind: row for row in sent if row.due_on == commitment.due_on}
    stopped = (
        commitment.cancelled
        or commitment.done_on is not None
        or commitment.reported_done_on is not None
    )
    steps = []
    if commitment.due_on is not None:
        for rung in ladder_for(commitment.province_id):
            row = current.get(rung.kind)
            on = commitment.due_on + datetime.timedelta(days=rung.days_late)
            steps.append(
                {
                    "rung": rung,
                    "on": on,
                    "sent": row,
                    "state": "sent" if row else ("stopped" if stopped else "pending"),
                }
            )
    reset = [row for row in sent if row.due_on != commitment.due_on]
    return {"steps": steps, "reset": reset}


def awaiting_acceptance(*, viewer) -> QuerySet[Commitment]:
    """Reports of completion ``viewer`` may accept: staff of the province, or the body's
    secretariat for a resolution (the author of a report and the owner's representatives
    are refused on acceptance; the desk lists them all so a second person sees them)."""
    provinces = province_ids_for(viewer)
    secretariats = organization_ids_for(viewer, permissions.OWNER_ROLES)
    scope = Q(pk__in=[])
    if provinces is None:
        scope = Q()
    elif provinces:
        scope |= Q(province_id__in=provinces)
    if secretariats:
        scope |= Q(resolution__isnull=False, body__secretariat_organization_id__in=secretariats)
    if scope == Q(pk__in=[]) and provinces is not None:
        return Commitment.objects.none()
    return (
        Commitment.objects.filter(
            scope, cancelled=False, done_on__isnull=True, reported_done_on__isnull=False
        )
        .select_related("owner")
        .order_by("done_reported_at", "id")
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
    """Per row: total; done on time against the date in force (``on_time``) and against the
    original (``on_time_original``); done after extension; done late; late now; late against
    the original; awaiting acceptance; and extensions (commitments extended, times, days)."""
    on_time_q = status_q(ON_TIME_STATUSES[0], today) | status_q(ON_TIME_STATUSES[1], today)
    return list(
        queryset.order_by()
        .values(*keys)
        .annotate(
            total=Count("id"),
            on_time=Count("id", filter=on_time_q),
            on_time_original=Count("id", filter=status_q(CommitmentStatus.DONE_ON_TIME, today)),
            done_extended=Count("id", filter=status_q(CommitmentStatus.DONE_EXTENDED, today)),
            done_late=Count("id", filter=status_q(CommitmentStatus.DONE_LATE, today)),
            late=Count("id", filter=status_q(CommitmentStatus.LATE, today)),
            late_original=Count("id", filter=late_against_original_q(today)),
            awaiting=Count("id", filter=status_q(CommitmentStatus.AWAITING, today)),
            extended=Count("id", filter=Q(extension_count__gt=0)),
            extensions=Sum("extension_count"),
            extension_days=Sum("extension_days", filter=Q(extension_count__gt=0)),
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
