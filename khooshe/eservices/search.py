"""E-service search in any spelling, on the database's text index (as the registry does).

The service's ``search_text`` holds the folded keys (:func:`khooshe.persian.text.search_key`,
no spaces) of its name, its description and its agency's name; the query is folded the same
way, so ZWNJ, a space or nothing between word parts, Arabic ي/ك, any digit script,
diacritics and bidi marks do not matter. Every query word must occur as a substring of
``search_text``: words of 3+ characters through the index (SQLite FTS5 trigram ``MATCH`` of
the word as a phrase; PostgreSQL ``LIKE`` on the pg_trgm GIN index), shorter ones checked on
the rows the index found — the registry's own query rules
(:func:`khooshe.registry.search.search_terms`). ``search_rank``: 0 when the folded name holds
the whole query key, 1 otherwise.
"""

from __future__ import annotations

from importlib import import_module

from django.db import connections
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from khooshe.registry.search import MIN_INDEXED, search_terms

FTS_TABLE = "eservices_eservice_fts"
_TRIGGERS = tuple(f"eservices_eservice_fts_{event}" for event in ("ai", "ad", "au"))
_checked: set[str] = set()


def index_install(using: str = "default") -> None:
    """(Re)create the SQLite index and its triggers and rebuild it; idempotent."""
    module = import_module("khooshe.eservices.migrations.0002_search_index")
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in module.SQLITE_CREATE:
            cursor.execute(statement)


def _ensure_sqlite_index(alias: str) -> None:
    if alias in _checked:
        return
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s, %s)",
            list(_TRIGGERS),
        )
        present = cursor.fetchone()[0]
    if present != len(_TRIGGERS):
        index_install(alias)
    _checked.add(alias)


def eservice_search(queryset: QuerySet, q: str | None) -> QuerySet:
    key, words = search_terms(q)
    if not key:
        return queryset
    indexed = [w for w in words if len(w) >= MIN_INDEXED]
    checked = [w for w in words if len(w) < MIN_INDEXED]
    if indexed and connections[queryset.db].vendor == "sqlite":
        _ensure_sqlite_index(queryset.db)
        match = " AND ".join('"{}"'.format(w.replace('"', '""')) for w in indexed)
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        queryset = queryset.filter(pk__in=RawSQL(sql, [match]))  # noqa: S611
    else:
        checked = words
    condition = Q()
    for word in checked:
        condition &= Q(search_text__contains=word)
    return queryset.filter(condition).annotate(
        search_rank=Case(
            When(search_key__contains=key, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
