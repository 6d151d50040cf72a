"""Counts per filter value for the directory (facets): each count ignores its own filter so
the other values stay visible, in a fixed number of queries whatever the data or page size."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.permissions import (
    organization_ids_for,
    province_ids_for,
)
from khooshe.geo.models import County, Province
from khooshe.registry.filters import (
    OrganizationFilter,
    knowledge_based_q,
    valid_membership_q,
)
from khooshe.registry.models import (
    Capability,
    Cluster,
    Organization,
    Sector,
)
from khooshe.registry.selectors import apply_filters, organizations_visible_to


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
    "guild_member": (valid_membership_q, _("عضو معتبر نصر")),
    "knowledge_based": (knowledge_based_q, _("دانش‌بنیان")),
    "verified": (
        lambda: Q(verification=Organization.Verification.VERIFIED),
        _("تأییدشده"),
    ),
}


#: Facets over the organization's own columns: counted together in one grouped query.
CUBE_FACETS = ("kind", "province", "county", "verified", "knowledge_based", "guild_member")
TAXONOMY_CACHE_SECONDS = 60


def _facet_base(base: QuerySet, filters: Mapping[str, str], without: Iterable[str]) -> QuerySet:
    """The FilterSet run with every parameter except ``without`` (a facet's own)."""
    skip = {*without, "page", "ordering", "page_size"}
    data = {k: v for k, v in filters.items() if k not in skip}
    return apply_filters(OrganizationFilter, data, base).order_by()


def _cached(key: str, compute):
    from django.core.cache import cache

    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TAXONOMY_CACHE_SECONDS)
    return value


def _cube_selection(filters: Mapping[str, str], provinces: dict[int, tuple[str, str]]) -> dict:
    """The cube facets' chosen values, in the cube's own terms (ids, 0/1)."""
    chosen: dict[str, object] = {}
    if filters.get("kind") in dict(Organization.Kind.choices):
        chosen["kind"] = filters["kind"]
    codes = {code: pk for pk, (code, _name) in provinces.items()}
    if filters.get("province"):
        chosen["province"] = codes.get(str(filters["province"]).upper(), -1)
    if str(filters.get("county", "")).isdigit():
        chosen["county"] = int(filters["county"])
    for name in ("verified", "knowledge_based", "guild_member"):
        value = str(filters.get(name, "")).lower()
        if value in ("true", "1", "false", "0"):
            chosen[name] = int(value in ("true", "1"))
    return chosen


FACET_CACHE_SECONDS = 60
#: Computed once per statement however often it is read (SQLite 3.35+, PostgreSQL 12+).
_MAT = "MATERIALIZED"
#: Typed NULLs: PostgreSQL types an untyped NULL in a subquery as text, which no UNION
#: with an integer column accepts.
_TEXT = "CAST(NULL AS TEXT)"
_INT = "CAST(NULL AS BIGINT)"


def _visibility_signature(viewer) -> str:
    """Viewers with the same signature see the same organizations."""
    if not getattr(viewer, "is_authenticated", False):
        return "public"
    provinces = province_ids_for(viewer)
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
    from django.core.cache import cache

    if not cache.add(GENERATION_KEY, 1, None):
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # evicted between add and incr
            cache.set(GENERATION_KEY, 1, None)


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
    import hashlib

    from django.core.cache import cache
    from django.utils.translation import get_language

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
    if total is not None:  # the page's count, kept with the counts
        memo[_match_key(filters)] = (None, total)
    return facets


def _organization_facets(
    *, filters: Mapping[str, str], viewer, memo: dict | None = None
) -> list[Facet]:
    """Exact counts in one SQL statement: the records matching each distinct filter set are
    found once (a ``MATERIALIZED`` common table expression, so the search runs once however
    many counts read it) and every count is a ``GROUP BY`` over it, glued with ``UNION ALL``.
    The six facets over the organization's own columns come from one grouped query of the
    records matching every *other* filter (each facet then applies the other five selections
    in Python); capability (with each parent's subtree), sector and cluster count their link
    tables. When no own-column facet is chosen, the number of matches is the cube's total
    (the page reuses it through ``memo``)."""
    return _facets_and_total(filters=filters, viewer=viewer, memo=memo)[0]


def page_ids(*, filters: Mapping[str, str], memo: dict, window: tuple[int, int]) -> list | None:
    """The ids of the page ``window`` (offset, size) in relevance order, when the counts'
    statement picked them (else None: the page runs its own query)."""
    return memo.get(("page", _match_key(filters), tuple(window)))


def _relevance_window(filters: Mapping[str, str], window) -> bool:
    """The page is the cube's records (no own-column facet chosen) in relevance order."""
    from khooshe.persian.text import search_words

    return bool(
        window
        and filters.get("ordering") in (None, "", "relevance")
        and search_words(filters.get("q", ""))
        and not any(filters.get(name) not in (None, "") for name in CUBE_FACETS)
    )


def _facets_and_total(
    *,
    filters: Mapping[str, str],
    viewer,
    memo: dict | None = None,
    window: tuple[int, int] | None = None,
) -> tuple[list[Facet], int | None]:
    from django.db import connections

    base = organizations_visible_to(viewer)
    chosen_text = {k: str(v) for k, v in filters.items() if v not in (None, "")}
    facets: list[Facet] = []
    memo = {} if memo is None else memo

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
    selection = _cube_selection(filters, provinces)

    # The matching records of each distinct filter set, as common table expressions. The
    # cube's carries the own columns the cube groups by, so it is grouped without reading
    # the table again.
    flag = {"output_field": IntegerField(), "default": Value(0)}
    cube_key = _match_key(filters, CUBE_FACETS)
    cube_base = _facet_base(base, dict(cube_key), ()).annotate(
        f_verified=Case(
            When(verification=Organization.Verification.VERIFIED, then=Value(1)), **flag
        ),
        f_kb=Case(When(knowledge_based_q(), then=Value(1)), **flag),
        f_guild=Case(When(valid_membership_q(), then=Value(1)), **flag),
    )
    fields = ["pk", "kind", "province_id", "county_id", "f_verified", "f_kb", "f_guild"]
    with_page = _relevance_window(filters, window) and "search_rank" in cube_base.query.annotations
    if with_page:  # the page's order: selectors._ordering's relevance
        fields += ["search_rank", "name"]
    cube_rows = cube_base.values_list(*fields)
    using = cube_rows.db
    connection = connections[using]
    ctes: dict[tuple, str] = {cube_key: "m0"}
    cte_sql: list[str] = []
    params: list = []
    sql, cte_params = cube_rows.query.get_compiler(using=using).as_sql()
    columns = "id, kind, province_id, county_id, f_verified, f_kb, f_guild"
    if with_page:
        columns += ", search_rank, name"
    cte_sql.append(f"m0 ({columns}) AS {_MAT} ({sql})")
    params.extend(cte_params)

    def matching(without: Iterable[str]) -> str:
        key = _match_key(filters, without)
        if key not in ctes:
            alias = f"m{len(ctes)}"
            ids = _facet_base(base, dict(key), ()).values_list("pk")
            sql, cte_params = ids.query.get_compiler(using=using).as_sql()
            cte_sql.append(f"{alias} (id) AS {_MAT} ({sql})")
            params.extend(cte_params)
            ctes[key] = alias
        return ctes[key]

    qn = connection.ops.quote_name
    cap_links = Organization.capabilities.through
    sec_links = Organization.sectors.through
    clu_links = Cluster.members.through

    def link_count(tag: str, source: str, value: str, *, distinct: bool = False) -> str:
        """Counts per ``value`` of ``source`` rows (``organization_id`` and the value)."""
        counted = "COUNT(DISTINCT l.organization_id)" if distinct else "COUNT(*)"
        return (
            f"SELECT '{tag}', {_TEXT}, {_TEXT}, {value}, {_INT}, {_INT}, {_INT}, {_INT}, {counted} "  # noqa: S608
            f"FROM {source} l GROUP BY {value}"
        )

    def links_of(through, column: str, alias: str) -> str:
        """(organization_id, value) of the link rows of the organizations in ``alias``.
        ``CROSS JOIN`` makes SQLite loop over the matches and read the link table's
        (organization, value) unique index, instead of reading every link row through the
        value's index (PostgreSQL plans it like any inner join)."""
        org = qn(through._meta.get_field("organization").column)
        value = qn(through._meta.get_field(column).column)
        return (
            f"(SELECT t.{org} AS organization_id, t.{value} AS value "  # noqa: S608
            f"FROM {alias} CROSS JOIN {qn(through._meta.db_table)} t WHERE t.{org} = {alias}.id)"
        )

    parts = [
        f"SELECT 'cube', kind, {_TEXT}, province_id, county_id, f_verified, f_kb, f_guild, "  # noqa: S608
        "COUNT(*) FROM m0 GROUP BY kind, province_id, county_id, f_verified, f_kb, f_guild"
    ]
    # The capability links of the matches, read once for the direct and the subtree counts.
    cte_sql.append(
        f"mc (organization_id, value) AS {_MAT} "
        f"{links_of(cap_links, 'capability', matching(['capability']))}"
    )
    parts.append(link_count("cap", "mc", "l.value"))
    parents = [c for c in tree if any(x[4] == c[0] for x in tree)]
    if parents:
        whens = " ".join(
            "WHEN l.value IN ({}) THEN {}".format(
                ",".join(
                    str(int(x[0])) for x in tree if x[3] == p[3] or x[3].startswith(p[3] + "/")
                ),
                int(p[0]),
            )
            for p in parents
        )
        parts.append(link_count("sub", "mc", f"CASE {whens} ELSE 0 END", distinct=True))
    parts.append(link_count("sec", links_of(sec_links, "sector", matching(["sector"])), "l.value"))
    clu_links_sql = links_of(clu_links, "cluster", matching(["cluster"]))
    clusters = qn(Cluster._meta.db_table)
    parts.append(
        f"SELECT * FROM (SELECT 'clu' AS tag, {_TEXT} AS kind, c.name AS label, "  # noqa: S608
        f"l.value AS value, {_INT} AS a, {_INT} AS b, {_INT} AS c2, {_INT} AS d, "
        f"COUNT(*) AS n FROM {clu_links_sql} l INNER JOIN {clusters} c ON c.id = l.value "
        "GROUP BY l.value, c.name ORDER BY n DESC, c.name LIMIT 30) clu"
    )
    if with_page:
        # The page in relevance order, numbered (UNION ALL promises no order).
        offset, size = (int(n) for n in window)
        parts.append(
            f"SELECT * FROM (SELECT 'page' AS tag, {_TEXT} AS kind, {_TEXT} AS label, "  # noqa: S608
            "id AS value, ROW_NUMBER() OVER (ORDER BY search_rank, name, id) AS a, "
            f"{_INT} AS b, {_INT} AS c2, {_INT} AS d, 0 AS n FROM (SELECT id, search_rank, name "
            f"FROM m0 ORDER BY search_rank, name, id LIMIT {size} OFFSET {offset}) w) page"
        )
    statement = "WITH " + ", ".join(cte_sql) + " " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()

    dims = ("kind", "province", "county", "verified", "knowledge_based", "guild_member")
    counts: dict[str, dict] = {name: {} for name in dims}
    direct: dict[int, int] = {}
    subtree_counts: dict[int, int] = {}
    sector_counts: list[tuple[int, int]] = []
    cluster_rows: list[tuple[int, str, int]] = []
    total = 0
    page: list[tuple[int, int]] = []
    wanted = [(dims.index(name), want) for name, want in selection.items()]
    tallies = [counts[name] for name in dims]
    for tag, kind, label, value, county, f_verified, f_kb, f_guild, n in rows:
        if tag == "cube":
            row = (kind, value, county, f_verified, f_kb, f_guild)
            total += n
            # A facet counts the rows matching every selection but its own: all of them when
            # the row misses none, only the missed facet when it misses exactly one.
            missed = [index for index, want in wanted if row[index] != want]
            if len(missed) > 1:
                continue
            for index in missed or range(len(dims)):
                tally = tallies[index]
                tally[row[index]] = tally.get(row[index], 0) + n
        elif tag == "page":
            page.append((county, value))
        elif tag == "cap":
            direct[value] = n
        elif tag == "sub":
            subtree_counts[value] = n
        elif tag == "sec":
            sector_counts.append((value, n))
        else:
            cluster_rows.append((value, label, n))
    cluster_rows.sort(key=lambda r: (-r[2], r[1]))  # UNION ALL keeps no order

    kinds = dict(Organization.Kind.choices)
    add(
        "kind",
        sorted(((k, kinds.get(k, k), n) for k, n in counts["kind"].items()), key=lambda r: -r[2]),
    )
    add(
        "province",
        sorted(
            (provinces[pk][0], provinces[pk][1], n)
            for pk, n in counts["province"].items()
            if pk in provinces
        ),
    )
    top_counties = sorted(
        ((pk, n) for pk, n in counts["county"].items() if pk is not None), key=lambda r: -r[1]
    )[:40]
    county_names = (
        dict(
            County.objects.filter(pk__in=[pk for pk, _n in top_counties]).values_list("pk", "name")
        )
        if top_counties
        else {}
    )
    add("county", [(pk, county_names.get(pk, pk), n) for pk, n in top_counties])
    add(
        "capability",
        [
            (slug, name, subtree_counts.get(pk, direct.get(pk, 0)), path.count("/"))
            for pk, slug, name, path, _p in tree
        ],
    )
    add(
        "sector",
        sorted(
            (sector_names[pk][0], sector_names[pk][1], n)
            for pk, n in sector_counts
            if pk in sector_names
        ),
    )
    for name, (_condition, label) in BOOLEAN_FACETS.items():
        yes = counts[name].get(1, 0)
        add(name, [("true", label, yes), ("false", _("خیر"), counts[name].get(0, 0))])
    add("cluster", cluster_rows)
    # The cube's total is the number of matches when no own-column facet narrows them.
    exact = not any(filters.get(name) not in (None, "") for name in CUBE_FACETS)
    count = total if exact else None
    if count is not None:
        memo[_match_key(filters)] = (None, count)
    if with_page:
        memo[("page", _match_key(filters), (offset, size))] = [pk for _n, pk in sorted(page)]
    return facets, count
