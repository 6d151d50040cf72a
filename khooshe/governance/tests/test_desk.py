import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from khooshe.accounts.tests.factories import UserFactory
from khooshe.core.desk import desk_for
from khooshe.governance import services
from khooshe.governance.desk import late_in_province, owned_commitments
from khooshe.governance.tests.factories import CommitmentFactory, OrganizationFactory, PersonFactory
from khooshe.registry.models import Organization

pytestmark = pytest.mark.django_db


def test_owner_desk_lists_due_soon_and_late(
    agency, agency_rep, other_rep, django_assert_max_num_queries
):
    today = datetime.date.today()
    CommitmentFactory(owner=agency, due_on=today + datetime.timedelta(days=5))  # due soon
    CommitmentFactory(owner=agency, due_on=datetime.date(2020, 1, 1))  # late
    CommitmentFactory(owner=agency, last_percent=10)  # on track, due in 30 days
    with django_assert_max_num_queries(2):
        rows = list(owned_commitments(agency_rep))
    assert len(rows) == 2
    (section,) = [s for s in desk_for(agency_rep) if s.key == "governance.commitments"]
    assert section.count == 2
    assert [item.overdue for item in section.items] == [True, False]
    assert owned_commitments(other_rep).count() == 0
    assert owned_commitments(UserFactory()) is None


def test_staff_desk_lists_late_commitments_of_their_province(agency, staff, staff_elsewhere):
    CommitmentFactory(owner=agency, due_on=datetime.date(2020, 1, 1))
    assert late_in_province(staff).count() == 1
    assert late_in_province(staff_elsewhere).count() == 0
    assert late_in_province(UserFactory()) is None


def test_guild_board_include(staff):
    guild = OrganizationFactory(kind=Organization.Kind.GUILD)
    assert "guild-board" not in render_to_string(
        "governance/_guild_board.html", {"organization": guild}
    )
    election = services.election_record(
        actor=staff, organization=guild, term=5, held_on=datetime.date(2016, 5, 4)
    )
    person = PersonFactory(first_name="عباس", last_name="رمدانی")
    services.candidate_add(
        actor=staff, election=election, person=person, votes=12, elected=True, board_role="chair"
    )
    html = render_to_string("governance/_guild_board.html", {"organization": guild})
    assert "دوره ۵" in html
    assert "عباس رمدانی" in html
    assert "رئیس هیئت‌مدیره" in html


def test_desk_page_shows_the_agency_commitments(client, agency, agency_rep):
    CommitmentFactory(owner=agency, title="گزارش دیرکرد", due_on=datetime.date(2020, 1, 1))
    client.force_login(agency_rep)
    html = client.get(reverse("core:desk")).content.decode()
    assert "تعهدهای سازمان شما" in html
    assert "گزارش دیرکرد" in html
