"""The directory's counts (issue 4, item 10): one search statement and the bitmap index give
the same numbers as running the FilterSet once per facet without that facet's own
parameter, whatever the selections."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khooshe.registry import bitmaps
from khooshe.registry.facets import _facets_and_total, facets_changed, organization_facets
from khooshe.registry.filters import OrganizationFilter
from khooshe.registry.models import Organization
from khooshe.registry.selectors import (
    apply_filters,
    match_count,
    organization_list,
    organizations_visible_to,
)
from khooshe.registry.tests.factories import (
    CapabilityFactory,
    ClusterFactory,
    GuildMembershipFactory,
    OrganizationFactory,
    SectorFactory,
    county,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    software = CapabilityFactory(slug="software")
    web = CapabilityFactory(slug="web", parent=software)
    mobile = CapabilityFactory(slug="mobile", parent=software)
    network = CapabilityFactory(slug="network")
    health, farming = SectorFactory(slug="health"), SectorFactory(slug="farming")
    north, south = ClusterFactory(), ClusterFactory()
    sari = county("IR-02", "ساری")
    kinds = ["startup", "company", "ngo"]
    for index in range(24):
        org = OrganizationFactory(
            name=f"شرکت نمونه {index}" if index % 3 else f"گروه دیگر {index}",
            kind=kinds[index % 3],
            verification="verified" if index % 2 else "unverified",
            kb_certificate_number="K" if index % 5 == 0 else "",
            is_public=index != 7,
            **({"county": sari} if index % 4 == 0 else {}),
            capabilities=[[web], [web, mobile], [network], []][index % 4],
            sectors=[[health], [farming, health], []][index % 3],
        )
        if index % 3 == 1:
            GuildMembershipFactory(organization=org)
        if index % 2:
            north.members.add(org)
        if index % 5 == 0:
            south.members.add(org)
    return {"web": web, "north": north, "sari": sari}


def _naive(filters: dict, facet: str, value: str) -> int:
    """The count a facet value shows: the FilterSet with that value instead of the facet's
    own parameter."""
    data = {**filters, facet: value}
    queryset = apply_filters(OrganizationFilter, data, organizations_visible_to(None))
    return queryset.count()


def _assert_every_count_is_the_filtersets(filters: dict):
    """Each facet value's count against the FilterSet run for it; returns the total."""
    facets, total = _facets_and_total(filters=filters, viewer=None)
    for facet in facets:
        for value in facet.values:
            assert value.count == _naive(filters, facet.name, value.value), (
                filters,
                facet.name,
                value.value,
            )
    return total


def test_counts_equal_the_filterset_run_once_per_facet(directory):
    selections = [
        {},
        {"q": "شرکت"},
        {"kind": "startup"},
        {"q": "نمونه", "verified": "true", "capability": "software"},
        {"sector": "health", "cluster": str(directory["north"].pk), "guild_member": "false"},
        {"county": str(directory["sari"].pk), "knowledge_based": "true", "kind": "company"},
    ]
    for filters in selections:
        total = _assert_every_count_is_the_filtersets(filters)
        if total is not None:
            expected = apply_filters(OrganizationFilter, filters, organizations_visible_to(None))
            assert total == expected.count()


def test_counts_take_one_statement_and_give_the_page_its_count(directory):
    # warms the taxonomy caches and the bitmap index
    organization_facets(filters={"q": "شرکت"}, viewer=None)

    facets_changed()
    memo: dict = {}
    with CaptureQueriesContext(connection) as queries:
        organization_facets(filters={"q": "شرکت"}, viewer=None, memo=memo)
    searching = [q for q in queries.captured_queries if "MATERIALIZED" in q["sql"]]
    assert len(searching) == 1  # the search, once
    assert len(queries.captured_queries) <= 2  # and the county names
    expected = apply_filters(OrganizationFilter, {"q": "شرکت"}, organizations_visible_to(None))
    assert match_count(filters={"q": "شرکت"}, memo=memo) == expected.count()
    # Served from the cache, the counts still bring the page's count.
    memo = {}
    organization_facets(filters={"q": "شرکت"}, viewer=None, memo=memo)
    assert match_count(filters={"q": "شرکت"}, memo=memo) == expected.count()


def test_the_count_is_exact_whatever_is_chosen(directory):
    for filters in (
        {"q": "شرکت", "kind": "startup"},
        {"verified": "false", "capability": "software", "guild_member": "true"},
        {"q": "نمونه", "province": "IR-02", "knowledge_based": "false"},
        {"q": "نمونه", "province": "IR-99"},  # names nothing: keeps nothing
    ):
        memo: dict = {}
        organization_facets(filters=filters, viewer=None, memo=memo)
        expected = apply_filters(OrganizationFilter, filters, organizations_visible_to(None))
        assert match_count(filters=filters, memo=memo) == expected.count(), filters


def test_every_pair_of_selections(directory):
    choices = {
        "kind": "startup",
        "verified": "false",
        "capability": "web",
        "sector": "farming",
        "cluster": str(directory["north"].pk),
        "guild_member": "true",
    }
    for (a, va), (b, vb) in itertools.combinations(choices.items(), 2):
        filters = {a: va, b: vb}
        _assert_every_count_is_the_filtersets(filters)


def test_the_page_picked_by_the_counts_statement_is_the_lists_page(client, directory):
    OrganizationFactory(name="نمونه")  # exact name first
    OrganizationFactory(name="نمونه‌های دیگر")  # then name prefix
    OrganizationFactory(name="بی‌نام", description="شرکت نمونه")  # description last
    for filters, size, page in [
        ({"q": "نمونه"}, 5, 1),
        ({"q": "نمونه"}, 5, 3),
        ({"q": "شرکت نمونه", "capability": "software"}, 4, 2),
        ({"q": "نمونه", "ordering": "relevance"}, 50, 1),
    ]:
        facets_changed()
        response = client.get(
            reverse("registry:index"),
            {**filters, "page_size": size, "page": page},
            headers={"HX-Request": "true", "HX-Target": "results"},
        )
        shown = [o.pk for o in response.context["page"].object_list]
        everything = list(
            organization_list(filters=filters, viewer=None).values_list("pk", flat=True)
        )
        assert shown == everything[(page - 1) * size : page * size], filters
        assert response.context["page"].paginator.count == len(everything)
        # without other filters, picked by the counts' statement (a list), not by a second
        # search (a queryset)
        if set(filters) <= {"q", "ordering"}:
            assert isinstance(response.context["page"].object_list, list)


def test_a_repeated_query_takes_its_page_from_the_cache_and_still_hides_what_became_hidden(
    client, directory
):
    def page():
        response = client.get(
            reverse("registry:index"),
            {"q": "نمونه", "page_size": 5},
            headers={"HX-Request": "true", "HX-Target": "results"},
        )
        return [o.pk for o in response.context["page"].object_list]

    first = page()
    expected = list(
        organization_list(filters={"q": "نمونه"}, viewer=None).values_list("pk", flat=True)
    )
    assert first == expected[:5]
    with CaptureQueriesContext(connection) as queries:
        assert page() == first
    assert not any("ORDER BY" in q["sql"] and "LIMIT" in q["sql"] for q in queries.captured_queries)
    # A write behind the services' back (no facets_changed): the cached ids still go through
    # the visibility filter.
    Organization.objects.filter(pk=first[0]).update(is_public=False)
    assert first[0] not in page()
    # Another ordering never takes the relevance page.
    response = client.get(
        reverse("registry:index"), {"q": "نمونه", "page_size": 5, "ordering": "-name"}
    )
    names = [o.name for o in response.context["page"].object_list]
    assert names == sorted(names, reverse=True)


def test_each_viewer_counts_what_they_may_see(directory, guild_staff, owner, organization):
    """Hidden records count for staff of their province and for their owner, never for
    the public; merged duplicates for no one."""
    Organization.objects.filter(pk=organization.pk).update(is_public=False)
    OrganizationFactory(name="شرکت پنهان تبریز", county=county("IR-03", "تبریز"), is_public=False)
    OrganizationFactory(name="شرکت ادغام‌شده", merged_into=organization)

    bitmaps.everything_changed()  # the update above bypassed the signals
    for viewer in (None, guild_staff, owner):
        for filters in ({}, {"q": "شرکت"}, {"q": "شرکت", "kind": "company"}):
            memo: dict = {}
            facets = organization_facets(filters=filters, viewer=viewer, memo=memo)
            visible = organizations_visible_to(viewer)
            expected = apply_filters(OrganizationFilter, filters, visible)
            assert match_count(filters=filters, memo=memo) == expected.count(), (viewer, filters)
            kinds = {v.value: v.count for f in facets if f.name == "kind" for v in f.values}
            without_kind = {k: v for k, v in filters.items() if k != "kind"}
            for kind, count in kinds.items():
                data = {**without_kind, "kind": kind}
                assert count == apply_filters(OrganizationFilter, data, visible).count()
