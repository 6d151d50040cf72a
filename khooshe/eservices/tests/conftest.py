import pytest

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.eservices.tests.factories import AgencyFactory


@pytest.fixture
def agency():
    return AgencyFactory(name="اداره کل ثبت اسناد و املاک آزمون")


@pytest.fixture
def other_agency():
    return AgencyFactory(name="اداره کل امور مالیاتی آزمون")


@pytest.fixture
def rep(agency):
    user = UserFactory(username="rep")
    grant(user, Role.AGENCY_REP, organization=agency)
    return user


@pytest.fixture
def other_rep(other_agency):
    user = UserFactory(username="other-rep")
    grant(user, Role.AGENCY_REP, organization=other_agency)
    return user


@pytest.fixture
def staff():
    user = UserFactory(username="gov-staff")
    grant(user, Role.GOVERNORATE_STAFF, province="IR-02")
    return user


@pytest.fixture
def guild_staff():
    user = UserFactory(username="guild-staff")
    grant(user, Role.GUILD_STAFF, province="IR-02")
    return user


@pytest.fixture
def staff_elsewhere():
    user = UserFactory(username="gov-east")
    grant(user, Role.GOVERNORATE_STAFF, province="IR-03")
    return user
