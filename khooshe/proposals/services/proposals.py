"""Proposal use cases: create, edit, attach, and every workflow transition."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.models import User
from khooshe.accounts.permissions import is_admin, organization_ids_for
from khooshe.accounts.selectors import users_representing
from khooshe.core.attachments import attachment_add
from khooshe.core.concurrency import save_versioned
from khooshe.core.notifications import lazy_format
from khooshe.core.workflow import TransitionNotAllowed, apply_transition, lock
from khooshe.governance.services import project_create_from_proposal
from khooshe.history.services import stamp
from khooshe.persian.text import clean_text, search_key
from khooshe.proposals import permissions as perms
from khooshe.proposals import workflow as wf
from khooshe.proposals.models import CoSubmitterState, Proposal, ProposalTransition
from khooshe.proposals.models import ProposalState as S
from khooshe.proposals.services import answers, evaluation
from khooshe.proposals.services import calls as call_rules
from khooshe.registry.models import Organization, Person

#: Fields a person edits on the proposal form and through the API.
EDITABLE_FIELDS = (
    "title",
    "problem",
    "solution",
    "beneficiary",
    "sector",
    "county",
    "estimated_budget",
    "duration_months",
    "expected_outcomes",
    "expected_jobs",
    "contact_name",
    "contact_phone",
    "contact_email",
    "call",
)
_TEXT_FIELDS = {
    "title",
    "problem",
    "solution",
    "expected_outcomes",
    "contact_name",
    "contact_phone",
}


def deny(message: str | None = None) -> PermissionDenied:
    return PermissionDenied(message or _("شما اجازه این کار را ندارید."))


def proposal_search_text(proposal: Proposal) -> str:
    """The folded title and problem (see ``khooshe.persian.text.search_key``)."""
    return f"{search_key(proposal.title)} {search_key(proposal.problem)}"


def _apply(proposal: Proposal, data: Mapping[str, Any]) -> list[str]:
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown proposal fields: {sorted(unknown)}")
    changed = []
    for name, value in data.items():
        if name in _TEXT_FIELDS:
            value = clean_text(value) if value else ""
        setattr(proposal, name, value)
        changed.append(name)
    if proposal.county_id:
        proposal.province_id = proposal.county.province_id
        changed.append("province")
    proposal.search_text = proposal_search_text(proposal)
    changed.append("search_text")
    return changed


def _validate(proposal: Proposal) -> None:
    errors: dict[str, list] = {}
    if proposal.beneficiary_id and proposal.beneficiary.province_id != proposal.province_id:
        errors["beneficiary"] = [_("دستگاه بهره‌بردار باید در استان طرح باشد.")]
    if not proposal.title:
        errors["title"] = [_("عنوان لازم است.")]
    if errors:
        raise ValidationError(errors)
    call_rules.check_call_choice(proposal)


def _resolve_submitter(*, actor, submitter_organization, submitter_person):
    """The organization (represented by ``actor``) or person (``actor``'s own profile) the
    proposal comes from; one of the actor's organizations when none is named."""
    if submitter_organization is not None:
        if not (submitter_organization.pk in organization_ids_for(actor) or is_admin(actor)):
            raise ValidationError({"submitter_organization": [_("شما نماینده این سازمان نیستید.")]})
        return submitter_organization, None
    if submitter_person is not None:
        if submitter_person.user_id != actor.pk and not is_admin(actor):
            raise ValidationError({"submitter_person": [_("این نمایه متعلق به شما نیست.")]})
        return None, submitter_person
    organization = (
        Organization.objects.filter(pk__in=organization_ids_for(actor)).order_by("pk").first()
    )
    if organization is not None:
        return organization, None
    person = Person.objects.filter(user=actor).first()
    if person is not None:
        return None, person
    raise ValidationError(
        {
            "submitter_organization": [
                _(
                    "برای ثبت طرح باید نماینده یک سازمان در بانک فعالان باشید یا نمایه فردی "
                    "داشته باشید."
                )
            ]
        }
    )


@transaction.atomic
def proposal_create(
    *,
    actor: User,
    data: Mapping[str, Any],
    capabilities: Iterable = (),
    submitter_organization=None,
    submitter_person=None,
) -> Proposal:
    """A new draft owned by ``actor``."""
    if not perms.can_create_proposal(actor):
        raise deny()
    organization, person = _resolve_submitter(
        actor=actor,
        submitter_organization=submitter_organization,
        submitter_person=submitter_person,
    )
    proposal = Proposal(
        created_by=actor,
        submitter_organization=organization,
        submitter_person=person,
        state=S.DRAFT,
    )
    _apply(proposal, data)
    if not proposal.contact_name:
        proposal.contact_name = str(actor)[:100]
    if not proposal.contact_email:
        proposal.contact_email = actor.email or ""
    _validate(proposal)
    stamp(proposal, actor=actor, reason=_("ثبت پیش‌نویس"))
    proposal.save()
    proposal.capabilities.set(list(capabilities))
    return proposal


@transaction.atomic
def proposal_update(
    *,
    actor: User,
    proposal: Proposal,
    data: Mapping[str, Any],
    capabilities: Iterable | None = None,
    expected_version: int | None = None,
) -> Proposal:
    """Edit a draft or returned proposal; refuses with EditConflict when someone saved a
    newer version since ``expected_version``."""
    if not perms.can_edit_proposal(actor, proposal):
        if not proposal.is_editable_state and perms.is_proposal_owner(actor, proposal):
            raise TransitionNotAllowed(
                _("طرح در وضعیت «%(state)s» قابل ویرایش نیست.")
                % {"state": proposal.get_state_display()}
            )
        raise deny()
    changed = _apply(proposal, data)
    _validate(proposal)
    stamp(proposal, actor=actor, reason=_("ویرایش طرح"))
    save_versioned(proposal, expected_version=expected_version, update_fields=changed)
    if capabilities is not None:
        proposal.capabilities.set(list(capabilities))
    return proposal


def proposal_attach(*, actor: User, proposal: Proposal, uploaded_file, title: str = ""):
    if not perms.can_edit_proposal(actor, proposal):
        raise deny()
    return attachment_add(actor=actor, target=proposal, uploaded_file=uploaded_file, title=title)


def submitter_users(proposal: Proposal) -> list[User]:
    """The people told about a proposal's fate: its creator and the submitting
    organization's representatives."""
    users = {proposal.created_by_id: proposal.created_by}
    if proposal.submitter_organization_id:
        for user in users_representing(proposal.submitter_organization_id):
            users[user.pk] = user
    if proposal.submitter_person_id and proposal.submitter_person.user_id:
        users[proposal.submitter_person.user_id] = proposal.submitter_person.user
    return list(users.values())


#: What the submitter reads when their proposal reaches each state.
_NEWS = {
    S.SUBMITTED: gettext_lazy("طرح شما ارسال شد"),
    S.SCREENING: gettext_lazy("بررسی اولیه طرح شما آغاز شد"),
    S.RETURNED: gettext_lazy("طرح شما برای اصلاح بازگشت"),
    S.REJECTED_AT_SCREENING: gettext_lazy("طرح شما در بررسی اولیه رد شد"),
    S.ACCEPTED: gettext_lazy("طرح شما برای پرونده پذیرفته شد"),
    S.IN_DOSSIER: gettext_lazy("طرح شما در پرونده قرار گرفت"),
    S.FORWARDED: gettext_lazy("طرح شما به استانداری ارسال شد"),
    S.UNDER_EVALUATION: gettext_lazy("ارزیابی طرح شما آغاز شد"),
    S.APPROVED: gettext_lazy("طرح شما تصویب شد"),
    S.REJECTED: gettext_lazy("طرح شما رد شد"),
    S.PROJECT_CREATED: gettext_lazy("برای طرح شما پروژه تعریف شد"),
}
_NOTICE = gettext_lazy("%(news)s: «%(title)s»")


def move(
    proposal: Proposal,
    *,
    actor,
    action: str,
    note: str = "",
    prepare: Callable[[Proposal], Iterable[str]] | None = None,
) -> ProposalTransition:
    """Advance ``proposal`` by ``action`` (already permitted) through the one transition
    step: ``prepare`` (the action's own rules and fields) runs once the move is known to be
    in order; the note becomes the proposal's latest decision note, the step lands in the
    proposal's log and its submitter hears of the new state."""

    def prepare_with_note(instance: Proposal) -> list[str]:
        fields = list(prepare(instance) or ()) if prepare else []
        if note:
            instance.decision_note = note
            fields.append("decision_note")
        return fields

    target = wf.machine.transitions[action].target
    applied = apply_transition(
        proposal,
        machine=wf.machine,
        action=action,
        actor=actor,
        note=note,
        prepare=prepare_with_note,
        recipients=submitter_users(proposal),
        notice=lazy_format(_NOTICE, news=_NEWS[target], title=proposal.title),
    )
    entry = ProposalTransition(
        proposal=proposal,
        action=applied.action,
        from_state=applied.source,
        to_state=applied.target,
        actor=applied.actor,
        note=applied.note,
    )
    stamp(entry, actor=applied.actor)
    entry.save()
    return entry


@transaction.atomic
def proposal_transition(
    *,
    actor: User,
    proposal: Proposal,
    action: str,
    note: str = "",
    approved_budget: int | None = None,
    cost_lines: list | None = None,
    execution_months: int | None = None,
    failed_criteria=(),
    override_reason: str = "",
) -> Proposal:
    """Perform one of :data:`khooshe.proposals.workflow.PROPOSAL_ACTIONS`.

    Raises PermissionDenied when ``actor`` may not, TransitionNotAllowed when the proposal's
    state does not allow it (before looking at the note or the budget) or when approving or
    rejecting before the province's minimum of score sheets without ``override_reason``,
    ValidationError when a note or the approved budget is missing, the cost lines do not add
    up to it, a rejection names no failed criterion or the proposal is incomplete.

    Approving, rejecting and returning record the proposal's answer
    (:mod:`khooshe.proposals.services.answers`), which staff publish when they choose.
    """

    if action not in wf.PROPOSAL_ACTIONS:
        raise TransitionNotAllowed(_("عملیات «%(action)s» تعریف نشده است.") % {"action": action})
    # Who may return a proposal depends on its state: read it under the lock first.
    lock(proposal, "state", "version", "dossier")
    if not perms.can_act(actor, proposal, action):
        raise deny()
    note = clean_text(note)
    override_reason = clean_text(override_reason or "")
    answer: dict[str, Any] = {}

    def prepare(proposal: Proposal) -> list[str]:
        if action in wf.NOTE_REQUIRED and not note:
            raise ValidationError(
                {"note": [_("برای این عملیات نوشتن دلیل یا نکات اصلاحی لازم است.")]}
            )
        if action in (wf.APPROVE, wf.REJECT):
            answer["sheet_count"] = evaluation.check_minimum_sheets(
                proposal, override_reason=override_reason
            )
            if answer["sheet_count"] >= evaluation.min_score_sheets(proposal.province_id):
                answer["override_reason"] = ""
            else:
                answer["override_reason"] = override_reason
        if action == wf.REJECT:
            answer["failed_criteria"] = answers.clean_failed_criteria(failed_criteria, proposal)
        fields: list[str] = []
        now = timezone.now()
        if action == wf.SUBMIT:
            _check_complete(proposal)
            call_rules.check_submission(proposal)
            _check_co_submitters(proposal)
            proposal.submitted_at = now
            fields.append("submitted_at")
        if action == wf.APPROVE:
            if approved_budget is None or int(approved_budget) <= 0:
                raise ValidationError({"approved_budget": [_("بودجه مصوب را وارد کنید.")]})
            call_rules.check_approval(proposal, int(approved_budget))
            proposal.approved_budget = int(approved_budget)
            fields.append("approved_budget")
            answer["cost_lines"] = answers.clean_cost_lines(
                cost_lines, approved_budget=proposal.approved_budget
            )
            answer["execution_months"] = answers.clean_execution_months(execution_months, proposal)
        if action in (wf.APPROVE, wf.REJECT, wf.REJECT_SCREENING):
            proposal.decided_at = now
            fields.append("decided_at")
        if action == wf.RETURN and proposal.dossier_id:
            proposal.dossier = None
            fields.append("dossier")
        if action == wf.CREATE_PROJECT:
            # Governance (M3) owns projects; the project names this proposal as its source.
            project_create_from_proposal(actor=actor, proposal=proposal)
        return fields

    move(proposal, actor=actor, action=action, note=note, prepare=prepare)
    if action in answers.ANSWERED:
        answers.answer_record(actor=actor, proposal=proposal, action=action, reasons=note, **answer)
    return proposal


def _check_complete(proposal: Proposal) -> None:
    errors: dict[str, list] = {}
    for name in ("problem", "solution"):
        if not getattr(proposal, name):
            errors[name] = [_("این بخش برای ارسال طرح لازم است.")]
    if not proposal.estimated_budget:
        errors["estimated_budget"] = [_("بودجه برآوردی برای ارسال طرح لازم است.")]
    if errors:
        raise ValidationError(errors)


def _check_co_submitters(proposal: Proposal) -> None:
    """Every co-submitter has confirmed in its desk; the message names those who have not."""
    waiting = [
        str(row.party)
        for row in proposal.co_submitters.select_related("organization", "person").exclude(
            state=CoSubmitterState.CONFIRMED
        )
    ]
    if waiting:
        raise ValidationError(
            {
                "co_submitters": [
                    _("پیش از ارسال، این هم‌پیشنهاددهندگان باید همکاری را تأیید کنند: %(names)s")
                    % {"names": "، ".join(waiting)}
                ]
            }
        )
