"""Counts per filter value for the directory (facets): each count ignores its own filter so
the other values stay visible, in a fixed number of queries whatever the data or page size."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
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
#: Up to this many matches, a facet query reads the matching ids once and reuses them
#: instead of repeating the search in every count.
MATERIALIZE_LIMIT = 20_000


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
    *, filters: Mapping[str, str], viewer, memo: dict | None = None
) -> list[Facet]:
    """Counts per filter value, each ignoring its own filter so the other values stay
    visible, in a fixed number of queries whatever the data. Kept for a minute per filter set
    and visibility (search as you type repeats itself); any registry write clears them."""
    import hashlib

    from django.core.cache import cache
    from django.utils.translation import get_language

    digest = hashlib.sha1(repr(_match_key(filters)).encode()).hexdigest()  # noqa: S324
    generation = cache.get(GENERATION_KEY, 0)
    key = f"registry:facets:{generation}:{_visibility_signature(viewer)}:{get_language()}:{digest}"
    facets = cache.get(key)
    if facets is None:
        facets = _organization_facets(filters=filters, viewer=viewer, memo=memo)
        cache.set(key, facets, FACET_CACHE_SECONDS)
    return facets


def _organization_facets(
    *, filters: Mapping[str, str], viewer, memo: dict | None = None
) -> list[Facet]:
    """Exact counts with few scans of the matches: the six facets over the organization's
    own columns come from one grouped query of the records matching every *other* filter
    (each facet then applies the other five selections in Python); capability, sector and
    cluster count their link tables, one query each (two for the capability tree)."""
    base = organizations_visible_to(viewer)
    chosen_text = {k: str(v) for k, v in filters.items() if v not in (None, "")}
    facets: list[Facet] = []
    memo = {} if memo is None else memo

    def matching(without: Iterable[str]):
        """The ids matching every filter but ``without``: inlined when few enough (one
        search serves all the counts that share it), else a subquery."""
        key = _match_key(filters, without)
        if key not in memo:
            queryset = _facet_base(base, dict(key), ())
            ids = list(queryset.values_list("pk", flat=True)[: MATERIALIZE_LIMIT + 1])
            if len(ids) > MATERIALIZE_LIMIT:
                memo[key] = (queryset.values("pk"), None)
            else:
                # Integers read from the database, written inline: binding thousands of
                # parameters costs Django more than the query itself.
                literal = ",".join(str(int(pk)) for pk in ids) or "NULL"
                memo[key] = (RawSQL(literal, []), len(ids))  # noqa: S611
        return memo[key][0]
        return memo[key]

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

    # One grouped query for kind, province, county, verified, knowledge-based, guild member.

    provinces = _cached(
        "registry:provinces",
        lambda: {
            pk: (code, name)
            for pk, code, name in Province.objects.values_list("pk", "code", "name")
        },
    )
    selection = _cube_selection(filters, provinces)
    flag = {"output_field": IntegerField(), "default": Value(0)}
    cube = (
        Organization.objects.filter(pk__in=matching(CUBE_FACETS))
        .order_by()
        .annotate(
            f_verified=Case(
                When(verification=Organization.Verification.VERIFIED, then=Value(1)), **flag
            ),
            f_kb=Case(When(knowledge_based_q(), then=Value(1)), **flag),
            f_guild=Case(When(valid_membership_q(), then=Value(1)), **flag),
        )
        .values_list("kind", "province_id", "county_id", "f_verified", "f_kb", "f_guild")
        .annotate(n=Count("id"))
    )
    dims = ("kind", "province", "county", "verified", "knowledge_based", "guild_member")
    counts: dict[str, dict] = {name: {} for name in dims}
    for *values, n in cube:
        row = dict(zip(dims, values, strict=True))
        for name in dims:
            if all(row[other] == want for other, want in selection.items() if other != name):
                counts[name][row[name]] = counts[name].get(row[name], 0) + n

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

    # Capabilities: direct counts and each parent's whole subtree, over the link table.
    tree = _cached(
        "registry:capability-tree",
        lambda: [
            (c.pk, c.slug, c.name, c.path, c.parent_id)
            for c in Capability.objects.only("id", "slug", "name", "path", "parent_id")
        ],
    )
    links = Organization.capabilities.through.objects
    matches = matching(["capability"])
    direct = dict(
        links.filter(organization_id__in=matches)
        .values_list("capability_id")
        .annotate(n=Count("organization_id"))
        .order_by()
    )
    parents = [c for c in tree if any(x[4] == c[0] for x in tree)]
    subtree_counts: dict[int, int] = {}
    if parents:
        whens = [
            When(
                capability_id__in=[
                    x[0] for x in tree if x[3] == p[3] or x[3].startswith(p[3] + "/")
                ],
                then=Value(p[0]),
            )
            for p in parents
        ]
        subtree_counts = dict(
            links.filter(organization_id__in=matches)
            .annotate(top=Case(*whens, default=Value(0), output_field=IntegerField()))
            .values_list("top")
            .annotate(n=Count("organization_id", distinct=True))
            .order_by()
        )
    add(
        "capability",
        [
            (slug, name, subtree_counts.get(pk, direct.get(pk, 0)), path.count("/"))
            for pk, slug, name, path, _p in tree
        ],
    )

    sector_names = _cached(
        "registry:sectors",
        lambda: {
            pk: (slug, name) for pk, slug, name in Sector.objects.values_list("pk", "slug", "name")
        },
    )
    sector_counts = (
        Organization.sectors.through.objects.filter(organization_id__in=matching(["sector"]))
        .values_list("sector_id")
        .annotate(n=Count("organization_id"))
        .order_by()
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
    # keep the page's facet order: the booleans after the sectors
    cluster_rows = (
        Cluster.members.through.objects.filter(organization_id__in=matching(["cluster"]))
        .values_list("cluster_id", "cluster__name")
        .annotate(n=Count("organization_id"))
        .order_by("-n", "cluster__name")[:30]
    )
    add("cluster", [(pk, name, n) for pk, name, n in cluster_rows])
    return facets
