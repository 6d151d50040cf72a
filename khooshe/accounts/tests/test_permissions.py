import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from khooshe.accounts import permissions
from khooshe.accounts.models import Role, RoleGrant
from khooshe.accounts.selectors import users_acting_in, users_representing
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.geo.models import Province
from khooshe.registry.models import Organization

pytestmark = pytest.mark.django_db


def test_guild_staff_act_only_in_their_province():
    user = UserFactory()
    grant(user, Role.GUILD_STAFF, province="IR-02")
    mazandaran = Province.objects.get(code="IR-02")
    east_azarbaijan = Province.objects.get(code="IR-03")
    assert permissions.acts_in_province(user, mazandaran)
    assert not permissions.acts_in_province(user, east_azarbaijan)
    assert permissions.province_ids_for(user) == {mazandaran.pk}


def test_national_staff_read_every_province_and_act_in_none():
    user = UserFactory()
    grant(user, Role.NATIONAL_STAFF)
    isfahan = Province.objects.get(code="IR-11")
    assert permissions.province_ids_visible_to(user) is None
    assert permissions.sees_province(user, isfahan)
    assert permissions.sees_as_staff_anywhere(user)
    assert permissions.province_ids_for(user) == frozenset()
    assert not permissions.acts_in_province(user, isfahan)
    assert not permissions.is_staff_anywhere(user)


def test_national_staff_with_a_provincial_grant_act_only_there():
    user = UserFactory()
    grant(user, Role.NATIONAL_STAFF)
    grant(user, Role.GOVERNORATE_STAFF, province="IR-02")
    mazandaran = Province.objects.get(code="IR-02")
    assert permissions.province_ids_for(user) == {mazandaran.pk}
    assert permissions.acts_in_province(user, mazandaran)
    assert not permissions.acts_in_province(user, Province.objects.get(code="IR-11"))
    assert permissions.sees_province(user, Province.objects.get(code="IR-11"))


def test_admins_read_and_act_everywhere():
    user = UserFactory()
    grant(user, Role.ADMIN)
    isfahan = Province.objects.get(code="IR-11")
    assert permissions.province_ids_for(user) is None
    assert permissions.province_ids_visible_to(user) is None
    assert permissions.acts_in_province(user, isfahan)
    assert permissions.sees_province(user, isfahan)
    assert permissions.is_staff_anywhere(user)


def test_provincial_staff_read_only_their_province():
    user = UserFactory()
    grant(user, Role.GUILD_STAFF, province="IR-02")
    mazandaran = Province.objects.get(code="IR-02")
    assert permissions.province_ids_visible_to(user) == {mazandaran.pk}
    assert permissions.sees_province(user, mazandaran)
    assert not permissions.sees_province(user, Province.objects.get(code="IR-11"))
    assert not permissions.sees_province(AnonymousUser(), mazandaran)
    assert not permissions.sees_as_staff_anywhere(AnonymousUser())


def test_anonymous_acts_nowhere():
    assert not permissions.acts_in_province(AnonymousUser(), Province.objects.first())
    assert permissions.grants_of(AnonymousUser()).roles() == set()


def test_role_in_one_kind_does_not_grant_another():
    user = UserFactory()
    grant(user, Role.EVALUATOR, province="IR-02")
    mazandaran = Province.objects.get(code="IR-02")
    assert not permissions.acts_in_province(user, mazandaran)
    assert permissions.acts_in_province(user, mazandaran, roles={Role.EVALUATOR})


def test_grants_are_read_once_per_user_object(django_assert_num_queries):
    user = UserFactory()
    grant(user, Role.GOVERNORATE_STAFF, province="IR-03")
    with django_assert_num_queries(1):
        for _ in range(5):
            permissions.has_role(user, Role.GOVERNORATE_STAFF)


def test_role_grant_requires_its_scope():
    with pytest.raises(ValidationError) as error:
        RoleGrant(user=UserFactory(), role=Role.GUILD_STAFF).clean()
    assert "province" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        RoleGrant(user=UserFactory(), role=Role.ACTOR).clean()
    assert "organization" in error.value.message_dict


def test_representatives_and_provincial_staff_are_active_holders_of_the_role():
    organization = Organization.objects.create(
        name="شرکت", kind=Organization.Kind.COMPANY, province=Province.objects.get(code="IR-02")
    )
    actor, left, agency = UserFactory(), UserFactory(is_active=False), UserFactory()
    grant(actor, Role.ACTOR, organization=organization)
    grant(left, Role.ACTOR, organization=organization)
    grant(agency, Role.AGENCY_REP, organization=organization)
    assert list(users_representing(organization)) == [actor]
    assert set(users_representing(organization.pk, [Role.ACTOR, Role.AGENCY_REP])) == {
        actor,
        agency,
    }
    staff = UserFactory()
    grant(staff, Role.GUILD_STAFF, province="IR-02")
    assert list(users_acting_in(organization.province, [Role.GUILD_STAFF])) == [staff]
    assert not users_acting_in(Province.objects.get(code="IR-03"), [Role.GUILD_STAFF]).exists()
