"""The public catalogue (per province, search in any spelling, filters with counts) and the
page of one service."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from khooshe.core.pages import query_string, render_page
from khooshe.eservices import permissions, selectors
from khooshe.eservices.forms import TransactionsForm
from khooshe.eservices.models import EService
from khooshe.eservices.services import STATUS_MACHINE
from khooshe.geo.models import Province
from khooshe.history.views import render_history

PAGE_SIZE = 20


def index(request):
    """The catalogue: every service the viewer may see (the public: planned and live),
    filtered by province, agency, channel, maturity and audience, searched in any spelling,
    with counts per filter value. An htmx swap of ``#results`` gets the results only."""
    filters = request.GET
    filterset, _qs = selectors.apply_filters(filters, selectors.eservices_visible_to(request.user))
    province_code = (filters.get("province") or "").strip()
    provinces = list(Province.objects.order_by("name"))
    province = next((p for p in provinces if p.code.lower() == province_code.lower()), None)
    facets, total = selectors.catalogue_counts(viewer=request.user, filters=filters)
    paginator = Paginator(selectors.eservice_list(viewer=request.user, filters=filters), PAGE_SIZE)
    paginator.count = total  # counted with the facets: no second COUNT
    page = paginator.get_page(request.GET.get("page"))
    facet_links = {
        key: [
            (
                value,
                "?" + query_string(request, **{key: "" if value.selected else value.value}),
            )
            for value in values
        ]
        for key, values in facets.items()
    }
    context = {
        "filterset": filterset,
        "page": page,
        "facets": facet_links,
        "province": province,
        "provinces": provinces,
        "query_string": query_string(request),
        "represents": bool(permissions.represented_agency_ids(request.user)),
    }
    return render_page(request, "eservices/index.html", context, partial="results")


def detail(request, pk: int):
    eservice = selectors.eservice_get(viewer=request.user, pk=pk)
    return render_detail(request, eservice)


def render_detail(request, eservice: EService, *, transactions_form=None, status: int = 200):
    can_edit = permissions.can_edit_eservice(request.user, eservice)
    if can_edit and transactions_form is None:
        transactions_form = TransactionsForm()
    actions = (
        [(t.action, t.label) for t in STATUS_MACHINE.allowed_actions(eservice.status)]
        if can_edit
        else []
    )
    return render(
        request,
        "eservices/detail.html",
        {
            "eservice": eservice,
            "can_edit": can_edit,
            "transactions_form": transactions_form if can_edit else None,
            "actions": actions,
            "can_review": permissions.can_review_agency(request.user, eservice.agency),
        },
        status=status,
    )


def history(request, pk: int):
    eservice = selectors.eservice_get(viewer=request.user, pk=pk)
    return render_history(
        request, eservice, back_url=reverse("eservices:detail", args=[pk]), title=eservice.name
    )
