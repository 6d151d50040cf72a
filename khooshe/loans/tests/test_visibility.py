"""One visibility rule per entity: whoever a list shows a record to may open it, and nobody
else — checked over every role × every state, for the page list, the API list and the API
detail (the parity the registry's facet tests hold for the directory)."""

import pytest
from django.http import Http404
from django.urls import reverse
from rest_framework.test import APIClient

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.loans import selectors
from khooshe.loans.desk import applications_waiting
from khooshe.loans.models import Application, Program
from khooshe.loans.permissions import can_act, can_view_application, can_view_program
from khooshe.loans.tests.factories import (
    ApplicationFactory,
    FundFactory,
    OrganizationFactory,
    PackageFactory,
    ProgramFactory,
    actor_for,
    fund_officer,
    province,
    staff,
)
from khooshe.loans.workflow import machine

pytestmark = pytest.mark.django_db

S = Application.State


def nationwide(role):
    user = UserFactory()
    grant(user, role)
    return user


def api_ids(client, url) -> set[int]:
    response = client.get(url, {"page_size": 100})
    return (
        {row["id"] for row in response.json()["results"]} if response.status_code == 200 else set()
    )


def api_client(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def application_grid():
    """One application in every state, all of one organization in IR-02 under one fund's
    program, and a viewer in every role."""
    program = ProgramFactory()
    organization = OrganizationFactory()
    applicant = actor_for(organization)
    applications = [
        ApplicationFactory(
            program=program, organization=organization, applicant=applicant, state=state
        )
        for state in S.values
    ]
    viewers = {
        "anonymous": None,
        "applicant": applicant,
        "organization representative": actor_for(organization),
        "other actor": actor_for(OrganizationFactory()),
        "guild staff in province": staff(Role.GUILD_STAFF),
        "guild staff elsewhere": staff(Role.GUILD_STAFF, code="IR-03"),
        "governorate staff in province": staff(),
        "governorate staff elsewhere": staff(code="IR-03"),
        "fund officer of the program's fund": fund_officer(program.fund),
        "fund officer of another fund": fund_officer(FundFactory()),
        "national staff": nationwide(Role.NATIONAL_STAFF),
        "admin": nationwide(Role.ADMIN),
    }
    return applications, viewers


def test_application_lists_and_details_agree_for_every_role_and_state(client, application_grid):
    applications, viewers = application_grid
    for role, viewer in viewers.items():
        api = api_client(viewer)
        api_listed = api_ids(api, "/api/v1/applications/")
        page_listed = set()
        if viewer is not None:
            client.force_login(viewer)
            response = client.get(reverse("loans:application_list"), {"scope": "all"})
            page_listed = {a.pk for a in response.context["page"]}
        listed = set(
            selectors.application_list(viewer=viewer).values_list("pk", flat=True) if viewer else ()
        )
        for application in applications:
            where = (role, application.state)
            visible = can_view_application(viewer, application)
            assert (application.pk in listed) == visible, where
            assert (application.pk in api_listed) == visible, where
            assert (application.pk in page_listed) == visible, where
            detail = api.get(f"/api/v1/applications/{application.pk}/").status_code
            assert detail == (200 if visible else 401 if viewer is None else 404), where
        client.logout()


def test_nobody_but_the_applicant_sees_a_draft(application_grid):
    applications, viewers = application_grid
    draft = next(a for a in applications if a.state == S.DRAFT)
    seeing = {role for role, viewer in viewers.items() if can_view_application(viewer, draft)}
    assert seeing == {"applicant", "organization representative"}


def test_admin_lists_no_draft_of_others_and_opens_what_it_lists():
    """The reported bug: an administrator listed others' drafts in the API, then got 404."""
    draft = ApplicationFactory(state=S.DRAFT)
    submitted = ApplicationFactory(state=S.SUBMITTED)
    api = api_client(nationwide(Role.ADMIN))
    listed = api_ids(api, "/api/v1/applications/")
    assert listed == {submitted.pk}
    assert api.get(f"/api/v1/applications/{submitted.pk}/").status_code == 200
    assert api.get(f"/api/v1/applications/{draft.pk}/").status_code == 404


def test_program_lists_and_details_agree_for_every_role(client):
    programs = [
        ProgramFactory(province=province(code), is_published=published)
        for code in ("IR-02", "IR-03")
        for published in (True, False)
    ] + [
        ProgramFactory(province=None, provinces=[province()], is_published=published)
        for published in (True, False)
    ]
    viewers = {
        "anonymous": None,
        "actor": actor_for(OrganizationFactory()),
        "governorate staff of IR-02": staff(),
        "guild staff of IR-02": staff(Role.GUILD_STAFF),
        "national staff": nationwide(Role.NATIONAL_STAFF),
        "admin": nationwide(Role.ADMIN),
    }
    for role, viewer in viewers.items():
        api = api_client(viewer)
        api_listed = api_ids(api, "/api/v1/programs/")
        if viewer is None:
            client.logout()
        else:
            client.force_login(viewer)
        page = client.get(reverse("loans:index"), {"open": "0"})
        page_listed = {p.pk for p in page.context["programs"]}
        for program in programs:
            where = (role, program.province_id, program.is_published)
            visible = can_view_program(viewer, program)
            assert (program.pk in api_listed) == visible, where
            assert (program.pk in page_listed) == visible, where
            detail = api.get(f"/api/v1/programs/{program.pk}/").status_code
            assert detail == (200 if visible else 404), where
            page_detail = client.get(reverse("loans:program_detail", args=[program.pk]))
            assert page_detail.status_code == (200 if visible else 404), where


def test_package_requests_are_decided_only_by_who_manages_the_program(client):
    package = PackageFactory(allocation="decision")
    organization = OrganizationFactory()
    representative = actor_for(organization)
    request = package.requests.create(
        organization=organization, applicant=representative, state="requested"
    )
    manager = staff()
    listed = selectors.package_requests_for(viewer=representative, program=package.program)
    assert list(listed) == [request]
    assert list(selectors.package_requests_for(viewer=manager, program=package.program)) == [
        request
    ]
    assert not selectors.package_requests_for(
        viewer=actor_for(OrganizationFactory()), program=package.program
    ).exists()
    for outsider in (representative, staff(code="IR-03"), actor_for(OrganizationFactory())):
        with pytest.raises(Http404):
            selectors.package_request_to_decide(viewer=outsider, pk=request.pk)
        client.force_login(outsider)
        url = reverse("loans:package_request_decide", args=[request.pk, "allocate"])
        assert client.post(url).status_code == 404
    assert selectors.package_request_to_decide(viewer=manager, pk=request.pk) == request
    request.refresh_from_db()
    assert request.state == "requested"
    assert Program.objects.count() == 1


def test_the_desk_lists_only_applications_its_user_sees_and_may_move(application_grid):
    """The desk's own filter (what waits for this user's step) stays within the visibility
    rule and the action permissions."""
    applications, viewers = application_grid
    by_pk = {a.pk: a for a in applications}
    waiting_for = {}
    for role, viewer in viewers.items():
        pending = applications_waiting(viewer) if viewer is not None else None
        waiting_for[role] = [] if pending is None else list(pending.values_list("pk", flat=True))
        for pk in waiting_for[role]:
            application = by_pk[pk]
            where = (role, application.state)
            assert can_view_application(viewer, application), where
            assert any(
                can_act(viewer, application, t.action)
                for t in machine.allowed_actions(application.state)
            ), where
    assert {role for role, pks in waiting_for.items() if pks} >= {
        "applicant",
        "guild staff in province",
        "governorate staff in province",
        "fund officer of the program's fund",
    }
