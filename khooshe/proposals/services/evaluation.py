"""Evaluation without conflicts: the province's minimum of score sheets, governorate staff
assigning evaluators (in bulk from a dossier) with a due date, and the checks a decision and
a score sheet pass. Conflicts come from one rule,
:func:`khooshe.proposals.selectors.parties.evaluator_conflicts`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.models import User
from khooshe.core.notifications import lazy_format, notify
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.history.services import stamp
from khooshe.persian.jalali import format_jalali
from khooshe.persian.text import to_persian_digits
from khooshe.proposals import permissions as perms
from khooshe.proposals.models import (
    DEFAULT_MIN_SCORE_SHEETS,
    Dossier,
    EvaluationPolicy,
    EvaluatorAssignment,
    Proposal,
    ScoreSheet,
)
from khooshe.proposals.selectors.parties import evaluator_conflicts


def deny(message: str | None = None) -> PermissionDenied:
    return PermissionDenied(message or _("شما اجازه این کار را ندارید."))


def _digits(value) -> str:
    return to_persian_digits(str(value))


def min_score_sheets(province_id) -> int:
    """The province's minimum of submitted score sheets before a decision."""
    policy = EvaluationPolicy.objects.filter(province_id=province_id).first()
    return policy.min_score_sheets if policy is not None else DEFAULT_MIN_SCORE_SHEETS


@transaction.atomic
def evaluation_policy_set(*, actor, province, min_score_sheets: int) -> EvaluationPolicy:
    """Governorate staff of ``province`` set its minimum of score sheets (0–20)."""
    province_id = getattr(province, "pk", province)
    if not perms.can_manage_priorities(actor, province_id):
        raise deny()
    try:
        value = int(min_score_sheets)
    except (TypeError, ValueError):
        value = -1
    if not 0 <= value <= 20:
        raise ValidationError(
            {"min_score_sheets": [_("حداقل برگه‌های امتیاز باید بین ۰ و ۲۰ باشد.")]}
        )
    policy = EvaluationPolicy.objects.select_for_update().filter(province_id=province_id).first()
    if policy is None:
        policy = EvaluationPolicy(province_id=province_id)
    policy.min_score_sheets = value
    policy.updated_by = actor
    stamp(policy, actor=actor, reason=_("تعیین حداقل برگه‌های امتیاز"))
    policy.save()
    return policy


def submitted_sheet_count(proposal: Proposal) -> int:
    return ScoreSheet.objects.filter(proposal=proposal, submitted_at__isnull=False).count()


def check_minimum_sheets(proposal: Proposal, *, override_reason: str) -> int:
    """Refuse (409) a decision before the province's minimum of score sheets is in, unless
    the decider wrote why; returns the number of sheets in."""
    count = submitted_sheet_count(proposal)
    required = min_score_sheets(proposal.province_id)
    if count < required and not override_reason:
        raise TransitionNotAllowed(
            _(
                "حداقل برگه‌های امتیاز استان هنوز کامل نیست: %(count)s از %(required)s برگه "
                "ثبت شده است (%(missing)s برگه مانده). برای تصمیم پیش از آن، دلیل عبور از "
                "حداقل را بنویسید."
            )
            % {
                "count": _digits(count),
                "required": _digits(required),
                "missing": _digits(required - count),
            }
        )
    return count


_ASSIGNED = gettext_lazy("ارزیابی طرح «%(title)s» به شما سپرده شد؛ مهلت: %(due)s")


def _check_evaluators(province_id, evaluators: list[User]) -> None:
    strangers = [
        str(user)
        for user in evaluators
        if not perms.is_province_staff(user, province_id, perms.SCORERS)
    ]
    if strangers:
        raise ValidationError(
            {
                "evaluators": [
                    _("این کاربران ارزیاب این استان نیستند: %(names)s")
                    % {"names": "، ".join(strangers)}
                ]
            }
        )


@transaction.atomic
def evaluators_assign(
    *,
    actor,
    proposals: Iterable[Proposal],
    evaluators: Iterable[User],
    due_on: datetime.date,
) -> list[EvaluatorAssignment]:
    """Assign each of ``evaluators`` to each of ``proposals`` (forwarded or under evaluation)
    to score by ``due_on``. Refused as a whole — nothing written — when one pair breaks the
    conflict rule (409, naming the evaluator, the proposal and the rule). Assigning again
    moves the due date."""
    proposals = list(proposals)
    evaluators = list({user.pk: user for user in evaluators}.values())
    if not proposals:
        raise ValidationError({"proposals": [_("هیچ طرحی برای تخصیص انتخاب نشده است.")]})
    if not evaluators:
        raise ValidationError({"evaluators": [_("دست‌کم یک ارزیاب انتخاب کنید.")]})
    for proposal in proposals:
        if not perms.can_decide(actor, proposal):
            raise deny()
    if due_on is None:
        raise ValidationError({"due_on": [_("مهلت امتیازدهی را وارد کنید.")]})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": [_("مهلت امتیازدهی نمی‌تواند در گذشته باشد.")]})
    problems = []
    for proposal in proposals:
        proposal.refresh_from_db(fields=["state"])  # the caller's copy may be older
        if proposal.state not in perms.SCORING_STATES:
            raise TransitionNotAllowed(
                _("طرح «%(title)s» در وضعیت «%(state)s» است و ارزیاب نمی‌پذیرد.")
                % {"title": proposal.title, "state": proposal.get_state_display()}
            )
        _check_evaluators(proposal.province_id, evaluators)
        conflicts = evaluator_conflicts(proposal, [user.pk for user in evaluators])
        for user in evaluators:
            if user.pk in conflicts:
                problems.append(
                    _("«%(evaluator)s» برای طرح «%(title)s»: %(rule)s")
                    % {"evaluator": user, "title": proposal.title, "rule": conflicts[user.pk]}
                )
    if problems:
        raise TransitionNotAllowed(
            _("تعارض منافع؛ هیچ تخصیصی ثبت نشد. %(problems)s") % {"problems": " ".join(problems)}
        )
    assignments = []
    for proposal in proposals:
        for user in evaluators:
            assignment = EvaluatorAssignment.objects.filter(
                proposal=proposal, evaluator=user
            ).first()
            if assignment is None:
                assignment = EvaluatorAssignment(proposal=proposal, evaluator=user)
            elif assignment.due_on == due_on:
                assignments.append(assignment)
                continue
            assignment.due_on = due_on
            assignment.assigned_by = actor
            stamp(assignment, actor=actor, reason=_("تخصیص ارزیاب"))
            assignment.save()
            assignments.append(assignment)
            notify(
                recipient=user,
                title=lazy_format(_ASSIGNED, title=proposal.title, due=_jalali(due_on)),
                url=reverse("proposals:detail", args=[proposal.pk]),
            )
    return assignments


def _jalali(day: datetime.date) -> str:
    return format_jalali(day)


@transaction.atomic
def dossier_assign(*, actor, dossier: Dossier, evaluators: Iterable[User], due_on, proposals=None):
    """Assign evaluators to the dossier's proposals awaiting scores (or to ``proposals`` of
    the dossier, when named)."""
    pending = dossier.proposals.filter(state__in=perms.SCORING_STATES).order_by("pk")
    if proposals is not None:
        wanted = {getattr(p, "pk", p) for p in proposals}
        pending = pending.filter(pk__in=wanted)
    return evaluators_assign(
        actor=actor, proposals=list(pending), evaluators=evaluators, due_on=due_on
    )


@transaction.atomic
def assignment_remove(*, actor, assignment: EvaluatorAssignment) -> None:
    if not perms.can_decide(actor, assignment.proposal):
        raise deny()
    if ScoreSheet.objects.filter(
        proposal_id=assignment.proposal_id, evaluator_id=assignment.evaluator_id
    ).exists():
        raise TransitionNotAllowed(_("این ارزیاب امتیاز داده است؛ تخصیص او برداشته نمی‌شود."))
    stamp(assignment, actor=actor, reason=_("برداشتن تخصیص ارزیاب"))
    assignment.delete()


def check_scorer(*, actor, proposal: Proposal, declare_no_conflict: bool) -> EvaluatorAssignment:
    """The assignment under which ``actor`` scores ``proposal``: refused (403) when they are
    not assigned, (409) when they now break the conflict rule, (400) without the
    declaration of no conflict."""
    assignment = (
        EvaluatorAssignment.objects.select_for_update()
        .filter(proposal=proposal, evaluator=actor)
        .first()
    )
    if assignment is None:
        raise deny(_("فقط ارزیابانی که برای این طرح تعیین شده‌اند امتیاز می‌دهند."))
    rule = evaluator_conflicts(proposal, [actor.pk]).get(actor.pk)
    if rule:
        raise TransitionNotAllowed(_("تعارض منافع: %(rule)s") % {"rule": rule})
    if not declare_no_conflict:
        raise ValidationError(
            {
                "declare_no_conflict": [
                    _("پیش از ثبت امتیاز اعلام کنید که با پیشنهاددهنده تعارض منافع ندارید.")
                ]
            }
        )
    return assignment
