"""Staff decide on suggestions: confirm (optionally corrected) or reject, one at a time.

A confirmed mention links the record to the article; a confirmed figure is a statement; a
confirmed promise creates a commitment through governance's one service for it
(:func:`khooshe.governance.services.commitment_create`, source "public record", the article's
address and title as its source) — or is linked to a commitment governance already holds.
A decision is final for that article: a rejected suggestion is not offered again, even after
the article is processed again.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.core.workflow import TransitionNotAllowed
from khooshe.governance.models import Commitment
from khooshe.governance.services import commitment_create
from khooshe.history.services import stamp
from khooshe.persian.text import clean_text
from khooshe.record import permissions
from khooshe.record.models import Suggestion
from khooshe.record.targets import KINDS


def _require(actor, suggestion: Suggestion) -> None:
    if not permissions.can_manage(actor, suggestion.article.province_id):
        raise PermissionDenied(_("تصمیم درباره پیشنهادها با کارشناسان همان استان است."))


def _lock(suggestion: Suggestion) -> Suggestion:
    locked = (
        Suggestion.objects.select_for_update()
        .select_related("article", "article__province")
        .get(pk=suggestion.pk)
    )
    if locked.state != Suggestion.State.OFFERED:
        raise TransitionNotAllowed(_("درباره این پیشنهاد پیش‌تر تصمیم گرفته شده است."))
    return locked


def _decide(suggestion: Suggestion, *, actor, state: str, reason: str) -> Suggestion:
    suggestion.state = state
    suggestion.decided_by = actor
    suggestion.decided_at = timezone.now()
    stamp(suggestion, actor=actor, reason=reason)
    suggestion.save()
    return suggestion


@transaction.atomic
def suggestion_reject(*, actor, suggestion: Suggestion) -> Suggestion:
    _require(actor, suggestion)
    suggestion = _lock(suggestion)
    return _decide(suggestion, actor=actor, state=Suggestion.State.REJECTED, reason=_("رد پیشنهاد"))


@transaction.atomic
def suggestion_confirm(
    *,
    actor,
    suggestion: Suggestion,
    value: int | None = None,
    value_max: int | None = None,
    qualifier: str | None = None,
    counts: str | None = None,
    indicator_slug: str | None = None,
    owner=None,
    due_on: datetime.date | None = None,
    title: str | None = None,
    commitment: Commitment | None = None,
    target=None,
) -> Suggestion:
    """Confirm as offered, or corrected by the arguments given (a mention's record — any
    of :data:`khooshe.record.targets.KINDS` —; a figure's value, qualifier, what it counts and
    indicator; a promise's owner, due date and title, or the existing commitment it is)."""
    _require(actor, suggestion)
    suggestion = _lock(suggestion)
    reason = _("تأیید پیشنهاد")
    if suggestion.kind == Suggestion.Kind.MENTION and target is not None:
        if target != suggestion.target:
            _point_at(suggestion, target)
            reason = _("تأیید با اصلاح رکورد: %(name)s") % {"name": target}
    elif target is not None:
        raise ValidationError({"target": [_("فقط نام‌های یافته‌شده را می‌توان به رکورد دیگری برد.")]})
    if suggestion.kind == Suggestion.Kind.FIGURE:
        if value is not None:
            suggestion.value = value
        if value_max is not None:
            suggestion.value_max = value_max
        if qualifier:
            suggestion.qualifier = qualifier
        if counts is not None:
            suggestion.counts = clean_text(counts)[:100]
        if indicator_slug is not None:
            suggestion.indicator_slug = indicator_slug
        if suggestion.value is None:
            raise ValidationError({"value": [_("مقدار رقم را بنویسید.")]})
        if suggestion.value_max is not None and suggestion.value_max < suggestion.value:
            raise ValidationError({"value_max": [_("سقف بازه از کف آن کمتر است.")]})
    elif suggestion.kind == Suggestion.Kind.PROMISE:
        if owner is not None:
            suggestion.owner = owner
        if due_on is not None:
            suggestion.due_on = due_on
        suggestion.commitment = commitment or _create_commitment(actor, suggestion, title)
    return _decide(suggestion, actor=actor, state=Suggestion.State.CONFIRMED, reason=reason)


def _point_at(suggestion: Suggestion, target) -> None:
    """The mention names ``target`` and nothing else."""
    field = next((field for model, field in KINDS.values() if isinstance(target, model)), None)
    if field is None:
        raise ValidationError({"target": [_("این نوع رکورد را نمی‌توان نام برد.")]})
    for _model, other in KINDS.values():
        setattr(suggestion, other, None)
    setattr(suggestion, field, target)


def _create_commitment(actor, suggestion: Suggestion, title: str | None) -> Commitment:
    if suggestion.owner_id is None:
        raise ValidationError({"owner": [_("سازمان مسئول این وعده را برگزینید.")]})
    article = suggestion.article
    note = f"{article.source}: {article.title}" if article.source else article.title
    return commitment_create(
        actor=actor,
        title=clean_text(title or suggestion.sentence)[:300],
        owner=suggestion.owner,
        source_type=Commitment.SourceType.PUBLIC_RECORD,
        due_on=suggestion.due_on,
        due_text=suggestion.due_text,
        source_url=article.url,
        source_note=note[:300],
        description=suggestion.sentence,
        province=article.province,
        body=article.body,
    )
