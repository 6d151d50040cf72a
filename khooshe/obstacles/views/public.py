"""The public page per province, an obstacle's page and the "similar obstacles" partial."""

from __future__ import annotations

import datetime
import hashlib

from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.core.attachments import attachments_of, with_attachments
from khooshe.core.pages import paginate, query_string, render_page
from khooshe.geo.models import Province
from khooshe.history.views import render_history
from khooshe.obstacles import forms as f
from khooshe.obstacles import permissions, selectors
from khooshe.obstacles.filters import ObstacleFilter
from khooshe.obstacles.models import Obstacle
from khooshe.obstacles.services.escalation import is_escalation_candidate
from khooshe.obstacles.workflow import MACHINE
from khooshe.persian.jalali import jalali_to_date, jalali_year_of

PAGE_SIZE = 25


class Counted:
    """A queryset whose row count is already known (from the counts by state), so the
    paginator does not count again."""

    def __init__(self, queryset, count: int):
        self.queryset = queryset.order_by("-created_at", "-id")
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self.queryset[index]


#: The public page's counts for visitors (signed out) are shared for this long.
PUBLIC_COUNTS_SECONDS = 60


def _state_counts(request, province, params, queryset) -> dict[str, int]:
    """Counts by state; a visitor's (the same for every visitor) from a one-minute cache."""
    if request.user.is_authenticated:
        return selectors.state_counts(queryset)
    filters = sorted((k, v) for k, v in params.lists() if k not in ("page", "page_size"))
    key = (
        "obstacles:counts:"
        + hashlib.sha256(repr((getattr(province, "pk", None), filters)).encode()).hexdigest()
    )
    counts = cache.get(key)
    if counts is None:
        counts = selectors.state_counts(queryset)
        cache.set(key, counts, PUBLIC_COUNTS_SECONDS)
    return counts


def _period(request) -> tuple[f.PeriodForm, datetime.date, datetime.date]:
    today = timezone.localdate()
    default_start = jalali_to_date(jalali_year_of(today), 1, 1)
    form = f.PeriodForm(request.GET or None)
    start, end = default_start, today
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("start") or default_start
        end = form.cleaned_data.get("end") or today
    return form, start, end


def index(request):
    """Open and answered obstacles of a province (those the viewer may see), with filters,
    counts by state and the time-to-answer tables for a Jalali period."""
    provinces = Province.objects.order_by("name")
    code = request.GET.get("province", "").strip()
    province = provinces.filter(code=code).first() if code else None
    base = selectors.obstacle_list(viewer=request.user)
    if province is not None:
        base = base.filter(province_id=province.pk)
    params = request.GET.copy()
    params.pop("province", None)  # the page has filtered by it already
    filterset = ObstacleFilter(params or None, queryset=base, province=province, request=request)
    without_state = params.copy()
    without_state.pop("state", None)
    count_set = ObstacleFilter(
        without_state or None, queryset=base, province=province, request=request
    )
    count_qs = count_set.qs if count_set.is_bound else base
    counts = _state_counts(request, province, without_state, count_qs)
    current_state = request.GET.get("state", "")
    # The list is the counted rows narrowed by state: its length is already known.
    counted_valid = not count_set.is_bound or count_set.is_valid()
    if current_state in Obstacle.State.values and counted_valid:
        obstacles = Counted(count_qs.filter(state=current_state), counts[current_state])
    elif not current_state and counted_valid:
        obstacles = Counted(count_qs, counts["total"])
    else:
        obstacles = filterset.qs
    state_links = [
        (
            value,
            label,
            counts[value],
            "?" + query_string(request, state="" if current_state == value else value),
        )
        for value, label in Obstacle.State.choices
    ]
    period_form, start, end = _period(request)
    context = {
        "filterset": filterset,
        "page": paginate(request, obstacles, PAGE_SIZE),
        "state_links": state_links,
        "total": counts["total"],
        "current_state": current_state,
        "province": province,
        "provinces": provinces,
        "period_form": period_form,
        "period_start": start,
        "period_end": end,
        "by_body": lambda: selectors.public_time_to_answer(
            province, by="body", start=start, end=end
        ),
        "by_category": lambda: selectors.public_time_to_answer(
            province, by="category", start=start, end=end
        ),
        "min_group": selectors.MIN_GROUP,
        "query_string": query_string(request),
        "today": timezone.localdate(),
    }
    return render_page(request, "obstacles/index.html", context, partial="obstacle-results")


def similar(request):
    """htmx: open obstacles of the province like the title being typed."""
    rows = selectors.similar_open(
        viewer=request.user,
        province_id=request.GET.get("province") or None,
        title=request.GET.get("title", ""),
    )
    return render(request, "obstacles/_similar.html", {"similar": rows})


def _steps(obstacle) -> list:
    steps = list(obstacle.steps.all())
    for step in steps:
        step.label = (
            MACHINE.label(step.action) if step.action in MACHINE.transitions else _("گزارش شد")
        )
    return steps


def history(request, pk):
    obstacle = selectors.obstacle_get(viewer=request.user, pk=pk)
    return render_history(
        request, obstacle, back_url=obstacle.get_absolute_url(), title=obstacle.title
    )


def detail(request, pk):
    obstacle = selectors.obstacle_get(viewer=request.user, pk=pk)
    user = request.user
    state = obstacle.state
    answers = with_attachments(obstacle.answers.select_related("organization"))
    commitment = None
    if obstacle.resolution_id:
        commitment = obstacle.resolution.commitments.select_related("owner").first()
    today = timezone.localdate()
    can_route = permissions.can_route(user, obstacle)
    is_reporter = permissions.is_reporter(user, obstacle)
    context = {
        "obstacle": obstacle,
        "steps": _steps(obstacle),
        "answers": answers,
        "files": attachments_of(obstacle),
        "supports": selectors.supports_of(obstacle),
        "links": [line for line in obstacle.links.splitlines() if line],
        "affected": obstacle.affected.order_by("name"),
        "commitment": commitment,
        "overdue": obstacle.is_open and obstacle.due_on and obstacle.due_on < today,
        "can_route": can_route and MACHINE.can(state, "route"),
        "can_reroute": can_route and MACHINE.can(state, "reroute"),
        "can_start": permissions.can_answer(user, obstacle) and MACHINE.can(state, "start"),
        "can_answer": permissions.can_answer(user, obstacle) and MACHINE.can(state, "answer"),
        "can_close": MACHINE.can(state, "close")
        and (can_route or is_reporter or permissions.represents_body(user, obstacle)),
        "can_reopen": is_reporter and MACHINE.can(state, "reopen") and obstacle.answered_at,
        "can_rate": is_reporter and obstacle.answered_at is not None,
        "can_support": user.is_authenticated and state != Obstacle.State.CLOSED,
        "can_escalate": permissions.can_escalate(user, obstacle.province_id)
        and is_escalation_candidate(obstacle, today),
        "can_resolve": permissions.can_escalate(user, obstacle.province_id)
        and obstacle.agenda_item_id
        and not obstacle.resolution_id,
        "offer_resolved_close": commitment is not None
        and commitment.done_on is not None
        and state != Obstacle.State.CLOSED
        and (can_route or is_reporter),
        "route_form": f.RouteForm(),
        "answer_form": f.AnswerForm(),
        "close_form": f.CloseForm(),
        "reason_form": f.ReasonForm(),
        "note_form": f.NoteForm(),
        "rate_form": f.RateForm(),
        "support_form": f.SupportForm(user=user),
        "escalate_form": f.EscalateForm(province_id=obstacle.province_id),
        "resolve_form": f.ResolveForm(),
    }
    return render(request, "obstacles/detail.html", context)
