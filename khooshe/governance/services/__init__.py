"""Writes of the governance capability. Every service takes ``actor=``, checks permission,
runs in a transaction and leaves its trace in the history (django-simple-history)."""

from khooshe.governance.services.agreements import (
    agreement_clause_add,
    agreement_create,
    agreement_sign,
    milestone_add,
    project_create,
    project_create_from_proposal,
)
from khooshe.governance.services.commitments import (
    commitment_cancel,
    commitment_create,
    commitment_edit,
    commitment_refresh_status,
    commitment_update_add,
    commitments_refresh_statuses,
    ensure_statuses_fresh,
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
from khooshe.governance.services.reminders import send_commitment_reminders

__all__ = [
    "agenda_item_add",
    "agreement_clause_add",
    "agreement_create",
    "agreement_sign",
    "attendance_add",
    "body_create",
    "body_member_add",
    "candidate_add",
    "commitment_cancel",
    "commitment_create",
    "commitment_edit",
    "commitment_refresh_status",
    "commitment_update_add",
    "commitments_refresh_statuses",
    "election_record",
    "ensure_statuses_fresh",
    "meeting_create",
    "meeting_set_minutes",
    "milestone_add",
    "project_create",
    "project_create_from_proposal",
    "resolution_create",
    "sanitize_minutes",
    "send_commitment_reminders",
]
