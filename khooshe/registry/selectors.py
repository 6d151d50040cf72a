"""Registry reads, permission-checked: what a viewer may see, the directory search with its
counts per filter value, and the records behind profile pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.permissions import (
    grants_of,
    organization_ids_for,
    province_ids_for,
)
from khooshe.persian.text import search_key, search_words
from khooshe.registry import permissions
from khooshe.registry.filters import (
    ORDERINGS,
    ClusterFilter,
    OrganizationFilter,
    PersonFilter,
    knowledge_based_q,
    valid_membership_q,
)
from khooshe.registry.models import (
    Affiliation,
    Capability,
    ClaimRequest,
    Cluster,
    GuildMembership,
    Organization,
    Person,
    Sector,
)

# --- Visibility -----------------------------------------------------------------------------


def organization_visibility_q(viewer) -> Q:
    """Public, unmerged records for everyone; hidden ones also for staff of their province
    and for their owners. Merged duplicates never list (their page redirects)."""
    visible = Q(is_public=True)
    if getattr(viewer, "is_authenticated", False):
        provinces = province_ids_for(viewer)
        if provinces is None:
            visible = Q()
        else:
            if provinces:
                visible |= Q(province_id__in=provinces)
            owned = organization_ids_for(viewer)
            if owned:
                visible |= Q(pk__in=owned)
    return visible & Q(merged_into__isnull=True)


def organizations_visible_to(viewer) -> QuerySet[Organization]:
    return Organization.objects.filter(organization_visibility_q(viewer))


def person_visibility_q(viewer) -> Q:
    visible = Q(is_public=True)
    if getattr(viewer, "is_authenticated", False):
        provinces = province_ids_for(viewer)
        if provinces is None:
            return Q()
        if provinces:
            visible |= Q(province_id__in=provinces)
        visible |= Q(user_id=viewer.pk)
    return visible


# --- Search ---------------------------------------------------------------------------------


def organization_search(queryset: QuerySet, q: str) -> QuerySet:
    """Records matching every word of ``q`` in any spelling, annotated with ``search_rank``
    (0 exact name, 1 name prefix, 2 elsewhere). Uses the search index of
    :mod:`khooshe.registry.search` when it is there; a plain substring scan otherwise."""
    try:
        from khooshe.registry import search
    except ImportError:
        search = None
    if search is not None and hasattr(search, "organization_search"):
        return search.organization_search(queryset, q)
    words = search_words(q)
    if not words:
        return queryset.annotate(search_rank=Value(2, output_field=IntegerField()))
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    key = search_key(q)
    return queryset.annotate(
        search_rank=Case(
            When(search_key=key, then=Value(0)),
            When(search_key__startswith=key, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


def person_search(queryset: QuerySet, q: str) -> QuerySet:
    for word in search_words(q):
        queryset = queryset.filter(search_key__contains=word)
    return queryset


# --- Directory ------------------------------------------------------------------------------


def _ordering(filters: Mapping[str, str], has_query: bool) -> list[str]:
    value = filters.get("ordering") or ("relevance" if has_query else "name")
    if value not in ORDERINGS:
        value = "name"
    if value == "relevance":
        return ["search_rank", "name", "id"] if has_query else ["name", "id"]
    if value.lstrip("-") == "employees":
        from django.db.models import F

        return [F("employees").desc(nulls_last=True), "name", "id"]
    return [value, "id"]


def _list_related(queryset: QuerySet) -> QuerySet:
    """What a result card shows: place, capabilities, guild memberships (two prefetches)."""
    return queryset.select_related("province", "county").prefetch_related(
        Prefetch("capabilities", queryset=Capability.objects.only("id", "name", "slug", "path")),
        Prefetch(
            "guild_memberships",
            queryset=GuildMembership.objects.order_by("started_on", "id"),
            to_attr="memberships",
        ),
    )


def organization_list(*, filters: Mapping[str, str], viewer) -> QuerySet[Organization]:
    """The directory: what ``viewer`` may see, filtered by ``filters`` (the query string's
    keys: q, kind, province, county, capability, sector, guild_member, knowledge_based,
    verified, cluster, ordering), ordered, with what a result card needs prefetched.
    Raises nothing on bad filter values; invalid ones are ignored."""
    base = organizations_visible_to(viewer)
    filterset = OrganizationFilter(data=filters, queryset=base)
    queryset = filterset.qs if filterset.is_valid() else base
    has_query = bool(search_words(filters.get("q", "")))
    if not has_query:
        queryset = queryset.annotate(search_rank=Value(2, output_field=IntegerField()))
    return _list_related(queryset.order_by(*_ordering(filters, has_query)))


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


def _facet_base(base: QuerySet, filters: Mapping[str, str], facet: str) -> QuerySet:
    """The FilterSet run with every parameter except the facet's own."""
    data = {k: v for k, v in filters.items() if k != facet and k not in ("page", "ordering")}
    filterset = OrganizationFilter(data=data, queryset=base)
    return (filterset.qs if filterset.is_valid() else base).order_by()


FACET_CACHE_SECONDS = 60


def organization_facets(*, filters: Mapping[str, str], viewer) -> list[Facet]:
    """Counts per filter value, each ignoring its own filter so the other values stay
    visible. A fixed number of queries (one or two per facet) whatever the data; the
    unfiltered counts the public sees are cached for a minute."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    active = {k: v for k, v in filters.items() if k not in ("page", "ordering", "page_size")}
    if active or getattr(viewer, "is_authenticated", False):
        return _organization_facets(filters=filters, viewer=viewer)
    key = f"registry:facets:public:{get_language()}"
    facets = cache.get(key)
    if facets is None:
        facets = _organization_facets(filters=filters, viewer=viewer)
        cache.set(key, facets, FACET_CACHE_SECONDS)
    return facets


def _organization_facets(*, filters: Mapping[str, str], viewer) -> list[Facet]:
    base = organizations_visible_to(viewer)
    facets: list[Facet] = []
    chosen = {k: str(v) for k, v in filters.items() if v not in (None, "")}

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
                    selected=chosen.get(name) == str(value),
                )
            )
        facets.append(facet)

    kinds = dict(Organization.Kind.choices)
    rows = _facet_base(base, filters, "kind").values("kind").annotate(n=Count("id"))
    add(
        "kind",
        sorted(
            ((r["kind"], kinds.get(r["kind"], r["kind"]), r["n"]) for r in rows),
            key=lambda r: -r[2],
        ),
    )

    rows = (
        _facet_base(base, filters, "province")
        .values("province__code", "province__name")
        .annotate(n=Count("id"))
        .order_by("province__code")
    )
    add("province", [(r["province__code"], r["province__name"], r["n"]) for r in rows])

    rows = (
        _facet_base(base, filters, "county")
        .filter(county__isnull=False)
        .values("county_id", "county__name")
        .annotate(n=Count("id"))
        .order_by("-n", "county__name")[:40]
    )
    add("county", [(r["county_id"], r["county__name"], r["n"]) for r in rows])

    cap_base = _facet_base(base, filters, "capability")
    direct = dict(
        cap_base.filter(capabilities__isnull=False)
        .values_list("capabilities__id")
        .annotate(n=Count("id", distinct=True))
    )
    tree = list(Capability.objects.only("id", "slug", "name", "path", "parent_id"))
    parents = [c for c in tree if any(x.parent_id == c.pk for x in tree)]
    subtree_counts = {}
    if parents:
        rolled = (
            cap_base.filter(capabilities__isnull=False)
            .annotate(
                top=Case(
                    *[
                        When(
                            Q(capabilities__path=p.path)
                            | Q(capabilities__path__startswith=p.path + "/"),
                            then=Value(p.pk),
                        )
                        for p in parents
                    ],
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            .values_list("top")
            .annotate(n=Count("id", distinct=True))
        )
        subtree_counts = dict(rolled)
    add(
        "capability",
        [
            (c.slug, c.name, subtree_counts.get(c.pk, direct.get(c.pk, 0)), c.path.count("/"))
            for c in tree
        ],
    )

    rows = (
        _facet_base(base, filters, "sector")
        .filter(sectors__isnull=False)
        .values("sectors__slug", "sectors__name")
        .annotate(n=Count("id", distinct=True))
        .order_by("sectors__name")
    )
    add("sector", [(r["sectors__slug"], r["sectors__name"], r["n"]) for r in rows])

    for name, (condition, label) in BOOLEAN_FACETS.items():
        counts = _facet_base(base, filters, name).aggregate(
            yes=Count("id", filter=condition()), total=Count("id")
        )
        add(
            name,
            [
                ("true", label, counts["yes"]),
                ("false", _("خیر"), counts["total"] - counts["yes"]),
            ],
        )

    rows = (
        _facet_base(base, filters, "cluster")
        .filter(clusters__isnull=False)
        .values("clusters__id", "clusters__name")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "clusters__name")[:30]
    )
    add("cluster", [(r["clusters__id"], r["clusters__name"], r["n"]) for r in rows])
    return facets


# --- Profiles -------------------------------------------------------------------------------


def organization_get(*, pk: int, viewer, for_update: bool = False) -> Organization:
    """The organization ``viewer`` may see (merged duplicates included, so their page can
    point to the record they were merged into), or Http404."""
    organization = (
        Organization.objects.select_related(
            "province", "county", "verified_by", "revoked_by", "merged_into"
        )
        .filter(pk=pk)
        .first()
    )
    if organization is None or not permissions.can_view_organization(viewer, organization):
        raise Http404
    return organization


def organization_profile(*, organization: Organization, viewer) -> dict:
    """What the profile page shows besides the record itself."""
    affiliations = (
        Affiliation.objects.filter(organization=organization)
        .filter(person__in=Person.objects.filter(person_visibility_q(viewer)))
        .select_related("person")
        .order_by("ended_on", "-started_on", "id")
    )
    return {
        "capabilities": list(organization.capabilities.all()),
        "sectors": list(organization.sectors.all()),
        "memberships": list(organization.guild_memberships.order_by("-expires_on", "id")),
        "affiliations": list(affiliations),
        "clusters": list(organization.clusters.all()),
        "private": permissions.can_view_private(viewer, organization),
        "can_edit": permissions.can_edit_organization(viewer, organization),
        "can_verify": permissions.can_verify(viewer, organization),
        "can_claim": permissions.can_claim(viewer, organization),
        "pending_claim": getattr(viewer, "is_authenticated", False)
        and ClaimRequest.objects.filter(
            organization=organization, user=viewer, status=ClaimRequest.Status.PENDING
        ).exists(),
    }


def person_list(*, filters: Mapping[str, str], viewer) -> QuerySet[Person]:
    base = Person.objects.filter(person_visibility_q(viewer))
    filterset = PersonFilter(data=filters, queryset=base)
    queryset = filterset.qs if filterset.is_valid() else base
    return queryset.select_related("province", "county").prefetch_related(
        Prefetch("capabilities", queryset=Capability.objects.only("id", "name", "slug", "path"))
    )


def person_get(*, pk: int, viewer) -> Person:
    person = Person.objects.select_related("province", "county").filter(pk=pk).first()
    if person is None or not permissions.can_view_person(viewer, person):
        raise Http404
    return person


def person_affiliations(*, person: Person, viewer):
    return (
        Affiliation.objects.filter(person=person)
        .filter(organization__in=organizations_visible_to(viewer))
        .select_related("organization")
        .order_by("ended_on", "-started_on", "id")
    )


def cluster_list(*, filters: Mapping[str, str], viewer) -> QuerySet[Cluster]:
    filterset = ClusterFilter(data=filters, queryset=Cluster.objects.all())
    queryset = filterset.qs if filterset.is_valid() else Cluster.objects.all()
    return (
        queryset.select_related("province", "coordinator")
        .annotate(member_count=Count("members", filter=Q(members__is_public=True), distinct=True))
        .order_by("province__code", "name", "id")
    )


def cluster_get(*, pk: int, viewer) -> Cluster:
    cluster = Cluster.objects.select_related("province", "coordinator").filter(pk=pk).first()
    if cluster is None:
        raise Http404
    return cluster


def cluster_members(*, cluster: Cluster, viewer):
    return (
        organizations_visible_to(viewer)
        .filter(clusters=cluster)
        .select_related("province", "county")
        .order_by("name", "id")
    )


def cluster_stage_counts(*, province=None) -> dict[str, int]:
    queryset = Cluster.objects.all()
    if province is not None:
        queryset = queryset.filter(province=province)
    return dict(queryset.values_list("stage").annotate(n=Count("id")))


def capability_tree() -> list[Capability]:
    return list(Capability.objects.all())


def sector_list() -> list[Sector]:
    return list(Sector.objects.all())


# --- Staff desk -----------------------------------------------------------------------------


def pending_claims_for(viewer) -> QuerySet[ClaimRequest]:
    provinces = province_ids_for(viewer, roles=permissions.VERIFIER_ROLES)
    queryset = ClaimRequest.objects.filter(status=ClaimRequest.Status.PENDING)
    if provinces is not None:
        queryset = queryset.filter(organization__province_id__in=provinces)
    return queryset.select_related("organization", "user").order_by("created_at", "id")


def unverified_for(viewer) -> QuerySet[Organization]:
    provinces = province_ids_for(viewer, roles=permissions.VERIFIER_ROLES)
    queryset = Organization.objects.filter(
        verification=Organization.Verification.UNVERIFIED, merged_into__isnull=True
    )
    if provinces is not None:
        queryset = queryset.filter(province_id__in=provinces)
    return queryset.order_by("created_at", "id")


def is_verifier(viewer) -> bool:
    if not getattr(viewer, "is_authenticated", False):
        return False
    grants = grants_of(viewer)
    return grants.is_admin or bool(grants.provinces.get(permissions.VERIFIER_ROLES[0]))
