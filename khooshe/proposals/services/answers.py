"""Every decided proposal gets an answer: the state, the reasons (required for approve,
reject and return), for an approval the approved budget with its cost lines and the execution
period, for a rejection the criteria that failed. Staff publish it when they choose; the
public page shows published answers only, never contacts, and the estimate only when staff
chose to show it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.history.services import stamp
from khooshe.persian.money import format_rial, parse_amount
from khooshe.persian.text import clean_text, to_persian_digits
from khooshe.proposals import permissions as perms
from khooshe.proposals import workflow as wf
from khooshe.proposals.models import Criterion, Proposal, ProposalAnswer

#: The actions that answer a proposal.
ANSWERED = frozenset({wf.APPROVE, wf.REJECT, wf.RETURN, wf.REJECT_SCREENING})


def deny(message: str | None = None) -> PermissionDenied:
    return PermissionDenied(message or _("شما اجازه این کار را ندارید."))


def clean_cost_lines(lines, *, approved_budget: int) -> list[dict]:
    """``[{"title", "amount"}, …]`` with text cleaned and amounts parsed (any digits); they
    must add up to the approved budget. None or [] gives one line for the whole budget."""
    if not lines:
        return [{"title": _("کل بودجه مصوب"), "amount": int(approved_budget)}]
    if not isinstance(lines, list | tuple):
        raise ValidationError(
            {"cost_lines": [_("ردیف‌های هزینه باید فهرستی از عنوان و مبلغ باشد.")]}
        )
    cleaned = []
    for line in lines:
        if not isinstance(line, Mapping):
            raise ValidationError(
                {"cost_lines": [_("هر ردیف هزینه باید عنوان و مبلغ داشته باشد.")]}
            )
        title = clean_text(str(line.get("title") or ""))[:200]
        try:
            amount = parse_amount(line.get("amount") if line.get("amount") is not None else "")
        except ValidationError:
            amount = 0
        if not title or amount <= 0 or amount >= 10**18:
            raise ValidationError(
                {"cost_lines": [_("هر ردیف هزینه باید عنوان و مبلغی مثبت داشته باشد.")]}
            )
        cleaned.append({"title": title, "amount": amount})
    total = sum(line["amount"] for line in cleaned)
    if total != int(approved_budget):
        raise ValidationError(
            {
                "cost_lines": [
                    _(
                        "جمع ردیف‌های هزینه (%(total)s) با بودجه مصوب (%(budget)s) برابر نیست؛ "
                        "اختلاف: %(gap)s."
                    )
                    % {
                        "total": format_rial(total),
                        "budget": format_rial(int(approved_budget)),
                        "gap": format_rial(abs(int(approved_budget) - total)),
                    }
                ]
            }
        )
    return cleaned


def clean_execution_months(value, proposal: Proposal) -> int:
    if value in (None, ""):
        return proposal.duration_months
    try:
        months = int(value)
    except (TypeError, ValueError):
        months = 0
    if not 1 <= months <= 120:
        raise ValidationError({"execution_months": [_("مدت اجرا باید بین ۱ و ۱۲۰ ماه باشد.")]})
    return months


def clean_failed_criteria(values: Iterable, proposal: Proposal) -> list[Criterion]:
    """The active criteria of the proposal's province a rejection names; at least one when
    the province has a rubric."""
    ids = set()
    for value in values or ():
        try:
            ids.add(int(getattr(value, "pk", value)))
        except (TypeError, ValueError):
            raise ValidationError({"failed_criteria": [_("معیار ناشناخته.")]}) from None
    rubric = {c.pk: c for c in Criterion.objects.filter(province_id=proposal.province_id)}
    unknown = ids - set(rubric)
    if unknown:
        raise ValidationError({"failed_criteria": [_("معیار ناشناخته یا از استان دیگر.")]})
    if not ids and any(c.is_active for c in rubric.values()):
        raise ValidationError(
            {"failed_criteria": [_("برای رد طرح، معیارهایی را که طرح در آن‌ها رد شد نام ببرید.")]}
        )
    return [rubric[pk] for pk in sorted(ids)]


def answer_record(
    *,
    actor,
    proposal: Proposal,
    action: str,
    reasons: str,
    cost_lines: list[dict] | None = None,
    execution_months: int | None = None,
    failed_criteria: Iterable[Criterion] = (),
    override_reason: str = "",
    sheet_count: int = 0,
) -> ProposalAnswer:
    """The answer of the decision just made (called inside the transition's transaction)."""
    answer = ProposalAnswer(
        proposal=proposal,
        action=action,
        state=proposal.state,
        reasons=reasons,
        approved_budget=proposal.approved_budget if action == wf.APPROVE else None,
        cost_lines=cost_lines or [],
        execution_months=execution_months,
        override_reason=override_reason,
        sheet_count=sheet_count,
        decided_by=actor,
    )
    stamp(answer, actor=actor, reason=_("پاسخ طرح"))
    answer.save()
    if failed_criteria:
        answer.failed_criteria.set(list(failed_criteria))
    return answer


@transaction.atomic
def answer_publish(
    *, actor, answer: ProposalAnswer, publish: bool = True, show_estimate: bool = False
) -> ProposalAnswer:
    """Publish (or withdraw) an answer on the public page; ``show_estimate`` adds the
    proposal's estimated budget to it."""
    if not perms.can_publish_answer(actor, answer):
        raise deny()
    answer = ProposalAnswer.objects.select_for_update().get(pk=answer.pk)
    answer.is_published = bool(publish)
    answer.show_estimate = bool(publish and show_estimate)
    answer.published_at = timezone.now() if publish else None
    answer.published_by = actor if publish else None
    stamp(answer, actor=actor, reason=_("انتشار پاسخ") if publish else _("پس گرفتن پاسخ از انتشار"))
    answer.save()
    return answer


def cost_lines_text(lines: list[dict]) -> str:
    """The lines as «عنوان: مبلغ» per line (the page's textarea)."""
    return "\n".join(f"{line['title']}: {to_persian_digits(str(line['amount']))}" for line in lines)
