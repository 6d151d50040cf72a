"""The public directory (htmx search as you type with counts per filter value) and the
small endpoints its forms use."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.views.decorators.vary import vary_on_headers

from khooshe.geo.models import County
from khooshe.registry import selectors
from khooshe.registry.filters import ORDERINGS
from khooshe.registry.search import search_suggestions
from khooshe.registry.views.common import (
    page_size_of,
    query_string,
    request_filters,
)

# --- Directory ------------------------------------------------------------------------------


@vary_on_headers("HX-Request")
def index(request):
    """The public directory. An htmx request (search as you type, a filter click) gets the
    ``results`` partial: the results and the counts per filter value together."""
    filters = request_filters(request)
    memo: dict = {}
    size = page_size_of(request)
    wanted = request.GET.get("page", "")
    wanted = int(wanted) if wanted.isdigit() and int(wanted) > 0 else 1
    window = ((wanted - 1) * size, size)
    facets = selectors.organization_facets(
        filters=filters, viewer=request.user, memo=memo, window=window
    )
    known = selectors.match_count(filters=filters, memo=memo)
    # The counts' statement may have picked this page's records too: then the list itself is
    # not even built.
    rows = selectors.organization_page(
        filters=filters, viewer=request.user, memo=memo, window=window
    )
    page = None
    if rows is not None and known is not None:
        counted = Paginator((), size)
        counted.count = known
        if wanted <= counted.num_pages:
            page = Page(rows, wanted, counted)
    if page is None:
        paginator = Paginator(
            selectors.organization_list(filters=filters, viewer=request.user), size
        )
        if known is not None:  # the facets already counted the matches
            paginator.count = known
        page = paginator.get_page(request.GET.get("page"))
    for facet in facets:
        for value in facet.values:
            value.link = query_string(
                filters, **{facet.name: "" if value.selected else value.value}
            )
    context = {
        "page": page,
        "filters": filters,
        "facets": facets,
        "orderings": ORDERINGS,
        "query_string": query_string(filters),
        "page_size": page_size_of(request),
        "is_staff": selectors.is_verifier(request.user),
    }
    template = "registry/organization_list.html"
    if (
        request.htmx
        and not request.htmx.history_restore_request
        and (request.htmx.target == "results" or not request.htmx.boosted)
    ):
        template += "#results"
    return render(request, template, context)


def counties(request):
    """The ``<option>``s of a province's counties (in the page's language), for the forms'
    county select (htmx)."""
    province = request.GET.get("province", "")
    counties = County.objects.filter(province_id=int(province)) if province.isdigit() else []
    options = format_html('<option value="">{}</option>', "---------") + format_html_join(
        "", '<option value="{}">{}</option>', ((county.pk, county) for county in counties)
    )
    return HttpResponse(options)


def suggest(request):
    """Search-as-you-type suggestions (names and links) as JSON."""
    data = search_suggestions(request.GET.get("q", ""), limit=10)
    response = JsonResponse({"results": data})
    return response
