"""Schemathesis over the whole API, in process (WSGI), as guild staff of Mazandaran.

Every operation of ``/api/schema/`` is run through Schemathesis' phases — the schema's
examples, its coverage phase (boundary values, wrong types, non-integer path ids, integers
past 64 bits) and random fuzzing — with a fixed seed and a bounded number of examples, and
every answer must be a non-5xx that conforms to the response schema. A stateful run chains
operations through the links Schemathesis infers (a created record's id into its detail).

The data the detail routes need (organizations, a person, a cluster, a proposal, a dossier, a
program with applications and a disbursed loan, a governance body, meeting, agreement,
project and commitment, a processed news article) is made once per module inside a
transaction that is rolled back at the end; each operation's own writes are rolled back after
it.
"""

import datetime
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.geo.loader import load_iran
from khooshe.geo.models import County, Province
from khooshe.governance.tests.factories import (
    AgreementFactory,
    BodyFactory,
    ClauseFactory,
    CommitmentFactory,
    MeetingFactory,
    ProjectFactory,
)
from khooshe.loans import services as loan_services
from khooshe.loans.tests.factories import (
    PackageFactory,
    ProgramFactory,
    application_for,
    fund_officer,
    staff,
)
from khooshe.proposals.tests.factories import (
    CriterionFactory,
    DossierFactory,
    PriorityFactory,
    ProposalFactory,
)
from khooshe.record.tests.factories import processed_article
from khooshe.registry.tests.factories import (
    AffiliationFactory,
    ClusterFactory,
    GuildMembershipFactory,
    OrganizationFactory,
    PersonFactory,
)
from khooshe.wsgi import application

CHECKS = [not_a_server_error, response_schema_conformance]
#: A fixed seed and few examples in the suite; ``FUZZ_EXAMPLES=200 FUZZ_RANDOM=1`` (with
#: pytest's ``--hypothesis-seed=N``) for a longer hunt.
FUZZ_SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "4")),
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


def _demo_data():
    today = datetime.date.today()
    organizations = OrganizationFactory.create_batch(
        3, website="", email="", verification="unverified"
    )
    person = PersonFactory()
    AffiliationFactory(person=person, organization=organizations[0])
    GuildMembershipFactory(organization=organizations[0])
    cluster = ClusterFactory()
    cluster.members.add(*organizations[:2])
    ProposalFactory(submitter_organization=organizations[0])
    DossierFactory()
    PriorityFactory()
    CriterionFactory()
    program = ProgramFactory()
    application_for(program=program)
    loan = application_for(program=program)
    loan_services.application_submit(actor=loan.applicant, application=loan)
    loan_services.application_review(actor=staff(Role.GUILD_STAFF), application=loan)
    loan_services.application_approve(actor=staff(), application=loan)
    officer = fund_officer(program.fund)
    on = today - datetime.timedelta(days=70)
    loan_services.application_sign(actor=officer, application=loan, signed_on=on)
    loan_services.disbursement_record(actor=officer, application=loan, disbursed_on=on)
    PackageFactory()
    MeetingFactory(body=BodyFactory())
    ClauseFactory(agreement=AgreementFactory())
    project = ProjectFactory()
    CommitmentFactory(owner=project.owner)
    processed_article()


@pytest.fixture(scope="module")
def fuzz_token(django_db_setup, django_db_blocker):
    """Guild staff of Mazandaran (IR-02) and the records the detail routes need, rolled back
    when the module ends."""
    # The app is called straight through WSGI, not Django's test client: like that client,
    # keep the request signals from closing the test's connection (on PostgreSQL that would
    # end the transaction every test runs in).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            # A browser test run earlier by the same worker flushes the migrations' provinces;
            # the root conftest restores them per test, which is after this module's fixture.
            if not Province.objects.exists():
                load_iran(Province, County)
            user = UserFactory(username="fuzz-guild02")
            grant(user, Role.GUILD_STAFF, province="IR-02")
            _demo_data()
            yield Token.objects.create(user=user).key
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=CHECKS,
    )


@pytest.mark.django_db
@schema.parametrize()
@FUZZ_SETTINGS
def test_api_operations(case, fuzz_token):
    _run(case, fuzz_token)


@pytest.mark.django_db
def test_api_stateful(fuzz_token):
    """Chains of calls along the links Schemathesis infers between operations (a record
    created by one call is read, changed and moved by the next ones)."""

    class Workflow(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Token {fuzz_token}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)

    Workflow.run(
        settings=settings(
            FUZZ_SETTINGS,
            max_examples=int(os.environ.get("FUZZ_STATEFUL_EXAMPLES", "5")),
            stateful_step_count=5,
        )
    )
