"""Commitments: create, report progress (append-only), correct, cancel, and the periodic
refresh of the stored status copy (reads compute the status themselves: :mod:`status`).

A commitment has no state field of its own: its status follows from dates and progress.
The one move a person makes is cancelling an open commitment, a transition of the stored
status (:data:`COMMITMENT_MACHINE`) applied with :func:`khooshe.core.workflow.apply_transition`."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.permissions import organization_ids_for
from khooshe.core.attachments import attachment_add
from khooshe.core.concurrency import save_versioned
from khooshe.core.workflow import StateMachine, Transition, apply_transition
from khooshe.governance import permissions
from khooshe.governance.models import Commitment, CommitmentUpdate
from khooshe.governance.services._common import require, resolve_due
from khooshe.governance.status import OPEN_STATUSES, CommitmentStatus
from khooshe.history.services import stamp
from khooshe.persian.jalali import looks_like_date, parse_jalali_date
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
COMMITMENT_MACHINE = StateMachine(
    [
        Transition(
            CANCEL, frozenset(OPEN_STATUSES), CommitmentStatus.CANCELLED, label=gettext_lazy("لغو")
        )
    ],
    dict(CommitmentStatus.choices),
    field="status",
)


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
    if int(percent) == 100:
        commitment.done_on = reported_on
    commitment._status_today = today
    stamp(commitment, actor=actor).save(
        update_fields=["last_percent", "last_update_on", "done_on", "status", "updated_at"]
    )
    return update


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
    due = due_date(due_on)
    reason = clean_text(reason)
    if due != commitment.due_on and not reason:
        raise ValidationError({"reason": _("دلیل تغییر موعد را بنویسید.")})
    if not clean_text(title):
        raise ValidationError({"title": _("عنوان را بنویسید.")})
    commitment.title = clean_text(title)[:300]
    commitment.due_on = due
    commitment.description = clean_text(description)
    stamp(commitment, actor=actor, reason=reason)
    save_versioned(
        commitment,
        expected_version=expected_version,
        update_fields=["title", "due_on", "description", "status"],
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
