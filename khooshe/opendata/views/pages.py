"""The catalogue page (search in any spelling, licence, last update, downloads) and each
dataset's page with its data dictionary."""

from __future__ import annotations

from khooshe.core.pages import paginate, query_string, render_page
from khooshe.opendata import selectors

PAGE_SIZE = 25


def index(request):
    query = request.GET.get("q", "").strip()
    datasets = selectors.dataset_search(query)
    page = paginate(request, datasets, PAGE_SIZE)
    context = {
        "query": query,
        "page": page,
        "entries": selectors.catalogue(list(page.object_list)),
        "total": len(datasets),
        "query_string": query_string(request),
    }
    return render_page(request, "opendata/index.html", context, partial="results")


def detail(request, slug: str):
    dataset = selectors.dataset_get(slug=slug)
    counts = selectors.download_counts_by_format(slug)
    context = {
        "dataset": dataset,
        "state": selectors.dataset_state(dataset),
        "downloads": sum(counts.values()),
        "counts": counts,
        "has_suppressed": any(c.suppress for c in dataset.columns),
    }
    return render_page(request, "opendata/detail.html", context, partial=None)
