"""Counts per filter value for the directory (facets): each count ignores its own filter so
the other values stay visible, in a fixed number of queries whatever the data or page size.

The records a search finds come from the database's text index, in one statement that also
picks the page in relevance order; which of them have each filter value comes from the
registry's bitmap index (:mod:`khooshe.registry.bitmaps`), so every count is the cardinality
of an intersection, whatever the number of matches."""

from __future__ import annotations

import hashlib
import sys
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connections
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from pyroaring import BitMap

from khooshe.accounts.permissions import (
    organization_ids_for,
    province_ids_visible_to,
)
from khooshe.geo.models import County, Province
from khooshe.persian.text import search_words
from khooshe.registry import bitmaps
from khooshe.registry.filters import FACET_NAMES, capability_path_of
from khooshe.registry.models import (
    Capability,
    Cluster,
    Organization,
    Sector,
)
from khooshe.registry.search import organization_search
from khooshe.registry.visibility import organizations_visible_to


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    depth: int = 0
    selected: bool = False
    link: str = ""  # the query string that toggles this value (set by the page)


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)

    @property
    def selected(self) -> FacetValue | None:
        return next((v for v in self.values if v.selected), None)


FACET_LABELS = {
    "kind": _("نوع"),
    "province": _("استان"),
    "county": _("شهرستان"),
    "capability": _("توانمندی"),
    "sector": _("بخش خدمت‌گیرنده"),
    "guild_member": _("عضویت نصر"),
    "knowledge_based": _("دانش‌بنیان"),
    "verified": _("تأیید نظام صنفی"),
    "cluster": _("خوشه"),
}
BOOLEAN_FACETS = {
    "guild_member": _("عضو معتبر نصر"),
    "knowledge_based": _("دانش‌بنیان"),
    "verified": _("تأییدشده"),
}


TAXONOMY_CACHE_SECONDS = 60


def _cached(key: str, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TAXONOMY_CACHE_SECONDS)
    return value


FACET_CACHE_SECONDS = 60
#: Computed once per statement however often it is read (SQLite 3.35+, PostgreSQL 12+).
_MAT = "MATERIALIZED"


def _visibility_signature(viewer) -> str:
    """Viewers with the same signature see the same organizations."""
    if not getattr(viewer, "is_authenticated", False):
        return "public"
    provinces = province_ids_visible_to(viewer)
    if provinces is None:
        return "all"
    owned = organization_ids_for(viewer)
    return "p" + ",".join(map(str, sorted(provinces))) + "o" + ",".join(map(str, sorted(owned)))


def _match_key(filters: Mapping[str, str], without: Iterable[str] = ()) -> tuple:
    skip = {*without, "page", "ordering", "page_size"}
    return tuple(sorted((k, v) for k, v in filters.items() if k not in skip))


def match_count(*, filters: Mapping[str, str], memo: dict) -> int | None:
    """How many records match every filter, when the facets already read their ids."""
    entry = memo.get(_match_key(filters))
    return entry[1] if entry else None


GENERATION_KEY = "registry:facets:generation"


def facets_changed() -> None:
    """Forget every cached count: the services call this after a write that changes what the
    counts count (bulk writers should too; otherwise counts are at most a minute old)."""
    bitmaps.next_generation(GENERATION_KEY)


def organization_facets(
    *,
    filters: Mapping[str, str],
    viewer,
    memo: dict | None = None,
    window: tuple[int, int] | None = None,
) -> list[Facet]:
    """Counts per filter value, each ignoring its own filter so the other values stay
    visible, in a fixed number of queries whatever the data. Kept for a minute per filter set
    and visibility (search as you type repeats itself); any registry write clears them.

    ``window`` (offset, size): when the counts are computed and the page is ordered by
    relevance over the same records, the same statement also picks that page's ids (see
    :func:`page_ids`), so the page does not search again."""
    digest = hashlib.sha1(repr(_match_key(filters)).encode()).hexdigest()  # noqa: S324
    generation = cache.get(GENERATION_KEY, 0)
    key = f"registry:facets3:{generation}:{_visibility_signature(viewer)}:{get_language()}:{digest}"
    memo = {} if memo is None else memo
    page_key = ("page", _match_key(filters), tuple(window) if window else None)
    cached = cache.get(key)
    if cached is None:
        facets, total = _facets_and_total(filters=filters, viewer=viewer, memo=memo, window=window)
        # The page's ids are kept with the counts (the same records, in relevance order):
        # search as you type repeating itself then needs no search at all. The page still
        # reads them through the visibility filter.
        pages = {page_key[2]: memo[page_key]} if page_key in memo else {}
        cache.set(key, (facets, total, pages), FACET_CACHE_SECONDS)
    else:
        facets, total, pages = cached
        if page_key[2] in pages and _relevance_window(filters, window):
            memo[page_key] = pages[page_key[2]]
    memo[_match_key(filters)] = (None, total)  # the page's count, kept with the counts
    return facets


def page_ids(*, filters: Mapping[str, str], memo: dict, window: tuple[int, int]) -> list | None:
    """The ids of the page ``window`` (offset, size) in relevance order, when the counts'
    statement picked them (else None: the page runs its own query)."""
    return memo.get(("page", _match_key(filters), tuple(window)))


def _relevance_window(filters: Mapping[str, str], window) -> bool:
    """The page is the search's records in relevance order, no other filter chosen: the
    counts' statement picks it."""
    return bool(
        window
        and filters.get("ordering") in (None, "", "relevance")
        and search_words(filters.get("q", ""))
        and not any(filters.get(name) not in (None, "") for name in FACET_NAMES)
    )


def _visible(index, viewer):
    """The bitmap of :func:`~khooshe.registry.visibility.organization_visibility_q`."""
    if not getattr(viewer, "is_authenticated", False):
        return index.public
    provinces = province_ids_visible_to(viewer)
    if provinces is None:
        return index.listed
    visible = index.public | index.any_of("province", provinces)
    owned = organization_ids_for(viewer)
    if owned:
        visible |= BitMap(owned) & index.listed
    return visible


def _search_matches(filters, viewer, window) -> tuple[BitMap | None, list[int] | None]:
    """(the visible records matching ``q``, or None without search words; the page's ids in
    relevance order when :func:`_relevance_window`, else None) — one statement."""
    if not search_words(filters.get("q", "")):
        return None, None
    matches = organization_search(organizations_visible_to(viewer), filters["q"]).order_by()
    with_page = _relevance_window(filters, window)
    columns = ["pk", "search_rank", "name"] if with_page else ["pk"]
    sql, params = matches.values_list(*columns).query.sql_with_params()
    connection = connections[matches.db]
    ids = _INT4_IDS if connection.vendor == "postgresql" else _TEXT_IDS
    names = "id, search_rank, name" if with_page else "id"
    statement = f"WITH t ({names}) AS {_MAT} ({sql}) SELECT 0, {ids.joined} FROM t"  # noqa: S608
    if with_page:
        offset, size = (int(n) for n in window)
        # The page in relevance order, numbered (UNION ALL promises no order).
        statement += (
            " UNION ALL SELECT ROW_NUMBER() OVER (ORDER BY search_rank, name, id), "  # noqa: S608
            f"{ids.one} FROM (SELECT id, search_rank, name FROM t "
            f"ORDER BY search_rank, name, id LIMIT {size} OFFSET {offset}) w"
        )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = sorted(cursor.fetchall(), key=lambda row: row[0])
    joined = rows[0][1] if rows and rows[0][0] == 0 else None
    found = BitMap(ids.unpack(joined)) if joined else BitMap()
    page = [ids.unpack(pk)[0] for number, pk in rows if number] if with_page else None
    return found, page


@dataclass(frozen=True)
class _IdTransfer:
    """How the statement sends ids: all of them in one value (one row to fetch instead of one
    per match), and one page id per row."""

    joined: str
    one: str
    unpack: Callable[[object], Sequence[int]]


def _unpack_int4(value) -> array:
    ids = array("I")
    ids.frombytes(bytes(value))
    if sys.byteorder == "little":
        ids.byteswap()  # int4send writes network (big-endian) order
    return ids


# 4 bytes per id (the bitmaps hold 32-bit ids anyway): parsing 15,000 decimal ids took 1.5 ms
# more than unpacking them.
_INT4_IDS = _IdTransfer(
    "string_agg(int4send(CAST(id AS integer)), ''::bytea)",
    "int4send(CAST(id AS integer))",
    _unpack_int4,
)
_TEXT_IDS = _IdTransfer(
    "group_concat(id)", "CAST(id AS TEXT)", lambda value: [int(n) for n in value.split(",")]
)


def _subtree(tree, path: str | None) -> list[int]:
    """Ids of the capability at ``path`` and of every capability below it."""
    return [
        pk
        for pk, _slug, _name, p, _parent in tree
        if path and (p == path or p.startswith(path + "/"))
    ]


def _selected(index, filters: Mapping[str, str], provinces, tree, sectors) -> dict[str, BitMap]:
    """Each chosen filter as the bitmap of the records it keeps; a value the FilterSet would
    drop as invalid is left out, one naming nothing keeps nothing."""
    chosen: dict[str, BitMap] = {}
    value = {name: str(filters.get(name) or "").strip() for name in FACET_NAMES}
    if value["kind"] in dict(Organization.Kind.choices):
        chosen["kind"] = index.get("kind", value["kind"])
    if value["province"]:
        codes = {code: pk for pk, (code, _name) in provinces.items()}
        chosen["province"] = index.get("province", codes.get(value["province"].upper()))
    if value["county"].isdigit():
        chosen["county"] = index.get("county", int(value["county"]))
    if value["capability"]:
        subtree = _subtree(tree, capability_path_of(value["capability"]))
        chosen["capability"] = index.any_of("capability", subtree)
    if value["sector"]:
        wanted = [pk for pk, (slug, _name) in sectors.items() if value["sector"] in (slug, str(pk))]
        chosen["sector"] = index.any_of("sector", wanted)
    flags = {
        "guild_member": index.guild_member,
        "knowledge_based": index.knowledge_based,
        "verified": index.verified,
    }
    for name, bitmap in flags.items():
        if value[name] == "true":
            chosen[name] = bitmap
        elif value[name] == "false":
            chosen[name] = index.listed - bitmap
    if value["cluster"].isdigit():
        chosen["cluster"] = index.get("cluster", int(value["cluster"]))
    return chosen


def _facets_and_total(
    *,
    filters: Mapping[str, str],
    viewer,
    memo: dict | None = None,
    window: tuple[int, int] | None = None,
) -> tuple[list[Facet], int]:
    """Exact counts: the search's records (one statement, which also picks the relevance
    page) intersected with the bitmaps of every chosen filter but the facet's own, then with
    each value's bitmap."""
    memo = {} if memo is None else memo
    chosen_text = {k: str(v) for k, v in filters.items() if v not in (None, "")}
    provinces = _cached(
        "registry:provinces",
        lambda: {
            pk: (code, name)
            for pk, code, name in Province.objects.values_list("pk", "code", "name")
        },
    )
    tree = _cached(
        "registry:capability-tree",
        lambda: [
            (c.pk, c.slug, c.name, c.path, c.parent_id)
            for c in Capability.objects.only("id", "slug", "name", "path", "parent_id")
        ],
    )
    sector_names = _cached(
        "registry:sectors",
        lambda: {
            pk: (slug, name) for pk, slug, name in Sector.objects.values_list("pk", "slug", "name")
        },
    )
    found, page = _search_matches(filters, viewer, window)
    index = bitmaps.current()
    matching = _visible(index, viewer)
    if found is not None:
        matching = matching & found
    chosen = _selected(index, filters, provinces, tree, sector_names)

    def base(without: str) -> BitMap:
        others = [bitmap for name, bitmap in chosen.items() if name != without]
        return BitMap.intersection(matching, *others) if others else matching

    def counted(name: str, values) -> list[tuple[object, int]]:
        """(value, count) of ``values`` (value → bitmap), for the records matching every
        filter but ``name``."""
        records = base(name)
        return [(value, records.intersection_cardinality(bitmap)) for value, bitmap in values]

    facets: list[Facet] = []

    def add(name: str, rows) -> None:
        facet = Facet(name=name, label=FACET_LABELS[name])
        for value, label, count, *depth in rows:
            if value in (None, "") or not count:
                continue
            facet.values.append(
                FacetValue(
                    value=str(value),
                    label=str(label),
                    count=count,
                    depth=depth[0] if depth else 0,
                    selected=chosen_text.get(name) == str(value),
                )
            )
        facets.append(facet)

    kinds = dict(Organization.Kind.choices)
    add(
        "kind",
        sorted(
            ((k, kinds.get(k, k), n) for k, n in counted("kind", index.kind.items())),
            key=lambda r: -r[2],
        ),
    )

    def by_value(name: str, known: dict) -> list[tuple[str, str, int]]:
        """(value, label, count) of facet ``name``'s ids that ``known`` (id → (value, label))
        names, in value order."""
        counts = counted(name, getattr(index, name).items())
        return sorted((*known[pk], n) for pk, n in counts if pk in known)

    add("province", by_value("province", provinces))
    top_counties = sorted(
        ((pk, n) for pk, n in counted("county", index.county.items()) if n), key=lambda r: -r[1]
    )[:40]
    county_names = _cached(
        "registry:county-names", lambda: dict(County.objects.values_list("pk", "name"))
    )
    add("county", [(pk, county_names.get(pk, pk), n) for pk, n in top_counties])
    capability_counts = dict(
        counted(
            "capability",
            ((pk, index.any_of("capability", _subtree(tree, path))) for pk, *_x, path, _p in tree),
        )
    )
    add(
        "capability",
        [(slug, name, capability_counts[pk], path.count("/")) for pk, slug, name, path, _p in tree],
    )
    add("sector", by_value("sector", sector_names))
    for name, label in BOOLEAN_FACETS.items():
        records = base(name)
        yes = records.intersection_cardinality(getattr(index, name))
        add(name, [("true", label, yes), ("false", _("خیر"), len(records) - yes)])
    cluster_names = _cached(
        "registry:clusters", lambda: dict(Cluster.objects.values_list("pk", "name"))
    )
    clusters = sorted(
        (
            (pk, cluster_names[pk], n)
            for pk, n in counted("cluster", index.cluster.items())
            if n and pk in cluster_names
        ),
        key=lambda r: (-r[2], r[1]),
    )[:30]
    add("cluster", clusters)
    total = len(base(""))
    if page is not None:
        offset, size = (int(n) for n in window)
        memo[("page", _match_key(filters), (offset, size))] = page
    return facets, total
