"""Reads of the catalogue: which datasets match a search, when each last changed, how often
each was downloaded.

The datasets are a registry in code (:mod:`khooshe.opendata.datasets`), so searching them is a
walk over a few dozen entries with the folded key of :mod:`khooshe.persian.text` (any spelling:
ی/ي, ک/ك, with or without the zero-width non-joiner, Persian or Latin digits). The state of
every dataset (newest change, row count: one aggregate query each) is cached for
:data:`STATE_SECONDS`; downloads and the data package read it fresh.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Sum
from django.http import Http404

from khooshe.opendata.datasets import DATASETS, get_dataset
from khooshe.opendata.models import DownloadCount
from khooshe.opendata.schema import Dataset, DatasetState
from khooshe.persian.text import search_key, search_words

#: How long the catalogue's figures (last update, rows) may be old.
STATE_SECONDS = 60
_STATE_KEY = "opendata:state:{slug}"


@dataclass(frozen=True)
class Entry:
    """A dataset as the catalogue shows it."""

    dataset: Dataset
    state: DatasetState
    downloads: int


def dataset_get(*, slug: str) -> Dataset:
    dataset = get_dataset(slug)
    if dataset is None:
        raise Http404
    return dataset


def dataset_state(dataset: Dataset, *, fresh: bool = False) -> DatasetState:
    key = _STATE_KEY.format(slug=dataset.slug)
    state = None if fresh else cache.get(key)
    if state is None:
        state = dataset.state()
        cache.set(key, state, STATE_SECONDS)
    return state


def dataset_search(query: str = "") -> list[Dataset]:
    """Datasets whose titles, descriptions, capability or keywords (in either language) hold
    every word of ``query``, in any spelling; all of them for an empty query."""
    words = [search_key(word) for word in search_words(query)]
    datasets = list(DATASETS.values())
    if not words:
        return datasets
    return [d for d in datasets if all(w in search_key(d.search_text()) for w in words)]


def download_counts(slugs=None) -> dict[str, int]:
    """Downloads per dataset, every format together (one query)."""
    rows = DownloadCount.objects.order_by()
    if slugs is not None:
        rows = rows.filter(dataset__in=list(slugs))
    return {
        row["dataset"]: row["total"] for row in rows.values("dataset").annotate(total=Sum("count"))
    }


def download_counts_by_format(slug: str) -> dict[str, int]:
    return dict(DownloadCount.objects.filter(dataset=slug).values_list("format", "count"))


def catalogue(datasets: list[Dataset]) -> list[Entry]:
    counts = download_counts(d.slug for d in datasets)
    return [Entry(d, dataset_state(d), counts.get(d.slug, 0)) for d in datasets]
