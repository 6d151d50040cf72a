"""The public directory (htmx search as you type with counts per filter value) and the
small endpoints its forms use."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from khooshe.core.pages import page_size_of, query_string, render_page
from khooshe.geo.models import County
from khooshe.registry import permissions, selectors
from khooshe.registry.filters import DIRECTORY_KEYS, ORDERINGS
from khooshe.registry.search import search_suggestions
from khooshe.registry.views.common import filters_of

#: Result cards per directory page unless ``?page_size=`` says otherwise.
PAGE_SIZE = 20

# --- Directory ------------------------------------------------------------------------------


def index(request):
    """The public directory. An htmx swap of ``#results`` (search as you type, a filter
    click) gets the ``results`` partial: the results and the counts per filter value
    together."""
    filters = filters_of(request, DIRECTORY_KEYS)
    memo: dict = {}
    size = page_size_of(request, PAGE_SIZE)
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
    _link_facet_values(request, facets)
    context = {
        "page": page,
        "filters": filters,
        "facets": facets,
        "orderings": ORDERINGS,
        "query_string": query_string(request),
        "page_size": size,
        "default_page_size": PAGE_SIZE,
        "is_staff": permissions.is_verifier(request.user),
    }
    return render_page(request, "registry/organization_list.html", context)


def _link_facet_values(request, facets) -> None:
    """Each value's link toggles it and keeps the other filters: the query string without the
    facet is built once per facet (a page shows up to 200 values)."""
    for facet in facets:
        others = query_string(request, drop=("page", facet.name))
        for value in facet.values:
            chosen = urlencode({facet.name: value.value})
            value.link = others if value.selected else "&".join(filter(None, [others, chosen]))


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
