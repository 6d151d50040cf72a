"""Reminders of deadlines, for any record with one.

The machinery is generic: a :class:`ReminderSource` says which open records have a deadline
(``candidates``), who is reminded (``recipients``), what the message says and where it links;
:func:`send_reminders` sends each kind ("N days before", "late") once per record and due date
(:class:`ReminderSent`, keyed by the record's content type, id, kind and due date), so the
periodic task can run as often as it likes. Governance's own source is the commitments (14
and 3 days before the due date, to every user representing the owner organization; from the
due date on, the province's escalation ladder, :func:`send_escalations`); apps above governance register theirs with
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

from khooshe.accounts.models import Role, RoleGrant
from khooshe.core.notifications import notify_many
from khooshe.governance.ladder import DEFAULT_LADDER, Rung, ladders
from khooshe.governance.models import (
    Commitment,
    EscalationStep,
    PromiseSettings,
    ReminderSent,
)
from khooshe.governance.permissions import OWNER_ROLES, can_manage_in
from khooshe.governance.services._common import require
from khooshe.governance.services.commitments import (
    commitments_auto_accept,
    commitments_refresh_statuses,
)
from khooshe.history.services import stamp
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


def _commitments_before_due(horizon: datetime.date):
    """Open commitments due from today (``horizon`` less the earliest reminder's days) to
    ``horizon``: before the due date the 14- and 3-day reminders; from the due date on, the
    province's escalation ladder (:func:`send_escalations`) takes over."""
    today = horizon - datetime.timedelta(days=max(before for _kind, before in BEFORE))
    return Commitment.objects.filter(
        cancelled=False,
        done_on__isnull=True,
        reported_done_on__isnull=True,
        due_on__gte=today,
        due_on__lte=horizon,
    ).select_related("owner")


COMMITMENTS = ReminderSource(
    key="governance.commitments",
    candidates=_commitments_before_due,
    due_of=lambda commitment: commitment.due_on,
    recipients=_commitment_recipients,
    message=_commitment_message,
    url=lambda commitment: reverse("governance:commitment_detail", args=[commitment.pk]),
    row_fields=lambda commitment: {"commitment": commitment},
)


# --- the escalation ladder -------------------------------------------------------------------


def ladder_set(*, actor, province, rungs, auto_accept_days: int | None = None) -> PromiseSettings:
    """Set a province's ladder (and days before automatic acceptance): staff of the
    province. ``rungs``: ``[(days_late, notify, add_to_followup), …]``."""
    require(can_manage_in(actor, province))
    with transaction.atomic():
        settings, _created = PromiseSettings.objects.get_or_create(province=province)
        if auto_accept_days is not None:
            settings.auto_accept_days = auto_accept_days
            stamp(settings, actor=actor).save()
        for step in settings.escalation_steps.all():
            stamp(step, actor=actor)
            step.delete()
        for days_late, notify, followup in rungs:
            stamp(
                EscalationStep(
                    promise_settings=settings,
                    days_late=days_late,
                    notify=notify,
                    add_to_followup=followup,
                ),
                actor=actor,
            ).save()
    return settings


def _users_of_province(province_id, roles) -> list:
    if province_id is None:
        return []
    grants = RoleGrant.objects.filter(
        province_id=province_id, role__in=list(roles), user__is_active=True
    ).select_related("user")
    return list({grant.user.pk: grant.user for grant in grants}.values())


def _other_parties(commitment: Commitment) -> list[int]:
    """The body's secretariat (a resolution) or the agreement's other parties (an article,
    or a milestone of a project under an agreement)."""
    if commitment.resolution_id and commitment.body_id:
        secretariat = commitment.body.secretariat_organization_id
        return [secretariat] if secretariat else []
    agreement = None
    if commitment.clause_id:
        agreement = commitment.clause.agreement
    elif commitment.project_id:
        agreement = commitment.project.agreement
    if agreement is None:
        return []
    return [org.pk for org in agreement.parties.all() if org.pk != commitment.owner_id]


def _rung_recipients(rung: Rung, commitment: Commitment) -> list:
    governorate = (Role.GOVERNORATE_STAFF,)
    if rung.notify == EscalationStep.Notify.OWNER:
        return representatives_of([commitment.owner_id]).get(commitment.owner_id, [])
    if rung.notify == EscalationStep.Notify.SECRETARY:
        parties = _other_parties(commitment)
        by_org = representatives_of(parties)
        users = [user for org in parties for user in by_org.get(org, [])]
        # A promise with no secretariat nor other party: the province's staff follow it up.
        return users or _users_of_province(commitment.province_id, governorate)
    return _users_of_province(commitment.province_id, governorate)


def _rung_message(rung: Rung, commitment: Commitment, days_late: int):
    params = {
        "title": commitment.title[:120],
        "due": format_jalali(commitment.due_on, style="long"),
        "owner": commitment.owner.name,
        "days": days_late,
    }
    if days_late == 0:
        title = _("موعد تعهد امروز است: %(title)s")
        body = _("موعد تعهد «%(title)s» (%(due)s) امروز است. انجام آن را با مستند گزارش کنید.")
    elif rung.notify == EscalationStep.Notify.OWNER:
        title = _("موعد تعهد گذشت: %(title)s")
        body = _("موعد تعهد «%(title)s» (%(due)s) گذشته و انجام آن گزارش نشده است.")
    else:
        title = _("پیگیری تعهد عقب‌افتاده: %(title)s")
        body = _(
            "تعهد «%(title)s» به مسئولیت %(owner)s، %(days)s روز از موعد (%(due)s) گذشته و "
            "انجام آن گزارش نشده است."
        )
    return str(title) % params, str(body) % params


def send_escalations(*, today: datetime.date | None = None) -> int:
    """Climb each open, late commitment's ladder: every step whose day has come is sent once
    per due date (an extension starts the ladder again; cancellation, a report of
    completion awaiting acceptance and acceptance stop it). Returns how many steps were sent."""
    today = today or timezone.localdate()
    candidates = list(
        Commitment.objects.filter(
            cancelled=False,
            done_on__isnull=True,
            reported_done_on__isnull=True,
            last_percent__lt=100,
            due_on__isnull=False,
            due_on__lte=today,
        ).select_related("owner", "body", "clause__agreement", "project__agreement")
    )
    if not candidates:
        return 0
    content_type = ContentType.objects.get_for_model(Commitment)
    sent_keys = set(
        ReminderSent.objects.filter(
            target_type=content_type,
            target_id__in=[c.pk for c in candidates],
            kind__startswith="esc_",
        ).values_list("target_id", "kind", "due_on")
    )
    by_province = ladders({c.province_id for c in candidates})
    sent = 0
    for commitment in candidates:
        days_late = (today - commitment.due_on).days
        for rung in by_province.get(commitment.province_id, DEFAULT_LADDER):
            if rung.days_late > days_late:
                continue
            if (commitment.pk, rung.kind, commitment.due_on) in sent_keys:
                continue
            recipients = _rung_recipients(rung, commitment)
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        target_type=content_type,
                        target_id=commitment.pk,
                        commitment=commitment,
                        kind=rung.kind,
                        due_on=commitment.due_on,
                        recipients=len(recipients),
                    )
                    if (
                        rung.add_to_followup
                        and commitment.body_id
                        and not commitment.followup_since
                    ):
                        Commitment.objects.filter(pk=commitment.pk).update(followup_since=today)
                    title, body = _rung_message(rung, commitment, days_late)
                    notify_many(
                        recipients=recipients,
                        title=title,
                        body=body,
                        url=reverse("governance:commitment_detail", args=[commitment.pk]),
                    )
            except IntegrityError:  # another run recorded it first
                continue
            sent += 1
    return sent


def send_commitment_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    auto_accepted = commitments_auto_accept(today=today)
    refreshed = commitments_refresh_statuses(today=today)
    return {
        "refreshed": refreshed,
        "reminded": send_reminders(COMMITMENTS, today=today),
        "escalated": send_escalations(today=today),
        "auto_accepted": auto_accepted,
    }


def send_deadline_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """The periodic task: commitments (with the status refresh), then every registered
    source; ``{"refreshed", "reminded", <source key>: count, …}``."""
    today = today or timezone.localdate()
    result = send_commitment_reminders(today=today)
    for source in reminder_sources():
        result[source.key] = send_reminders(source, today=today)
    return result
