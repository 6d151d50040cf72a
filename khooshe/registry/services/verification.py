"""What happens to a verification after it is given: owners' changes to vouched fields wait
for the guild (:class:`ProposedChange`: accept / reject), a change of identity or province
ends it, and so does an expired document (``lapse``). The fields are named in
:mod:`khooshe.registry.vouched`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.models import Role
from khooshe.accounts.selectors import users_acting_in
from khooshe.core.notifications import lazy_format, notify_many
from khooshe.core.workflow import StateMachine, Transition, apply_transition
from khooshe.history.services import stamp
from khooshe.registry import vouched
from khooshe.registry.models import Organization, ProposedChange

PC = ProposedChange.State

CHANGE_REVIEW = StateMachine(
    [
        Transition("accept", frozenset({PC.PENDING}), PC.ACCEPTED, gettext_lazy("پذیرش تغییر")),
        Transition("reject", frozenset({PC.PENDING}), PC.REJECTED, gettext_lazy("رد تغییر")),
        Transition(
            "close", frozenset({PC.PENDING}), PC.CLOSED, gettext_lazy("بستن با پایان تأیید")
        ),
    ],
    dict(PC.choices),
)


def pending_change(organization: Organization) -> ProposedChange | None:
    return ProposedChange.objects.filter(organization=organization, state=PC.PENDING).first()


def describe(changes: dict, before: dict) -> str:
    """«محدوده: شهری ← روستایی ; نام: …» — a proposal in words, for history and notices."""
    return " ; ".join(
        f"{vouched.field_label(name)}: {vouched.display(name, before.get(name))} ← "
        f"{vouched.display(name, value)}"
        for name, value in changes.items()
    )


def _guild_staff(organization: Organization):
    return users_acting_in(organization.province_id, roles=[Role.GUILD_STAFF])


def change_propose(
    *, actor, organization: Organization, proposed: dict, verified: dict
) -> ProposedChange | None:
    """Fold ``proposed`` (field → JSON value, every reviewed field the edit carried) into the
    organization's pending change; a field sent back at its verified value leaves the
    proposal, and an empty proposal is withdrawn (closed). Called by ``organization_update``
    for an owner's edit of a verified organization, inside its transaction."""
    pending = (
        ProposedChange.objects.select_for_update()
        .filter(organization=organization, state=PC.PENDING)
        .first()
    )
    merged = dict(pending.changes) if pending else {}
    for name, value in proposed.items():
        if value == verified.get(name):
            merged.pop(name, None)
        else:
            merged[name] = value
    if pending is None and not merged:
        return None
    if pending is not None and merged == pending.changes:
        return pending
    if pending is not None and not merged:
        apply_transition(
            pending,
            machine=CHANGE_REVIEW,
            action="close",
            actor=actor,
            note=_("نماینده مقادیر تأییدشده را نگه داشت."),
        )
        return None
    is_new = pending is None
    if is_new:
        pending = ProposedChange(organization=organization)
    pending.changes = merged
    pending.before = {name: verified.get(name) for name in merged}
    pending.proposed_by = actor
    text = describe(merged, pending.before)
    stamp(pending, actor=actor, reason=_("تغییر پیشنهادی: %(text)s") % {"text": text})
    if not is_new:
        pending.version += 1
    pending.save()
    if is_new:
        notify_many(
            recipients=_guild_staff(organization),
            title=lazy_format(
                gettext_lazy("تغییر پیشنهادی برای سازمان تأییدشده «%(name)s»"),
                name=organization.name,
            ),
            body=text,
            url=reverse("registry:organization_detail", args=[organization.pk]),
        )
    return pending


def close_pending(*, actor, organization: Organization, note: str) -> None:
    """The verification ended: nothing is vouched any more, so a pending change has nothing
    to wait for; it closes (the owner edits the record directly from now on)."""
    pending = pending_change(organization)
    if pending is not None:
        apply_transition(pending, machine=CHANGE_REVIEW, action="close", actor=actor, note=note)
