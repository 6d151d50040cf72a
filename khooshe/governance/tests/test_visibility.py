"""One visibility rule per entity: each rule exists as a queryset filter (the selectors' lists,
from ``permissions.*_visibility_filter``) and as a predicate (``permissions.can_view_*``).
Over every role × every visibility state, the list contains a record exactly when the
predicate lets the viewer see it, and the page and the API detail open exactly those
(404 otherwise) while the API list shows the same."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.governance import permissions, selectors
from khooshe.governance.tests.factories import (
    AgreementFactory,
    BodyFactory,
    CommitmentFactory,
    MeetingFactory,
    OrganizationFactory,
    ProjectFactory,
    province,
)

pytestmark = pytest.mark.django_db

OTHER_PROVINCE = "IR-03"


@pytest.fixture
def viewers(agency, other_agency):
    def user(role=None, **where):
        person = UserFactory()
        if role:
            grant(person, role, **where)
        return person

    admin = UserFactory(is_superuser=True, is_staff=True)
    return {
        "anonymous": AnonymousUser(),
        "signed_in": user(),
        "owner_rep": user(Role.AGENCY_REP, organization=agency),
        "owner_actor": user(Role.ACTOR, organization=agency),
        "other_rep": user(Role.AGENCY_REP, organization=other_agency),
        "guild_staff_in": user(Role.GUILD_STAFF, province=province()),
        "governorate_staff_in": user(Role.GOVERNORATE_STAFF, province=province()),
        "staff_out": user(Role.GOVERNORATE_STAFF, province=OTHER_PROVINCE),
        "national": user(Role.NATIONAL_STAFF),
        "admin": admin,
    }


def _records(agency):
    """Every visibility state of every entity: public or not, of the province or national."""
    here = province()
    bodies = [
        BodyFactory(is_public=public, province=where)
        for public, where in itertools.product((True, False), (here, None))
    ]
    meetings = [
        MeetingFactory(body=body, is_public=public)
        for body, public in itertools.product(bodies, (True, False))
    ]
    agreements = [
        AgreementFactory(is_public=public, province=where)
        for public, where in itertools.product((True, False), (here, None))
    ]
    projects = [
        ProjectFactory(is_public=public, province=where, owner=agency)
        for public, where in itertools.product((True, False), (here, None))
    ]
    commitments = [
        CommitmentFactory(is_public=public, owner=owner, province=here)
        for public, owner in itertools.product((True, False), (agency, OrganizationFactory()))
    ]
    return {
        "body": (bodies, selectors.body_list, permissions.can_view_body, "bodies"),
        "meeting": (meetings, selectors.meeting_list, permissions.can_view_meeting, "meetings"),
        "agreement": (
            agreements,
            selectors.agreement_list,
            permissions.can_view_agreement,
            "agreements",
        ),
        "project": (projects, selectors.project_list, permissions.can_view_project, "projects"),
        "commitment": (
            commitments,
            selectors.commitment_list,
            permissions.can_view_commitment,
            "commitments",
        ),
    }


PAGES = {
    "body": "/governance/bodies/{}/",
    "meeting": "/governance/meetings/{}/",
    "agreement": "/governance/agreements/{}/",
    "project": "/governance/projects/{}/",
    "commitment": "/governance/commitments/{}/",
}


def test_lists_and_predicates_agree_for_every_role_and_state(agency, viewers):
    records = _records(agency)
    for role, viewer in viewers.items():
        for entity, (rows, list_of, can_view, _endpoint) in records.items():
            visible = set(list_of(viewer=viewer).values_list("pk", flat=True))
            for row in rows:
                assert (row.pk in visible) == can_view(viewer, row), (role, entity, row.pk)


def test_pages_and_api_open_what_the_lists_show(client, agency, viewers):
    records = _records(agency)
    for role, viewer in viewers.items():
        api = APIClient()
        if viewer.is_authenticated:
            client.force_login(viewer)
            api.force_authenticate(viewer)
        else:
            client.logout()
        for entity, (rows, _list_of, can_view, endpoint) in records.items():
            listed = api.get(f"/api/v1/{endpoint}/", {"page_size": 100}).json()["results"]
            listed_ids = {item["id"] for item in listed}
            for row in rows:
                expected = 200 if can_view(viewer, row) else 404
                page = client.get(PAGES[entity].format(row.pk))
                detail = api.get(f"/api/v1/{endpoint}/{row.pk}/")
                assert (page.status_code, detail.status_code) == (expected, expected), (
                    role,
                    entity,
                    row.pk,
                )
                assert (row.pk in listed_ids) == (expected == 200), (role, entity, row.pk)
