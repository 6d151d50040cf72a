"""The desk (کارتابل): each signed-in user's list of what waits for their action.

Capabilities add their items with one :func:`register` call in their ``AppConfig.ready``;
nobody builds a desk of their own. A provider returns a :class:`DeskSection` (or None when
the user has nothing of that kind); its ``count`` feeds the header badge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


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


_providers: dict[str, Callable] = {}


def register(key: str, provider: Callable) -> None:
    """``provider(user) -> DeskSection | None``; registering the same key again replaces it."""
    _providers[key] = provider


def desk_for(user) -> list[DeskSection]:
    if not user.is_authenticated:
        return []
    sections = []
    for provider in _providers.values():
        section = provider(user)
        if section is not None and section.count:
            sections.append(section)
    return sections


def desk_count(user) -> int:
    return sum(section.count for section in desk_for(user))
