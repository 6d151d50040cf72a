"""Executive priorities, the rubric and evaluators' scores."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.history.services import stamp
from khooshe.persian.text import clean_text
from khooshe.proposals import permissions as perms
from khooshe.proposals.models import Criterion, Priority, Proposal, Score, ScoreSheet
from khooshe.proposals.services.evaluation import check_scorer
from khooshe.proposals.services.proposals import deny

_PRIORITY_FIELDS = ("year", "title", "weight", "sector", "capability", "keywords")


@transaction.atomic
def priority_create(*, actor, province, data: Mapping) -> Priority:
    if not perms.can_manage_priorities(actor, getattr(province, "pk", province)):
        raise deny()
    priority = Priority(province=province, created_by=actor)
    return _priority_save(priority, actor=actor, data=data)


@transaction.atomic
def priority_update(*, actor, priority: Priority, data: Mapping) -> Priority:
    if not perms.can_manage_priorities(actor, priority.province_id):
        raise deny()
    return _priority_save(priority, actor=actor, data=data)


def _priority_save(priority: Priority, *, actor, data: Mapping) -> Priority:
    unknown = set(data) - set(_PRIORITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown priority fields: {sorted(unknown)}")
    for name, value in data.items():
        if name in ("title", "keywords"):
            value = clean_text(value or "")
        setattr(priority, name, value)
    if not priority.title:
        raise ValidationError({"title": [_("عنوان لازم است.")]})
    if not 1 <= int(priority.weight or 0) <= 100:
        raise ValidationError({"weight": [_("وزن باید بین ۱ و ۱۰۰ باشد.")]})
    if not 1300 <= int(priority.year or 0) <= 1500:
        raise ValidationError({"year": [_("سال شمسی نامعتبر است.")]})
    stamp(priority, actor=actor)
    priority.save()
    return priority


@transaction.atomic
def priority_delete(*, actor, priority: Priority) -> None:
    if not perms.can_manage_priorities(actor, priority.province_id):
        raise deny()
    stamp(priority, actor=actor)
    priority.delete()


@transaction.atomic
def criterion_create(
    *, actor, province, title: str, weight: int, description: str = "", position: int = 0
) -> Criterion:
    if not perms.can_manage_priorities(actor, getattr(province, "pk", province)):
        raise deny()
    title = clean_text(title)
    if not title:
        raise ValidationError({"title": [_("عنوان لازم است.")]})
    if not 1 <= int(weight) <= 100:
        raise ValidationError({"weight": [_("وزن باید بین ۱ و ۱۰۰ باشد.")]})
    criterion = Criterion(
        province=province,
        title=title,
        weight=weight,
        description=clean_text(description),
        position=position,
    )
    stamp(criterion, actor=actor)
    criterion.save()
    return criterion


def weighted_score(values: Mapping[Criterion, int]) -> Decimal:
    """A sheet's score out of 100: the weighted mean of the 1–5 values mapped so that all
    1s give 0 and all 5s give 100."""
    total_weight = sum(c.weight for c in values)
    if not total_weight:
        return Decimal("0.00")
    mean = Decimal(sum(c.weight * v for c, v in values.items())) / Decimal(total_weight)
    return ((mean - 1) * 25).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def score_submit(
    *,
    actor,
    proposal: Proposal,
    values: Mapping[int, int],
    comment: str = "",
    declare_no_conflict: bool = False,
) -> ScoreSheet:
    """Record ``actor``'s scores (criterion id → 1..5) for every active criterion of the
    proposal's province. Only an assigned evaluator without a conflict of interest scores,
    declaring that they have none; they may revise their own sheet while scoring is open."""
    if not perms.can_score(actor, proposal):
        if proposal.state in perms.SCORING_STATES and perms.is_province_staff(
            actor, proposal.province_id, roles=perms.SCORERS
        ):
            raise deny(_("فقط ارزیابانی که برای این طرح تعیین شده‌اند امتیاز می‌دهند."))
        raise deny()
    assignment = check_scorer(
        actor=actor, proposal=proposal, declare_no_conflict=declare_no_conflict
    )
    criteria = list(Criterion.objects.filter(province_id=proposal.province_id, is_active=True))
    if not criteria:
        raise ValidationError({"scores": [_("هنوز معیاری برای ارزیابی تعریف نشده است.")]})
    errors = {}
    chosen: dict[Criterion, int] = {}
    try:
        values = {int(k): v for k, v in values.items()}
    except (TypeError, ValueError):
        raise ValidationError({"scores": [_("معیار ناشناخته.")]}) from None
    for criterion in criteria:
        value = values.get(criterion.pk)
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = None
        if value is None or not 1 <= value <= 5:
            errors[str(criterion.pk)] = [_("امتیاز هر معیار باید عددی از ۱ تا ۵ باشد.")]
        else:
            chosen[criterion] = value
    unknown = set(values) - {c.pk for c in criteria}
    if unknown:
        errors["scores"] = [_("معیار ناشناخته.")]
    if errors:
        raise ValidationError(errors)
    sheet, _created = ScoreSheet.objects.select_for_update().get_or_create(
        proposal=proposal, evaluator=actor
    )
    sheet.comment = clean_text(comment)
    sheet.weighted_score = weighted_score(chosen)
    sheet.submitted_at = timezone.now()
    stamp(sheet, actor=actor)
    sheet.save()
    assignment.declared_at = sheet.submitted_at
    stamp(assignment, actor=actor, reason=_("اعلام نبود تعارض منافع"))
    assignment.save(update_fields=["declared_at", "updated_at"])
    for criterion, value in chosen.items():
        score, created = Score.objects.get_or_create(
            sheet=sheet, criterion=criterion, defaults={"value": value}
        )
        if not created and score.value != value:
            score.value = value
            stamp(score, actor=actor)
            score.save(update_fields=["value", "updated_at"])
    return sheet
