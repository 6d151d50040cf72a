import io

import pytest

from khooshe.governance import demo as governance_demo
from khooshe.governance.models import Commitment
from khooshe.obstacles import demo
from khooshe.obstacles.models import Obstacle
from khooshe.registry import demo_users

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_covers_the_issue():
    demo_users.load(stdout=io.StringIO())
    governance_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    first = (Obstacle.objects.count(), Commitment.objects.count())
    demo.load(stdout=io.StringIO())
    assert (Obstacle.objects.count(), Commitment.objects.count()) == first
    assert set(Obstacle.objects.values_list("province__code", flat=True)) == {"IR-02", "IR-03"}
    assert Obstacle.objects.filter(answered_on_time=True).count() >= 2
    assert Obstacle.objects.filter(answered_on_time=False).count() >= 1
    assert Obstacle.objects.filter(is_public=False).exists()
    escalated = Obstacle.objects.get(agenda_item__isnull=False)
    assert escalated.province.code == "IR-02"
    assert escalated.agenda_item.meeting.body.kind == "working_group"
    commitment = Commitment.objects.get(resolution=escalated.resolution)
    assert commitment.owner == escalated.body
