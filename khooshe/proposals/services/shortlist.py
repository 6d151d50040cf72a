"""Staff put suggested actors on a proposal's shortlist; the actor hears about it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.selectors import users_representing
from khooshe.core.notifications import notify_many
from khooshe.history.services import stamp
from khooshe.persian.text import clean_text
from khooshe.proposals import permissions as perms
from khooshe.proposals.models import Proposal, Shortlist
from khooshe.proposals.selectors.suggestions import explain_candidate
from khooshe.proposals.services.proposals import deny


@transaction.atomic
def shortlist_add(
    *, actor, proposal: Proposal, organization=None, person=None, note: str = ""
) -> Shortlist:
    if not perms.can_shortlist(actor, proposal):
        raise deny()
    if (organization is None) == (person is None):
        raise ValidationError({"organization": [_("یک سازمان یا یک فرد را انتخاب کنید.")]})
    score, reasons = explain_candidate(proposal, organization=organization, person=person)
    lookup = {"organization": organization} if organization else {"person": person}
    entry, created = Shortlist.objects.get_or_create(
        proposal=proposal,
        **lookup,
        defaults={
            "score": score,
            "reasons": reasons,
            "note": clean_text(note),
            "added_by": actor,
        },
    )
    if created:
        _notify_candidate(entry)
    return entry


@transaction.atomic
def shortlist_remove(*, actor, entry: Shortlist) -> None:
    if not perms.can_shortlist(actor, entry.proposal):
        raise deny()
    stamp(entry, actor=actor)
    entry.delete()


def _notify_candidate(entry: Shortlist) -> None:
    if entry.organization_id:
        recipients = list(users_representing(entry.organization_id))
    else:
        recipients = [entry.person.user] if entry.person.user_id else []
    notify_many(
        recipients=recipients,
        title=gettext_lazy("شما در فهرست کوتاه مجریان یک طرح قرار گرفتید"),
        body=f"«{entry.proposal.title}»",
        url=(
            reverse("proposals:public_detail", args=[entry.proposal_id])
            if entry.proposal.is_public
            else ""
        ),
    )
