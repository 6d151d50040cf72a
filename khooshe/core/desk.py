"""The desk (کارتابل): each signed-in user's list of what waits for their action.

Capabilities add their kinds of items with one :func:`register` call in their
``AppConfig.ready``; nobody builds a desk of their own. A source names a queryset of what
waits for a user (or None when the user holds no role it concerns) and how one row reads as
a :class:`DeskItem`. The desk page reads the first rows of each; the header badge only
counts them — one ``COUNT`` per source — and keeps the total per user for
:data:`COUNT_CACHE_SECONDS`, so a signed-in page does not pay for the desk. A change that
moves a record (:func:`khooshe.core.workflow.apply_transition`) calls :func:`changed`, which
starts every user's count afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import QuerySet

COUNT_CACHE_SECONDS = 60
ITEMS_PER_SECTION = 10
_GENERATION_KEY = "desk:generation"


@dataclass(frozen=True)
class DeskItem:
    title: str
    url: str
    detail: str = ""
    due_on: object = None  # a date, shown in Jalali
    overdue: bool = False


@dataclass(frozen=True)
class DeskSection:
    key: str
    title: str
    count: int
    items: Sequence[DeskItem] = field(default_factory=tuple)
    url: str = ""


@dataclass(frozen=True)
class DeskSource:
    key: str
    title: str
    pending: Callable[[object], QuerySet | None]
    item: Callable[[object], DeskItem]
    url: Callable[[], str] | str = ""

    def link(self) -> str:
        return self.url() if callable(self.url) else self.url


_sources: dict[str, DeskSource] = {}


def register(
    key: str,
    *,
    title: str,
    pending: Callable[[object], QuerySet | None],
    item: Callable[[object], DeskItem],
    url: Callable[[], str] | str = "",
) -> None:
    """``pending(user)``: the rows waiting for ``user``, in the order to show them, or None;
    ``item(row)``: how a row reads; ``url``: the full list (a callable is reversed lazily).
    Registering the same key again replaces it."""
    _sources[key] = DeskSource(key=key, title=title, pending=pending, item=item, url=url)


def desk_for(user, *, limit: int = ITEMS_PER_SECTION) -> list[DeskSection]:
    """The desk page: every non-empty section with its count and first ``limit`` items."""
    if not user.is_authenticated:
        return []
    sections = []
    for source in _sources.values():
        queryset = source.pending(user)
        if queryset is None:
            continue
        rows = list(queryset[: limit + 1])
        count = len(rows) if len(rows) <= limit else queryset.count()
        if not count:
            continue
        sections.append(
            DeskSection(
                key=source.key,
                title=source.title,
                count=count,
                items=[source.item(row) for row in rows[:limit]],
                url=source.link(),
            )
        )
    return sections


def _count_key(user) -> str:
    return f"desk:count:{user.pk}:{cache.get_or_set(_GENERATION_KEY, 1, None)}"


def desk_count(user) -> int:
    """The header badge: what waits for ``user`` in all sections, cached briefly."""
    if not user.is_authenticated:
        return 0
    key = _count_key(user)
    count = cache.get(key)
    if count is None:
        count = 0
        for source in _sources.values():
            queryset = source.pending(user)
            if queryset is not None:
                count += queryset.count()
        cache.set(key, count, COUNT_CACHE_SECONDS)
    return count


def changed() -> None:
    """Something that may wait on a desk changed: recount every user's badge."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:  # the generation expired or was never set
        cache.set(_GENERATION_KEY, 2, None)
