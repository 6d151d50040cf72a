"""Registry reads, permission-checked: what a viewer may see, the directory search with its
counts per filter value, and the records behind profile pages."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet, Value
from django.http import Http404

from khooshe.accounts.permissions import (
    grants_of,
    organization_ids_for,
    province_ids_for,
)
from khooshe.persian.text import search_words
from khooshe.registry import permissions, search
from khooshe.registry.filters import (
    ORDERINGS,
    ClusterFilter,
    OrganizationFilter,
    PersonFilter,
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


def apply_filters(
    filterset_class, data: Mapping[str, str], queryset: QuerySet, *, strict: bool = False
):
    """Run a FilterSet. A parameter with an invalid value is dropped (the others still apply)
    or, when ``strict`` (the API), refused with a ValidationError naming it."""
    from django.core.exceptions import ValidationError

    filterset = filterset_class(data=data, queryset=queryset)
    if filterset.is_valid():
        return filterset.qs
    if strict:
        raise ValidationError({field: list(errors) for field, errors in filterset.errors.items()})
    kept = {k: v for k, v in data.items() if k not in filterset.errors}
    filterset = filterset_class(data=kept, queryset=queryset)
    return filterset.qs if filterset.is_valid() else queryset


# --- Search ---------------------------------------------------------------------------------


def organization_search(queryset: QuerySet, q: str) -> QuerySet:
    """Records matching every word of ``q`` in any spelling, annotated with ``search_rank``
    (the database's own text index: :mod:`khooshe.registry.search`)."""
    return search.organization_search(queryset, q)


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


def organization_list(
    *, filters: Mapping[str, str], viewer, strict: bool = False
) -> QuerySet[Organization]:
    """The directory: what ``viewer`` may see, filtered by ``filters`` (the query string's
    keys: q, kind, province, county, capability, sector, guild_member, knowledge_based,
    verified, cluster, ordering), ordered, with what a result card needs prefetched.
    Raises nothing on bad filter values; invalid ones are ignored."""
    base = organizations_visible_to(viewer)
    queryset = apply_filters(OrganizationFilter, filters, base, strict=strict)
    has_query = bool(search_words(filters.get("q", "")))
    if not has_query:
        queryset = queryset.annotate(search_rank=Value(2, output_field=IntegerField()))
    return _list_related(queryset.order_by(*_ordering(filters, has_query)))


# --- Facets (khooshe/registry/facets.py) ----------------------------------------------------


def organization_facets(
    *,
    filters: Mapping[str, str],
    viewer,
    memo: dict | None = None,
    window: tuple[int, int] | None = None,
):
    """Counts per filter value; see :mod:`khooshe.registry.facets`."""
    from khooshe.registry.facets import organization_facets as facets

    return facets(filters=filters, viewer=viewer, memo=memo, window=window)


def organization_page(*, filters: Mapping[str, str], viewer, memo: dict, window):
    """The records of the page ``window`` (offset, size) in relevance order with what a card
    needs, when the counts' statement already picked their ids (one query by id instead of a
    second search); None otherwise."""
    from khooshe.registry.facets import page_ids

    ids = page_ids(filters=filters, memo=memo, window=window)
    if ids is None:
        return None
    rows = {o.pk: o for o in _list_related(organizations_visible_to(viewer).filter(pk__in=ids))}
    return [rows[pk] for pk in ids if pk in rows]


def match_count(*, filters: Mapping[str, str], memo: dict) -> int | None:
    from khooshe.registry.facets import match_count as count

    return count(filters=filters, memo=memo)


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


def person_list(*, filters: Mapping[str, str], viewer, strict: bool = False) -> QuerySet[Person]:
    base = Person.objects.filter(person_visibility_q(viewer))
    queryset = apply_filters(PersonFilter, filters, base, strict=strict)
    return queryset.select_related("province", "county").prefetch_related(
        Prefetch("capabilities", queryset=Capability.objects.only("id", "name", "slug", "path")),
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.filter(
                organization__is_public=True, organization__merged_into__isnull=True
            )
            .select_related("organization")
            .order_by("ended_on", "-started_on", "id"),
            to_attr="public_affiliations",
        ),
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


def cluster_list(*, filters: Mapping[str, str], viewer, strict: bool = False) -> QuerySet[Cluster]:
    queryset = apply_filters(ClusterFilter, filters, Cluster.objects.all(), strict=strict)
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


def duplicate_candidates(*, organization: Organization, viewer, limit: int = 10):
    """Records that may be the same organization: the same folded name anywhere in the
    province, or the same start of the name in the same county."""
    key = organization.search_key
    if not key:
        return Organization.objects.none()
    same = Q(search_key=key)
    if organization.county_id and len(key) >= 6:
        same |= Q(county_id=organization.county_id, search_key__startswith=key[:8])
    return (
        Organization.objects.filter(same, province_id=organization.province_id)
        .filter(merged_into__isnull=True)
        .exclude(pk=organization.pk)
        .select_related("county")
        .order_by("name", "id")[:limit]
    )


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
