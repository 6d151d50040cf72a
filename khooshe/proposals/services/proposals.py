"""Proposal use cases: create, edit, attach, and every workflow transition."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.models import User
from khooshe.accounts.permissions import is_admin, organization_ids_for
from khooshe.accounts.selectors import users_representing
from khooshe.core.attachments import attachment_add
from khooshe.core.concurrency import save_versioned
from khooshe.core.notifications import notify
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.persian.text import clean_text, search_key
from khooshe.proposals import permissions as perms
from khooshe.proposals import workflow as wf
from khooshe.proposals.models import Proposal, ProposalTransition
from khooshe.proposals.models import ProposalState as S

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


def _set_history(instance, *, actor, reason: str = "") -> None:
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    if reason:
        instance._change_reason = reason[:100]
    elif hasattr(instance, "_change_reason"):
        del instance._change_reason


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
    from khooshe.registry.models import Organization, Person

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
    _set_history(proposal, actor=actor, reason=_("ثبت پیش‌نویس"))
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
    _set_history(proposal, actor=actor, reason=_("ویرایش طرح"))
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


_NOTIFY_TITLES = {
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


def notify_submitter(proposal: Proposal, *, note: str = "") -> None:
    title = _NOTIFY_TITLES.get(proposal.state)
    if title is None:
        return
    url = reverse("proposals:detail", args=[proposal.pk])
    body = f"«{proposal.title}»" + (f"\n{note}" if note else "")
    for user in submitter_users(proposal):
        notify(recipient=user, title=title, body=body, url=url)


def record_transition(
    *, proposal: Proposal, actor, action: str, source: str, target: str, note: str = ""
) -> ProposalTransition:
    transition = ProposalTransition(
        proposal=proposal,
        action=action,
        from_state=source,
        to_state=target,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )
    _set_history(transition, actor=actor)
    transition.save()
    return transition


def move(
    proposal: Proposal, *, actor, action: str, note: str = "", extra_fields: Iterable[str] = ()
) -> ProposalTransition:
    """Advance ``proposal`` by ``action`` (already permitted), save, log and notify."""
    source = proposal.state
    target = wf.machine.advance(source, action)
    proposal.state = target
    if note:
        proposal.decision_note = note
    _set_history(proposal, actor=actor, reason=str(wf.machine.transitions[action].label))
    save_versioned(
        proposal,
        expected_version=None,
        update_fields=["state", "decision_note", *extra_fields],
    )
    transition = record_transition(
        proposal=proposal, actor=actor, action=action, source=source, target=target, note=note
    )
    notify_submitter(proposal, note=note)
    return transition


def _lock(proposal: Proposal) -> Proposal:
    """Re-read the row under a lock so two people cannot move it at once."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    proposal.state = locked.state
    proposal.version = locked.version
    proposal.dossier_id = locked.dossier_id
    return proposal


@transaction.atomic
def proposal_transition(
    *,
    actor: User,
    proposal: Proposal,
    action: str,
    note: str = "",
    approved_budget: int | None = None,
) -> Proposal:
    """Perform one of :data:`khooshe.proposals.workflow.PROPOSAL_ACTIONS`.

    Raises PermissionDenied when ``actor`` may not, TransitionNotAllowed when the proposal's
    state does not allow it, ValidationError when a note or the approved budget is missing.
    """
    if action not in wf.PROPOSAL_ACTIONS:
        raise TransitionNotAllowed(_("عملیات «%(action)s» تعریف نشده است.") % {"action": action})
    _lock(proposal)
    if not perms.can_act(actor, proposal, action):
        raise deny()
    wf.machine.advance(proposal.state, action)  # raises before any validation of input
    note = clean_text(note)
    if action in wf.NOTE_REQUIRED and not note:
        raise ValidationError({"note": [_("برای این عملیات نوشتن دلیل یا نکات اصلاحی لازم است.")]})
    extra: list[str] = []
    now = timezone.now()
    if action == wf.SUBMIT:
        _check_complete(proposal)
        proposal.submitted_at = now
        extra.append("submitted_at")
    if action == wf.APPROVE:
        if approved_budget is None or int(approved_budget) <= 0:
            raise ValidationError({"approved_budget": [_("بودجه مصوب را وارد کنید.")]})
        proposal.approved_budget = int(approved_budget)
        extra.append("approved_budget")
    if action in (wf.APPROVE, wf.REJECT, wf.REJECT_SCREENING):
        proposal.decided_at = now
        extra.append("decided_at")
    if action == wf.RETURN and proposal.dossier_id:
        proposal.dossier = None
        extra.append("dossier")
    if action == wf.CREATE_PROJECT:
        _create_project(actor=actor, proposal=proposal)
    move(proposal, actor=actor, action=action, note=note, extra_fields=extra)
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


def _create_project(*, actor, proposal: Proposal):
    """Hand the approved proposal to governance (M3), which owns the Project model. When
    governance does not offer ``project_create_from_proposal`` yet, only the state changes."""
    try:
        from khooshe.governance.services import project_create_from_proposal
    except ImportError:
        return None
    return project_create_from_proposal(actor=actor, proposal=proposal)
