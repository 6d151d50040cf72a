import datetime

from django.urls import reverse
from django.utils import timezone

from khooshe.proposals.models import ProposalState
from khooshe.proposals.selectors.suggestions import (
    POINTS,
    explain_candidate,
    suggestions_for,
)
from khooshe.proposals.tests.factories import (
    CapabilityFactory,
    GuildMembershipFactory,
    OrganizationFactory,
    ProposalFactory,
    SectorFactory,
    county,
    province,
)
from khooshe.registry import bitmaps
from khooshe.registry.models import Cluster, Organization


def _setup():
    software = CapabilityFactory(slug="software", name="توسعه نرم‌افزار")
    web = CapabilityFactory(slug="web", name="توسعه وب", parent=software)
    webshop = CapabilityFactory(slug="web-shop", name="فروشگاه اینترنتی", parent=web)
    network = CapabilityFactory(slug="network", name="شبکه")
    agriculture = SectorFactory(slug="agriculture", name="کشاورزی")
    proposal = ProposalFactory(
        county=county("IR-02", "ساری"), sector=agriculture, capabilities=[web]
    )
    return proposal, web, webshop, network, agriculture


def test_verified_sari_firm_with_capability_outranks_unverified_tabriz_firm_without(db):
    proposal, web, _webshop, network, agriculture = _setup()
    sari = OrganizationFactory(
        name="وب‌کاران ساری",
        county=county("IR-02", "ساری"),
        verification=Organization.Verification.VERIFIED,
        capabilities=[web],
        sectors=[agriculture],
    )
    tabriz = OrganizationFactory(
        name="شبکه تبریز",
        province=province("IR-03"),
        county=county("IR-03", "تبریز"),
        capabilities=[network],
    )
    result = suggestions_for(proposal)["organizations"]
    ids = [s.id for s in result]
    assert ids[0] == sari.pk
    # the Tabriz firm has neither the capability nor the province: not even a candidate
    assert tabriz.pk not in ids
    top = result[0]
    assert (
        top.score
        == POINTS["capabilities"] + POINTS["sector"] + POINTS["county"] + POINTS["verified"]
    )
    assert {r["code"] for r in top.reasons} == {"capabilities", "sector", "county", "verified"}
    assert explain_candidate(proposal, organization=tabriz)[0] < top.score


def test_sub_capability_matches_and_far_firms_with_capability_are_candidates(db):
    proposal, _web, webshop, _network, _agri = _setup()
    tabriz_web = OrganizationFactory(
        province=province("IR-03"), county=county("IR-03", "تبریز"), capabilities=[webshop]
    )
    local_plain = OrganizationFactory(county=county("IR-02", "بابل"))
    same_county_plain = OrganizationFactory(county=county("IR-02", "ساری"))
    assert tabriz_web.pk not in {s.id for s in suggestions_for(proposal)["organizations"]}
    found = suggestions_for(proposal, other_provinces=True)["organizations"]
    result = {s.id: s for s in found}
    assert result[tabriz_web.pk].score == POINTS["capabilities"]
    # local first: the same-county firm (15 points) comes before the Tabriz one (40)
    ids = [s.id for s in found]
    assert ids.index(same_county_plain.pk) < ids.index(tabriz_web.pk)
    assert result[same_county_plain.pk].score == POINTS["county"]
    # same province, other county, none of the capabilities: not a candidate
    assert local_plain.pk not in result


def test_without_required_capabilities_the_province_is_the_candidate_set(db):
    proposal = ProposalFactory(county=county("IR-02", "ساری"))
    babol = OrganizationFactory(county=county("IR-02", "بابل"))
    sari = OrganizationFactory(county=county("IR-02", "ساری"))
    tabriz = OrganizationFactory(province=province("IR-03"), county=county("IR-03", "تبریز"))
    ranked = [s.id for s in suggestions_for(proposal)["organizations"]]
    assert ranked.index(sari.pk) < ranked.index(babol.pk)
    assert tabriz.pk not in ranked


def test_membership_knowledge_based_and_cluster_count(db):
    proposal, web, *_ = _setup()
    base = OrganizationFactory(county=county("IR-02", "بابل"), capabilities=[web])
    rich = OrganizationFactory(
        county=county("IR-02", "بابل"),
        capabilities=[web],
        kb_certificate_number="KB-1",
        kb_certificate_expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    GuildMembershipFactory(
        organization=rich, expires_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    GuildMembershipFactory(
        organization=base, expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    cluster = Cluster.objects.create(
        name="خوشه فاوا", province=province("IR-02"), stage=Cluster.Stage.OPERATIONAL
    )
    cluster.members.add(rich)
    result = {s.id: s for s in suggestions_for(proposal)["organizations"]}
    extra = POINTS["membership"] + POINTS["knowledge_based"] + POINTS["cluster"]
    assert result[rich.pk].score - result[base.pk].score == extra


def test_agencies_guilds_and_merged_records_are_not_suggested(db):
    proposal, web, *_ = _setup()
    agency = OrganizationFactory(kind=Organization.Kind.GOVERNMENT_AGENCY, capabilities=[web])
    merged_target = OrganizationFactory()
    merged = OrganizationFactory(capabilities=[web], merged_into=merged_target)
    ids = {s.id for s in suggestions_for(proposal)["organizations"]}
    assert agency.pk not in ids
    assert merged.pk not in ids


def test_suggestions_cost_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    proposal, web, *_ = _setup()
    for _ in range(15):
        OrganizationFactory(capabilities=[web])
    with django_assert_max_num_queries(6):  # the registry's bitmaps, whatever its size
        bitmaps.current()
    # capabilities, their sub-capabilities, the page's organizations, people, shortlist:
    # never one per organization.
    with django_assert_max_num_queries(5):
        suggestions_for(proposal)


def test_a_change_after_the_first_ranking_is_ranked(db):
    """The bitmaps follow every write: a firm that gains the capability, is verified, then
    merged away moves up, then disappears, without anyone rebuilding anything."""
    proposal, web, *_ = _setup()
    late = OrganizationFactory(county=county("IR-03", "تبریز"))

    def ranked():
        return suggestions_for(proposal, other_provinces=True)["organizations"]

    first = {s.id: s.score for s in ranked()}
    assert late.pk not in first
    late.capabilities.add(web)
    second = {s.id: s.score for s in ranked()}
    assert second[late.pk] >= POINTS["capabilities"]
    late.verification = Organization.Verification.VERIFIED
    late.save()
    third = {s.id: s.score for s in ranked()}
    assert third[late.pk] - second[late.pk] == POINTS["verified"]
    late.merged_into = OrganizationFactory()
    late.save()
    assert late.pk not in {s.id for s in ranked()}


def test_a_sari_proposals_first_suggestion_is_in_mazandaran(db):
    """An East Azerbaijan firm that matches better (capability, sector, verified, member,
    knowledge-based) does not outrank local capacity; it is listed only when asked, after
    the province's own firms."""
    proposal, web, _webshop, _network, agriculture = _setup()
    tabriz = OrganizationFactory(
        name="داده‌پردازان تبریز",
        province=province("IR-03"),
        county=county("IR-03", "تبریز"),
        capabilities=[web],
        sectors=[agriculture],
        verification=Organization.Verification.VERIFIED,
        kb_certificate_number="KB-9",
        kb_certificate_expires_on=timezone.localdate() + datetime.timedelta(days=90),
    )
    GuildMembershipFactory(organization=tabriz)
    babol = OrganizationFactory(name="وب بابل", county=county("IR-02", "بابل"), capabilities=[web])
    sari = OrganizationFactory(name="رایانه ساری", county=county("IR-02", "ساری"))

    local = suggestions_for(proposal)["organizations"]
    assert [s.id for s in local] == [sari.pk, babol.pk]
    assert local[0].province == "مازندران"
    assert "در همین شهرستان" in [r["label"] for r in local[0].reasons]
    assert "در همین استان" in [r["label"] for r in local[1].reasons]
    assert explain_candidate(proposal, organization=tabriz)[0] > local[0].score

    everyone = [s.id for s in suggestions_for(proposal, other_provinces=True)["organizations"]]
    assert everyone == [sari.pk, babol.pk, tabriz.pk]


def test_suggestions_page_shows_other_provinces_only_when_asked(client, guild02):
    proposal, web, *_ = _setup()
    proposal.state = ProposalState.SCREENING
    proposal.save()
    far = OrganizationFactory(
        name="فناوران تبریز",
        province=province("IR-03"),
        county=county("IR-03", "تبریز"),
        capabilities=[web],
    )
    near = OrganizationFactory(name="فناوران ساری", county=county("IR-02", "ساری"))
    client.force_login(guild02)
    url = reverse("proposals:suggestions", args=[proposal.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert near.name in html
    assert far.name not in html
    assert 'href="?others=1"' in html
    wide = client.get(url, {"others": "1"}).content.decode()
    assert wide.index(near.name) < wide.index(far.name)
