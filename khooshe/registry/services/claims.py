"""Claims: an actor asks to represent an existing unverified organization; guild staff of its
province approve (the actor gets the ACTOR role for it) or reject with a reason."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.models import Role, RoleGrant
from khooshe.accounts.permissions import forget_grants
from khooshe.accounts.selectors import users_acting_in
from khooshe.core.notifications import lazy_format, notify_many
from khooshe.core.workflow import StateMachine, Transition, apply_transition
from khooshe.history.services import stamp
from khooshe.persian.text import clean_text
from khooshe.registry import permissions
from khooshe.registry.models import ClaimRequest, Organization
from khooshe.registry.services.common import deny

CLAIM = StateMachine(
    [
        Transition(
            "approve",
            frozenset({ClaimRequest.Status.PENDING}),
            ClaimRequest.Status.APPROVED,
            gettext_lazy("پذیرش"),
        ),
        Transition(
            "reject",
            frozenset({ClaimRequest.Status.PENDING}),
            ClaimRequest.Status.REJECTED,
            gettext_lazy("رد"),
        ),
    ],
    dict(ClaimRequest.Status.choices),
    field="status",
)


@transaction.atomic
def organization_claim(*, actor, organization: Organization, message: str = "") -> ClaimRequest:
    if not getattr(actor, "is_authenticated", False):
        raise deny()
    if organization.merged_into_id:
        raise ValidationError(_("این سازمان در سازمان دیگری ادغام شده است."))
    if permissions.is_owner(actor, organization):
        raise ValidationError(_("شما هم‌اکنون نماینده این سازمان هستید."))
    if organization.verification == Organization.Verification.VERIFIED:
        raise ValidationError(
            _("سازمان تأییدشده را نمی‌توان ادعا کرد؛ با نظام صنفی استان تماس بگیرید.")
        )
    if ClaimRequest.objects.filter(
        organization=organization, user=actor, status=ClaimRequest.Status.PENDING
    ).exists():
        raise ValidationError(_("درخواست شما برای این سازمان در انتظار بررسی است."))
    claim = ClaimRequest(organization=organization, user=actor, message=clean_text(message))
    stamp(claim, actor=actor)
    claim.save()
    notify_many(
        recipients=users_acting_in(organization.province_id, [Role.GUILD_STAFF]),
        title=gettext_lazy("درخواست ادعای مالکیت سازمان"),
        body=f"{actor} → {organization.name}",
        url=reverse("registry:claim_detail", args=[claim.pk]),
    )
    return claim


def _decide(*, actor, claim: ClaimRequest, action: str, reason: str, notice) -> ClaimRequest:
    """Apply a CLAIM step and tell the claimant (``notice`` names the organization)."""
    if not permissions.can_decide_claim(actor, claim):
        raise deny(_("بررسی درخواست با کارشناس نظام صنفی همان استان است."))
    reason = clean_text(reason)

    def record_decision(locked: ClaimRequest) -> tuple[str, ...]:
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_reason = reason
        return ("decided_by", "decided_at", "decision_reason")

    apply_transition(
        claim,
        machine=CLAIM,
        action=action,
        actor=actor,
        note=reason,
        prepare=record_decision,
        recipients=[claim.user],
        notice=lazy_format(notice, name=claim.organization.name),
        url=reverse("registry:organization_detail", args=[claim.organization_id]),
    )
    return claim


@transaction.atomic
def claim_approve(*, actor, claim: ClaimRequest, reason: str = "") -> ClaimRequest:
    claim = _decide(
        actor=actor,
        claim=claim,
        action="approve",
        reason=reason,
        notice=gettext_lazy("درخواست شما برای «%(name)s» پذیرفته شد"),
    )
    organization = claim.organization
    RoleGrant.objects.get_or_create(
        user=claim.user,
        role=Role.ACTOR,
        province=organization.province,
        organization=organization,
        defaults={"granted_by": actor},
    )
    forget_grants(claim.user)
    return claim


@transaction.atomic
def claim_reject(*, actor, claim: ClaimRequest, reason: str) -> ClaimRequest:
    if not clean_text(reason):
        raise ValidationError({"reason": [_("دلیل رد درخواست را بنویسید.")]})
    return _decide(
        actor=actor,
        claim=claim,
        action="reject",
        reason=reason,
        notice=gettext_lazy("درخواست شما برای «%(name)s» رد شد"),
    )
