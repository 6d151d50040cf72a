"""The guild's review of an owner's proposed change to a verified organization: accept (the
values become the record's, the verification stays) or reject with a reason."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.selectors import users_representing
from khooshe.core.notifications import lazy_format
from khooshe.core.workflow import TransitionNotAllowed, apply_transition
from khooshe.history.services import stamp
from khooshe.persian.text import clean_text
from khooshe.registry import permissions, vouched
from khooshe.registry.models import Organization, ProposedChange
from khooshe.registry.services.common import deny
from khooshe.registry.services.organizations import organization_check, organization_refresh_search
from khooshe.registry.services.verification import CHANGE_REVIEW, describe, pending_change


def _require_pending(organization: Organization) -> ProposedChange:
    pending = pending_change(organization)
    if pending is None:
        raise TransitionNotAllowed(_("تغییر پیشنهادی در انتظار بررسی برای این سازمان نیست."))
    return pending


@transaction.atomic
def change_accept(*, actor, organization: Organization) -> Organization:
    """Guild staff of the province accept the pending change: its values become the
    record's (checked by the record's own rules), and the verification stays."""
    if not permissions.can_verify(actor, organization):
        raise deny(_("بررسی تغییرهای سازمان‌های تأییدشده با کارشناس نظام صنفی همان استان است."))
    pending = _require_pending(organization)

    def apply_values(change: ProposedChange):
        locked = Organization.objects.select_for_update().get(pk=organization.pk)
        for name, value in change.changes.items():
            setattr(locked, name, vouched.from_json(name, value))
        organization_check(locked, list(change.changes))
        stamp(
            locked,
            actor=actor,
            reason=_("پذیرش تغییر پیشنهادی: %(text)s")
            % {"text": describe(change.changes, change.before)},
        )
        locked.version += 1
        locked.save(update_fields=[*change.changes, "version", "updated_at"])
        change.decided_by = actor
        change.decided_at = timezone.now()
        return ("decided_by", "decided_at")

    apply_transition(
        pending,
        machine=CHANGE_REVIEW,
        action="accept",
        actor=actor,
        prepare=apply_values,
        recipients=users_representing(organization),
        notice=lazy_format(
            gettext_lazy("تغییر پیشنهادی «%(name)s» پذیرفته شد"), name=organization.name
        ),
        url=reverse("registry:organization_detail", args=[organization.pk]),
    )
    organization = Organization.objects.get(pk=organization.pk)
    organization_refresh_search(organization)
    return organization


@transaction.atomic
def change_reject(*, actor, organization: Organization, reason: str) -> Organization:
    """Guild staff reject the pending change with a reason; the verified values stay."""
    if not permissions.can_verify(actor, organization):
        raise deny(_("بررسی تغییرهای سازمان‌های تأییدشده با کارشناس نظام صنفی همان استان است."))
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": [_("دلیل رد تغییر را بنویسید.")]})
    pending = _require_pending(organization)

    def record(change: ProposedChange):
        change.decided_by = actor
        change.decided_at = timezone.now()
        change.decision_reason = reason
        return ("decided_by", "decided_at", "decision_reason")

    apply_transition(
        pending,
        machine=CHANGE_REVIEW,
        action="reject",
        actor=actor,
        note=reason,
        prepare=record,
        recipients=users_representing(organization),
        notice=lazy_format(gettext_lazy("تغییر پیشنهادی «%(name)s» رد شد"), name=organization.name),
        url=reverse("registry:organization_detail", args=[organization.pk]),
    )
    return organization
