"""One entry for the workflow actions people request by name (pages and the API)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from khooshe.core.workflow import TransitionNotAllowed
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
    """Run the service of ``action``. Repayment and settlement happen inside the ledger's
    services, never by name: asking for them (or for an unknown action) is refused (409)."""
    handler = HANDLERS.get(action)
    if handler is None:
        raise TransitionNotAllowed(
            _("عملیات «%(action)s» تعریف نشده است.") % {"action": machine.label(action)}
        )
    return handler(actor=actor, application=application, **params)
