"""Migration 0005 turns ``Project.source_proposal_id`` (a plain id) into a foreign key: links
to existing proposals are kept, dangling ids become NULL, and it goes back again."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from khooshe.proposals.tests.factories import ProposalFactory

BEFORE = [("governance", "0004_reminder_history")]
AFTER = [("governance", "0005_project_source_proposal_foreign_key")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_source_proposal_becomes_a_foreign_key_keeping_its_links():
    proposal = ProposalFactory()
    try:
        old_project = _migrate(BEFORE).get_model("governance", "Project")
        linked = old_project.objects.create(title="linked", source_proposal_id=proposal.pk)
        dangling = old_project.objects.create(title="dangling", source_proposal_id=987654)

        new_project = _migrate(AFTER).get_model("governance", "Project")
        assert new_project.objects.get(pk=linked.pk).source_proposal_id == proposal.pk
        assert new_project.objects.get(pk=dangling.pk).source_proposal_id is None
        assert [p.pk for p in new_project.objects.filter(source_proposal=proposal.pk)] == [
            linked.pk
        ]

        old_project = _migrate(BEFORE).get_model("governance", "Project")
        assert old_project.objects.get(pk=linked.pk).source_proposal_id == proposal.pk
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
