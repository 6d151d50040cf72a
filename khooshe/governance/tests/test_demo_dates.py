"""Seeded commitments are dated by their sources, not by the day the demo was loaded."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from khooshe.governance import demo
from khooshe.governance.models import Commitment
from khooshe.persian.jalali import format_jalali
from khooshe.registry import demo_users

pytestmark = pytest.mark.django_db


def test_seeded_commitments_are_recorded_on_their_sources_days(client):
    demo_users.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    today = timezone.localdate()
    recorded = {c.title: timezone.localtime(c.created_at).date() for c in Commitment.objects.all()}
    assert recorded
    for title, day in recorded.items():
        assert day < today, title
        commitment = Commitment.objects.get(title=title)
        first_update = commitment.updates.order_by("reported_on").first()
        if first_update is not None:
            assert day <= first_update.reported_on, title
    center = Commitment.objects.get(title="مرکز داده نهایی و قابل بهره‌برداری")
    assert format_jalali(recorded[center.title], digits="latin") == "1393/05/28"
    festival = Commitment.objects.get(title__contains="جشنواره فناوری اطلاعات ۱۳۹۵")
    assert format_jalali(recorded[festival.title], digits="latin") == "1394/10/15"

    # The timeline starts on the source's day.
    page = client.get(reverse("governance:commitment_detail", args=[center.pk]))
    timeline = page.content.decode().split('id="timeline"')[1]
    assert timeline.index("۱۳۹۳/۰۵/۲۸") < timeline.index("ثبت تعهد")
    assert format_jalali(today) not in timeline.split("ثبت تعهد")[0]
