import pytest

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.events.tests.factories import AgencyFactory, EventFactory


@pytest.fixture
def agency():
    return AgencyFactory(name="اداره کل پست آزمون")


@pytest.fixture
def agency_rep(agency):
    user = UserFactory(username="rep")
    grant(user, Role.AGENCY_REP, organization=agency)
    return user


@pytest.fixture
def staff():
    user = UserFactory(username="gov-staff")
    grant(user, Role.GOVERNORATE_STAFF, province="IR-02")
    return user


@pytest.fixture
def staff_elsewhere():
    user = UserFactory(username="gov-east")
    grant(user, Role.GOVERNORATE_STAFF, province="IR-03")
    return user


@pytest.fixture
def visitor():
    return UserFactory(username="visitor")


@pytest.fixture
def event():
    return EventFactory(capacity=2)
