"""Permission-checked reads of obstacles (``viewer=``), counts and time-to-answer tables."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from khooshe.accounts.permissions import organization_ids_for, province_ids_for
from khooshe.obstacles import permissions
from khooshe.obstacles.models import Obstacle, Support
from khooshe.obstacles.services.escalation import escalation_threshold
from khooshe.persian.text import search_key

#: Groups with fewer obstacles than this are not shown in the time-to-answer table.
MIN_GROUP = 5
#: "Due soon" on the body's desk: the deadline is within this many days.
DUE_SOON_DAYS = 3
#: The public time-to-answer tables are recomputed at most this often.
TTA_CACHE_SECONDS = 300


def obstacle_list(*, viewer) -> QuerySet[Obstacle]:
    return Obstacle.objects.filter(permissions.visibility_filter(viewer)).select_related(
        "category", "province", "county", "body"
    )


def obstacle_get(*, viewer, pk) -> Obstacle:
    obstacle = (
        Obstacle.objects.select_related(
            "category",
            "province",
            "county",
            "body",
            "reporter",
            "reporter_organization",
            "duplicate_of",
            "agenda_item__meeting__body",
            "resolution",
        )
        .filter(pk=pk)
        .first()
    )
    if obstacle is None or not permissions.can_view(viewer, obstacle):
        raise Http404
    return obstacle


def similar_open(
    *, viewer, province_id, title: str, exclude=None, limit: int = 5
) -> list[Obstacle]:
    """Open obstacles of the province whose title shares the typed words (any spelling)."""
    words = [search_key(w) for w in (title or "").split()]
    words = [w for w in words if len(w) >= 3]
    if not words or not province_id:
        return []
    match = Q()
    for word in words[:6]:
        match |= Q(search_key__contains=word)
    queryset = obstacle_list(viewer=viewer).filter(
        match, province_id=province_id, state__in=Obstacle.OPEN_STATES
    )
    if exclude:
        queryset = queryset.exclude(pk=exclude)
    return list(queryset.order_by("-support_count", "-id")[:limit])


def supports_of(obstacle: Obstacle) -> list[Support]:
    return list(obstacle.supports.select_related("organization"))


def state_counts(queryset) -> dict[str, int]:
    counts = dict.fromkeys(Obstacle.State.values, 0)
    for row in queryset.order_by().values("state").annotate(n=Count("id")):
        counts[row["state"]] = row["n"]
    counts["total"] = sum(counts.values())
    return counts


def overdue_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(state__in=Obstacle.OPEN_STATES, due_on__lt=today)


def time_to_answer(queryset, *, by: str, start: datetime.date, end: datetime.date) -> list[dict]:
    """Per ``by`` ("body" or "category"): obstacles routed in [start, end], answered ones,
    the median of calendar days from routing to the answer (answered ones), and the share
    answered within the deadline (answered on or before ``due_on``) of all routed ones.
    Groups under ``MIN_GROUP`` routed obstacles are hidden. Counts are grouped in SQL; only
    the groups shown read their answer times, for the median."""
    key, name = {"body": ("body_id", "body__name"), "category": ("category_id", "category__name")}[
        by
    ]
    routed = queryset.filter(
        routed_at__date__gte=start, routed_at__date__lte=end, body__isnull=False
    ).order_by()
    groups = list(
        routed.values(key, name)
        .annotate(
            routed=Count("id"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            on_time=Count("id", filter=Q(answered_on_time=True)),
        )
        .filter(routed__gte=MIN_GROUP)
    )
    durations: dict = defaultdict(list)
    if groups:
        for group_id, routed_at, answered_at in routed.filter(
            **{f"{key}__in": [g[key] for g in groups]}, answered_at__isnull=False
        ).values_list(key, "routed_at", "answered_at"):
            durations[group_id].append((answered_at - routed_at).total_seconds() / 86400)
    table = [
        {
            "id": g[key],
            "name": g[name],
            "routed": g["routed"],
            "answered": g["answered"],
            "median_days": round(statistics.median(durations[g[key]]), 1)
            if durations[g[key]]
            else None,
            "on_time_percent": round(100 * g["on_time"] / g["routed"]),
        }
        for g in groups
    ]
    table.sort(key=lambda r: (-r["routed"], r["name"]))
    return table


def public_time_to_answer(province, *, by: str, start, end) -> list[dict]:
    """The public table (public obstacles only, the same for every viewer), cached for
    ``TTA_CACHE_SECONDS`` per province, grouping and period."""
    cache_key = f"obstacles:tta:{getattr(province, 'pk', None)}:{by}:{start}:{end}"
    table = cache.get(cache_key)
    if table is None:
        queryset = Obstacle.objects.filter(is_public=True)
        if province is not None:
            queryset = queryset.filter(province=province)
        table = time_to_answer(queryset, by=by, start=start, end=end)
        cache.set(cache_key, table, TTA_CACHE_SECONDS)
    return table


def escalation_candidates(*, viewer, today: datetime.date | None = None) -> QuerySet[Obstacle]:
    """For the governorate's secretariat: late or widely supported obstacles of the
    viewer's provinces not yet on a working group's agenda."""
    today = today or timezone.localdate()
    provinces = province_ids_for(viewer)
    queryset = Obstacle.objects.filter(agenda_item__isnull=True).exclude(
        state=Obstacle.State.CLOSED
    )
    if provinces is not None:
        queryset = queryset.filter(province_id__in=provinces)
    return queryset.filter(
        overdue_q(today) | Q(support_count__gte=escalation_threshold())
    ).select_related("category", "body", "province")


def waiting_for_body(*, viewer) -> QuerySet[Obstacle]:
    """What waits for the viewer's bodies: routed or in progress, soonest deadline first."""
    organizations = organization_ids_for(viewer, permissions.SPEAKER_ROLES)
    return Obstacle.objects.filter(
        body_id__in=organizations, state__in=(Obstacle.State.ROUTED, Obstacle.State.IN_PROGRESS)
    ).order_by("due_on", "id")


def unrouted_or_overdue(*, viewer, today: datetime.date | None = None) -> QuerySet[Obstacle]:
    provinces = province_ids_for(viewer)
    if provinces is not None and not provinces:
        return Obstacle.objects.none()
    queryset = Obstacle.objects.filter(Q(state=Obstacle.State.SUBMITTED) | overdue_q(today))
    if provinces is not None:
        queryset = queryset.filter(province_id__in=provinces)
    return queryset.order_by("due_on", "id")
