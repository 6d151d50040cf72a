"""One visibility rule: over role × state × public/private, an obstacle is in a viewer's
list (page and API) exactly when its page opens for them; a private one never reaches the
public or another actor."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.obstacles import permissions, selectors
from khooshe.obstacles.models import Obstacle
from khooshe.obstacles.tests.factories import ObstacleFactory, OrganizationFactory
from khooshe.registry.tests.factories import province

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid():
    body = OrganizationFactory(name="دستگاه")
    firm = OrganizationFactory(name="شرکت")
    reporter = UserFactory(username="reporter")
    grant(reporter, Role.ACTOR, organization=firm)
    colleague = UserFactory(username="colleague")
    grant(colleague, Role.ACTOR, organization=firm)
    body_rep = UserFactory(username="body-rep")
    grant(body_rep, Role.AGENCY_REP, organization=body)
    other_actor = UserFactory(username="other")
    grant(other_actor, Role.ACTOR, organization=OrganizationFactory())
    staff = UserFactory(username="staff")
    grant(staff, Role.GUILD_STAFF, province="IR-02")
    staff_elsewhere = UserFactory(username="staff-else")
    grant(staff_elsewhere, Role.GOVERNORATE_STAFF, province="IR-03")
    national = UserFactory(username="national")
    grant(national, Role.NATIONAL_STAFF)
    obstacles = []
    for state, is_public in itertools.product(Obstacle.State.values, (True, False)):
        obstacles.append(
            ObstacleFactory(
                state=state,
                is_public=is_public,
                reporter=reporter,
                reporter_organization=firm,
                body=None if state == "submitted" else body,
                province=province("IR-02"),
            )
        )
    viewers = {
        "anonymous": AnonymousUser(),
        "reporter": reporter,
        "colleague": colleague,
        "body_rep": body_rep,
        "other_actor": other_actor,
        "staff": staff,
        "staff_elsewhere": staff_elsewhere,
        "national": national,
    }
    return viewers, obstacles


def test_list_and_detail_agree(grid):
    viewers, obstacles = grid
    for name, viewer in viewers.items():
        listed = set(selectors.obstacle_list(viewer=viewer).values_list("pk", flat=True))
        for obstacle in obstacles:
            assert (obstacle.pk in listed) == permissions.can_view(viewer, obstacle), (
                name,
                obstacle.state,
                obstacle.is_public,
            )


def test_private_obstacles_only_for_reporter_body_and_staff(grid):
    viewers, obstacles = grid
    private = [o for o in obstacles if not o.is_public]
    expect = {
        "anonymous": False,
        "reporter": True,
        "colleague": True,
        "other_actor": False,
        "staff": True,
        "staff_elsewhere": False,
        "national": True,
    }
    for name, seen in expect.items():
        for obstacle in private:
            assert permissions.can_view(viewers[name], obstacle) is seen, (name, obstacle.state)
    for obstacle in private:
        assert permissions.can_view(viewers["body_rep"], obstacle) is (obstacle.body_id is not None)


def test_api_and_page_agree(grid, client):
    viewers, obstacles = grid
    for name in ("anonymous", "other_actor", "body_rep", "staff_elsewhere"):
        viewer = viewers[name]
        api = APIClient()
        page = client
        page.logout()
        if name != "anonymous":
            api.force_authenticate(viewer)
            page.force_login(viewer)
        response = api.get("/api/v1/obstacles/", {"page_size": 100})
        api_ids = {row["id"] for row in response.json()["results"]}
        for obstacle in obstacles:
            detail = api.get(f"/api/v1/obstacles/{obstacle.pk}/").status_code
            assert detail == (200 if permissions.can_view(viewer, obstacle) else 404)
        html = page.get("/obstacles/", {"page_size": 100}).content.decode()
        for obstacle in obstacles:
            visible = permissions.can_view(viewer, obstacle)
            assert (obstacle.pk in api_ids) == visible, (name, obstacle.state, obstacle.is_public)
            assert (f'/obstacles/{obstacle.pk}/"' in html) == visible, (name, obstacle.pk)
            status = page.get(f"/obstacles/{obstacle.pk}/").status_code
            assert status == (200 if visible else 404), (name, obstacle.pk)
