import datetime

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.registry.models import Organization
from khooshe.registry.tests.factories import (
    AffiliationFactory,
    CapabilityFactory,
    ClusterFactory,
    GuildMembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SectorFactory,
    county,
    legal_id,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/organizations/"


@pytest.fixture
def api():
    return APIClient()


def _as(api, user):
    token, _ = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_list_has_the_promised_fields_and_hides_legal_id_from_the_public(api, organization):
    response = api.get(URL)
    assert response.status_code == 200
    result = response.json()["results"][0]
    assert result["guild_membership"] is None
    for key in (
        "id",
        "name",
        "kind",
        "legal_id",
        "province",
        "county",
        "capabilities",
        "sectors",
        "verified",
        "url",
        "version",
    ):
        assert key in result
    assert result["legal_id"] is None
    assert result["province"] == "IR-02"
    assert result["url"].endswith(f"/registry/organizations/{organization.pk}/")


def test_owner_and_staff_see_legal_id(api, organization, owner, guild_staff, other_guild_staff):
    assert (
        _as(api, owner).get(f"{URL}{organization.pk}/").json()["legal_id"] == organization.legal_id
    )
    assert _as(api, guild_staff).get(f"{URL}{organization.pk}/").json()["legal_id"]
    assert _as(api, other_guild_staff).get(f"{URL}{organization.pk}/").json()["legal_id"] is None


def test_filters(api):
    software = CapabilityFactory(slug="software")
    web = CapabilityFactory(slug="web", parent=software)
    tourism = SectorFactory(slug="tourism")
    a = OrganizationFactory(name="الف وب", capabilities=[web], sectors=[tourism])
    b = OrganizationFactory(
        name="ب", province=county("IR-03").province, county=county("IR-03"), kind="startup"
    )
    c = OrganizationFactory(name="ج", verification=Organization.Verification.VERIFIED)
    GuildMembershipFactory(organization=c, expires_on=datetime.date.today() + datetime.timedelta(1))
    GuildMembershipFactory(organization=b, expires_on=datetime.date(2020, 1, 1))
    d = OrganizationFactory(name="د", kb_certificate_number="KB-1")
    cluster = ClusterFactory()
    cluster.members.add(d)

    def ids(**params):
        response = api.get(URL, params)
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids(capability="software") == {a.pk}  # sub-capabilities included
    assert ids(sector="tourism") == {a.pk}
    assert ids(province="IR-03") == {b.pk}
    assert ids(province="ir-03") == {b.pk}
    assert ids(kind="startup") == {b.pk}
    assert ids(county=county("IR-03").pk) == {b.pk}
    assert ids(guild_member="true") == {c.pk}  # the expired membership does not count
    assert ids(verified="true") == {c.pk}
    assert ids(knowledge_based="true") == {d.pk}
    assert ids(cluster=cluster.pk) == {d.pk}
    assert ids(q="وب") == {a.pk}
    names = [row["name"] for row in api.get(URL, {"ordering": "-name"}).json()["results"]]
    assert names == sorted(names, reverse=True)
    assert api.get(URL, {"page_size": 2}).json()["count"] == 4
    bad = api.get(URL, {"county": "abc", "kind": "spaceship"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"county", "kind"}
    assert len(api.get(URL, {"page_size": 2}).json()["results"]) == 2


def test_search_finds_every_spelling(api):
    org = OrganizationFactory(name="شرکت نرم‌افزاری كاسپين ۲۰۲۰")
    OrganizationFactory(name="شرکت سخت‌افزار البرز")
    for q in ("نرمافزاری", "نرم افزاری", "کاسپین 2020", "٢٠٢٠ كاسپين", "كاس"):
        rows = api.get(URL, {"q": q}).json()["results"]
        assert [row["id"] for row in rows] == [org.pk], q


def test_list_query_count_does_not_grow_with_page_size(
    api, django_assert_max_num_queries, guild_staff
):
    caps = [CapabilityFactory(), CapabilityFactory()]
    sector = SectorFactory()
    for _ in range(30):
        org = OrganizationFactory(capabilities=caps, sectors=[sector])
        GuildMembershipFactory(organization=org)
    _as(api, guild_staff)
    with django_assert_max_num_queries(10):
        assert len(api.get(URL, {"page_size": 5}).json()["results"]) == 5
    with django_assert_max_num_queries(10):
        assert len(api.get(URL, {"page_size": 30}).json()["results"]) == 30


def test_anonymous_write_is_401(api, organization):
    assert api.post(URL, {"name": "x"}, format="json").status_code == 401
    assert api.patch(f"{URL}{organization.pk}/", {"name": "x"}, format="json").status_code == 401


def test_create_validates_legal_id_with_persian_message(api, stranger, organization):
    _as(api, stranger)
    body = {"name": "شرکت تازه", "kind": "company", "province": "IR-02", "legal_id": "12345678901"}
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert "شناسه ملی" in response.json()["legal_id"][0]
    body["legal_id"] = organization.legal_id
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert "ثبت شده است" in response.json()["legal_id"][0]
    assert organization.name not in response.json()["legal_id"][0]  # the legal ID is private
    body["legal_id"] = legal_id(99)
    body["capabilities"] = [CapabilityFactory(slug="web").slug]
    body["founded_on"] = "۱۴۰۳/۰۴/۰۲"
    response = api.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["legal_id"] == legal_id(99)  # the creator owns it
    assert data["founded_on"] == "1403/04/02"
    assert data["capabilities"][0]["slug"] == "web"


def test_patch_with_version_conflict_and_other_actor(api, organization, owner, stranger):
    _as(api, owner)
    url = f"{URL}{organization.pk}/"
    response = api.patch(
        url, {"description": "تازه", "version": organization.version}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["version"] == organization.version + 1
    response = api.patch(url, {"phone": "0111", "version": organization.version}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "edit_conflict"
    other = UserFactory()
    grant(other, Role.ACTOR, organization=OrganizationFactory())
    assert _as(api, other).patch(url, {"phone": "1"}, format="json").status_code == 403


def test_hidden_organization_is_404_for_the_public(api, owner, organization):
    Organization.objects.filter(pk=organization.pk).update(is_public=False)
    assert api.get(f"{URL}{organization.pk}/").status_code == 404
    assert api.get(URL).json()["count"] == 0
    assert _as(api, owner).get(f"{URL}{organization.pk}/").status_code == 200


def test_history_endpoint(api, owner, organization):
    _as(api, owner).patch(f"{URL}{organization.pk}/", {"phone": "0111"}, format="json")
    response = api.get(f"{URL}{organization.pk}/history/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert rows[0]["user_id"] == owner.pk
    assert any(change["field"] == "phone" for change in rows[0]["changes"])
    assert APIClient().get(f"{URL}{organization.pk}/history/").status_code == 404


def test_people_never_show_national_code_publicly(api, guild_staff):
    person = PersonFactory(mobile="09121234567")
    AffiliationFactory(
        person=person, title="رئیس هیئت مدیره", started_on=datetime.date(2024, 6, 22)
    )
    AffiliationFactory(person=person, organization=OrganizationFactory(is_public=False))
    row = api.get("/api/v1/people/").json()["results"][0]
    assert "national_code" not in row
    assert "mobile" not in row
    assert row["affiliations"] == [
        {
            "organization": row["affiliations"][0]["organization"],
            "organization_name": row["affiliations"][0]["organization_name"],
            "title": "رئیس هیئت مدیره",
            "started_on": "1403/04/02",
            "ended_on": None,
        }
    ]  # the hidden organization's title is not listed
    assert "national_code" not in api.get(f"/api/v1/people/{person.pk}/").json()
    assert api.get(f"/api/v1/people/{person.pk}/history/").status_code == 404
    data = _as(api, guild_staff).get(f"/api/v1/people/{person.pk}/").json()
    assert data["national_code"] == person.national_code


def test_people_create_and_patch(api, guild_staff, stranger):
    _as(api, guild_staff)
    response = api.post(
        "/api/v1/people/",
        {"first_name": "سارا", "last_name": "کريمي", "province": "IR-02", "national_code": "1"},
        format="json",
    )
    assert response.status_code == 400
    assert "national_code" in response.json()
    response = api.post(
        "/api/v1/people/",
        {"first_name": "سارا", "last_name": "کريمي", "province": "IR-02", "works_from_home": True},
        format="json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    assert response.json()["last_name"] == "کریمی"
    assert (
        _as(api, stranger).patch(f"/api/v1/people/{pk}/", {"bio": "x"}, format="json").status_code
        == 403
    )


def test_clusters_api(api, guild_staff, organization):
    response = _as(api, guild_staff).post(
        "/api/v1/clusters/",
        {"name": "خوشه فاوا", "province": "IR-02", "members": [organization.pk]},
        format="json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    assert response.json()["members"] == [organization.pk]
    response = api.post(f"/api/v1/clusters/{pk}/advance/", {"action": "deactivate"}, format="json")
    assert response.status_code == 409
    response = api.post(
        f"/api/v1/clusters/{pk}/advance/", {"action": "form", "on": "1403/04/02"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["forming_on"] == "1403/04/02"
    assert api.get(f"/api/v1/clusters/{pk}/history/").status_code == 200
    assert APIClient().get("/api/v1/clusters/").json()["count"] == 1


def test_taxonomies(api):
    parent = CapabilityFactory(slug="software")
    CapabilityFactory(slug="web", parent=parent)
    SectorFactory(slug="health")
    capabilities = api.get("/api/v1/capabilities/").json()
    assert {"slug": "web", "parent": "software"}.items() <= next(
        c for c in capabilities if c["slug"] == "web"
    ).items()
    assert api.get("/api/v1/sectors/").json()[0]["slug"] == "health"


def test_verify_revoke_claim_and_merge_through_the_api(
    api, organization, guild_staff, other_guild_staff, stranger
):
    url = f"{URL}{organization.pk}/"
    assert (
        _as(api, stranger).post(f"{url}claim/", {"message": "من"}, format="json").status_code == 201
    )
    assert api.post(f"{url}claim/", {}, format="json").status_code == 400  # already pending
    assert _as(api, other_guild_staff).post(f"{url}verify/").status_code == 403
    response = _as(api, guild_staff).post(f"{url}verify/")
    assert response.status_code == 200
    assert response.json()["verified"] is True
    assert api.post(f"{url}verify/").status_code == 409
    assert api.post(f"{url}revoke/", {"reason": ""}, format="json").status_code == 400
    response = api.post(f"{url}revoke/", {"reason": "تعطیل شده"}, format="json")
    assert response.json()["verification"] == "revoked"
    target = OrganizationFactory()
    response = api.post(f"{url}merge/", {"target": target.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["id"] == target.pk
    assert APIClient().get(url).status_code == 404  # the duplicate is hidden now
