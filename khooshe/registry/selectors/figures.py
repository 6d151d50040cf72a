"""The ecosystem's headline figures on the home page, per province, cached briefly (they
change slowly and the home page is the busiest page)."""

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from khooshe.geo.models import Province
from khooshe.registry.models import Cluster, GuildMembership, Organization

FIGURES_CACHE_SECONDS = 300


def home_figures() -> list[dict]:
    """For each province with actors: companies, guild members with a valid membership,
    verified actors, and clusters identified vs operational (article 003's figures)."""
    cached = cache.get("home_figures")
    if cached is not None:
        return cached
    today = timezone.localdate()
    public = Organization.objects.filter(is_public=True, merged_into__isnull=True)
    organizations = {
        row["province"]: row
        for row in public.values("province").annotate(
            total=Count("id"),
            verified=Count("id", filter=Q(verification=Organization.Verification.VERIFIED)),
        )
    }
    members = dict(
        GuildMembership.objects.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .values("province")
        .annotate(count=Count("id"))
        .values_list("province", "count")
    )
    clusters = {
        row["province"]: row
        for row in Cluster.objects.values("province").annotate(
            identified=Count("id"),
            operational=Count("id", filter=Q(stage=Cluster.Stage.OPERATIONAL)),
        )
    }
    province_ids = set(organizations) | set(members) | set(clusters)
    figures = [
        {
            "province": province,
            "organizations": organizations.get(province.pk, {}).get("total", 0),
            "verified": organizations.get(province.pk, {}).get("verified", 0),
            "members": members.get(province.pk, 0),
            "clusters_identified": clusters.get(province.pk, {}).get("identified", 0),
            "clusters_operational": clusters.get(province.pk, {}).get("operational", 0),
        }
        for province in Province.objects.filter(pk__in=province_ids).order_by("code")
    ]
    cache.set("home_figures", figures, FIGURES_CACHE_SECONDS)
    return figures
