"""What was said about an indicator, beside what the records say.

Another capability (the public record of officials' statements) registers a source here:
``register_statement_source(fn)`` where ``fn(indicator_slug, province_id)`` returns a list of
``(text, value, source_title, source_url, date)``. The indicator page shows every statement
every registered source returns, beside the computed value. A failing source is left out of
the page (and logged), never the page itself.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

logger = logging.getLogger(__name__)

StatementSource = Callable[[str, int | None], list[tuple]]
_SOURCES: list[StatementSource] = []


@dataclass(frozen=True)
class Statement:
    text: str
    value: Decimal | int | float | None
    source_title: str
    source_url: str
    date: datetime.date | None


def register_statement_source(fn: StatementSource) -> StatementSource:
    """Register ``fn`` (once; registering it again changes nothing). Usable as a decorator."""
    if fn not in _SOURCES:
        _SOURCES.append(fn)
    return fn


def unregister_statement_source(fn: StatementSource) -> None:
    if fn in _SOURCES:
        _SOURCES.remove(fn)


def statements_for(indicator_slug: str, province_id: int | None) -> list[Statement]:
    found: list[Statement] = []
    for source in list(_SOURCES):
        try:
            items = source(indicator_slug, province_id) or []
        except Exception:  # a broken source must not take the indicator page down
            logger.exception("statement source %r failed", source)
            continue
        for text, value, title, url, date in items:
            found.append(Statement(str(text), value, str(title), str(url or ""), date))
    found.sort(key=lambda s: s.date or datetime.date.min, reverse=True)
    return found
