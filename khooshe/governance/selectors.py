"""Permission-checked reads of the governance capability."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from khooshe.accounts.models import RoleGrant
from khooshe.accounts.permissions import province_ids_for
from khooshe.governance import permissions
from khooshe.governance.models import (
    Agreement,
    AgreementClause,
    Body,
    Candidate,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Election,
    Meeting,
    Project,
    Resolution,
)


def representatives_of(organization_ids) -> dict[int, list]:
    """Active users speaking for each organization (agency representatives and actors) —
    the recipients of that organization's reminders."""
    result: dict[int, list] = defaultdict(list)
    grants = RoleGrant.objects.filter(
        organization_id__in=organization_ids,
        role__in=permissions.OWNER_ROLES,
        user__is_active=True,
    ).select_related("user")
    for grant in grants:
        result[grant.organization_id].append(grant.user)
    return result


def commitment_list(*, viewer) -> QuerySet[Commitment]:
    from khooshe.governance.services.commitments import ensure_statuses_fresh

    ensure_statuses_fresh()
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


def commitment_updates(commitment: Commitment) -> QuerySet[CommitmentUpdate]:
    return commitment.updates.select_related("author", "author_organization").order_by(
        "reported_on", "id"
    )


def with_evidence_files(updates: list[CommitmentUpdate]) -> list[CommitmentUpdate]:
    """Attach each update's evidence files as ``update.files`` (one query for all)."""
    from django.contrib.contenttypes.models import ContentType

    from khooshe.core.models import Attachment

    by_update: dict[int, list] = defaultdict(list)
    if updates:
        files = Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(CommitmentUpdate),
            object_id__in=[u.pk for u in updates],
        ).order_by("created_at", "id")
        for attachment in files:
            by_update[attachment.object_id].append(attachment)
    for update in updates:
        update.files = by_update.get(update.pk, [])
    return updates


def status_counts(queryset: QuerySet[Commitment]) -> dict[str, int]:
    counts = dict(
        queryset.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {value: counts.get(value, 0) for value in CommitmentStatus.values}


def owner_scorecard(queryset: QuerySet[Commitment]) -> list[dict]:
    """Per owner organization: how many commitments, done on time, done late, late now."""
    rows = (
        queryset.order_by()
        .values("owner_id", "owner__name")
        .annotate(
            total=Count("id"),
            on_time=Count("id", filter=Q(status=CommitmentStatus.DONE_ON_TIME)),
            done_late=Count("id", filter=Q(status=CommitmentStatus.DONE_LATE)),
            late=Count("id", filter=Q(status=CommitmentStatus.LATE)),
        )
        .order_by("-late", "owner__name")
    )
    return list(rows)


def body_scorecard(queryset: QuerySet[Commitment]) -> list[dict]:
    """Per council / working group (commitments from its resolutions): the same counts."""
    rows = (
        queryset.filter(body__isnull=False)
        .order_by()
        .values("body_id", "body__name")
        .annotate(
            total=Count("id"),
            on_time=Count("id", filter=Q(status=CommitmentStatus.DONE_ON_TIME)),
            done_late=Count("id", filter=Q(status=CommitmentStatus.DONE_LATE)),
            late=Count("id", filter=Q(status=CommitmentStatus.LATE)),
        )
        .order_by("-late", "body__name")
    )
    return list(rows)


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
    body = (
        Body.objects.filter(permissions.visibility_filter(viewer))
        .select_related("province", "chair_organization", "secretariat_organization")
        .filter(pk=pk)
        .first()
    )
    if body is None:
        raise Http404
    return body


def meeting_list(*, viewer) -> QuerySet[Meeting]:
    """Public meetings of public bodies, and every meeting of the viewer's provinces."""
    queryset = Meeting.objects.select_related("body", "body__province")
    provinces = (
        province_ids_for(viewer) if getattr(viewer, "is_authenticated", False) else frozenset()
    )
    if provinces is None:
        return queryset
    return queryset.filter(
        Q(is_public=True, body__is_public=True) | Q(body__province_id__in=provinces)
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


def guild_board_for(organization) -> tuple[Election | None, list[Candidate]]:
    """The guild's current board: the latest election and its elected members."""
    if organization is None:
        return None, []
    election = (
        Election.objects.filter(organization=organization).order_by("-term", "-held_on").first()
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
