"""Aliases on the registry's pages: staff keep them on each record's edit page (clusters
included); an owner sees them read only with the reason, instead of a refusal after typing."""

import pytest
from django.urls import reverse

from khooshe.persian.aliases import STAFF_ONLY_MESSAGE
from khooshe.registry.models import Cluster
from khooshe.registry.tests.factories import ClusterFactory, county

pytestmark = pytest.mark.django_db


def _organization_data(organization, **changes):
    return {
        "name": organization.name,
        "kind": organization.kind,
        "province": organization.province_id,
        "locality": organization.locality,
        "version": organization.version,
        **changes,
    }


def test_owner_sees_aliases_read_only_and_a_typed_alias_is_not_saved(client, organization, owner):
    organization.aliases = "کاسپین"
    organization.save()
    client.force_login(owner)
    edit = reverse("registry:organization_edit", args=[organization.pk])
    page = client.get(edit).content.decode()
    assert str(STAFF_ONLY_MESSAGE) in page
    assert 'name="aliases"' in page
    assert "disabled" in page.split('name="aliases"')[1][:200]
    response = client.post(
        edit, _organization_data(organization, name="کاسپین نو", aliases="نصر\nسازمان نظام صنفی")
    )
    assert response.status_code == 302  # the edit is saved, the aliases as they were
    organization.refresh_from_db()
    assert (organization.name, organization.aliases) == ("کاسپین نو", "کاسپین")


def test_staff_of_the_province_edit_aliases(client, organization, guild_staff):
    client.force_login(guild_staff)
    edit = reverse("registry:organization_edit", args=[organization.pk])
    assert str(STAFF_ONLY_MESSAGE) not in client.get(edit).content.decode()
    response = client.post(edit, _organization_data(organization, aliases="کاسپین\nکاسپین داده"))
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.aliases == "کاسپین\nکاسپین داده"


def test_a_firm_registering_itself_cannot_set_aliases(client, stranger):
    client.force_login(stranger)
    create = reverse("registry:organization_create")
    assert str(STAFF_ONLY_MESSAGE) in client.get(create).content.decode()
    response = client.post(
        create,
        {
            "name": "شرکت تازه‌ثبت",
            "kind": "company",
            "province": county().province_id,
            "locality": "urban",
            "is_public": "on",
            "aliases": "نصر",
        },
    )
    assert response.status_code == 302
    assert response.url != create


def test_cluster_edit_page_keeps_aliases_versioned(client, guild_staff, other_guild_staff):
    cluster = ClusterFactory(name="خوشه فاوای ساری", province=county().province)
    detail = reverse("registry:cluster_detail", args=[cluster.pk])
    edit = reverse("registry:cluster_edit", args=[cluster.pk])
    client.force_login(guild_staff)
    assert edit in client.get(detail).content.decode()
    page = client.get(edit)
    assert page.status_code == 200
    assert "خوشه فاوای ساری" in page.content.decode()
    data = {
        "version": cluster.version,
        "name": "خوشه فناوری اطلاعات ساری",
        "aliases": "خوشه فاوا\nخوشه آی‌تی ساری",
        "province": cluster.province_id,
        "focus": "نرم‌افزار",
        "identified_on": "۱۴۰۲/۰۱/۱۵",
    }
    assert client.post(edit, data).status_code == 302
    cluster.refresh_from_db()
    assert cluster.name == "خوشه فناوری اطلاعات ساری"
    assert cluster.aliases == "خوشه فاوا\nخوشه آی‌تی ساری"
    assert str(cluster.identified_on) == "2023-04-04"
    stale = client.post(edit, {**data, "name": "نام دیر رسیده"})
    assert stale.status_code == 409
    assert Cluster.objects.get(pk=cluster.pk).name == "خوشه فناوری اطلاعات ساری"
    client.force_login(other_guild_staff)
    assert client.get(edit).status_code == 403
    assert edit not in client.get(detail).content.decode()
