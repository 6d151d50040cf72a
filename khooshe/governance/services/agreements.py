"""Agreements (MoUs, contracts) with ordered articles and notes, and their signing.

An agreement is recorded to be signed, or already signed (with its date); signing is the
one transition (:data:`AGREEMENT_MACHINE`), applied with
:func:`khooshe.core.workflow.apply_transition`, so an agreement is never signed twice."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.core.workflow import StateMachine, Transition, apply_transition
from khooshe.governance import permissions
from khooshe.governance.models import Agreement, AgreementClause
from khooshe.governance.services._common import require
from khooshe.history.services import stamp
from khooshe.persian.text import clean_text

SIGN = "sign"
AGREEMENT_MACHINE = StateMachine(
    [
        Transition(
            SIGN,
            frozenset({Agreement.State.TO_BE_SIGNED}),
            Agreement.State.SIGNED,
            label=gettext_lazy("امضا"),
        )
    ],
    dict(Agreement.State.choices),
)


@transaction.atomic
def agreement_create(
    *,
    actor,
    title: str,
    parties,
    province=None,
    kind: str = Agreement.Kind.MOU,
    state: str = Agreement.State.TO_BE_SIGNED,
    signed_on: datetime.date | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    subject: str = "",
    is_public: bool = True,
) -> Agreement:
    require(permissions.can_manage_in(actor, province))
    if state == Agreement.State.SIGNED and signed_on is None:
        raise ValidationError({"signed_on": _("تاریخ امضای سند امضاشده را بنویسید.")})
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": _("پایان اعتبار پیش از آغاز آن است.")})
    parties = list(parties)
    if len(parties) < 2:
        raise ValidationError({"parties": _("سند دست‌کم دو طرف دارد.")})
    agreement = Agreement(
        title=clean_text(title),
        kind=kind,
        province=province,
        state=state,
        signed_on=signed_on,
        valid_from=valid_from,
        valid_until=valid_until,
        subject=clean_text(subject),
        is_public=is_public,
    )
    stamp(agreement, actor=actor).save()
    agreement.parties.set(parties)
    return agreement


@transaction.atomic
def agreement_sign(*, actor, agreement: Agreement, signed_on: datetime.date) -> Agreement:
    """Record the signing on ``signed_on`` (not in the future); TransitionNotAllowed (409)
    when it is signed already."""
    require(permissions.can_manage_in(actor, agreement.province_id))

    def sign(row: Agreement):
        if signed_on > timezone.localdate():
            raise ValidationError({"signed_on": _("تاریخ امضا نمی‌تواند در آینده باشد.")})
        if row.valid_until and signed_on > row.valid_until:
            raise ValidationError({"signed_on": _("تاریخ امضا پس از پایان اعتبار سند است.")})
        row.signed_on = signed_on
        return ["signed_on"]

    apply_transition(agreement, machine=AGREEMENT_MACHINE, action=SIGN, actor=actor, prepare=sign)
    return agreement


@transaction.atomic
def agreement_clause_add(
    *, actor, agreement: Agreement, kind: str, text: str, number: int | None = None
) -> AgreementClause:
    """Append an article or a note; numbers count per kind, ``position`` orders them all."""
    require(permissions.can_manage_in(actor, agreement.province_id))
    Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
    clauses = agreement.clauses.all()
    position = (clauses.aggregate(m=Max("position"))["m"] or 0) + 1
    if number is None:
        number = (clauses.filter(kind=kind).aggregate(m=Max("number"))["m"] or 0) + 1
    clause = AgreementClause(
        agreement=agreement, kind=kind, number=number, position=position, text=clean_text(text)
    )
    stamp(clause, actor=actor).save()
    return clause
