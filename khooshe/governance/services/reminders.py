"""Reminders of deadlines, for any record with one.

The machinery is generic: a :class:`ReminderSource` says which open records have a deadline
(``candidates``), who is reminded (``recipients``), what the message says and where it links;
:func:`send_reminders` sends each kind ("N days before", "late") once per record and due date
(:class:`ReminderSent`, keyed by the record's content type, id, kind and due date), so the
periodic task can run as often as it likes. Governance's own source is the commitments (14
and 3 days before the due date, and once when it has passed, to every user representing the
owner organization); apps above governance register theirs with
:func:`register_reminder_source` (``khooshe.obstacles``: a business obstacle's answer
deadline), and the periodic task runs them all (:func:`send_deadline_reminders`)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
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


def representatives_of(organization_ids, roles: Iterable[str] = OWNER_ROLES) -> dict[int, list]:
    """Active users speaking for each organization (agency representatives and actors) —
    the recipients of that organization's reminders, for many organizations in one query."""
    result: dict[int, list] = defaultdict(list)
    grants = RoleGrant.objects.filter(
        organization_id__in=organization_ids, role__in=list(roles), user__is_active=True
    ).select_related("user")
    for grant in grants:
        result[grant.organization_id].append(grant.user)
    return result


@dataclass(frozen=True)
class ReminderSource:
    """What one kind of record is reminded of.

    - ``candidates(horizon)``: open records whose due date is on or before ``horizon``;
    - ``due_of(record)``: its due date;
    - ``recipients(records)``: ``{record.pk: [users]}`` for all of them at once;
    - ``message(kind, record)``: ``(title, body)``; ``url(record)``: the link;
    - ``before``: ``((kind, days before), …)``, the most urgent first;
    - ``row_fields(record)``: more fields of the :class:`ReminderSent` row (a commitment's link).
    """

    key: str
    candidates: Callable[[datetime.date], Iterable]
    due_of: Callable[[object], datetime.date]
    recipients: Callable[[list], dict]
    message: Callable[[str, object], tuple[str, str]]
    url: Callable[[object], str]
    before: tuple = BEFORE
    row_fields: Callable[[object], dict] = field(default=lambda record: {})


_sources: dict[str, ReminderSource] = {}


def register_reminder_source(source: ReminderSource) -> None:
    """Add a source the periodic task runs (registering a key again replaces it)."""
    _sources[source.key] = source


def reminder_sources() -> list[ReminderSource]:
    return list(_sources.values())


def _due_kinds(source: ReminderSource, due_on: datetime.date, today: datetime.date) -> list[str]:
    """Reminder kinds that are due now; when a later one applies, the earlier ones are
    recorded as passed without sending (a record created 2 days before its deadline gets the
    3-day reminder only)."""
    days = (due_on - today).days
    if days < 0:
        return [ReminderSent.Kind.LATE, *(kind for kind, _before in source.before)]
    return [kind for kind, before in source.before if days <= before]


def send_reminders(source: ReminderSource, *, today: datetime.date) -> int:
    """Send ``source``'s reminders that are due ``today``, each once; returns how many records
    were reminded."""
    horizon = today + datetime.timedelta(days=max(before for _kind, before in source.before))
    candidates = list(source.candidates(horizon))
    if not candidates:
        return 0
    content_type = ContentType.objects.get_for_model(type(candidates[0]))
    sent_keys = set(
        ReminderSent.objects.filter(
            target_type=content_type, target_id__in=[r.pk for r in candidates]
        ).values_list("target_id", "kind", "due_on")
    )
    recipients_by_record = source.recipients(candidates)
    sent = 0
    for record in candidates:
        due_on = source.due_of(record)
        kinds = [
            kind
            for kind in _due_kinds(source, due_on, today)
            if (record.pk, kind, due_on) not in sent_keys
        ]
        if not kinds:
            continue
        send_kind = kinds[0]
        recipients = recipients_by_record.get(record.pk, [])
        try:
            with transaction.atomic():
                for kind in kinds:
                    ReminderSent.objects.create(
                        target_type=content_type,
                        target_id=record.pk,
                        kind=kind,
                        due_on=due_on,
                        recipients=len(recipients) if kind == send_kind else 0,
                        **source.row_fields(record),
                    )
                title, body = source.message(send_kind, record)
                notify_many(recipients=recipients, title=title, body=body, url=source.url(record))
        except IntegrityError:  # another run recorded it first
            continue
        sent += 1
    return sent


# --- commitments ---------------------------------------------------------------------------


def _commitment_message(kind: str, commitment: Commitment):
    due = format_jalali(commitment.due_on, style="long")
    if kind == ReminderSent.Kind.LATE:
        title = _("موعد تعهد گذشت: %(title)s")
        body = _("موعد تعهد «%(title)s» (%(due)s) گذشته و انجام آن گزارش نشده است.")
    else:
        title = _("یادآوری موعد تعهد: %(title)s")
        body = _("موعد تعهد «%(title)s» %(due)s است. پیشرفت آن را گزارش کنید.")
    params = {"title": commitment.title[:120], "due": due}
    return str(title) % params, str(body) % params


def _commitment_recipients(commitments: list) -> dict:
    by_org = representatives_of({c.owner_id for c in commitments})
    return {c.pk: by_org.get(c.owner_id, []) for c in commitments}


COMMITMENTS = ReminderSource(
    key="governance.commitments",
    candidates=lambda horizon: Commitment.objects.filter(
        cancelled=False, done_on__isnull=True, due_on__isnull=False, due_on__lte=horizon
    ).select_related("owner"),
    due_of=lambda commitment: commitment.due_on,
    recipients=_commitment_recipients,
    message=_commitment_message,
    url=lambda commitment: reverse("governance:commitment_detail", args=[commitment.pk]),
    row_fields=lambda commitment: {"commitment": commitment},
)


def send_commitment_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    refreshed = commitments_refresh_statuses(today=today)
    return {"refreshed": refreshed, "reminded": send_reminders(COMMITMENTS, today=today)}


def send_deadline_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """The periodic task: commitments (with the status refresh), then every registered
    source; ``{"refreshed", "reminded", <source key>: count, …}``."""
    today = today or timezone.localdate()
    result = send_commitment_reminders(today=today)
    for source in reminder_sources():
        result[source.key] = send_reminders(source, today=today)
    return result
