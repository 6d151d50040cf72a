"""The public promise board."""

from __future__ import annotations

from django.utils import timezone

from khooshe.core.pages import paginate, query_string, render_page
from khooshe.geo.models import Province
from khooshe.governance import permissions, selectors
from khooshe.governance.filters import CommitmentFilter
from khooshe.governance.panels import attach_commitment_sources
from khooshe.governance.status import DUE_SOON_DAYS, CommitmentStatus

PAGE_SIZE = 25


def _filtered(request, queryset, params):
    filterset = CommitmentFilter(params or None, queryset=queryset, request=request)
    return filterset, (filterset.qs if filterset.is_bound else queryset)


def index(request):
    """Every visible commitment with its source, owner, due date, status (for today) and
    last update; filters by body, status and year (and province); counts by status and a
    scorecard per owner organization and per body. An htmx swap of ``#board-results`` gets only
    that partial; a history restore (the back button) gets the whole page."""
    base = selectors.commitment_list(viewer=request.user)
    province_code = request.GET.get("province", "").strip()
    province = Province.objects.filter(code=province_code).first() if province_code else None
    filterset, commitments = _filtered(request, base, request.GET)
    # Counts by status ignore the status filter itself, so every value stays visible.
    without_status = request.GET.copy()
    without_status.pop("status", None)
    count_qs = _filtered(request, base, without_status)[1]
    today = timezone.localdate()
    counts = selectors.status_counts(count_qs, today=today)
    current_status = request.GET.get("status", "")
    status_links = [
        (
            value,
            label,
            counts[value],
            "?" + query_string(request, status="" if current_status == value else value),
        )
        for value, label in CommitmentStatus.choices
    ]
    page = paginate(request, commitments, PAGE_SIZE)
    # Sources other apps add (a news article that reported the promise), one call per page.
    page.object_list = attach_commitment_sources(page.object_list)
    context = {
        "filterset": filterset,
        "page": page,
        "status_links": status_links,
        "scorecard": selectors.owner_scorecard(count_qs, today=today),
        "body_scorecard": selectors.body_scorecard(count_qs, today=today),
        "total": sum(counts.values()),
        "province": province,
        "provinces": Province.objects.order_by("name"),
        "query_string": query_string(request),
        "current_status": current_status,
        "is_staff": permissions.may_record(request.user),
        "due_soon_days": DUE_SOON_DAYS,
    }
    return render_page(request, "governance/board.html", context, partial="board-results")
