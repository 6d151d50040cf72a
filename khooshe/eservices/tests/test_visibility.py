"""One visibility rule: a service is in a viewer's list exactly when its page opens for them,
on the page and in the API, over role × status (× the agency's public flag)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.eservices import permissions, selectors
from khooshe.eservices.models import EService
from khooshe.eservices.tests.factories import AgencyFactory, EServiceFactory, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid():
    home = AgencyFactory()
    hidden = AgencyFactory(is_public=False)
    east = AgencyFactory(province=province("IR-03"), county=None)
    services = []
    for agency in (home, hidden, east):
        for status in EService.Status.values:
            services.append(EServiceFactory(agency=agency, status=status))
    users = {"anonymous": AnonymousUser()}
    users["rep"] = UserFactory()
    grant(users["rep"], Role.AGENCY_REP, organization=home)
    users["actor"] = UserFactory()
    grant(users["actor"], Role.ACTOR, organization=hidden)
    users["staff"] = UserFactory()
    grant(users["staff"], Role.GOVERNORATE_STAFF, province="IR-02")
    users["guild"] = UserFactory()
    grant(users["guild"], Role.GUILD_STAFF, province="IR-03")
    users["national"] = UserFactory()
    grant(users["national"], Role.NATIONAL_STAFF)
    users["plain"] = UserFactory()
    return services, users, {"home": home, "hidden": hidden, "east": east}


def test_list_and_detail_agree(grid):
    services, users, _agencies = grid
    for name, user in users.items():
        listed = set(selectors.eservices_visible_to(user).values_list("pk", flat=True))
        for eservice in services:
            eservice = EService.objects.select_related("agency").get(pk=eservice.pk)
            assert (eservice.pk in listed) == permissions.can_view_eservice(user, eservice), (
                name,
                eservice.status,
            )


def test_public_sees_planned_and_live_not_retired(grid):
    services, users, agencies = grid
    visible = selectors.eservices_visible_to(users["anonymous"])
    assert set(visible.values_list("status", flat=True)) == {"planned", "live"}
    assert not visible.filter(agency=agencies["hidden"]).exists()
    # the agency's representative and staff of its province still see the retired one
    retired_home = EService.objects.get(agency=agencies["home"], status="retired")
    assert selectors.eservices_visible_to(users["rep"]).filter(pk=retired_home.pk).exists()
    assert selectors.eservices_visible_to(users["staff"]).filter(pk=retired_home.pk).exists()
    assert not selectors.eservices_visible_to(users["guild"]).filter(pk=retired_home.pk).exists()
    assert selectors.eservices_visible_to(users["national"]).count() == len(services)


def test_page_and_api_agree(client, grid):
    services, users, _agencies = grid
    for name in ("anonymous", "rep", "staff", "plain"):
        user = users[name]
        client.logout()
        if user.is_authenticated:
            client.force_login(user)
        listed = {
            row["id"]
            for row in client.get("/api/v1/eservices/", {"page_size": 100}).json()["results"]
        }
        for eservice in services:
            page = client.get(reverse("eservices:detail", args=[eservice.pk])).status_code
            api = client.get(f"/api/v1/eservices/{eservice.pk}/").status_code
            assert (page == 200) == (api == 200) == (eservice.pk in listed), (name, eservice.status)
            assert page in (200, 404)
