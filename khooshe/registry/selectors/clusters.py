"""Clusters (public to everyone): the list, a cluster and its visible members."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from khooshe.registry.filters import ClusterFilter
from khooshe.registry.models import Cluster
from khooshe.registry.selectors.common import apply_filters
from khooshe.registry.visibility import organizations_visible_to


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
