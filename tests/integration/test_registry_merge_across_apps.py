"""Merging a duplicate organization moves what other capabilities hold of it: the registry
finds every reverse relation generically, so a proposal, a loan application and a governance
commitment of the duplicate now belong to the record it was merged into."""

import pytest

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.governance.tests.factories import CommitmentFactory
from khooshe.loans.tests.factories import application_for
from khooshe.proposals.tests.factories import ProposalFactory
from khooshe.registry import services
from khooshe.registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_merge_moves_proposals_applications_and_commitments():
    staff = UserFactory()
    grant(staff, Role.GUILD_STAFF, province="IR-02")
    duplicate, target = OrganizationFactory(), OrganizationFactory()
    proposal = ProposalFactory(submitter_organization=duplicate)
    application = application_for(organization=duplicate)
    commitment = CommitmentFactory(owner=duplicate)

    services.organization_merge(actor=staff, duplicate=duplicate, target=target)

    proposal.refresh_from_db()
    application.refresh_from_db()
    commitment.refresh_from_db()
    assert proposal.submitter_organization_id == target.pk
    assert application.organization_id == target.pk
    assert commitment.owner_id == target.pk
