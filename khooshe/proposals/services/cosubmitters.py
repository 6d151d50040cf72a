"""Co-submitters of a proposal and «آمادگی همکاری» (readiness to cooperate).

A proposal's lead is its submitting organization (or person); its owner names co-submitting
organizations or people of the registry, each with a role, while the proposal is a draft or
returned. Each co-submitter confirms (or declines) in its desk — a move of the co-submitter's
own small workflow — and the proposal is submitted only once all have confirmed.

Registry actors mark their readiness to cooperate on a public (approved) proposal; staff see
the marks beside the suggestions. A mark is a flag, never points.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.permissions import organization_ids_for
from khooshe.accounts.selectors import users_representing
from khooshe.core.notifications import lazy_format, notify_many
from khooshe.core.workflow import TransitionNotAllowed, apply_transition
from khooshe.history.services import stamp
from khooshe.persian.text import clean_text
from khooshe.proposals import permissions as perms
from khooshe.proposals import workflow as wf
from khooshe.proposals.models import CooperationOffer, CoSubmitter, Proposal
from khooshe.proposals.services.proposals import deny, submitter_users
from khooshe.registry.models import Organization, Person

_INVITED = gettext_lazy("شما به‌عنوان هم‌پیشنهاددهنده طرح «%(title)s» معرفی شدید؛ تأیید کنید")
_ANSWERED = gettext_lazy("«%(party)s» درباره همکاری در طرح «%(title)s» پاسخ داد: %(state)s")


def party_users(*, organization=None, person=None):
    """Who answers for a party: an organization's representatives, or the person's user."""
    if organization is not None:
        return list(users_representing(organization))
    if person is not None and person.user_id:
        return [person.user]
    return []


def _not_editable(proposal: Proposal) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        _("هم‌پیشنهاددهندگان طرح در وضعیت «%(state)s» تغییر نمی‌کنند.")
        % {"state": proposal.get_state_display()}
    )


@transaction.atomic
def cosubmitter_add(
    *,
    actor,
    proposal: Proposal,
    role: str,
    organization: Organization | None = None,
    person: Person | None = None,
) -> CoSubmitter:
    """Name a co-submitting organization or person (exactly one) with its role; it is told
    in its language and answers in its desk."""
    if not perms.can_manage_co_submitters(actor, proposal):
        if perms.is_proposal_owner(actor, proposal) and not proposal.is_editable_state:
            raise _not_editable(proposal)
        raise deny()
    role = clean_text(role or "")
    errors: dict[str, list] = {}
    if (organization is None) == (person is None):
        errors["organization"] = [_("یک سازمان یا یک فرد از بانک فعالان را انتخاب کنید.")]
    if not role:
        errors["role"] = [_("نقش هم‌پیشنهاددهنده را بنویسید.")]
    if errors:
        raise ValidationError(errors)
    if organization is not None:
        if organization.merged_into_id:
            raise ValidationError(
                {"organization": [_("این سازمان در سازمان دیگری ادغام شده است.")]}
            )
        if organization.pk == proposal.submitter_organization_id:
            raise ValidationError(
                {"organization": [_("سازمان پیشنهاددهنده اصلی طرح است، نه هم‌پیشنهاددهنده.")]}
            )
        duplicate = proposal.co_submitters.filter(organization=organization).exists()
    else:
        if person.pk == proposal.submitter_person_id:
            raise ValidationError(
                {"person": [_("این فرد پیشنهاددهنده اصلی طرح است، نه هم‌پیشنهاددهنده.")]}
            )
        duplicate = proposal.co_submitters.filter(person=person).exists()
    if duplicate:
        raise ValidationError(
            {"organization" if organization else "person": [_("این طرف قبلاً معرفی شده است.")]}
        )
    row = CoSubmitter(
        proposal=proposal, organization=organization, person=person, role=role, added_by=actor
    )
    stamp(row, actor=actor, reason=_("معرفی هم‌پیشنهاددهنده"))
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:
        raise ValidationError({"organization": [_("این طرف قبلاً معرفی شده است.")]}) from error
    notify_many(
        recipients=party_users(organization=organization, person=person),
        title=lazy_format(_INVITED, title=proposal.title),
        url=proposal.get_absolute_url(),
    )
    return row


@transaction.atomic
def cosubmitter_remove(*, actor, co_submitter: CoSubmitter) -> None:
    proposal = co_submitter.proposal
    if not perms.can_manage_co_submitters(actor, proposal):
        if perms.is_proposal_owner(actor, proposal) and not proposal.is_editable_state:
            raise _not_editable(proposal)
        raise deny()
    stamp(co_submitter, actor=actor, reason=_("حذف هم‌پیشنهاددهنده"))
    co_submitter.delete()


def _answer(*, actor, co_submitter: CoSubmitter, action: str, note: str = "") -> CoSubmitter:
    if not perms.can_answer_co_submission(actor, co_submitter):
        raise deny()
    proposal = co_submitter.proposal
    if not proposal.is_editable_state:
        raise TransitionNotAllowed(
            _("طرح «%(title)s» در وضعیت «%(state)s» است؛ پاسخ هم‌پیشنهاددهنده دیگر تغییر نمی‌کند.")
            % {"title": proposal.title, "state": proposal.get_state_display()}
        )
    note = clean_text(note or "")

    def prepare(row: CoSubmitter) -> list[str]:
        row.decided_by = actor
        row.decided_at = timezone.now()
        return ["decided_by", "decided_at"]

    target = wf.cosubmitter_machine.transitions[action].target
    apply_transition(
        co_submitter,
        machine=wf.cosubmitter_machine,
        action=action,
        actor=actor,
        note=note,
        prepare=prepare,
        recipients=submitter_users(proposal),
        notice=lazy_format(
            _ANSWERED,
            party=str(co_submitter.party),
            title=proposal.title,
            state=wf.cosubmitter_machine.state_labels[target],
        ),
    )
    return co_submitter


@transaction.atomic
def cosubmitter_confirm(*, actor, co_submitter: CoSubmitter, note: str = "") -> CoSubmitter:
    """The co-submitting party confirms its part in the proposal (from its desk)."""
    return _answer(actor=actor, co_submitter=co_submitter, action=wf.CONFIRM, note=note)


@transaction.atomic
def cosubmitter_decline(*, actor, co_submitter: CoSubmitter, note: str = "") -> CoSubmitter:
    return _answer(actor=actor, co_submitter=co_submitter, action=wf.DECLINE, note=note)


# --- Readiness to cooperate ---------------------------------------------------------------------


def _own_party(actor, organization):
    """The party ``actor`` marks for: ``organization`` (which they must represent), else their
    only represented organization, else their own person profile."""
    if organization is not None:
        if not perms.represents_organization(actor, organization.pk):
            raise PermissionDenied(_("شما نماینده این سازمان نیستید."))
        return organization, None
    organizations = organization_ids_for(actor)
    if len(organizations) == 1:
        return Organization.objects.get(pk=next(iter(organizations))), None
    if len(organizations) > 1:
        raise ValidationError(
            {
                "organization": [
                    _("نماینده چند سازمان هستید؛ سازمانی را که آماده همکاری است انتخاب کنید.")
                ]
            }
        )
    person = Person.objects.filter(user=actor).first()
    if person is None:
        raise PermissionDenied(
            _(
                "آمادگی همکاری را نماینده یک سازمان یا صاحب یک نمایه فردی در بانک فعالان اعلام می‌کند."
            )
        )
    return None, person


@transaction.atomic
def cooperation_mark(
    *, actor, proposal: Proposal, organization: Organization | None = None, note: str = ""
) -> CooperationOffer:
    """Mark «آمادگی همکاری» on a public proposal for the actor's organization or person;
    marking again updates the note."""
    if not getattr(actor, "is_authenticated", False):
        raise deny()
    if not proposal.is_public:
        raise TransitionNotAllowed(
            _(
                "آمادگی همکاری فقط برای طرح‌های تصویب‌شده و منتشرشده اعلام می‌شود؛ این طرح «%(state)s» است."
            )
            % {"state": proposal.get_state_display()}
        )
    organization, person = _own_party(actor, organization)
    if organization is not None and organization.pk == proposal.submitter_organization_id:
        raise ValidationError({"organization": [_("سازمان شما پیشنهاددهنده همین طرح است.")]})
    lookup = {"organization": organization} if organization else {"person": person}
    offer = CooperationOffer.objects.filter(proposal=proposal, **lookup).first()
    if offer is None:
        offer = CooperationOffer(proposal=proposal, created_by=actor, **lookup)
    offer.note = clean_text(note or "")
    stamp(offer, actor=actor, reason=_("اعلام آمادگی همکاری"))
    offer.save()
    return offer


@transaction.atomic
def cooperation_withdraw(*, actor, offer: CooperationOffer) -> None:
    allowed = (
        perms.represents_organization(actor, offer.organization_id)
        if offer.organization_id
        else offer.person.user_id == getattr(actor, "pk", None)
    )
    if not allowed:
        raise deny()
    stamp(offer, actor=actor, reason=_("پس‌گرفتن آمادگی همکاری"))
    offer.delete()
