"""Writes of the support-programs capability, one function per use case, each taking
``actor=``. Split by sub-domain: programs, applications (workflow), ledger (disbursements,
repayments, default), jobs, packages, and transitions (workflow actions by name)."""

from khooshe.loans.services.applications import (
    application_approve,
    application_create,
    application_reject,
    application_return,
    application_review,
    application_sign,
    application_submit,
    application_update,
)
from khooshe.loans.services.corrections import (
    decree_waive,
    disbursement_reverse,
    payoff_quote,
    penalties_accrue,
    penalty_waive,
    repayment_reverse,
)
from khooshe.loans.services.cover import (
    cover_held,
    cover_required,
    document_add,
    document_remove,
    guarantee_add,
    guarantees_release,
    program_set_documents,
)
from khooshe.loans.services.jobs import job_report_add
from khooshe.loans.services.ledger import (
    amount_owed,
    disbursement_record,
    loan_mark_default,
    loan_recompute,
    loan_refresh,
    repayment_record,
)
from khooshe.loans.services.packages import (
    package_create,
    package_request_create,
    package_request_decide,
    package_request_deliver,
    package_update,
)
from khooshe.loans.services.programs import program_create, program_set_rules, program_update
from khooshe.loans.services.rescheduling import (
    decree_pause,
    reschedule_confirm,
    reschedule_preview,
    reschedule_undo,
)
from khooshe.loans.services.transitions import application_transition

__all__ = [
    "amount_owed",
    "application_approve",
    "application_create",
    "application_reject",
    "application_return",
    "application_review",
    "application_sign",
    "application_submit",
    "application_transition",
    "application_update",
    "cover_held",
    "cover_required",
    "decree_pause",
    "decree_waive",
    "disbursement_record",
    "disbursement_reverse",
    "document_add",
    "document_remove",
    "guarantee_add",
    "guarantees_release",
    "job_report_add",
    "loan_mark_default",
    "loan_recompute",
    "loan_refresh",
    "package_create",
    "package_request_create",
    "package_request_decide",
    "package_request_deliver",
    "package_update",
    "payoff_quote",
    "penalties_accrue",
    "penalty_waive",
    "program_create",
    "program_set_documents",
    "program_set_rules",
    "program_update",
    "repayment_record",
    "repayment_reverse",
    "reschedule_confirm",
    "reschedule_preview",
    "reschedule_undo",
]
