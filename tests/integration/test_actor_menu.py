"""An actor finds their own things: the user menu's "my ..." links (each opens), the desk's
sections with counts, and the proposals menu showing each role only the tabs it may open."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.obstacles.tests.factories import ObstacleFactory
from khooshe.proposals.models import ProposalState
from khooshe.proposals.tests.factories import ProposalFactory
from khooshe.registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

MENU_LINK = re.compile(r'<a class="dropdown-item user-menu-link" href="([^"]+)">([^<]+)</a>')
TAB = re.compile(r'<a class="nav-link[^"]*" href="(/proposals/[^"?]*)"')


def _menu(client, user):
    client.force_login(user)
    html = client.get(reverse("core:home")).content.decode()
    return [(label, url.replace("&amp;", "&")) for url, label in MENU_LINK.findall(html)]


@pytest.fixture
def firm():
    return OrganizationFactory(name="شرکت منوی آزمون")


@pytest.fixture
def actor(firm):
    user = UserFactory(username="menu-actor")
    grant(user, Role.ACTOR, organization=firm)
    return user


def test_an_actors_menu_leads_to_their_organization_proposals_applications_and_obstacles(
    client, actor, firm
):
    menu = _menu(client, actor)
    labels = [label for label, _ in menu]
    assert labels == ["سازمان من", "طرح‌های من", "درخواست‌های من", "موانع من"]
    urls = dict(menu)
    assert urls["سازمان من"] == reverse("registry:organization_detail", args=[firm.pk])
    assert urls["طرح‌های من"] == reverse("proposals:mine")
    for _label, url in menu:
        assert client.get(url).status_code == 200, url


def test_several_organizations_each_by_name(client, actor):
    second = OrganizationFactory(name="شرکت دوم منو")
    grant(actor, Role.ACTOR, organization=second)
    labels = [label for label, _ in _menu(client, actor)]
    assert "سازمان‌های من: شرکت دوم منو" in labels
    assert "سازمان‌های من: شرکت منوی آزمون" in labels
    assert "سازمان من" not in labels


def test_staff_and_users_without_an_organization_see_no_my_links(client):
    staff = UserFactory(username="menu-guild")
    grant(staff, Role.GUILD_STAFF, province="IR-02")
    assert _menu(client, staff) == []
    assert _menu(client, UserFactory(username="menu-nobody")) == []
    # the password change and two-factor links stay for everyone
    html = client.get(reverse("core:home")).content.decode()
    assert 'id="password-change-link"' in html
    assert 'id="two-factor-link"' in html


def test_my_obstacles_lists_only_the_actors_and_their_organizations(client, actor, firm):
    own = ObstacleFactory(reporter=actor, state="submitted", is_public=True)
    by_firm = ObstacleFactory(reporter_organization=firm, state="submitted", is_public=True)
    other = ObstacleFactory(state="submitted", is_public=True)
    client.force_login(actor)
    html = client.get(reverse("obstacles:index") + "?mine=on").content.decode()
    assert own.title in html
    assert by_firm.title in html
    assert other.title not in html
    assert 'name="mine" id="id_mine" checked' in html  # the filter form keeps it


def test_the_actors_desk_counts_what_waits_on_them(client, actor, firm):
    for _ in range(2):
        ProposalFactory(created_by=actor, submitter_organization=firm, state=ProposalState.RETURNED)
    ProposalFactory(created_by=actor, submitter_organization=firm, state=ProposalState.DRAFT)
    for _ in range(3):
        ObstacleFactory(reporter_organization=firm, state="answered", answered_at=timezone.now())
    ObstacleFactory(
        reporter_organization=firm, state="answered", answered_at=timezone.now(), rating=4
    )
    ObstacleFactory(state="answered", answered_at=timezone.now())  # someone else's
    client.force_login(actor)
    response = client.get(reverse("core:desk"))
    sections = {section.key: section.count for section in response.context["sections"]}
    assert sections["proposals.returned"] == 2
    assert sections["obstacles.answered"] == 3
    assert not {"proposals.screening", "obstacles.staff", "registry.to_verify"} & set(sections)
    html = response.content.decode()
    assert 'id="desk-obstacles.answered"' in html
    assert ">۳</span>" in html
    assert ">۲</span>" in html


def _tabs(client, user):
    client.force_login(user)
    html = client.get(reverse("proposals:index")).content.decode()
    nav = html[html.index('aria-label="بخش‌های طرح‌ها"') :]
    nav = nav[: nav.index("</nav>")]
    return TAB.findall(nav)


def test_an_actor_sees_no_proposals_tab_that_answers_403(client, actor):
    tabs = _tabs(client, actor)
    for url in ("/proposals/screening/", "/proposals/board/", "/proposals/priorities/"):
        assert not any(tab.startswith(url) for tab in tabs)
    assert reverse("proposals:dossiers") not in tabs
    for url in tabs:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.GUILD_STAFF, {"proposals:screening", "proposals:dossiers", "proposals:priorities"}),
        (Role.GOVERNORATE_STAFF, {"proposals:dossiers", "proposals:board", "proposals:priorities"}),
        (Role.EVALUATOR, {"proposals:dossiers", "proposals:board", "proposals:priorities"}),
    ],
)
def test_each_staff_role_sees_the_tabs_it_may_open(client, role, expected):
    user = UserFactory(username=f"tabs-{role}")
    grant(user, role, province="IR-02")
    tabs = _tabs(client, user)
    staff_tabs = {
        name
        for name in (
            "proposals:screening",
            "proposals:dossiers",
            "proposals:board",
            "proposals:priorities",
        )
        if reverse(name) in tabs
    }
    assert staff_tabs == expected
    for url in tabs:
        assert client.get(url).status_code == 200, url


def test_national_staff_see_what_they_read_but_not_the_priorities_they_cannot_manage(client):
    user = UserFactory(username="tabs-national")
    grant(user, Role.NATIONAL_STAFF)
    tabs = _tabs(client, user)
    assert reverse("proposals:priorities") not in tabs
    assert reverse("proposals:board") in tabs
    for url in tabs:
        assert client.get(url).status_code == 200, url


def test_a_visitor_is_not_offered_my_obstacles(client):
    html = client.get(reverse("obstacles:index")).content.decode()
    assert 'name="mine"' not in html
