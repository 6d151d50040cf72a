"""Commitments: create, report progress (append-only), accept or contest a 100% report,
move the due date (an extension record each time), record the dates sources stated and
choose the baseline, correct, cancel, and the periodic refresh of the stored status copy
(reads compute the status themselves: :mod:`status`).

A commitment has no state field of its own: its status follows from dates and progress.
The moves people make — cancelling an open commitment, accepting or contesting a report of
completion — are transitions of the stored status (:data:`COMMITMENT_MACHINE`) applied with
:func:`khooshe.core.workflow.apply_transition`."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.models import Role
from khooshe.accounts.permissions import organization_ids_for
from khooshe.accounts.selectors import users_acting_in, users_representing
from khooshe.core.attachments import attachment_add
from khooshe.core.concurrency import save_versioned
from khooshe.core.notifications import lazy_format, notify_many
from khooshe.core.workflow import (
    StateMachine,
    Transition,
    TransitionNotAllowed,
    apply_transition,
    lock,
)
from khooshe.governance import permissions
from khooshe.governance.models import (
    Commitment,
    CommitmentDueStatement,
    CommitmentExtension,
    CommitmentReview,
    CommitmentUpdate,
    PromiseSettings,
    Resolution,
)
from khooshe.governance.services._common import require, resolve_due
from khooshe.governance.status import OPEN_STATUSES, CommitmentStatus
from khooshe.history.services import stamp
from khooshe.persian.jalali import format_jalali, looks_like_date, parse_jalali_date
from khooshe.persian.text import clean_text


def due_date(due_on: datetime.date | str | None, due_text: str = "") -> datetime.date | None:
    """:func:`resolve_due`, but a date that does not exist (1404/12/30, 1403/07/31) is refused
    with the reason (``parse_jalali_date``'s: «1404 is not a leap year; its Esfand has 29
    days»), not the hint on how to write a due date. Commitments and resolutions use it."""
    if not isinstance(due_on, datetime.date):
        text = (due_on or due_text or "").strip()
        if looks_like_date(text):
            try:
                return parse_jalali_date(text)
            except ValidationError as error:
                raise ValidationError({"due_on": error.messages}) from error
    return resolve_due(due_on, due_text)


CANCEL = "cancel"
ACCEPT = "accept"
AUTO_ACCEPT = "auto_accept"
CONTEST = "contest"
AWAITING_ONLY = frozenset({CommitmentStatus.AWAITING})
#: Accepting gives a done status and contesting an open one; the row's ``save`` then stores
#: the exact one its dates say (done on time, after extension or late; on track or late…).
COMMITMENT_MACHINE = StateMachine(
    [
        Transition(
            CANCEL, frozenset(OPEN_STATUSES), CommitmentStatus.CANCELLED, label=gettext_lazy("لغو")
        ),
        Transition(
            ACCEPT,
            AWAITING_ONLY,
            CommitmentStatus.DONE_ON_TIME,
            label=gettext_lazy("پذیرش گزارش انجام"),
        ),
        Transition(
            AUTO_ACCEPT,
            AWAITING_ONLY,
            CommitmentStatus.DONE_ON_TIME,
            label=gettext_lazy("پذیرش خودکار گزارش انجام پس از مهلت"),
        ),
        Transition(
            CONTEST,
            AWAITING_ONLY,
            CommitmentStatus.ON_TRACK,
            label=gettext_lazy("رد گزارش انجام"),
        ),
    ],
    dict(CommitmentStatus.choices),
    field="status",
)

#: Staff roles that review reports of completion in their province.
REVIEWER_ROLES = (Role.GOVERNORATE_STAFF, Role.GUILD_STAFF)


def auto_accept_days(province_id) -> int:
    """The province's days before a 100% report nobody reviewed is accepted automatically."""
    days = (
        PromiseSettings.objects.filter(province_id=province_id)
        .values_list("auto_accept_days", flat=True)
        .first()
    )
    return PromiseSettings.DEFAULT_AUTO_ACCEPT_DAYS if days is None else days


def _reviewers(commitment: Commitment) -> list:
    """Who is asked to accept a report of completion: the province's staff and, for a
    resolution, the body's secretariat."""
    users = []
    if commitment.province_id:
        users += list(users_acting_in(commitment.province_id, REVIEWER_ROLES))
    if (
        commitment.resolution_id
        and commitment.body_id
        and commitment.body.secretariat_organization_id
    ):
        users += list(
            users_representing(
                commitment.body.secretariat_organization_id, roles=permissions.OWNER_ROLES
            )
        )
    return list({user.pk: user for user in users}.values())


def _owner_representatives(commitment: Commitment) -> list:
    return list(users_representing(commitment.owner_id, roles=permissions.OWNER_ROLES))


@transaction.atomic
def commitment_create(
    *,
    actor,
    title: str,
    owner,
    source_type: str,
    due_on: datetime.date | str | None = None,
    due_text: str = "",
    resolution=None,
    clause=None,
    project=None,
    weight: int = 1,
    source_url: str = "",
    source_note: str = "",
    description: str = "",
    province=None,
    body=None,
    is_public: bool = True,
    position: int | None = None,
    check_permission: bool = True,
) -> Commitment:
    """``check_permission=False`` only for callers that checked already (resolution,
    agreement, project services) or run without a person (demo, import)."""
    if province is None:
        source = resolution.body if resolution else (clause.agreement if clause else project)
        province = getattr(source, "province", None) or owner.province
    if check_permission:
        require(permissions.can_manage_in(actor, province))
    if resolution is not None and body is None:
        body = resolution.body
    due = due_date(due_on, due_text)
    if position is None:
        position = 1
        if project is not None:
            position = project.milestones.count() + 1
        elif clause is not None:
            position = clause.commitments.count() + 1
    commitment = Commitment(
        title=clean_text(title)[:300],
        description=clean_text(description),
        source_type=source_type,
        resolution=resolution,
        clause=clause,
        project=project,
        weight=weight,
        source_url=source_url,
        source_note=clean_text(source_note)[:300],
        body=body,
        province=province,
        owner=owner,
        due_on=due,
        original_due_on=due,
        due_text=clean_text(due_text)[:100],
        position=position,
        is_public=is_public,
    )
    commitment.status = commitment.current_status
    commitment.full_clean(exclude=["resolution", "clause", "project", "owner", "body", "province"])
    stamp(commitment, actor=actor).save()
    return commitment


@transaction.atomic
def commitment_update_add(
    *,
    actor,
    commitment: Commitment,
    percent: int,
    text: str = "",
    reported_on: datetime.date | None = None,
    evidence_url: str = "",
    evidence_files=(),
    today: datetime.date | None = None,
) -> CommitmentUpdate:
    """Append a progress report. Only the owner's representatives and staff of the province;
    100% ("done") needs evidence (a file or a link); nothing is ever edited or deleted."""
    require(permissions.can_update_commitment(actor, commitment))
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    today = today or timezone.localdate()
    reported_on = reported_on or today
    errors: dict[str, str] = {}
    if commitment.reported_done_on is not None and commitment.done_on is None:
        raise TransitionNotAllowed(
            _(
                "گزارش انجام این تعهد (%(date)s) در انتظار پذیرش است؛ تا پذیرفته یا رد نشود "
                "گزارش تازه پذیرفته نیست."
            )
            % {"date": format_jalali(commitment.reported_done_on)}
        )
    if commitment.cancelled:
        errors["__all__"] = _("این تعهد لغو شده است.")
    elif commitment.done_on is not None:
        errors["__all__"] = _("این تعهد انجام شده است؛ گزارش تازه پذیرفته نیست.")
    if percent is None or not 0 <= int(percent) <= 100:
        errors["percent"] = _("درصد پیشرفت باید میان ۰ و ۱۰۰ باشد.")
    if reported_on > today:
        errors["reported_on"] = _("تاریخ گزارش نمی‌تواند در آینده باشد.")
    elif commitment.last_update_on and reported_on < commitment.last_update_on:
        errors["reported_on"] = _("تاریخ گزارش نمی‌تواند پیش از آخرین گزارش باشد.")
    evidence_files = [f for f in evidence_files if f]
    if percent is not None and int(percent) == 100 and not (evidence_url or evidence_files):
        errors["evidence"] = _("برای گزارش انجام کامل، مستند (پرونده یا پیوند) لازم است.")
    if errors:
        raise ValidationError(errors)
    owned = organization_ids_for(actor, permissions.OWNER_ROLES)
    update = CommitmentUpdate(
        commitment=commitment,
        reported_on=reported_on,
        percent=int(percent),
        text=clean_text(text),
        evidence_url=evidence_url,
        author=actor,
        author_organization_id=commitment.owner_id if commitment.owner_id in owned else None,
    )
    stamp(update, actor=actor).save()
    for uploaded in evidence_files:
        attachment_add(actor=actor, target=update, uploaded_file=uploaded)
    commitment.last_percent = int(percent)
    commitment.last_update_on = reported_on
    done_reported = int(percent) == 100
    if done_reported:
        # Reported done is not done: it awaits acceptance by someone else (staff of the
        # province, the body's secretariat, or a second staff member when staff reported).
        commitment.reported_done_on = reported_on
        commitment.done_reported_at = timezone.now()
    commitment._status_today = today
    stamp(commitment, actor=actor).save(
        update_fields=[
            "last_percent",
            "last_update_on",
            "reported_done_on",
            "done_reported_at",
            "status",
            "updated_at",
        ]
    )
    if done_reported:
        reviewers = [user for user in _reviewers(commitment) if user.pk != actor.pk]
        notify_many(
            recipients=reviewers,
            title=lazy_format(
                gettext_lazy("گزارش انجام در انتظار پذیرش: %(title)s"),
                title=commitment.title[:120],
            ),
            body=update.text,
            url=reverse("governance:commitment_detail", args=[commitment.pk]),
        )
    return update


def _pending_report(commitment: Commitment) -> CommitmentUpdate | None:
    """The 100% report awaiting acceptance (the latest one)."""
    return commitment.updates.filter(percent=100).order_by("-reported_on", "-id").first()


def review_refusal(actor, commitment: Commitment, report: CommitmentUpdate | None) -> str:
    """Why ``actor`` may not accept or contest this report ("" when they may): nobody agrees
    with themselves — not the person who reported it, not the owner's representatives."""
    if report is not None and report.author_id == actor.pk:
        return _(
            "گزارش انجام را کسی جز گزارش‌دهنده باید بپذیرد یا رد کند؛ گزارش کارشناس را "
            "کارشناس دیگری بررسی می‌کند."
        )
    if permissions.represents_owner(actor, commitment):
        return _("نماینده دستگاه مسئول نمی‌تواند گزارش انجام تعهد دستگاه خود را بپذیرد یا رد کند.")
    return ""


def _review_prepare(actor, commitment: Commitment, *, action: str):
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("اجازه این کار را ندارید."))
    lock(commitment)
    report = _pending_report(commitment) if commitment.reported_done_on else None
    # The rule that refuses the reporter's side is named before the general one.
    refusal = review_refusal(actor, commitment, report)
    if refusal:
        raise PermissionDenied(refusal)
    require(permissions.may_review_commitments(actor, commitment))
    if commitment.reported_done_on is None or commitment.done_on is not None:
        raise TransitionNotAllowed(_("این تعهد گزارش انجامی در انتظار پذیرش ندارد."))
    return report


def _accept(commitment: Commitment, *, actor, report, note: str, automatic: bool) -> Commitment:
    reported_done_on = commitment.reported_done_on

    def accept(row: Commitment):
        row.done_on = reported_done_on
        row.reported_done_on = None
        row.done_reported_at = None
        row.accepted_automatically = automatic
        return ["done_on", "reported_done_on", "done_reported_at", "accepted_automatically"]

    apply_transition(
        commitment,
        machine=COMMITMENT_MACHINE,
        action=AUTO_ACCEPT if automatic else ACCEPT,
        actor=actor,
        note=note,
        prepare=accept,
        recipients=_owner_representatives(commitment),
        url=reverse("governance:commitment_detail", args=[commitment.pk]),
    )
    review = CommitmentReview(
        commitment=commitment,
        update=report,
        decision=(
            CommitmentReview.Decision.AUTO_ACCEPTED
            if automatic
            else CommitmentReview.Decision.ACCEPTED
        ),
        reason=note,
        reported_done_on=reported_done_on,
        percent_after=100,
        actor=actor if not automatic else None,
    )
    stamp(review, actor=actor).save()
    return commitment


@transaction.atomic
def commitment_accept(*, actor, commitment: Commitment, note: str = "") -> Commitment:
    """Staff of the province (or the body's secretariat for a resolution) accept a 100%
    report: the commitment is done on the date the report gives (timeliness is judged by
    when the work was done, not by when someone agreed). 403 for the reporter and the
    owner's representatives; 409 when nothing awaits acceptance."""
    report = _review_prepare(actor, commitment, action=ACCEPT)
    return _accept(commitment, actor=actor, report=report, note=clean_text(note), automatic=False)


@transaction.atomic
def commitment_contest(*, actor, commitment: Commitment, reason: str) -> Commitment:
    """Contest a 100% report, with a reason: the progress goes back to the last percentage
    reported below 100 (0 without one) and the deadline counts again."""
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("دلیل رد گزارش انجام را بنویسید.")})
    report = _review_prepare(actor, commitment, action=CONTEST)
    reported_done_on = commitment.reported_done_on
    previous = (
        commitment.updates.filter(percent__lt=100)
        .order_by("-reported_on", "-id")
        .values_list("percent", flat=True)
        .first()
    ) or 0

    def contest(row: Commitment):
        row.last_percent = previous
        row.reported_done_on = None
        row.done_reported_at = None
        return ["last_percent", "reported_done_on", "done_reported_at"]

    recipients = _owner_representatives(commitment)
    if report is not None and report.author is not None:
        recipients.append(report.author)
    apply_transition(
        commitment,
        machine=COMMITMENT_MACHINE,
        action=CONTEST,
        actor=actor,
        note=reason,
        prepare=contest,
        recipients=list({user.pk: user for user in recipients}.values()),
        url=reverse("governance:commitment_detail", args=[commitment.pk]),
    )
    review = CommitmentReview(
        commitment=commitment,
        update=report,
        decision=CommitmentReview.Decision.CONTESTED,
        reason=reason,
        reported_done_on=reported_done_on,
        percent_after=previous,
        actor=actor,
    )
    stamp(review, actor=actor).save()
    return commitment


def commitments_auto_accept(*, today: datetime.date | None = None) -> int:
    """Accept the reports of completion nobody reviewed within their province's number of
    days (:class:`PromiseSettings`), labelled as automatic; returns how many."""
    today = today or timezone.localdate()
    days_by_province = dict(PromiseSettings.objects.values_list("province_id", "auto_accept_days"))
    accepted = 0
    waiting = Commitment.objects.filter(
        cancelled=False, done_on__isnull=True, reported_done_on__isnull=False
    )
    for commitment in waiting.iterator():
        days = days_by_province.get(
            commitment.province_id, PromiseSettings.DEFAULT_AUTO_ACCEPT_DAYS
        )
        since = (
            timezone.localtime(commitment.done_reported_at).date()
            if commitment.done_reported_at
            else commitment.reported_done_on
        )
        if (today - since).days < days:
            continue
        with transaction.atomic():
            commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
            if commitment.done_on is not None or commitment.reported_done_on is None:
                continue
            note = _("%(days)s روز پس از گزارش، بی‌آنکه کسی آن را بپذیرد یا رد کند.") % {
                "days": days
            }
            _accept(
                commitment,
                actor=None,
                report=_pending_report(commitment),
                note=note,
                automatic=True,
            )
            accepted += 1
    return accepted


def _move_due(
    commitment: Commitment,
    *,
    actor,
    new_due: datetime.date,
    reason: str,
    source: str = CommitmentExtension.Source.OTHER,
    source_resolution: Resolution | None = None,
    source_reference: str = "",
) -> CommitmentExtension | None:
    """Move the date in force (``due_on``) and record the move; the original date stays.
    A first date (none before) is the baseline, not an extension. The caller saves the row."""
    if commitment.cancelled:
        raise TransitionNotAllowed(_("موعد تعهد لغوشده تغییر نمی‌کند."))
    if commitment.done_on is not None or commitment.reported_done_on is not None:
        raise TransitionNotAllowed(
            _(
                "موعد تعهدی که انجام آن گزارش شده تغییر نمی‌کند: به‌موقع‌بودن با موعدی سنجیده "
                "می‌شود که هنگام انجام کار برقرار بود."
            )
        )
    if commitment.due_on is None:
        commitment.due_on = new_due
        if commitment.original_due_on is None:
            commitment.original_due_on = new_due
        commitment.extension_days = (new_due - commitment.original_due_on).days
        return None
    extension = CommitmentExtension(
        commitment=commitment,
        old_due_on=commitment.due_on,
        new_due_on=new_due,
        reason=reason,
        source=source,
        source_resolution=source_resolution,
        source_reference=clean_text(source_reference)[:200],
        actor=actor,
    )
    stamp(extension, actor=actor, reason=reason).save()
    commitment.due_on = new_due
    if commitment.original_due_on is None:
        commitment.original_due_on = extension.old_due_on
    commitment.extension_count += 1
    commitment.extension_days = (new_due - commitment.original_due_on).days
    # The ladder starts again for the new date; the follow-up list entry it made is over.
    commitment.followup_since = None
    return extension


@transaction.atomic
def commitment_extend(
    *,
    actor,
    commitment: Commitment,
    new_due_on: datetime.date | str,
    reason: str,
    source: str = CommitmentExtension.Source.OTHER,
    source_resolution: Resolution | None = None,
    source_reference: str = "",
    expected_version: int | None = None,
) -> CommitmentExtension | None:
    """Staff of the province move a commitment's due date: an extension record (old date,
    new date, reason, who, on what authority). The original date stays; the status is then
    shown against both. Reminders and the escalation ladder start again for the new date."""
    require(permissions.can_extend_commitment(actor, commitment))
    errors: dict[str, str] = {}
    reason = clean_text(reason)
    try:
        new_due = due_date(new_due_on) if new_due_on else None
    except ValidationError as error:
        raise ValidationError({"new_due_on": error.messages}) from error
    if new_due is None:
        errors["new_due_on"] = _("موعد تازه را بنویسید.")
    elif new_due == commitment.due_on:
        errors["new_due_on"] = _("موعد تازه با موعد کنونی یکی است.")
    if not reason:
        errors["reason"] = _("دلیل تغییر موعد را بنویسید.")
    if source not in CommitmentExtension.Source.values:
        errors["source"] = _("مستند تمدید را از فهرست برگزینید.")
    elif source == CommitmentExtension.Source.RESOLUTION and source_resolution is None:
        errors["source_resolution"] = _("مصوبه‌ای را که موعد را تمدید کرد برگزینید.")
    elif (
        source == CommitmentExtension.Source.RESOLUTION
        and source_resolution.body.province_id != commitment.province_id
    ):
        errors["source_resolution"] = _("مصوبه تمدید باید از نهادی در استان همین تعهد باشد.")
    if errors:
        raise ValidationError(errors)
    lock(commitment)  # the row as it is now (a report of completion may have come meanwhile)
    if expected_version is None:
        expected_version = commitment.version
    extension = _move_due(
        commitment,
        actor=actor,
        new_due=new_due,
        reason=reason,
        source=source,
        source_resolution=source_resolution
        if source == CommitmentExtension.Source.RESOLUTION
        else None,
        source_reference=source_reference,
    )
    stamp(commitment, actor=actor, reason=reason)
    save_versioned(
        commitment,
        expected_version=expected_version,
        update_fields=[
            "due_on",
            "original_due_on",
            "extension_count",
            "extension_days",
            "followup_since",
            "status",
        ],
    )
    return extension


@transaction.atomic
def commitment_due_statement_add(
    *,
    actor,
    commitment: Commitment,
    due_on: datetime.date | str,
    source_note: str,
    source_url: str = "",
) -> CommitmentDueStatement:
    """Record a due date a source stated (the first statement on record is the
    commitment's own date, kept as the baseline until staff choose another)."""
    require(permissions.can_extend_commitment(actor, commitment))
    text = due_on if isinstance(due_on, str) else ""
    due = due_date(due_on) if due_on else None
    errors = {}
    if due is None:
        errors["due_on"] = _("موعدی را که منبع گفته است بنویسید.")
    if not clean_text(source_note):
        errors["source_note"] = _("گوینده یا منبع این موعد را بنویسید.")
    if errors:
        raise ValidationError(errors)
    if commitment.original_due_on and not commitment.due_statements.exists():
        own = CommitmentDueStatement(
            commitment=commitment,
            due_on=commitment.original_due_on,
            due_text=commitment.due_text,
            source_note=(commitment.source_note or _("منبع ثبت تعهد"))[:300],
            source_url=commitment.source_url,
            is_baseline=True,
            actor=actor,
        )
        stamp(own, actor=actor).save()
    statement = CommitmentDueStatement(
        commitment=commitment,
        due_on=due,
        due_text=clean_text(text)[:100] if not looks_like_date(text) else "",
        source_note=clean_text(source_note)[:300],
        source_url=source_url,
        actor=actor,
    )
    stamp(statement, actor=actor).save()
    return statement


@transaction.atomic
def commitment_baseline_choose(
    *, actor, commitment: Commitment, statement: CommitmentDueStatement
) -> Commitment:
    """Staff choose which stated date is the original one. Before any extension the date in
    force follows it; after, only the original moves (and "+D days" with it). Refused once
    the work is reported done: the yardstick is not changed after the fact."""
    require(permissions.can_extend_commitment(actor, commitment))
    if statement.commitment_id != commitment.pk:
        raise ValidationError({"statement": _("این موعد از آن این تعهد نیست.")})
    lock(commitment)
    if commitment.cancelled or commitment.done_on or commitment.reported_done_on:
        raise TransitionNotAllowed(
            _("موعد مبنا پیش از گزارش انجام برگزیده می‌شود؛ این تعهد انجام یا لغو شده است.")
        )
    commitment.due_statements.filter(is_baseline=True).exclude(pk=statement.pk).update(
        is_baseline=False
    )
    if not statement.is_baseline:
        statement.is_baseline = True
        stamp(statement, actor=actor).save(update_fields=["is_baseline", "updated_at"])
    commitment.original_due_on = statement.due_on
    if commitment.extension_count == 0:
        commitment.due_on = statement.due_on
        commitment.due_text = statement.due_text
    commitment.extension_days = (
        (commitment.due_on - commitment.original_due_on).days if commitment.due_on else 0
    )
    stamp(
        commitment,
        actor=actor,
        reason=_("موعد مبنا: %(source)s") % {"source": statement.source_note},
    )
    save_versioned(
        commitment,
        expected_version=commitment.version,
        update_fields=["original_due_on", "due_on", "due_text", "extension_days", "status"],
    )
    return commitment


@transaction.atomic
def commitment_edit(
    *,
    actor,
    commitment: Commitment,
    expected_version: int | None,
    title: str,
    due_on: datetime.date | str | None,
    description: str = "",
    reason: str = "",
) -> Commitment:
    """Staff correct a commitment or move its deadline. A moved deadline needs a reason (kept
    in the history) and re-arms the reminders (they are keyed by the due date)."""
    require(permissions.can_cancel_commitment(actor, commitment))
    stored = Commitment.objects.values_list("version", flat=True).get(pk=commitment.pk)
    if expected_version is not None and int(expected_version) != stored:
        # Edited meanwhile: the conflict (409) comes before any other refusal.
        save_versioned(commitment, expected_version=expected_version)
    due = due_date(due_on)
    reason = clean_text(reason)
    if due != commitment.due_on and not reason:
        raise ValidationError({"reason": _("دلیل تغییر موعد را بنویسید.")})
    if due is None and commitment.due_on is not None:
        raise ValidationError(
            {"due_on": _("موعد تعهد برداشته نمی‌شود؛ برای تغییر آن موعد تازه بنویسید.")}
        )
    if not clean_text(title):
        raise ValidationError({"title": _("عنوان را بنویسید.")})
    if due != commitment.due_on:
        lock(commitment)
        _move_due(commitment, actor=actor, new_due=due, reason=reason)
    commitment.title = clean_text(title)[:300]
    commitment.description = clean_text(description)
    stamp(commitment, actor=actor, reason=reason)
    save_versioned(
        commitment,
        expected_version=expected_version,
        update_fields=[
            "title",
            "due_on",
            "original_due_on",
            "extension_count",
            "extension_days",
            "followup_since",
            "description",
            "status",
        ],
    )
    return commitment


@transaction.atomic
def commitment_cancel(*, actor, commitment: Commitment, reason: str) -> Commitment:
    """Staff cancel an open commitment, with a reason (409 once it is done or cancelled)."""
    require(permissions.can_cancel_commitment(actor, commitment))
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("دلیل لغو را بنویسید.")})

    def cancel(row: Commitment):
        row.cancelled = True
        row.cancel_reason = reason
        return ["cancelled", "cancel_reason"]

    # The machine reads the stored status: a copy that may lag by a day among the open
    # statuses only (done and cancelled are stored by the saves that make them), which is
    # all this transition needs to tell an open commitment from a closed one.
    apply_transition(
        commitment,
        machine=COMMITMENT_MACHINE,
        action=CANCEL,
        actor=actor,
        note=reason,
        prepare=cancel,
    )
    return commitment


def commitment_refresh_status(
    commitment: Commitment, *, today: datetime.date | None = None
) -> bool:
    """Recompute and store the status; True when it changed."""
    today = today or timezone.localdate()
    if commitment.status_on(today) == commitment.status:
        return False
    commitment._status_today = today
    commitment.save(update_fields=["status", "updated_at"])
    return True


def commitments_refresh_statuses(*, today: datetime.date | None = None) -> int:
    """Recompute the statuses that may have moved with the calendar (open ones)."""
    today = today or timezone.localdate()
    changed = 0
    queryset = Commitment.objects.filter(
        cancelled=False, done_on__isnull=True, due_on__isnull=False
    )
    for commitment in queryset.iterator():
        with transaction.atomic():
            changed += commitment_refresh_status(commitment, today=today)
    return changed
