import io

import pytest

from khooshe.registry import demo, demo_users
from khooshe.registry.models import (
    Affiliation,
    Capability,
    Cluster,
    GuildMembership,
    Organization,
    Person,
)
from khooshe.registry.selectors import organization_list

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Organization.objects.count(),
        Organization.history.count(),
        Person.objects.count(),
        GuildMembership.objects.count(),
        Affiliation.objects.count(),
        Cluster.objects.count(),
        Organization.capabilities.through.objects.count(),
    )


def test_demo_is_deterministic_idempotent_and_realistic():
    out = io.StringIO()
    demo_users.load(stdout=out)
    demo.load(stdout=out, organizations=120, people=200)
    first = _counts()
    demo.load(stdout=out, organizations=120, people=200)
    assert _counts() == first

    assert Capability.objects.get(slug="web").path == "software/web"
    east = Cluster.objects.filter(province__code="IR-03")
    assert east.count() == 41
    assert east.filter(stage=Cluster.Stage.OPERATIONAL).count() == 13
    ict = east.get(name=demo.ICT_CLUSTER[0])
    assert ict.members.exists()
    assert str(ict.forming_on) == "2024-06-22"  # 2 Tir 1403

    names = list(Organization.objects.values_list("name", flat=True))
    assert any("\u200c" in name for name in names)
    assert any("نرمافزار" in name or "دادهپردازی" in name for name in names)
    assert any("ي" in name or "ك" in name for name in names)
    assert any(char in "۰۱۲۳۴۵۶۷۸۹" for name in names for char in name)
    assert {"verified", "unverified", "revoked"} <= set(
        Organization.objects.values_list("verification", flat=True)
    )
    assert Affiliation.objects.filter(title="رئیس هیئت مدیره").exists()

    company = demo_users.demo_organization("actor_company")
    assert company.description
    assert company.capabilities.filter(slug="web").exists()
    assert company.guild_membership is not None
    assert Person.objects.filter(user__username="actor.demo").exists()
    found = organization_list(filters={"q": "كاسپين داده"}, viewer=None)
    assert company in found
