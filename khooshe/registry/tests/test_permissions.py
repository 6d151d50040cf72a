import pytest
from django.contrib.auth.models import AnonymousUser

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.registry import permissions
from khooshe.registry.tests.factories import ClusterFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(organization, owner, guild_staff, other_guild_staff, stranger, admin_user):
    governorate = UserFactory(username="gov02")
    grant(governorate, Role.GOVERNORATE_STAFF, province="IR-02")
    national = UserFactory(username="nat")
    grant(national, Role.NATIONAL_STAFF)
    other_owner = UserFactory(username="other-owner")
    grant(other_owner, Role.ACTOR, organization=OrganizationFactory())
    return {
        "anonymous": AnonymousUser(),
        "stranger": stranger,
        "owner": owner,
        "other_owner": other_owner,
        "guild": guild_staff,
        "guild_elsewhere": other_guild_staff,
        "governorate": governorate,
        "national": national,
        "admin": admin_user,
    }


@pytest.mark.parametrize(
    ("who", "edit", "verify", "private"),
    [
        ("anonymous", False, False, False),
        ("stranger", False, False, False),
        ("owner", True, False, True),
        ("other_owner", False, False, False),
        ("guild", True, True, True),
        ("guild_elsewhere", False, False, False),
        ("governorate", False, False, True),
        ("national", False, False, True),
        ("admin", True, True, True),
    ],
)
def test_organization_predicates(people, organization, who, edit, verify, private):
    user = people[who]
    assert permissions.can_edit_organization(user, organization) is edit
    assert permissions.can_verify(user, organization) is verify
    assert permissions.can_merge(user, organization) is verify
    assert permissions.can_view_private(user, organization) is private


def test_hidden_and_merged_records(people, organization):
    organization.is_public = False
    assert not permissions.can_view_organization(people["anonymous"], organization)
    assert not permissions.can_view_organization(people["guild_elsewhere"], organization)
    assert permissions.can_view_organization(people["owner"], organization)
    assert permissions.can_view_organization(people["guild"], organization)
    organization.merged_into = OrganizationFactory()
    assert not permissions.can_edit_organization(people["owner"], organization)


def test_claims_only_for_unverified_records_of_someone_else(people, organization):
    assert permissions.can_claim(people["stranger"], organization)
    assert not permissions.can_claim(people["owner"], organization)
    assert not permissions.can_claim(people["anonymous"], organization)
    organization.verification = organization.Verification.VERIFIED
    assert not permissions.can_claim(people["stranger"], organization)


def test_person_predicates(people):
    person = PersonFactory(user=people["stranger"])
    assert permissions.can_edit_person(people["stranger"], person)
    assert permissions.can_view_person_private(people["stranger"], person)
    assert permissions.can_view_person_private(people["governorate"], person)
    assert not permissions.can_view_person_private(people["owner"], person)
    assert not permissions.can_view_person_private(people["guild_elsewhere"], person)
    assert not permissions.can_edit_person(people["owner"], person)
    person.is_public = False
    assert not permissions.can_view_person(people["anonymous"], person)


def test_cluster_and_taxonomy_predicates(people):
    cluster = ClusterFactory()
    assert permissions.can_edit_cluster(people["governorate"], cluster)
    assert permissions.can_edit_cluster(people["guild"], cluster)
    assert not permissions.can_edit_cluster(people["guild_elsewhere"], cluster)
    assert not permissions.can_edit_cluster(people["owner"], cluster)
    assert permissions.can_manage_taxonomy(people["guild"])
    assert not permissions.can_manage_taxonomy(people["owner"])
