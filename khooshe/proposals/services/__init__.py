"""Write side of proposals; see the sub-modules."""

from khooshe.proposals.services.answers import answer_publish
from khooshe.proposals.services.awards import award_record
from khooshe.proposals.services.calls import call_create, call_extend, call_update
from khooshe.proposals.services.cosubmitters import (
    cooperation_mark,
    cooperation_withdraw,
    cosubmitter_add,
    cosubmitter_confirm,
    cosubmitter_decline,
    cosubmitter_remove,
)
from khooshe.proposals.services.dossiers import (
    dossier_add,
    dossier_create,
    dossier_forward,
    dossier_remove,
    dossier_update,
)
from khooshe.proposals.services.evaluation import (
    assignment_remove,
    dossier_assign,
    evaluation_policy_set,
    evaluators_assign,
)
from khooshe.proposals.services.proposals import (
    proposal_attach,
    proposal_create,
    proposal_transition,
    proposal_update,
)
from khooshe.proposals.services.scoring import (
    criterion_create,
    priority_create,
    priority_delete,
    priority_update,
    score_submit,
)
from khooshe.proposals.services.shortlist import shortlist_add, shortlist_remove

__all__ = [
    "answer_publish",
    "assignment_remove",
    "award_record",
    "call_create",
    "call_extend",
    "call_update",
    "cooperation_mark",
    "cooperation_withdraw",
    "cosubmitter_add",
    "cosubmitter_confirm",
    "cosubmitter_decline",
    "cosubmitter_remove",
    "criterion_create",
    "dossier_add",
    "dossier_assign",
    "dossier_create",
    "dossier_forward",
    "dossier_remove",
    "dossier_update",
    "evaluation_policy_set",
    "evaluators_assign",
    "priority_create",
    "priority_delete",
    "priority_update",
    "proposal_attach",
    "proposal_create",
    "proposal_transition",
    "proposal_update",
    "score_submit",
    "shortlist_add",
    "shortlist_remove",
]
