"""Writes of the governance capability. Every service takes ``actor=``, checks permission,
runs in a transaction and names the actor in the history (:func:`khooshe.history.services.stamp`);
every state change goes through :func:`khooshe.core.workflow.apply_transition`."""

from khooshe.governance.services.agreements import (
    AGREEMENT_MACHINE,
    agreement_clause_add,
    agreement_create,
    agreement_sign,
)
from khooshe.governance.services.aliases import aliases_update
from khooshe.governance.services.commitments import (
    COMMITMENT_MACHINE,
    commitment_accept,
    commitment_baseline_choose,
    commitment_cancel,
    commitment_contest,
    commitment_create,
    commitment_due_statement_add,
    commitment_edit,
    commitment_extend,
    commitment_refresh_status,
    commitment_update_add,
    commitments_auto_accept,
    commitments_refresh_statuses,
)
from khooshe.governance.services.elections import candidate_add, election_record
from khooshe.governance.services.meetings import (
    agenda_item_add,
    attendance_add,
    body_create,
    body_member_add,
    meeting_create,
    meeting_set_minutes,
    resolution_create,
    sanitize_minutes,
)
from khooshe.governance.services.projects import (
    milestone_add,
    project_create,
    project_create_from_proposal,
)
from khooshe.governance.services.reminders import (
    ladder_set,
    send_commitment_reminders,
    send_escalations,
)

__all__ = [
    "AGREEMENT_MACHINE",
    "COMMITMENT_MACHINE",
    "agenda_item_add",
    "agreement_clause_add",
    "agreement_create",
    "agreement_sign",
    "aliases_update",
    "attendance_add",
    "body_create",
    "body_member_add",
    "candidate_add",
    "commitment_accept",
    "commitment_baseline_choose",
    "commitment_cancel",
    "commitment_contest",
    "commitment_create",
    "commitment_due_statement_add",
    "commitment_edit",
    "commitment_extend",
    "commitment_refresh_status",
    "commitment_update_add",
    "commitments_auto_accept",
    "commitments_refresh_statuses",
    "election_record",
    "ladder_set",
    "meeting_create",
    "meeting_set_minutes",
    "milestone_add",
    "project_create",
    "project_create_from_proposal",
    "resolution_create",
    "sanitize_minutes",
    "send_commitment_reminders",
    "send_escalations",
]
