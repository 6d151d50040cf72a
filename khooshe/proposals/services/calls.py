"""Calls for proposals (فراخوان): open, edit and extend a call, and the two rules it sets on
its proposals — submission only while the call is open (drafts stay after it closes), and
approval only within the call's credit envelope and its ceiling per proposal."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.core.concurrency import save_versioned
from khooshe.history.services import stamp
from khooshe.persian.jalali import format_jalali, is_english_active
from khooshe.persian.money import format_rial
from khooshe.persian.text import clean_text
from khooshe.proposals import permissions as perms
from khooshe.proposals.models import Call, CallExtension, Proposal
from khooshe.proposals.models import ProposalState as S

#: Fields a person sets on a call (the closing date moves by extension once the call opened).
CALL_FIELDS = (
    "title",
    "description",
    "opens_on",
    "closes_on",
    "envelope_rial",
    "ceiling_rial",
)
#: States whose approved budget counts against a call's envelope.
APPROVED_STATES = (S.APPROVED, S.PROJECT_CREATED)


def deny() -> PermissionDenied:
    return PermissionDenied(_("شما اجازه این کار را ندارید."))


def _digits() -> str:
    return "latin" if is_english_active() else "fa"


def _day(value: datetime.date) -> str:
    return format_jalali(value, digits=_digits())


def _rial(value: int) -> str:
    return format_rial(value, digits=_digits())


def today() -> datetime.date:
    """Tehran's day: a call closing on a date stays open for all of that day."""
    return timezone.localdate()


def approved_total(call: Call, *, exclude: Proposal | None = None) -> int:
    """The approved budgets of the call's proposals (approved or turned into projects)."""
    rows = Proposal.objects.filter(call=call, state__in=APPROVED_STATES)
    if exclude is not None and exclude.pk:
        rows = rows.exclude(pk=exclude.pk)
    return rows.aggregate(total=Sum("approved_budget"))["total"] or 0


def _validate(call: Call, *, themes: Mapping[str, Iterable] | None) -> None:
    errors: dict[str, list] = {}
    if not call.title:
        errors["title"] = [_("عنوان لازم است.")]
    if call.opens_on and call.closes_on and call.closes_on < call.opens_on:
        errors["closes_on"] = [
            _("تاریخ بسته‌شدن (%(closes)s) نمی‌تواند پیش از تاریخ گشایش (%(opens)s) باشد.")
            % {"closes": _day(call.closes_on), "opens": _day(call.opens_on)}
        ]
    if not call.envelope_rial or call.envelope_rial <= 0:
        errors["envelope_rial"] = [_("سقف اعتبار فراخوان باید بیشتر از صفر باشد.")]
    elif call.ceiling_rial is not None and call.ceiling_rial > call.envelope_rial:
        errors["ceiling_rial"] = [
            _("سقف بودجه هر طرح (%(ceiling)s) از سقف اعتبار فراخوان (%(envelope)s) بیشتر است.")
            % {"ceiling": _rial(call.ceiling_rial), "envelope": _rial(call.envelope_rial)}
        ]
    if call.ceiling_rial is not None and call.ceiling_rial <= 0:
        errors["ceiling_rial"] = [_("سقف بودجه هر طرح باید بیشتر از صفر باشد.")]
    if call.pk and call.envelope_rial:
        committed = approved_total(call)
        if committed > call.envelope_rial:
            errors["envelope_rial"] = [
                _("تاکنون %(approved)s در این فراخوان تصویب شده است؛ سقف اعتبار کمتر از آن نمی‌شود.")
                % {"approved": _rial(committed)}
            ]
    for priority in (themes or {}).get("priorities") or ():
        if priority.province_id != call.province_id:
            errors["priorities"] = [
                _("اولویت «%(title)s» از استان فراخوان نیست.") % {"title": priority.title}
            ]
            break
    if errors:
        raise ValidationError(errors)


def _set_themes(call: Call, themes: Mapping[str, Iterable] | None) -> None:
    for name in ("sectors", "capabilities", "priorities"):
        if themes and themes.get(name) is not None:
            getattr(call, name).set(list(themes[name]))


def _apply(call: Call, data: Mapping[str, Any]) -> list[str]:
    unknown = set(data) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown call fields: {sorted(unknown)}")
    for name, value in data.items():
        if name in ("title", "description"):
            value = clean_text(value or "")
        setattr(call, name, value)
    return list(data)


@transaction.atomic
def call_create(
    *, actor, province, data: Mapping[str, Any], themes: Mapping[str, Iterable] | None = None
) -> Call:
    """Open a call in ``province``; ``themes`` names its sectors, capabilities and
    priorities (of the same province)."""
    if not perms.can_manage_call(actor, getattr(province, "pk", province)):
        raise deny()
    missing = [name for name in ("opens_on", "closes_on", "envelope_rial") if not data.get(name)]
    if missing:
        raise ValidationError({name: [_("این بخش لازم است.")] for name in missing})
    call = Call(province=province, created_by=actor)
    _apply(call, data)
    _validate(call, themes=themes)
    stamp(call, actor=actor, reason=_("گشایش فراخوان"))
    call.save()
    _set_themes(call, themes)
    return call


@transaction.atomic
def call_update(
    *,
    actor,
    call: Call,
    data: Mapping[str, Any],
    themes: Mapping[str, Iterable] | None = None,
    expected_version: int | None = None,
) -> Call:
    """Edit a call; once it has opened, its closing date moves only by :func:`call_extend`
    (with a reason)."""
    if not perms.can_manage_call(actor, call):
        raise deny()
    if "closes_on" in data and data["closes_on"] != call.closes_on and call.opens_on <= today():
        raise ValidationError(
            {
                "closes_on": [
                    _("فراخوان گشوده شده است؛ تاریخ بسته‌شدن فقط با تمدید و ذکر دلیل تغییر می‌کند.")
                ]
            }
        )
    changed = _apply(call, data)
    _validate(call, themes=themes)
    stamp(call, actor=actor, reason=_("ویرایش فراخوان"))
    save_versioned(call, expected_version=expected_version, update_fields=changed or None)
    _set_themes(call, themes)
    return call


@transaction.atomic
def call_extend(
    *, actor, call: Call, closes_on: datetime.date, reason: str, expected_version=None
) -> CallExtension:
    """Move the closing date later, with a reason; the extension is logged and the call's
    history names who extended it and why."""
    if not perms.can_manage_call(actor, call):
        raise deny()
    reason = clean_text(reason or "")
    errors: dict[str, list] = {}
    if not reason:
        errors["reason"] = [_("دلیل تمدید فراخوان را بنویسید.")]
    if closes_on is None or closes_on <= call.closes_on:
        errors["closes_on"] = [
            _("تاریخ جدید باید پس از تاریخ بسته‌شدن کنونی (%(closes)s) باشد.")
            % {"closes": _day(call.closes_on)}
        ]
    if errors:
        raise ValidationError(errors)
    extension = CallExtension(
        call=call,
        previous_closes_on=call.closes_on,
        closes_on=closes_on,
        reason=reason,
        extended_by=actor,
    )
    call.closes_on = closes_on
    stamp(call, actor=actor, reason=_("تمدید فراخوان: %(reason)s") % {"reason": reason})
    save_versioned(call, expected_version=expected_version, update_fields=["closes_on"])
    stamp(extension, actor=actor, reason=reason)
    extension.save()
    return extension


# --- The call's rules on its proposals ---------------------------------------------------------


def check_call_choice(proposal: Proposal) -> None:
    """A proposal names a call of its own province (or none: the ongoing call)."""
    if proposal.call_id and proposal.call.province_id != proposal.province_id:
        raise ValidationError({"call": [_("فراخوان انتخاب‌شده در استان طرح نیست.")]})


def check_submission(proposal: Proposal) -> None:
    """A first submission into a call only while it is open; within its ceiling per
    proposal. A proposal returned for revision may be sent again after the call closed."""
    call = proposal.call
    if call is None:
        return
    day = today()
    if proposal.state == S.DRAFT:
        if day < call.opens_on:
            raise ValidationError(
                {
                    "call": [
                        _(
                            "فراخوان «%(title)s» از %(opens)s گشوده می‌شود؛ ارسال طرح پیش از آن ممکن نیست."
                        )
                        % {"title": call.title, "opens": _day(call.opens_on)}
                    ]
                }
            )
        if day > call.closes_on:
            raise ValidationError(
                {
                    "call": [
                        _(
                            "مهلت ارسال طرح در فراخوان «%(title)s» در %(closes)s به پایان رسیده "
                            "است؛ پیش‌نویس شما باقی می‌ماند."
                        )
                        % {"title": call.title, "closes": _day(call.closes_on)}
                    ]
                }
            )
    if call.ceiling_rial is not None and proposal.estimated_budget > call.ceiling_rial:
        raise ValidationError(
            {
                "estimated_budget": [
                    _(
                        "بودجه برآوردی طرح (%(budget)s) از سقف بودجه هر طرح در فراخوان "
                        "«%(title)s» (%(ceiling)s) بیشتر است."
                    )
                    % {
                        "budget": _rial(proposal.estimated_budget),
                        "title": call.title,
                        "ceiling": _rial(call.ceiling_rial),
                    }
                ]
            }
        )


def check_approval(proposal: Proposal, budget: int) -> None:
    """Approval within the call's ceiling per proposal and its envelope; the call's row is
    locked so two approvals at once cannot both spend what is left."""
    if not proposal.call_id:
        return
    call = Call.objects.select_for_update().get(pk=proposal.call_id)
    if call.ceiling_rial is not None and budget > call.ceiling_rial:
        raise ValidationError(
            {
                "approved_budget": [
                    _(
                        "بودجه مصوب (%(budget)s) از سقف بودجه هر طرح در فراخوان «%(title)s» "
                        "(%(ceiling)s) بیشتر است."
                    )
                    % {
                        "budget": _rial(budget),
                        "title": call.title,
                        "ceiling": _rial(call.ceiling_rial),
                    }
                ]
            }
        )
    committed = approved_total(call, exclude=proposal)
    left = max(call.envelope_rial - committed, 0)
    if budget > left:
        raise ValidationError(
            {
                "approved_budget": [
                    _(
                        "تصویب با بودجه %(budget)s از سقف اعتبار فراخوان «%(title)s» "
                        "(%(envelope)s) فراتر می‌رود: تاکنون %(approved)s تصویب شده و "
                        "%(left)s باقی مانده است."
                    )
                    % {
                        "budget": _rial(budget),
                        "title": call.title,
                        "envelope": _rial(call.envelope_rial),
                        "approved": _rial(committed),
                        "left": _rial(left),
                    }
                ]
            }
        )
