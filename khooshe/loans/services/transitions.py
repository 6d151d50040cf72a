"""One entry for the workflow actions people request by name (pages and the API)."""

from __future__ import annotations

from khooshe.loans.models import Application
from khooshe.loans.services.applications import (
    application_approve,
    application_reject,
    application_return,
    application_review,
    application_sign,
    application_submit,
)
from khooshe.loans.services.ledger import disbursement_record, loan_mark_default
from khooshe.loans.workflow import (
    APPROVE,
    DEFAULT,
    DISBURSE,
    REJECT,
    RETURN,
    REVIEW,
    SIGN,
    SUBMIT,
    machine,
)

HANDLERS = {
    SUBMIT: application_submit,
    REVIEW: application_review,
    APPROVE: application_approve,
    REJECT: application_reject,
    RETURN: application_return,
    SIGN: application_sign,
    DISBURSE: disbursement_record,
    DEFAULT: loan_mark_default,
}


def application_transition(*, actor, application: Application, action: str, **params):
    """Run the service of ``action``; an action with none is out of order (409)."""
    handler = HANDLERS.get(action)
    if handler is None:
        machine.advance(application.state, action)  # raises TransitionNotAllowed
        raise AssertionError(action)  # pragma: no cover - every target action has a handler
    return handler(actor=actor, application=application, **params)
