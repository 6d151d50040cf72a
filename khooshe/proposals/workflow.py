"""The proposal and dossier workflows: one table of transitions each, applied by the services
through :func:`khooshe.core.workflow.apply_transition` for the pages and the API alike.

draft ─submit→ submitted ─start_screening→ screening
screening ─return→ returned ─submit→ submitted
screening ─reject_screening→ rejected_at_screening
screening ─accept→ accepted ─add_to_dossier→ in_dossier (─remove_from_dossier→ accepted)
in_dossier ─forward→ forwarded (the whole dossier at once)
forwarded ─start_evaluation→ under_evaluation
under_evaluation ─approve→ approved / ─reject→ rejected / ─return→ returned
approved ─create_project→ project_created

A dossier is open while the guild fills it, then forwarded (once) with all its proposals:

open ─forward→ forwarded
"""

from django.utils.translation import gettext_lazy as _

from khooshe.core.workflow import StateMachine, Transition
from khooshe.proposals.models import CoSubmitterState, Dossier
from khooshe.proposals.models import ProposalState as S

SUBMIT = "submit"
START_SCREENING = "start_screening"
RETURN = "return"
REJECT_SCREENING = "reject_screening"
ACCEPT = "accept"
ADD_TO_DOSSIER = "add_to_dossier"
REMOVE_FROM_DOSSIER = "remove_from_dossier"
FORWARD = "forward"
START_EVALUATION = "start_evaluation"
APPROVE = "approve"
REJECT = "reject"
CREATE_PROJECT = "create_project"

machine = StateMachine(
    [
        Transition(SUBMIT, frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, _("ارسال طرح")),
        Transition(START_SCREENING, frozenset({S.SUBMITTED}), S.SCREENING, _("شروع بررسی اولیه")),
        Transition(
            RETURN, frozenset({S.SCREENING, S.UNDER_EVALUATION}), S.RETURNED, _("بازگشت برای اصلاح")
        ),
        Transition(
            REJECT_SCREENING,
            frozenset({S.SCREENING}),
            S.REJECTED_AT_SCREENING,
            _("رد در بررسی اولیه"),
        ),
        Transition(ACCEPT, frozenset({S.SCREENING}), S.ACCEPTED, _("پذیرش برای پرونده")),
        Transition(ADD_TO_DOSSIER, frozenset({S.ACCEPTED}), S.IN_DOSSIER, _("افزودن به پرونده")),
        Transition(
            REMOVE_FROM_DOSSIER, frozenset({S.IN_DOSSIER}), S.ACCEPTED, _("خارج کردن از پرونده")
        ),
        Transition(FORWARD, frozenset({S.IN_DOSSIER}), S.FORWARDED, _("ارسال به استانداری")),
        Transition(
            START_EVALUATION, frozenset({S.FORWARDED}), S.UNDER_EVALUATION, _("شروع ارزیابی")
        ),
        Transition(APPROVE, frozenset({S.UNDER_EVALUATION}), S.APPROVED, _("تصویب")),
        Transition(REJECT, frozenset({S.UNDER_EVALUATION}), S.REJECTED, _("رد طرح")),
        Transition(CREATE_PROJECT, frozenset({S.APPROVED}), S.PROJECT_CREATED, _("تبدیل به پروژه")),
    ],
    state_labels=dict(S.choices),
)

#: Actions a person triggers on one proposal (pages and ``POST …/{id}/{action}/``); the
#: dossier actions go through the dossier.
PROPOSAL_ACTIONS = (
    SUBMIT,
    START_SCREENING,
    RETURN,
    REJECT_SCREENING,
    ACCEPT,
    START_EVALUATION,
    APPROVE,
    REJECT,
    CREATE_PROJECT,
)
#: Actions that need a note (the points to fix, the reason); it becomes the public answer's
#: reasons.
NOTE_REQUIRED = frozenset({RETURN, REJECT_SCREENING, REJECT, APPROVE})

#: The dossier's own machine: a forwarded dossier does not change (no second forward, no
#: proposal added or removed).
dossier_machine = StateMachine(
    [
        Transition(
            FORWARD,
            frozenset({Dossier.State.OPEN}),
            Dossier.State.FORWARDED,
            _("ارسال پرونده به استانداری"),
        )
    ],
    state_labels=dict(Dossier.State.choices),
)


CONFIRM = "confirm"
DECLINE = "decline"

#: A co-submitter's answer, given in its desk while the proposal is a draft or returned; it
#: may change its mind until the proposal is submitted.
cosubmitter_machine = StateMachine(
    [
        Transition(
            CONFIRM,
            frozenset({CoSubmitterState.PENDING, CoSubmitterState.DECLINED}),
            CoSubmitterState.CONFIRMED,
            _("تأیید همکاری در طرح"),
        ),
        Transition(
            DECLINE,
            frozenset({CoSubmitterState.PENDING, CoSubmitterState.CONFIRMED}),
            CoSubmitterState.DECLINED,
            _("نپذیرفتن همکاری در طرح"),
        ),
    ],
    state_labels=dict(CoSubmitterState.choices),
)
