"""Organization search in any spelling, on the database's own text index.

Both the records and the query go through :mod:`khooshe.persian.text`'s fold, so ZWNJ, space
or nothing between word parts, Arabic or Persian letters, any digit script, diacritics,
kashida and bidi controls do not matter. ``Organization.search_text`` holds the folded keys
(no spaces) of the name, the English name, the aliases and the description; ``search_key`` the folded name.

Semantics of :func:`organization_search`:

* every query word must occur as a substring of ``search_text`` — words in any order, a word
  typed in part matches, and «کسب و کار» finds «کسب‌وکار» because «کسب», «و», «کار» are each
  substrings of «کسبوکار». One-letter words are dropped when the query has longer ones (they
  would match almost everything); words contained in other query words are dropped too.
* words of 3+ characters go through the index (SQLite FTS5 trigram ``MATCH`` of the word as a
  phrase; PostgreSQL pg_trgm GIN under ``LIKE``); shorter words are checked on the rows the
  index found. A query with no word of 3+ characters uses its whole key (spaces removed) when
  that has 3+ characters («ای را» → «ایرا»); a two-letter query matches organizations whose
  *name* contains it (trigram indexes cannot serve it: both databases keep an index of the
  name's bigrams); a one-letter query, names starting with it.
* ``search_rank``: 0 the folded name equals the query key, 1 the name starts with it, 2 the
  name contains every word, 3 the match is elsewhere (English name, description). Order by
  ``("search_rank", "name")``.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.db import connections
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from khooshe.persian.aliases import alias_keys
from khooshe.persian.text import search_key, search_words
from khooshe.registry.models import Organization

__all__ = [
    "FTS_TABLE",
    "key_search",
    "organization_search",
    "search_fields",
    "search_index_install",
    "search_suggestions",
    "search_terms",
]

FTS_TABLE = "registry_organization_fts"
#: Shortest string the trigram indexes can look up.
MIN_INDEXED = 3


def search_terms(q: str | None) -> tuple[str, list[str]]:
    """(the query key, the words to match) — see the module docstring for the rules."""
    key = search_key(q or "")[:255]
    words = list(dict.fromkeys(search_words(q or "")))
    if any(len(word) >= 2 for word in words):
        words = [word for word in words if len(word) >= 2]
    # A word inside another query word adds nothing: «نرم» next to «نرمافزار».
    words = [w for w in words if not any(w != other and w in other for other in words)]
    if key and not any(len(word) >= MIN_INDEXED for word in words) and len(key) >= MIN_INDEXED:
        # Only short words: look the joined key up in the index, keep the words as checks.
        words = [key, *[w for w in words if w not in key]]
    return key, words


def _vendor(queryset: QuerySet) -> str:
    return connections[queryset.db].vendor


_SQLITE_TRIGGERS = tuple(
    f"registry_organization_{index}_{event}"
    for index in ("fts", "bigram")
    for event in ("ai", "ad", "au")
)
_checked_aliases: set[str] = set()


def _ensure_sqlite_index(alias: str) -> None:
    """Once per process and database: put the triggers back (and rebuild the index) when a
    migration that remade ``registry_organization`` dropped them."""
    if alias in _checked_aliases:
        return
    with connections[alias].cursor() as cursor:
        placeholders = ", ".join(["%s"] * len(_SQLITE_TRIGGERS))
        cursor.execute(
            f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({placeholders})",  # noqa: S608
            list(_SQLITE_TRIGGERS),
        )
        present = cursor.fetchone()[0]
    if present != len(_SQLITE_TRIGGERS):
        search_index_install(alias)
    _checked_aliases.add(alias)


def _indexed_filter(queryset: QuerySet, words: list[str], candidates: int | None) -> QuerySet:
    vendor = _vendor(queryset)
    limit = f" LIMIT {int(candidates)}" if candidates else ""
    if vendor == "sqlite":
        _ensure_sqlite_index(queryset.db)
        # Each word as an FTS5 phrase of its trigrams: a substring match answered by the
        # index alone (folded words hold only letters and digits, never a quote).
        match = " AND ".join('"{}"'.format(word.replace('"', '""')) for word in words)
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s{limit}"  # noqa: S608
        return queryset.filter(pk__in=RawSQL(sql, [match]))  # noqa: S611
    # PostgreSQL: LIKE '%word%' on the pg_trgm GIN index; elsewhere: a plain scan.
    matching = Q()
    for word in words:
        matching &= Q(search_text__contains=word)
    if candidates:  # the first hits, in no order (an order would read them all)
        hits = queryset.model.objects.filter(matching).order_by().values("pk")[:candidates]
        return queryset.filter(pk__in=hits)
    return queryset.filter(matching)


def _name_contains_filter(queryset: QuerySet, key: str, candidates: int | None) -> QuerySet:
    """A two-letter query: the folded name contains it. Trigram indexes cannot serve it;
    an index of the name's bigrams can (PostgreSQL: GIN over an array; SQLite: a table kept
    by triggers)."""
    table = queryset.model._meta.db_table
    limit = f" LIMIT {int(candidates)}" if candidates else ""
    if _vendor(queryset) == "postgresql":
        sql = f'SELECT id FROM "{table}" WHERE registry_bigrams(search_key) @> ARRAY[%s]::text[]'  # noqa: S608
        return queryset.filter(pk__in=RawSQL(sql + limit, [key]))  # noqa: S611
    if _vendor(queryset) == "sqlite":
        _ensure_sqlite_index(queryset.db)
        sql = f"SELECT organization_id FROM registry_organization_bigram WHERE gram = %s{limit}"  # noqa: S608
        return queryset.filter(pk__in=RawSQL(sql, [key]))  # noqa: S611
    return queryset.filter(search_key__contains=key)


def organization_search(
    queryset: QuerySet, q: str | None, *, candidates: int | None = None
) -> QuerySet:
    """Keep the organizations matching every word of ``q`` in any spelling; annotate
    ``search_rank`` (0 exact name, 1 name prefix, 2 name contains, 3 elsewhere).

    ``candidates`` (search as you type) looks at only the first that many index hits."""
    key, words = search_terms(q)
    if not key:
        return queryset.annotate(search_rank=Value(3, output_field=IntegerField()))
    indexed = [word for word in words if len(word) >= MIN_INDEXED]
    checked = [word for word in words if len(word) < MIN_INDEXED]
    if indexed:
        queryset = _indexed_filter(queryset, indexed, candidates)
        for word in checked:
            queryset = queryset.filter(search_text__contains=word)
    elif len(key) == 1:  # one letter: names starting with it
        queryset = queryset.filter(
            pk__in=_name_prefix(queryset.model.objects.all(), key).values("pk")
        )
    else:
        queryset = _name_contains_filter(queryset, key, candidates)
    name_has_words = Q()
    for word in words:
        name_has_words &= Q(search_key__contains=word)
    rank = Case(
        When(search_key=key, then=Value(0)),
        When(search_key__startswith=key, then=Value(1)),
        When(name_has_words, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return queryset.annotate(search_rank=rank)


def key_search(queryset: QuerySet, q: str) -> QuerySet:
    """Records whose folded name (``search_key``) contains every word of ``q``: people and
    clusters, lists short enough to need no text index."""
    for word in search_words(q):
        queryset = queryset.filter(search_key__contains=word)
    return queryset


def _name_prefix(queryset: QuerySet, key: str) -> QuerySet:
    """The folded name starts with ``key``, in folded-name order (the exact match first: a
    string sorts before its extensions) — a range read in order from a B-tree in code-point
    order: SQLite's BINARY ``search_key`` index, PostgreSQL's ``search_key COLLATE "C"``."""
    upper = key + "\U0010ffff"
    if _vendor(queryset) == "postgresql":
        return (
            queryset.alias(search_key_c=Collate("search_key", "C"))
            .filter(search_key_c__gte=key, search_key_c__lt=upper)
            .order_by("search_key_c", "id")
        )
    return queryset.filter(search_key__gte=key, search_key__lt=upper).order_by("search_key", "id")


@cache
def _url_pattern() -> str:
    for name in ("registry:organization", "registry:organization_detail"):
        try:
            return reverse(name, args=[987654321]).replace("987654321", "{}")
        except NoReverseMatch:
            continue
    return "/registry/organizations/{}/"


#: How many index hits search-as-you-type ranks beyond the name-prefix matches.
SUGGESTION_CANDIDATES = 300


def search_suggestions(q: str | None, *, limit: int = 10, viewer=None) -> list[dict]:
    """Search-as-you-type: the best ``limit`` public, unmerged organizations for ``q``
    as ``{id, name, kind, county, url}`` (kind is its label). The same for every ``viewer``
    (accepted for symmetry with the selectors): hidden records never show in suggestions.

    Two steps, each bounded whatever the data: names starting with the query (the exact name
    first, then in folded-name order) from the ``search_key`` B-tree; then, when those are
    fewer than ``limit``, the other matches among the first :data:`SUGGESTION_CANDIDATES`
    index hits, ranked (name contains before description) and by name."""
    key, _words = search_terms(q)
    if not key:
        return []
    public = Organization.objects.filter(is_public=True, merged_into__isnull=True)
    county_name = "county__name_en" if (get_language() or "fa").startswith("en") else "county__name"
    fields = ("id", "name", "kind", county_name)
    rows = list(_name_prefix(public, key).values_list(*fields)[:limit])
    if len(rows) < limit:
        seen = [row[0] for row in rows]
        others = (
            organization_search(public, q, candidates=SUGGESTION_CANDIDATES)
            .exclude(pk__in=seen)
            .order_by("search_rank", "name", "id")
            .values_list(*fields)[: limit - len(rows)]
        )
        rows.extend(others)
    kinds = dict(Organization.Kind.choices)
    pattern = _url_pattern()
    return [
        {
            "id": pk,
            "name": name,
            "kind": str(kinds.get(kind, kind)),
            "county": county or "",
            "url": pattern.format(pk),
        }
        for pk, name, kind, county in rows
    ]


def search_index_install(using: str = "default") -> None:
    """(Re)create the text index and its triggers and rebuild it, and the counts' indexes
    of ``0004_facet_indexes`` and ``0005_rank_cover`` — idempotent. Needed after a migration
    that remakes ``registry_organization`` on SQLite (which drops triggers and indexes)."""
    module = import_module("khooshe.registry.migrations.0002_search_index")
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [FTS_TABLE])
            row = cursor.fetchone()
            if row and "detail=full" not in row[0]:  # an index of an earlier layout
                for statement in module.SQLITE_DROP:
                    cursor.execute(statement)
    facet_indexes = import_module("khooshe.registry.migrations.0004_facet_indexes")
    rank_cover = import_module("khooshe.registry.migrations.0005_rank_cover")
    statements = {
        "sqlite": [*module.SQLITE_CREATE, *facet_indexes.BOTH, *rank_cover.SQLITE_CREATE],
        "postgresql": [*module.POSTGRES_CREATE, *facet_indexes.POSTGRES_CREATE],
    }.get(connection.vendor, [])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'registry_organization'"
            )
            present = {name for (name,) in cursor.fetchall()}
            statements = [s for s in statements if not any(n in s for n in present)]
        for statement in statements:
            cursor.execute(statement)


def search_fields(
    name: str, name_en: str = "", description: str = "", *, aliases: str = ""
) -> dict[str, str]:
    """``search_key`` and ``search_text`` for an organization's texts — what
    ``services.organization_refresh_search`` stores, and what bulk writes (import, generator)
    use. The aliases (:mod:`khooshe.persian.aliases`) are in ``search_text``, so «نصر» finds the
    guild whose aliases name it."""
    keys = [search_key(name), search_key(name_en), *alias_keys(aliases), search_key(description)]
    return {"search_key": keys[0][:255], "search_text": " ".join(filter(None, keys))}
