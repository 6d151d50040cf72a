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
    commitment_cancel,
    commitment_create,
    commitment_edit,
    commitment_refresh_status,
    commitment_update_add,
    commitments_refresh_statuses,
)
from khooshe.governance.services.elections import candidate_add, election_record
from khooshe.governance.services.meeting_workflow import (
    MEETING_MACHINE,
    MINUTES_MACHINE,
    invitation_reply,
    meeting_cancel,
    meeting_hold,
    meeting_invite,
    meeting_postpone,
    minutes_amend,
    minutes_lock,
    minutes_respond,
    minutes_send,
)
from khooshe.governance.services.meetings import (
    VOTE_INPUTS,
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
from khooshe.governance.services.reminders import send_commitment_reminders

__all__ = [
    "AGREEMENT_MACHINE",
    "COMMITMENT_MACHINE",
    "MEETING_MACHINE",
    "MINUTES_MACHINE",
    "VOTE_INPUTS",
    "agenda_item_add",
    "agreement_clause_add",
    "agreement_create",
    "agreement_sign",
    "aliases_update",
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
    "invitation_reply",
    "meeting_cancel",
    "meeting_create",
    "meeting_hold",
    "meeting_invite",
    "meeting_postpone",
    "meeting_set_minutes",
    "milestone_add",
    "minutes_amend",
    "minutes_lock",
    "minutes_respond",
    "minutes_send",
    "project_create",
    "project_create_from_proposal",
    "resolution_create",
    "sanitize_minutes",
    "send_commitment_reminders",
]
