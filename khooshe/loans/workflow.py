"""The loans app's state machines as tables (see :mod:`khooshe.core.workflow`); the services
move records only through :func:`khooshe.core.workflow.apply_transition`.

Applications: draft → submitted → under_review → approved / rejected / returned; returned →
(edit) → submitted; approved → contract_signed → disbursed (one or several tranches) →
repaying → settled, or defaulted after the program's number of overdue installments.

Support-package requests: created requested (by decision) or allocated / waitlisted (first
come); requested or waitlisted → allocated or declined; allocated → delivered.
"""

from django.utils.translation import gettext_lazy as _

from khooshe.core.workflow import StateMachine, Transition
from khooshe.loans.models import Application, PackageRequest

S = Application.State

SUBMIT, REVIEW, APPROVE, REJECT, RETURN = "submit", "review", "approve", "reject", "return"
SIGN, DISBURSE, REPAY, SETTLE, DEFAULT = "sign", "disburse", "repay", "settle", "default"
#: Moves of a recomputation after a reversal (never requested directly).
REOPEN, CURE, UNREPAY, UNDISBURSE = "reopen", "cure", "unrepay", "undisburse"

TRANSITIONS = [
    Transition(SUBMIT, frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, _("ارسال")),
    Transition(REVIEW, frozenset({S.SUBMITTED}), S.UNDER_REVIEW, _("شروع بررسی")),
    Transition(APPROVE, frozenset({S.UNDER_REVIEW}), S.APPROVED, _("تصویب")),
    Transition(REJECT, frozenset({S.SUBMITTED, S.UNDER_REVIEW}), S.REJECTED, _("رد")),
    Transition(
        RETURN, frozenset({S.SUBMITTED, S.UNDER_REVIEW}), S.RETURNED, _("بازگشت برای اصلاح")
    ),
    Transition(SIGN, frozenset({S.APPROVED}), S.CONTRACT_SIGNED, _("امضای قرارداد")),
    Transition(DISBURSE, frozenset({S.CONTRACT_SIGNED, S.DISBURSED}), S.DISBURSED, _("پرداخت وام")),
    Transition(REPAY, frozenset({S.DISBURSED, S.REPAYING}), S.REPAYING, _("ثبت بازپرداخت")),
    Transition(SETTLE, frozenset({S.DISBURSED, S.REPAYING, S.DEFAULTED}), S.SETTLED, _("تسویه")),
    Transition(DEFAULT, frozenset({S.DISBURSED, S.REPAYING}), S.DEFAULTED, _("اعلام نکول")),
    Transition(REOPEN, frozenset({S.SETTLED}), S.REPAYING, _("بازگشت به بازپرداخت پس از برگشت")),
    Transition(CURE, frozenset({S.DEFAULTED}), S.REPAYING, _("خروج از نکول")),
    Transition(
        UNREPAY,
        frozenset({S.REPAYING, S.SETTLED, S.DEFAULTED}),
        S.DISBURSED,
        _("برگشت همه بازپرداخت‌ها"),
    ),
    Transition(UNDISBURSE, frozenset({S.DISBURSED}), S.CONTRACT_SIGNED, _("برگشت پرداخت وام")),
]

machine = StateMachine(TRANSITIONS, dict(S.choices))

#: Actions people request through pages and the API (the others happen inside services).
PUBLIC_ACTIONS = (SUBMIT, REVIEW, APPROVE, REJECT, RETURN, SIGN, DISBURSE, DEFAULT)

R = PackageRequest.State

ALLOCATE, DECLINE, DELIVER = "allocate", "decline", "deliver"

package_request_machine = StateMachine(
    [
        Transition(ALLOCATE, frozenset({R.REQUESTED, R.WAITLISTED}), R.ALLOCATED, _("واگذاری")),
        Transition(DECLINE, frozenset({R.REQUESTED, R.WAITLISTED}), R.DECLINED, _("رد درخواست")),
        Transition(DELIVER, frozenset({R.ALLOCATED}), R.DELIVERED, _("ثبت تحویل")),
    ],
    dict(R.choices),
)
