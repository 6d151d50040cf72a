"""One FilterSet per list, shared by the directory page and the API (input shape only: the
search itself lives in :mod:`khooshe.registry.search`, visibility in the selectors)."""

from __future__ import annotations

import django_filters
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khooshe.persian.filters import PersianIntegerFilter
from khooshe.registry.models import (
    Capability,
    Cluster,
    GuildMembership,
    Organization,
    Person,
    Sector,
)
from khooshe.registry.search import key_search, organization_search

#: What ``ordering`` accepts (page and API): value → label.
ORDERINGS = {
    "relevance": _("مرتبط‌ترین"),
    "name": _("نام (الف تا ی)"),
    "-name": _("نام (ی تا الف)"),
    "-created_at": _("تازه‌ترین"),
    "created_at": _("قدیمی‌ترین"),
    "-employees": _("بیشترین کارکنان"),
}

_BOOLEAN_CHOICES = [("true", _("بله")), ("false", _("خیر"))]


def valid_membership_q(today=None) -> Q:
    """Organizations with a guild membership that has not expired."""
    today = today or timezone.localdate()
    return Q(
        Exists(
            GuildMembership.objects.filter(organization=OuterRef("pk")).filter(
                Q(expires_on__isnull=True) | Q(expires_on__gte=today)
            )
        )
    )


def knowledge_based_q(today=None) -> Q:
    today = today or timezone.localdate()
    return ~Q(kb_certificate_number="") & (
        Q(kb_certificate_expires_on__isnull=True) | Q(kb_certificate_expires_on__gte=today)
    )


CAPABILITY_PATH_SECONDS = 60


def capability_path_of(value: str) -> str | None:
    """The tree path of the capability ``value`` (a slug or an id), cached for a minute: a
    directory request runs the FilterSet once per facet and must not look it up each time."""
    key = f"registry:capability-path:{value}"
    path = cache.get(key)
    if path is None:
        lookup = Q(slug=value)
        if str(value).isdigit():
            lookup |= Q(pk=int(value))
        path = Capability.objects.filter(lookup).values_list("path", flat=True).first() or ""
        cache.set(key, path, CAPABILITY_PATH_SECONDS)
    return path or None


def capability_q(value: str, *, through) -> Q:
    """Records having the capability ``value`` or any capability below it in the tree."""
    path = capability_path_of(value)
    if path is None:
        return Q(pk__in=[])
    links = through.objects.filter(
        Q(capability__path=path) | Q(capability__path__startswith=path + "/")
    )
    return Q(pk__in=links.values(_owner_column(through)))


def _owner_column(through) -> str:
    return "organization_id" if hasattr(through, "organization_id") else "person_id"


class _BooleanFilter(django_filters.TypedChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", _BOOLEAN_CHOICES)
        kwargs.setdefault("coerce", lambda v: v in (True, "true", "1", "True"))
        super().__init__(*args, **kwargs)


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("جستجو"))
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices, label=_("نوع"))
    province = django_filters.CharFilter(
        method="filter_province", label=_("استان (کد ISO مانند IR-02)")
    )
    county = PersianIntegerFilter(field_name="county_id", label=_("شهرستان"))
    capability = django_filters.CharFilter(method="filter_capability", label=_("توانمندی"))
    sector = django_filters.CharFilter(method="filter_sector", label=_("بخش"))
    guild_member = _BooleanFilter(method="filter_guild_member", label=_("عضو نصر"))
    knowledge_based = _BooleanFilter(method="filter_knowledge_based", label=_("دانش‌بنیان"))
    verified = _BooleanFilter(method="filter_verified", label=_("تأییدشده"))
    cluster = PersianIntegerFilter(method="filter_cluster", label=_("خوشه"))

    class Meta:
        model = Organization
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return organization_search(queryset, value)

    def filter_province(self, queryset, name, value):
        return queryset.filter(province__code=value.strip().upper())

    def filter_capability(self, queryset, name, value):
        return queryset.filter(capability_q(value, through=Organization.capabilities.through))

    def filter_sector(self, queryset, name, value):
        lookup = Q(sector__slug=value)
        if str(value).isdigit():
            lookup |= Q(sector_id=int(value))
        links = Organization.sectors.through.objects.filter(lookup)
        return queryset.filter(pk__in=links.values("organization_id"))

    def filter_guild_member(self, queryset, name, value):
        return queryset.filter(valid_membership_q() if value else ~valid_membership_q())

    def filter_knowledge_based(self, queryset, name, value):
        return queryset.filter(knowledge_based_q() if value else ~knowledge_based_q())

    def filter_verified(self, queryset, name, value):
        verified = Q(verification=Organization.Verification.VERIFIED)
        return queryset.filter(verified if value else ~verified)

    def filter_cluster(self, queryset, name, value):
        links = Cluster.members.through.objects.filter(cluster_id=value)
        return queryset.filter(pk__in=links.values("organization_id"))


#: The filters shown with counts per value (every filter but the search itself).
FACET_NAMES = tuple(name for name in OrganizationFilter.base_filters if name != "q")
#: The query-string keys the directory reads: its filters and the ordering.
DIRECTORY_KEYS = (*OrganizationFilter.base_filters, "ordering")


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("جستجو"))
    province = django_filters.CharFilter(field_name="province__code", label=_("استان"))
    county = PersianIntegerFilter(field_name="county_id", label=_("شهرستان"))
    capability = django_filters.CharFilter(method="filter_capability", label=_("توانمندی"))
    works_from_home = django_filters.BooleanFilter(label=_("کار از خانه"))
    serves_abroad = django_filters.BooleanFilter(label=_("خدمت به مشتریان خارج"))
    organization = PersianIntegerFilter(
        field_name="affiliations__organization_id", distinct=True, label=_("سازمان")
    )

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return key_search(queryset, value)

    def filter_capability(self, queryset, name, value):
        return queryset.filter(capability_q(value, through=Person.capabilities.through))


class ClusterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("جستجو"))
    province = django_filters.CharFilter(field_name="province__code", label=_("استان"))
    stage = django_filters.ChoiceFilter(choices=Cluster.Stage.choices, label=_("مرحله"))

    class Meta:
        model = Cluster
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return key_search(queryset, value)


__all__ = [
    "DIRECTORY_KEYS",
    "FACET_NAMES",
    "ORDERINGS",
    "ClusterFilter",
    "OrganizationFilter",
    "PersonFilter",
    "Sector",
]
