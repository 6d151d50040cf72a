"""★ Obstacle → agenda → resolution → commitment, end to end, through the obstacles and
governance services and pages: a late obstacle appears in the secretariat's list, goes on the
agenda of its province's working group, the working group's resolution creates governance's
commitment (on the promise board with its owner and Jalali due date), the obstacle's page
shows the chain, and once the commitment is done the page offers to close the obstacle as
resolved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.governance import services as governance
from khooshe.governance.models import AgendaItem, Body, Commitment
from khooshe.governance.tests.factories import BodyFactory, MeetingFactory
from khooshe.obstacles import selectors, services
from khooshe.obstacles.models import Obstacle
from khooshe.obstacles.tests.factories import ObstacleFactory, category
from khooshe.registry.models import Organization
from khooshe.registry.tests.factories import OrganizationFactory, province

pytestmark = pytest.mark.django_db


def _user(role, **where):
    user = UserFactory()
    grant(user, role, **where)
    return user


def test_late_obstacle_becomes_a_tracked_commitment(client, settings):
    settings.OBSTACLES_ESCALATION_SUPPORTS = 3
    mazandaran = province("IR-02")
    body_org = OrganizationFactory(
        name="اداره کل ارتباطات", kind=Organization.Kind.GOVERNMENT_AGENCY
    )
    firm = OrganizationFactory(name="شرکت داده‌پردازی")
    reporter = _user(Role.ACTOR, organization=firm)
    secretariat = _user(Role.GOVERNORATE_STAFF, province="IR-02")
    elsewhere = _user(Role.GOVERNORATE_STAFF, province="IR-03")
    body_rep = _user(Role.AGENCY_REP, organization=body_org)
    obstacle = ObstacleFactory(
        title="پهنای باند اینترنت شهرستان",
        category=category("internet"),
        province=mazandaran,
        reporter=reporter,
        reporter_organization=firm,
        body=body_org,
        state=Obstacle.State.ROUTED,
        due_on=datetime.date(2020, 1, 1),
    )
    not_late = ObstacleFactory(province=mazandaran, body=body_org, state="routed")
    candidates = list(selectors.escalation_candidates(viewer=secretariat))
    assert obstacle in candidates
    assert not_late not in candidates
    assert list(selectors.escalation_candidates(viewer=elsewhere)) == []
    client.force_login(secretariat)
    assert "پهنای باند" in client.get("/obstacles/escalations/").content.decode()

    working_group = BodyFactory(
        name="کارگروه اقتصاد دیجیتال مازندران", kind=Body.Kind.WORKING_GROUP, province=mazandaran
    )
    meeting = MeetingFactory(body=working_group)
    other_meeting = MeetingFactory(body=BodyFactory(province=province("IR-03")))
    with pytest.raises(PermissionDenied):
        services.obstacle_escalate(actor=elsewhere, obstacle=obstacle, meeting=meeting)
    with pytest.raises(ValidationError):
        services.obstacle_escalate(actor=secretariat, obstacle=obstacle, meeting=other_meeting)

    response = client.post(f"/obstacles/{obstacle.pk}/escalate/", {"meeting": meeting.pk})
    assert response.status_code == 302
    obstacle.refresh_from_db()
    item = AgendaItem.objects.get(pk=obstacle.agenda_item_id)
    assert item.meeting == meeting
    assert "پهنای باند" in item.text
    assert obstacle not in selectors.escalation_candidates(viewer=secretariat)
    with pytest.raises(ValidationError):
        services.obstacle_escalate(actor=secretariat, obstacle=obstacle, meeting=meeting)

    response = client.post(
        f"/obstacles/{obstacle.pk}/resolve/",
        {
            "text": "افزایش پهنای باند تا پایان شهریور",
            "owner": str(body_org.pk),
            "due_on": "۱۴۰۴/۰۶/۳۱",
        },
    )
    assert response.status_code == 302, response.content.decode()
    obstacle.refresh_from_db()
    commitment = Commitment.objects.get(resolution=obstacle.resolution)
    assert commitment.owner == body_org
    assert commitment.due_on == datetime.date(2025, 9, 22)
    assert commitment.province == mazandaran

    board = client.get("/governance/", {"province": "IR-02"}).content.decode()
    assert "رفع مانع: پهنای باند اینترنت شهرستان" in board

    page = client.get(f"/obstacles/{obstacle.pk}/").content.decode()
    assert 'id="chain"' in page
    assert "کارگروه اقتصاد دیجیتال مازندران" in page
    assert "افزایش پهنای باند" in page
    assert "رفع مانع" in page
    assert 'id="close-resolved"' not in page

    governance.commitment_update_add(
        actor=body_rep,
        commitment=commitment,
        percent=100,
        text="انجام شد",
        evidence_url="https://example.ir/report",
    )
    # Reported done is not done: the obstacle closes as resolved once someone else accepts.
    page = client.get(f"/obstacles/{obstacle.pk}/").content.decode()
    assert 'id="close-resolved"' not in page
    governance.commitment_accept(actor=secretariat, commitment=commitment)
    page = client.get(f"/obstacles/{obstacle.pk}/").content.decode()
    assert 'id="close-resolved"' in page
    response = client.post(
        f"/obstacles/{obstacle.pk}/close/", {"closure": "resolved", "note": "تعهد انجام شد"}
    )
    assert response.status_code == 302
    obstacle.refresh_from_db()
    assert obstacle.state == Obstacle.State.CLOSED
    assert obstacle.closure == "resolved"


def test_widely_supported_obstacle_is_a_candidate(settings):
    settings.OBSTACLES_ESCALATION_SUPPORTS = 2
    staff = _user(Role.GOVERNORATE_STAFF, province="IR-02")
    obstacle = ObstacleFactory(province=province("IR-02"), support_count=2)
    assert obstacle in selectors.escalation_candidates(viewer=staff)
    settings.OBSTACLES_ESCALATION_SUPPORTS = 3
    assert obstacle not in selectors.escalation_candidates(viewer=staff)
