import pytest
from django.contrib.auth import get_user_model

from khooshe.accounts.models import Role, RoleGrant
from khooshe.geo.models import Province
from khooshe.history.selectors import _display, history_entries
from khooshe.registry.models import Capability, Organization

pytestmark = pytest.mark.django_db


def test_many_to_many_values_show_the_related_records_names():
    web = Capability.objects.create(slug="web", name="توسعه وب")
    mobile = Capability.objects.create(slug="mobile", name="توسعه موبایل")
    value = [
        {"organization": 1, "capability": web.pk},
        {"organization": 1, "capability": mobile.pk},
    ]
    assert _display(Organization, "capabilities", value) == "توسعه وب، توسعه موبایل"
    assert _display(Organization, "capabilities", []) == ""


def test_choice_and_foreign_key_values_are_shown_as_people_read_them():
    user = get_user_model().objects.create_user("nima", password="x-secret-123")
    grant = RoleGrant.objects.create(
        user=user, role=Role.GUILD_STAFF, province=Province.objects.get(code="IR-02")
    )
    grant.role = Role.GOVERNORATE_STAFF
    grant.province = Province.objects.get(code="IR-03")
    grant.save()
    changes = {c.field: (c.old, c.new) for c in history_entries(grant)[0].changes}
    assert changes["province"] == ("مازندران", "آذربایجان شرقی")
    assert changes["role"] == (str(Role.GUILD_STAFF.label), str(Role.GOVERNORATE_STAFF.label))


def test_a_created_entry_lists_the_values_the_record_was_created_with():
    user = get_user_model().objects.create_user("sara", password="x-secret-123")
    grant = RoleGrant.objects.create(
        user=user, role=Role.GUILD_STAFF, province=Province.objects.get(code="IR-02")
    )
    created = history_entries(grant)[0]
    assert created.change_type == "created"
    values = {c.field: (c.old, c.new) for c in created.changes}
    assert values["province"] == ("", "مازندران")
    assert values["role"] == ("", str(Role.GUILD_STAFF.label))
    assert "organization" not in values  # empty fields are left out
    assert "id" not in values
