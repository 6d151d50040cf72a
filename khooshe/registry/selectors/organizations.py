"""Organizations: the directory (its list, its counts per filter value, the page the counts'
statement picked), profiles and duplicate candidates."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import F, IntegerField, Prefetch, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from khooshe.persian.text import search_words
from khooshe.registry import facets, permissions, vouched
from khooshe.registry.documents import documents_of
from khooshe.registry.filters import ORDERINGS, OrganizationFilter
from khooshe.registry.models import (
    Affiliation,
    Capability,
    ClaimRequest,
    GuildMembership,
    Organization,
    ProposedChange,
)
from khooshe.registry.selectors.common import apply_filters
from khooshe.registry.visibility import organizations_visible_to, people_visible_to

# --- Directory ------------------------------------------------------------------------------


def _ordering(filters: Mapping[str, str], has_query: bool) -> list:
    value = filters.get("ordering") or ("relevance" if has_query else "name")
    if value not in ORDERINGS:
        value = "name"
    if value == "relevance":
        return ["search_rank", "name", "id"] if has_query else ["name", "id"]
    if value.lstrip("-") == "employees":
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
    keys: :data:`~khooshe.registry.filters.DIRECTORY_KEYS`), ordered, with what a result card
    needs prefetched. Invalid filter values are ignored, or refused when ``strict``."""
    base = organizations_visible_to(viewer)
    queryset = apply_filters(OrganizationFilter, filters, base, strict=strict)
    has_query = bool(search_words(filters.get("q", "")))
    if not has_query:
        queryset = queryset.annotate(search_rank=Value(2, output_field=IntegerField()))
    return _list_related(queryset.order_by(*_ordering(filters, has_query)))


def organization_facets(
    *,
    filters: Mapping[str, str],
    viewer,
    memo: dict | None = None,
    window: tuple[int, int] | None = None,
) -> list[facets.Facet]:
    """Counts per filter value; see :mod:`khooshe.registry.facets`."""
    return facets.organization_facets(filters=filters, viewer=viewer, memo=memo, window=window)


def organization_page(*, filters: Mapping[str, str], viewer, memo: dict, window):
    """The records of the page ``window`` (offset, size) in relevance order with what a card
    needs, when the counts' statement already picked their ids (one query by id instead of a
    second search); None otherwise."""
    ids = facets.page_ids(filters=filters, memo=memo, window=window)
    if ids is None:
        return None
    rows = {o.pk: o for o in _list_related(organizations_visible_to(viewer).filter(pk__in=ids))}
    return [rows[pk] for pk in ids if pk in rows]


def match_count(*, filters: Mapping[str, str], memo: dict) -> int | None:
    """How many records match ``filters``, when :func:`organization_facets` counted them."""
    return facets.match_count(filters=filters, memo=memo)


# --- Profiles -------------------------------------------------------------------------------


def organization_find(*, pk: int, viewer) -> Organization | None:
    """The organization ``viewer`` may see (merged duplicates included, so their page can
    point to the record they were merged into), or None."""
    organization = (
        Organization.objects.select_related(
            "province", "county", "verified_by", "revoked_by", "merged_into"
        )
        .filter(pk=pk)
        .first()
    )
    if organization is None or not permissions.can_view_organization(viewer, organization):
        return None
    return organization


def organization_get(*, pk: int, viewer) -> Organization:
    """:func:`organization_find`, or Http404."""
    organization = organization_find(pk=pk, viewer=viewer)
    if organization is None:
        raise Http404
    return organization


def organization_merged_into(*, pk: int) -> int | None:
    """The id of the record the duplicate ``pk`` was merged into (its page redirects there;
    the id tells nothing private), None when ``pk`` is no merged duplicate."""
    return (
        Organization.objects.filter(pk=pk, merged_into__isnull=False)
        .values_list("merged_into_id", flat=True)
        .first()
    )


def organization_profile(*, organization: Organization, viewer) -> dict:
    """What the profile page shows besides the record itself."""
    affiliations = (
        Affiliation.objects.filter(organization=organization)
        .filter(person__in=people_visible_to(viewer))
        .select_related("person")
        .order_by("ended_on", "-started_on", "id")
    )
    memberships = list(organization.guild_memberships.order_by("-expires_on", "id"))
    private = permissions.can_view_private(viewer, organization)
    change = (
        ProposedChange.objects.filter(
            organization=organization, state=ProposedChange.State.PENDING
        ).first()
        if private
        else None
    )
    today = timezone.localdate()
    return {
        "capabilities": list(organization.capabilities.all()),
        "sectors": list(organization.sectors.all()),
        "memberships": memberships,
        "documents": [
            {"document": d, "expired": d.expired_on(today), "days_left": d.days_left(today)}
            for d in documents_of(organization, memberships)
        ],
        "pending_change": change,
        "pending_values": [
            {
                "label": vouched.field_label(name),
                "verified": vouched.display(name, change.before.get(name)),
                "proposed": vouched.display(name, value),
            }
            for name, value in change.changes.items()
        ]
        if change
        else [],
        "affiliations": list(affiliations),
        "clusters": list(organization.clusters.all()),
        "private": private,
        "can_edit": permissions.can_edit_organization(viewer, organization),
        "can_verify": permissions.can_verify(viewer, organization),
        "can_claim": permissions.can_claim(viewer, organization),
        "pending_claim": getattr(viewer, "is_authenticated", False)
        and ClaimRequest.objects.filter(
            organization=organization, user=viewer, status=ClaimRequest.Status.PENDING
        ).exists(),
    }


def duplicate_candidates(*, organization: Organization, viewer, limit: int = 10):
    """Records that may be the same organization: the same folded name anywhere in the
    province, or the same start of the name in the same county. (Only staff who may merge
    ``organization`` see this list: the view checks that first.)"""
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
