import io

import pytest

from khooshe.accounts.models import User
from khooshe.core.desk import desk_for
from khooshe.governance import demo
from khooshe.governance.models import (
    Agreement,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Election,
    Meeting,
    Project,
)
from khooshe.governance.selectors import guild_board_for
from khooshe.registry import demo_users

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(
        model.objects.count()
        for model in (Agreement, Commitment, CommitmentUpdate, Election, Meeting, Project)
    )


def test_demo_is_idempotent_and_tells_the_articles_stories():
    demo_users.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    first = _counts()
    demo.load(stdout=io.StringIO())
    assert _counts() == first

    mou = Agreement.objects.get(title__contains="مرکز ملی فضای مجازی")
    clauses = list(mou.clauses.all())
    assert [c.kind for c in clauses] == ["article"] * 5 + ["note"]
    assert all(c.commitments.exists() for c in clauses if c.kind == "article")

    data_center = Commitment.objects.get(title="مرکز داده نهایی و قابل بهره‌برداری")
    assert data_center.status == CommitmentStatus.DONE_LATE
    assert data_center.due_on.isoformat() == "2014-09-22"  # 1393/06/31
    call_center = Commitment.objects.get(title="بهره‌برداری از مرکز تماس")
    assert call_center.status == CommitmentStatus.LATE
    assert call_center.due_on.isoformat() == "2014-10-22"  # 1393/07/30
    states = set(Agreement.objects.filter(province__code="IR-03").values_list("state", flat=True))
    assert states == {"signed", "to_be_signed"}

    festival = Commitment.objects.get(source_type="resolution", title__contains="۱۳۹۵")
    assert festival.resolution.number_latin == "1394/01"

    cluster = Meeting.objects.get(title__startswith="اولین نشست")
    assert cluster.attendances.count() == 4
    assert "۴۱ خوشه" in cluster.minutes

    election, members = guild_board_for(
        viewer=None, organization=demo_users.demo_organization("nasr_mazandaran")
    )
    assert election.term == 5
    assert len(members) == 4

    agency = User.objects.get(username="agency.demo")
    sections = {s.key: s for s in desk_for(agency)}
    section = sections["governance.commitments"]
    assert section.count == 4  # two MoU commitments due soon, one late; the 1395 festival late
    assert any(item.overdue for item in section.items)
