import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khooshe.accounts.models import User
from khooshe.core.desk import desk_for
from khooshe.geo.models import County, Province
from khooshe.registry import services
from khooshe.registry.models import Capability, ClaimRequest, Organization, Sector
from khooshe.registry.tests.factories import (
    CapabilityFactory,
    ClusterFactory,
    GuildMembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SectorFactory,
    county,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("registry:index")


def _detail(org):
    return reverse("registry:organization_detail", args=[org.pk])


def test_directory_lists_public_records_with_counts_and_hides_hidden_ones(client):
    web = CapabilityFactory(slug="web", name="طراحی وب")
    OrganizationFactory(name="کاسپین داده", capabilities=[web])
    OrganizationFactory(name="پنهان", is_public=False)
    response = client.get(INDEX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "کاسپین داده" in html
    assert "پنهان" not in html
    assert 'data-facet="capability" data-value="web"' in html
    assert re.search(r'id="result-count">۱ سازمان<', html)


def test_htmx_search_returns_the_results_partial_with_vary(client):
    OrganizationFactory(name="شرکت نرم‌افزاری البرز")
    OrganizationFactory(name="فروشگاه رایانه")
    response = client.get(
        INDEX, {"q": "نرمافزاري"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "البرز" in html
    assert "فروشگاه" not in html
    assert 'data-facet="kind"' in html  # the counts come with the results
    assert "HX-Request" in response["Vary"]
    full = client.get(INDEX, {"q": "نرمافزاري"})
    assert "<html" in full.content.decode()


@pytest.mark.parametrize(
    ("url", "target"),
    [
        (INDEX, "results"),
        (reverse("registry:person_list"), "results"),
        (reverse("registry:cluster_list"), "results"),
    ],
)
def test_lists_answer_htmx_with_a_partial_and_the_back_button_with_the_page(client, url, target):
    """The back button (htmx's history restore) and a boosted link get the whole page."""
    partial = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET=target)
    assert "<html" not in partial.content.decode()
    assert "HX-Request" in partial["Vary"]
    restored = client.get(
        url, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true", HTTP_HX_TARGET=target
    )
    assert "<html" in restored.content.decode()
    boosted = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true", HTTP_HX_TARGET=target)
    assert "<html" in boosted.content.decode()


def test_facet_values_are_escaped_and_the_chosen_one_is_marked(client):
    cluster = ClusterFactory(name='<b>خوشه</b> "فاوا" & داده')
    cluster.members.add(OrganizationFactory(name="عضو"))
    html = client.get(INDEX, {"kind": "company", "q": "عضو & <i>"}).content.decode()
    assert "<b>خوشه</b>" not in html
    assert "&lt;b&gt;خوشه&lt;/b&gt; &quot;فاوا&quot; &amp; داده" in html
    assert "<i>" not in html.split('id="results"')[1]
    chosen = re.search(r'<a [^>]*aria-current="true"[^>]*>([^<]*)</a>', html)
    assert chosen
    assert 'data-facet="kind" data-value="company"' in chosen.group(0)
    assert chosen.group(1).startswith("✓ ")
    toggle = re.search(r'href="\?([^"]*)"', chosen.group(0)).group(1)
    assert "kind=" not in toggle  # choosing it again clears it
    assert "q=" in toggle
    assert "<" not in toggle


def test_facet_counts_ignore_their_own_filter(client):
    OrganizationFactory(kind="company")
    OrganizationFactory(kind="startup")
    OrganizationFactory(kind="startup", province=county("IR-03").province, county=county("IR-03"))
    response = client.get(INDEX, {"kind": "startup", "province": "IR-02"})
    facets = {f.name: f for f in response.context["facets"]}
    kinds = {v.value: v.count for v in facets["kind"].values}
    assert kinds == {"company": 1, "startup": 1}  # province applied, kind not
    provinces = {v.value: v.count for v in facets["province"].values}
    assert provinces == {"IR-02": 1, "IR-03": 1}
    assert response.context["page"].paginator.count == 1


def test_directory_query_count_is_constant_whatever_the_page_size(
    client, django_assert_max_num_queries
):
    caps = [CapabilityFactory(), CapabilityFactory()]
    sector = SectorFactory()
    cluster = ClusterFactory()
    for index in range(40):
        org = OrganizationFactory(capabilities=caps, sectors=[sector])
        GuildMembershipFactory(organization=org, started_on="2020-01-01")
        if index % 2:
            cluster.members.add(org)
    client.get(INDEX, {"q": "شرکت"})  # warms the taxonomy caches
    with django_assert_max_num_queries(12) as small:
        client.get(INDEX, {"page_size": 5, "q": "شرکت"})
    with django_assert_max_num_queries(12) as large:
        client.get(INDEX, {"page_size": 40, "q": "شرکت"})
    assert len(small.captured_queries) == len(large.captured_queries)


def test_profile_hides_private_fields_from_the_public(client, organization, owner, guild_staff):
    html = client.get(_detail(organization)).content.decode()
    assert 'id="legal-id"' not in html
    assert organization.legal_id not in html
    client.force_login(owner)
    assert 'id="legal-id"' in client.get(_detail(organization)).content.decode()


def test_member_since_is_jalali(client, organization):
    GuildMembershipFactory(organization=organization, started_on="2024-06-22")
    html = client.get(INDEX).content.decode()
    assert "عضو از تیر ۱۴۰۳" in html
    html = client.get(_detail(organization)).content.decode()
    assert "۲ تیر ۱۴۰۳" in html


def test_expired_membership_shows_as_expired(client, organization):
    GuildMembershipFactory(organization=organization, expires_on="2020-01-01")
    assert "عضویت نصر منقضی" in client.get(INDEX).content.decode()


def test_hidden_profile_is_404_for_the_public_and_merged_redirects(client, guild_staff):
    hidden = OrganizationFactory(is_public=False)
    assert client.get(_detail(hidden)).status_code == 404
    target = OrganizationFactory()
    merged = OrganizationFactory(merged_into=target, is_public=False)
    response = client.get(_detail(merged))
    assert response.status_code == 302
    assert response["Location"] == _detail(target)
    client.force_login(guild_staff)
    assert client.get(_detail(hidden)).status_code == 200


def test_register_page_creates_and_edit_page_shows_conflict(client, stranger):
    client.force_login(stranger)
    response = client.post(
        reverse("registry:organization_create"),
        {
            "name": "شرکت آزمون صفحه",
            "kind": "company",
            "province": county().province_id,
            "locality": "urban",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    org = Organization.objects.get(name="شرکت آزمون صفحه")
    edit = reverse("registry:organization_edit", args=[org.pk])
    form = client.get(edit)
    assert 'name="version"' in form.content.decode()
    data = {
        "name": "نام تازه",
        "kind": "company",
        "province": org.province_id,
        "locality": "urban",
        "version": org.version,
    }
    assert client.post(edit, data).status_code == 302
    response = client.post(edit, {**data, "name": "نام دیگر"})  # the old version again
    assert response.status_code == 409
    assert "تغییر کرده است" in response.content.decode()


def test_numbers_typed_in_persian_digits_are_saved(client, stranger, guild_staff):
    """«۱۹» employees saves 19 (a browser's type=number box would have dropped it)."""
    client.force_login(stranger)
    form = client.get(reverse("registry:organization_create")).content.decode()
    assert 'type="number"' not in form
    response = client.post(
        reverse("registry:organization_create"),
        {
            "name": "شرکت ارقام فارسی",
            "kind": "company",
            "province": county().province_id,
            "locality": "urban",
            "employees": "۱۹",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    org = Organization.objects.get(name="شرکت ارقام فارسی")
    assert org.employees == 19
    edit = client.get(reverse("registry:organization_edit", args=[org.pk])).content.decode()
    assert 'value="۱۹"' in edit  # shown back in the page's digits
    duplicate = OrganizationFactory()
    client.force_login(guild_staff)
    target = "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in str(org.pk))
    response = client.post(
        reverse("registry:organization_merge", args=[duplicate.pk]), {"target": target}
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == org


def test_refused_forms_answer_400_and_out_of_order_409(client, guild_staff, stranger, organization):
    client.force_login(guild_staff)
    revoke = reverse("registry:organization_revoke", args=[organization.pk])
    response = client.post(revoke, {"reason": "پیش از تأیید"})  # not verified yet
    assert response.status_code == 409
    assert "ممکن نیست" in response.content.decode()
    merge = reverse("registry:organization_merge", args=[organization.pk])
    assert client.post(merge, {"target": organization.pk}).status_code == 400  # itself
    client.post(reverse("registry:organization_verify", args=[organization.pk]))
    client.force_login(stranger)
    claim = client.post(reverse("registry:organization_claim", args=[organization.pk]), {})
    assert claim.status_code == 400  # a verified organization cannot be claimed
    assert "تأییدشده" in claim.content.decode()


def test_stranger_cannot_open_the_edit_page(client, stranger, organization):
    client.force_login(stranger)
    assert (
        client.get(reverse("registry:organization_edit", args=[organization.pk])).status_code == 403
    )


def test_claim_and_approval_through_the_pages(client, stranger, guild_staff, organization):
    client.force_login(stranger)
    client.post(reverse("registry:organization_claim", args=[organization.pk]), {"message": "من"})
    claim = ClaimRequest.objects.get()
    assert any(s.key == "registry.claims" for s in desk_for(stranger))
    staff_sections = {s.key: s for s in desk_for(guild_staff)}
    assert staff_sections["registry.claims_to_review"].count == 1
    assert staff_sections["registry.to_verify"].count == 1
    client.force_login(guild_staff)
    assert organization.name in client.get(reverse("registry:claims")).content.decode()
    response = client.post(
        reverse("registry:claim_detail", args=[claim.pk]), {"decision": "approve", "reason": ""}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimRequest.Status.APPROVED


def test_staff_verify_revoke_merge_pages(client, guild_staff, organization):
    client.force_login(guild_staff)
    client.post(reverse("registry:organization_verify", args=[organization.pk]))
    organization.refresh_from_db()
    assert organization.is_verified
    client.post(
        reverse("registry:organization_revoke", args=[organization.pk]), {"reason": "تعطیل"}
    )
    organization.refresh_from_db()
    assert organization.verification == "revoked"
    other = OrganizationFactory()
    response = client.post(
        reverse("registry:organization_merge", args=[organization.pk]), {"target": other.pk}
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.merged_into == other


def test_history_tab(client, owner, organization):
    client.force_login(owner)
    client.post(
        reverse("registry:organization_edit", args=[organization.pk]),
        {
            "name": "نام تازه",
            "kind": "company",
            "province": organization.province_id,
            "locality": "urban",
            "version": organization.version,
            "is_public": "on",
        },
    )
    html = client.get(
        reverse("registry:organization_history", args=[organization.pk])
    ).content.decode()
    assert "نام تازه" in html


def test_person_and_cluster_pages(client, guild_staff):
    person = PersonFactory(works_from_home=True)
    html = client.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    assert person.national_code not in html
    assert "کار از خانه" in html
    assert client.get(reverse("registry:person_history", args=[person.pk])).status_code == 404
    assert client.get(reverse("registry:person_list")).status_code == 200
    cluster = ClusterFactory(name="خوشه فاوای تبریز")
    cluster.members.add(OrganizationFactory(name="عضو خوشه"))
    html = client.get(reverse("registry:cluster_detail", args=[cluster.pk])).content.decode()
    assert "عضو خوشه" in html
    assert "خوشه فاوای تبریز" in client.get(reverse("registry:cluster_list")).content.decode()
    client.force_login(guild_staff)
    client.post(
        reverse("registry:cluster_stage", args=[cluster.pk]), {"action": "form", "on": "۱۴۰۳/۰۴/۰۲"}
    )
    cluster.refresh_from_db()
    assert cluster.stage == "forming"
    assert str(cluster.forming_on) == "2024-06-22"


def test_staff_create_a_cluster_and_people_filters(client, guild_staff, stranger):
    client.force_login(stranger)
    response = client.post(
        reverse("registry:cluster_create"),
        {"name": "خوشه تازه", "province": Province.objects.get(code="IR-02").pk},
    )
    assert response.status_code == 403
    client.force_login(guild_staff)
    response = client.post(
        reverse("registry:cluster_create"),
        {"name": "خوشه تازه", "province": Province.objects.get(code="IR-02").pk},
    )
    assert response.status_code == 302
    assert "۱" in client.get(reverse("registry:cluster_list")).content.decode()
    PersonFactory(last_name="خانگی", works_from_home=True)
    PersonFactory(last_name="اداری")
    html = client.get(reverse("registry:person_list"), {"works_from_home": "true"}).content.decode()
    assert "خانگی" in html
    assert "اداری" not in html


def test_directory_in_english(client, organization):
    client.cookies["khooshe_language"] = "en"
    html = client.get(INDEX).content.decode()
    if 'lang="en"' not in html:
        pytest.skip("the language cookie is not honoured by the shell")
    assert "ICT actors&#x27; bank" in html or "ICT actors' bank" in html
    assert "1 organization<" in html


def test_result_cards_name_the_kind_in_the_page_language(client):
    OrganizationFactory(kind="startup")
    assert "استارتاپ" in client.get(INDEX).content.decode()
    client.cookies["khooshe_language"] = "en"
    html = client.get(INDEX).content.decode()
    assert 'class="small text-body-secondary">Startup — ' in html


def test_merge_page_suggests_duplicates_in_any_spelling(client, guild_staff):
    original = OrganizationFactory(name="شرکت نرم‌افزاری کاسپین")
    duplicate = OrganizationFactory(name="شركت نرم افزاري كاسپين")
    OrganizationFactory(name="فروشگاه دیگر")
    client.force_login(guild_staff)
    html = client.get(reverse("registry:organization_merge", args=[duplicate.pk])).content.decode()
    assert 'id="duplicate-candidates"' in html
    assert reverse("registry:organization_detail", args=[original.pk]) in html
    assert "فروشگاه دیگر" not in html


def test_facet_counts_combine_the_other_selections(client):
    web = CapabilityFactory(slug="web")
    sector = SectorFactory(slug="health")
    cluster = ClusterFactory()
    a = OrganizationFactory(kind="startup", verification="verified", capabilities=[web])
    OrganizationFactory(kind="startup", sectors=[sector])
    c = OrganizationFactory(kind="company", verification="verified", kb_certificate_number="K1")
    GuildMembershipFactory(organization=a)
    cluster.members.add(a, c)
    response = client.get(INDEX, {"kind": "startup", "verified": "true", "q": "شرکت"})
    facets = {f.name: {v.value: v.count for v in f.values} for f in response.context["facets"]}
    assert facets["kind"] == {"startup": 1, "company": 1}  # among verified
    assert facets["verified"] == {"true": 1, "false": 1}  # among startups
    assert facets["guild_member"] == {"true": 1}  # startups that are verified
    assert facets["knowledge_based"] == {"false": 1}
    assert facets["capability"] == {"web": 1}
    assert facets["sector"] == {}
    assert facets["cluster"] == {str(cluster.pk): 1}
    assert response.context["page"].paginator.count == 1


def test_staff_manage_the_taxonomy(client, guild_staff, stranger):
    url = reverse("registry:taxonomy")
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    client.force_login(guild_staff)
    parent = CapabilityFactory(slug="software", name="نرم‌افزار")
    response = client.post(
        url, {"capability": "1", "name": "واقعیت مجازی", "slug": "vr", "parent": parent.pk}
    )
    assert response.status_code == 302
    assert Capability.objects.get(slug="vr").path == "software/vr"
    client.post(url, {"sector": "1", "name": "ورزش", "slug": "sport"})
    assert Sector.objects.filter(slug="sport").exists()
    response = client.post(url, {"sector": "1", "name": "دوباره", "slug": "sport"})
    assert response.status_code == 400
    assert "پیش‌تر" in response.content.decode()


def test_admin_edit_keeps_the_search_key(client, admin_user, organization):
    User.objects.filter(pk=admin_user.pk).update(is_staff=True, is_superuser=True)
    client.force_login(User.objects.get(pk=admin_user.pk))
    url = reverse("admin:registry_organization_change", args=[organization.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:registry_capability_changelist")).status_code == 200


def test_county_options_follow_the_province(client, stranger):
    mazandaran = Province.objects.get(code="IR-02")
    html = client.get(reverse("registry:counties"), {"province": mazandaran.pk}).content.decode()
    assert "ساری" in html
    assert "تبریز" not in html
    client.force_login(stranger)
    form = client.get(reverse("registry:organization_create")).content.decode()
    assert 'hx-get="/registry/counties/"' in form
    response = client.post(
        reverse("registry:organization_create"),
        {
            "name": "الف",
            "kind": "company",
            "province": mazandaran.pk,
            "locality": "urban",
            "county": County.objects.get(province__code="IR-03", name="تبریز").pk,
        },
    )
    assert response.status_code == 400  # a county of another province is not a choice
    assert "county" in response.context["form"].errors


def test_an_invalid_filter_value_is_ignored_on_the_page(client):
    OrganizationFactory(name="شرکت الف", kind="startup")
    OrganizationFactory(name="شرکت ب")
    response = client.get(INDEX, {"county": "abc", "kind": "startup"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1  # kind still applies


def test_counts_are_cached_until_a_registry_write(client, stranger, django_assert_max_num_queries):
    OrganizationFactory(kind="startup")

    def kinds():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(INDEX, {"q": "شرکت"})
        counts = {
            v.value: v.count
            for f in response.context["facets"]
            if f.name == "kind"
            for v in f.values
        }
        return counts, len(queries.captured_queries)

    first, cold = kinds()
    again, warm = kinds()
    assert first == again == {"startup": 1}
    assert warm < cold  # the counts came from the cache
    services.organization_register(
        actor=stranger, name="شرکت تازه", kind="company", province="IR-02"
    )
    assert kinds()[0] == {"startup": 1, "company": 1}
