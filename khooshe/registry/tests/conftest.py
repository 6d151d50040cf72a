import pytest

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.registry.tests.factories import OrganizationFactory


@pytest.fixture
def guild_staff(db):
    user = UserFactory(username="guild02")
    grant(user, Role.GUILD_STAFF, province="IR-02")
    return user


@pytest.fixture
def other_guild_staff(db):
    user = UserFactory(username="guild03")
    grant(user, Role.GUILD_STAFF, province="IR-03")
    return user


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="شرکت نرم‌افزاری کاسپین")


@pytest.fixture
def owner(organization):
    user = UserFactory(username="owner")
    grant(user, Role.ACTOR, organization=organization)
    return user


@pytest.fixture
def stranger(db):
    return UserFactory(username="stranger")


@pytest.fixture
def admin_user(db):
    user = UserFactory(username="root")
    grant(user, Role.ADMIN)
    return user
