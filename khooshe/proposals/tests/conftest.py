import datetime

import pytest
from django.utils import timezone

from khooshe.accounts.selectors import users_acting_in
from khooshe.proposals import services
from khooshe.proposals import workflow as wf
from khooshe.proposals.models import ProposalState as S
from khooshe.proposals.tests.factories import (
    OrganizationFactory,
    ProposalFactory,
    Role,
    UserFactory,
    county,
    grant,
)


@pytest.fixture
def actor_org(db):
    return OrganizationFactory(name="شرکت کاسپین‌داده آزمون")


@pytest.fixture
def actor(actor_org):
    user = UserFactory(username="actor")
    grant(user, Role.ACTOR, organization=actor_org)
    return user


@pytest.fixture
def other_actor(db):
    org = OrganizationFactory(name="شرکت دیگر")
    user = UserFactory(username="other")
    grant(user, Role.ACTOR, organization=org)
    return user


@pytest.fixture
def guild02(db):
    user = UserFactory(username="guild02")
    grant(user, Role.GUILD_STAFF, province="IR-02")
    return user


@pytest.fixture
def guild03(db):
    user = UserFactory(username="guild03")
    grant(user, Role.GUILD_STAFF, province="IR-03")
    return user


@pytest.fixture
def gov02(db):
    user = UserFactory(username="gov02")
    grant(user, Role.GOVERNORATE_STAFF, province="IR-02")
    return user


@pytest.fixture
def gov03(db):
    user = UserFactory(username="gov03")
    grant(user, Role.GOVERNORATE_STAFF, province="IR-03")
    return user


@pytest.fixture
def evaluator02(db):
    user = UserFactory(username="eval02")
    grant(user, Role.EVALUATOR, province="IR-02")
    return user


@pytest.fixture
def evaluator02b(db):
    user = UserFactory(username="eval02b")
    grant(user, Role.EVALUATOR, province="IR-02")
    return user


@pytest.fixture
def proposal(actor, actor_org):
    return ProposalFactory(
        created_by=actor, submitter_organization=actor_org, county=county("IR-02", "ساری")
    )


@pytest.fixture
def advance(guild02, gov02):
    """Move a proposal along the happy path, from wherever it is, up to ``target``, through
    the services."""

    def step(proposal):
        state = proposal.state
        if state == S.DRAFT:
            services.proposal_transition(
                actor=proposal.created_by, proposal=proposal, action=wf.SUBMIT
            )
        elif state == S.SUBMITTED:
            services.proposal_transition(
                actor=guild02, proposal=proposal, action=wf.START_SCREENING
            )
        elif state == S.SCREENING:
            services.proposal_transition(actor=guild02, proposal=proposal, action=wf.ACCEPT)
        elif state == S.ACCEPTED:
            services.dossier_create(
                actor=guild02, province=proposal.province, title="پرونده", proposals=[proposal]
            )
        elif state == S.IN_DOSSIER:
            services.dossier_forward(actor=guild02, dossier=proposal.dossier)
            # The governorate assigns the province's evaluators (none conflicted here).
            evaluators = list(users_acting_in(proposal.province_id, [Role.EVALUATOR]))
            if evaluators:
                services.dossier_assign(
                    actor=gov02,
                    dossier=proposal.dossier,
                    evaluators=evaluators,
                    due_on=timezone.localdate() + datetime.timedelta(days=14),
                )
        elif state == S.FORWARDED:
            services.proposal_transition(actor=gov02, proposal=proposal, action=wf.START_EVALUATION)
        elif state == S.UNDER_EVALUATION:
            services.proposal_transition(
                actor=gov02,
                proposal=proposal,
                action=wf.APPROVE,
                approved_budget=4_000_000_000,
                note="هم‌راستا با اولویت‌های استان",
                override_reason="آزمون بدون برگه امتیاز",
            )
        elif state == S.APPROVED:
            services.proposal_transition(actor=gov02, proposal=proposal, action=wf.CREATE_PROJECT)
        else:
            raise AssertionError(state)
        proposal.refresh_from_db()

    def _advance(proposal, target):
        for _ in range(10):
            if proposal.state == target:
                return proposal
            step(proposal)
        raise AssertionError(f"could not reach {target}")

    return _advance
