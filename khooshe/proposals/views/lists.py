"""Lists: the actor's proposals, the guild's screening queue, all visible proposals, the
public page of approved proposals and the statistics."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.permissions import organization_ids_for, province_ids_visible_to
from khooshe.core.pages import paginate, query_string, render_page
from khooshe.geo.models import Province
from khooshe.proposals import permissions as perms
from khooshe.proposals import selectors
from khooshe.proposals.filters import ProposalFilter
from khooshe.proposals.forms import CooperationForm
from khooshe.proposals.models import ProposalState
from khooshe.proposals.selectors.cosubmitters import own_cooperation_offers
from khooshe.registry.models import Organization, Person

SCREENING_STATES = (
    ProposalState.SUBMITTED,
    ProposalState.SCREENING,
    ProposalState.RETURNED,
    ProposalState.ACCEPTED,
    ProposalState.IN_DOSSIER,
    ProposalState.REJECTED_AT_SCREENING,
)


def _state_link(request, state: str, selected: bool) -> str:
    """The list's query with only ``state`` chosen, or with no state when it already was."""
    return query_string(request, drop=("page", "state"), **({} if selected else {"state": state}))


def _render_list(request, base, *, title, heading_help="", show_new=False, mode="all"):
    """Filter ``base`` with the shared FilterSet; counts per state ignore the state filter
    so that every state stays visible."""
    filterset = ProposalFilter(request.GET or None, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    unfiltered_state = request.GET.copy()
    unfiltered_state.pop("state", None)
    counts_filter = ProposalFilter(unfiltered_state or None, queryset=base, request=request)
    counts_qs = counts_filter.qs if counts_filter.is_bound and counts_filter.is_valid() else base
    selected_states = request.GET.getlist("state")
    counts = [
        {
            "state": state,
            "label": label,
            "count": count,
            "selected": state in selected_states,
            "link": _state_link(request, state, state in selected_states),
        }
        for state, label, count in selectors.state_counts(counts_qs)
        if count or state in selected_states
    ]
    context = {
        "title": title,
        "heading_help": heading_help,
        "filter": filterset,
        "page": paginate(request, queryset),
        "query_string": query_string(request),
        "state_counts": counts,
        "show_new": show_new,
        "mode": mode,
    }
    return render_page(request, "proposals/proposal_list.html", context)


def index(request):
    """Every proposal the user may open; visitors go to the approved proposals."""
    if not request.user.is_authenticated:
        return redirect("proposals:public")
    return _render_list(
        request,
        selectors.proposal_list(viewer=request.user),
        title=_("طرح‌های پیشنهادی"),
        show_new=True,
    )


@login_required
def mine(request):
    return _render_list(
        request,
        selectors.own_proposals(viewer=request.user),
        title=_("طرح‌های من"),
        show_new=True,
        mode="mine",
    )


@login_required
def screening(request):
    """The guild's screening queue for the provinces where the user is guild staff (national
    staff and admins read every province's; each action on it is checked on its own)."""
    provinces = province_ids_visible_to(request.user, roles=perms.GUILD)
    if provinces is not None and not provinces:
        raise PermissionDenied
    base = selectors.proposal_list(viewer=request.user).filter(state__in=SCREENING_STATES)
    if provinces is not None:
        base = base.filter(province_id__in=provinces)
    return _render_list(
        request,
        base,
        title=_("صف بررسی اولیه"),
        heading_help=_("طرح‌های ارسال‌شده استان شما برای بررسی اولیه و تشکیل پرونده"),
        mode="screening",
    )


def public(request):
    """Approved proposals and their fate; nothing about rejected ones."""
    base = selectors.public_proposals()
    filterset = ProposalFilter(request.GET or None, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return render_page(
        request,
        "proposals/public_list.html",
        {
            "filter": filterset,
            "page": paginate(request, queryset),
            "query_string": query_string(request),
        },
        partial=None,
    )


def public_detail(request, pk: int):
    proposal = selectors.public_proposal_get(pk=pk)
    user = request.user
    organizations = Organization.objects.filter(pk__in=organization_ids_for(user)).order_by("name")
    can_mark = user.is_authenticated and (
        organizations.exists() or Person.objects.filter(user=user).exists()
    )
    return render(
        request,
        "proposals/public_detail.html",
        {
            "proposal": proposal,
            "project_url": selectors.project_url_for(proposal),
            "can_mark_cooperation": can_mark,
            "own_offers": list(own_cooperation_offers(user, proposal)) if can_mark else [],
            "cooperation_form": CooperationForm(organizations=organizations) if can_mark else None,
        },
    )


def statistics(request):
    code = request.GET.get("province", "")
    province = Province.objects.filter(code=code).first() if code else None
    return render(
        request,
        "proposals/statistics.html",
        {
            "stats": selectors.proposal_statistics(province),
            "province": province,
            "provinces": Province.objects.all(),
        },
    )
