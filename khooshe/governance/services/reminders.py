"""Reminders of deadlines: 14 and 3 days before the due date, and once when a commitment
turns late. Each is sent once per commitment and due date (:class:`ReminderSent`), so the
periodic task can run as often as it likes."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.models import RoleGrant
from khooshe.core.notifications import notify_many
from khooshe.governance.models import Commitment, ReminderSent
from khooshe.governance.permissions import OWNER_ROLES
from khooshe.governance.services.commitments import commitments_refresh_statuses
from khooshe.persian.jalali import format_jalali

#: (kind, days before the due date) — the most urgent first.
BEFORE = ((ReminderSent.Kind.BEFORE_3, 3), (ReminderSent.Kind.BEFORE_14, 14))


def representatives_of(organization_ids) -> dict[int, list]:
    """Active users speaking for each organization (agency representatives and actors) —
    the recipients of that organization's reminders, for many organizations in one query."""
    result: dict[int, list] = defaultdict(list)
    grants = RoleGrant.objects.filter(
        organization_id__in=organization_ids, role__in=OWNER_ROLES, user__is_active=True
    ).select_related("user")
    for grant in grants:
        result[grant.organization_id].append(grant.user)
    return result


def _message(kind: str, commitment: Commitment):
    due = format_jalali(commitment.due_on, style="long")
    if kind == ReminderSent.Kind.LATE:
        title = _("موعد تعهد گذشت: %(title)s")
        body = _("موعد تعهد «%(title)s» (%(due)s) گذشته و انجام آن گزارش نشده است.")
    else:
        title = _("یادآوری موعد تعهد: %(title)s")
        body = _("موعد تعهد «%(title)s» %(due)s است. پیشرفت آن را گزارش کنید.")
    params = {"title": commitment.title[:120], "due": due}
    return str(title) % params, str(body) % params


def _due_kinds(commitment: Commitment, today: datetime.date) -> list[str]:
    """Reminder kinds that are due now; when a later one applies, the earlier ones are
    recorded as passed without sending (a commitment created 2 days before its deadline
    gets the 3-day reminder only)."""
    days = (commitment.due_on - today).days
    if days < 0:
        return [ReminderSent.Kind.LATE, ReminderSent.Kind.BEFORE_3, ReminderSent.Kind.BEFORE_14]
    return [kind for kind, before in BEFORE if days <= before]


def send_commitment_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    refreshed = commitments_refresh_statuses(today=today)
    horizon = today + datetime.timedelta(days=max(before for _kind, before in BEFORE))
    candidates = list(
        Commitment.objects.filter(
            cancelled=False, done_on__isnull=True, due_on__isnull=False, due_on__lte=horizon
        ).select_related("owner")
    )
    sent_keys = set(
        ReminderSent.objects.filter(commitment__in=candidates).values_list(
            "commitment_id", "kind", "due_on"
        )
    )
    recipients_by_org = representatives_of({c.owner_id for c in candidates})
    sent = 0
    for commitment in candidates:
        kinds = [
            kind
            for kind in _due_kinds(commitment, today)
            if (commitment.pk, kind, commitment.due_on) not in sent_keys
        ]
        if not kinds:
            continue
        send_kind = kinds[0]
        recipients = recipients_by_org.get(commitment.owner_id, [])
        try:
            with transaction.atomic():
                for kind in kinds:
                    ReminderSent.objects.create(
                        commitment=commitment,
                        kind=kind,
                        due_on=commitment.due_on,
                        recipients=len(recipients) if kind == send_kind else 0,
                    )
                title, body = _message(send_kind, commitment)
                notify_many(
                    recipients=recipients,
                    title=title,
                    body=body,
                    url=reverse("governance:commitment_detail", args=[commitment.pk]),
                )
        except IntegrityError:  # another run recorded it first
            continue
        sent += 1
    return {"refreshed": refreshed, "reminded": sent}
