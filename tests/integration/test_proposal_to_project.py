"""The proposal → project contract, end to end: a proposal drafted by an actor, screened and
put in a dossier by the guild, evaluated and approved by the governorate, then turned into a
project (CREATE_PROJECT) — all through the proposals services — is a governance Project that
carries the proposal's beneficiary agency, province, approved budget and link back to it.
Doing it again gives the same project."""

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.governance.models import Project
from khooshe.governance.services import project_create_from_proposal
from khooshe.proposals import services
from khooshe.proposals import workflow as wf
from khooshe.proposals.models import ProposalState
from khooshe.registry.models import Organization
from khooshe.registry.tests.factories import OrganizationFactory, county

pytestmark = pytest.mark.django_db


def _user(role, **where):
    user = UserFactory()
    grant(user, role, **where)
    return user


def test_an_approved_proposal_becomes_one_governance_project():
    company = OrganizationFactory(name="شرکت کاسپین‌داده")
    agency = OrganizationFactory(name="اداره کل کشاورزی", kind=Organization.Kind.GOVERNMENT_AGENCY)
    actor = _user(Role.ACTOR, organization=company)
    guild = _user(Role.GUILD_STAFF, province="IR-02")
    governorate = _user(Role.GOVERNORATE_STAFF, province="IR-02")

    proposal = services.proposal_create(
        actor=actor,
        submitter_organization=company,
        data={
            "title": "سامانه هوشمند آبیاری",
            "problem": "هدررفت آب در شالیزارها",
            "solution": "حسگرها و یک سامانه وب",
            "beneficiary": agency,
            "county": county("IR-02", "ساری"),
            "estimated_budget": 6_000_000_000,
            "duration_months": 12,
        },
    )
    services.proposal_transition(actor=actor, proposal=proposal, action=wf.SUBMIT)
    services.proposal_transition(actor=guild, proposal=proposal, action=wf.START_SCREENING)
    services.proposal_transition(actor=guild, proposal=proposal, action=wf.ACCEPT)
    dossier = services.dossier_create(
        actor=guild, province=proposal.province, title="پرونده کشاورزی", proposals=[proposal]
    )
    services.dossier_forward(actor=guild, dossier=dossier)
    proposal.refresh_from_db()
    services.proposal_transition(actor=governorate, proposal=proposal, action=wf.START_EVALUATION)
    services.proposal_transition(
        actor=governorate,
        proposal=proposal,
        action=wf.APPROVE,
        approved_budget=4_500_000_000,
        note="همسو با اولویت کشاورزی هوشمند",
        override_reason="بدون ارزیاب در آزمون",
    )
    with pytest.raises(PermissionDenied):  # the submitter cannot make the project
        services.proposal_transition(actor=actor, proposal=proposal, action=wf.CREATE_PROJECT)
    services.proposal_transition(actor=governorate, proposal=proposal, action=wf.CREATE_PROJECT)

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROJECT_CREATED
    project = Project.objects.get(source_proposal=proposal)
    assert project.owner == agency  # the beneficiary agency, not the submitting company
    assert project.province == proposal.province
    assert project.province.code == "IR-02"
    assert project.budget_rial == 4_500_000_000  # approved, not estimated
    assert (project.kind, project.title, project.description) == (
        Project.Kind.PROPOSAL,
        "سامانه هوشمند آبیاری",
        "هدررفت آب در شالیزارها",
    )
    assert project.history.first().history_user == governorate
    assert list(proposal.projects.all()) == [project]
    shown = APIClient().get(f"/api/v1/projects/{project.pk}/").json()
    assert (shown["source_proposal_id"], shown["budget_rial"]) == (proposal.pk, 4_500_000_000)

    # Twice: the proposal's step is refused (409), and the contract gives the same project.
    with pytest.raises(TransitionNotAllowed):
        services.proposal_transition(actor=governorate, proposal=proposal, action=wf.CREATE_PROJECT)
    assert project_create_from_proposal(actor=governorate, proposal=proposal) == project
    assert Project.objects.filter(source_proposal_id=proposal.pk).count() == 1
