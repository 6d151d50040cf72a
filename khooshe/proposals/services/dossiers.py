"""Dossier use cases: the guild bundles accepted proposals into a numbered dossier and
forwards it as a whole to the governorate. A proposal enters or leaves a dossier by its own
machine's ``add_to_dossier`` / ``remove_from_dossier``; the dossier moves by its own
(:data:`khooshe.proposals.workflow.dossier_machine`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.models import Role
from khooshe.accounts.selectors import users_acting_in
from khooshe.core.concurrency import save_versioned
from khooshe.core.notifications import lazy_format
from khooshe.core.workflow import TransitionNotAllowed, apply_transition, lock
from khooshe.history.services import stamp
from khooshe.persian.jalali import jalali_year_of
from khooshe.persian.text import clean_text
from khooshe.proposals import permissions as perms
from khooshe.proposals import workflow as wf
from khooshe.proposals.models import Dossier, Proposal
from khooshe.proposals.services.proposals import deny, move


def _next_number(province, year: int) -> int:
    current = (
        Dossier.objects.select_for_update()
        .filter(province=province, year=year)
        .aggregate(top=Max("number"))["top"]
    )
    return (current or 0) + 1


@transaction.atomic
def dossier_create(
    *, actor, province, title: str, cover_letter: str = "", proposals: Iterable[Proposal] = ()
) -> Dossier:
    """A new open dossier numbered per province and Jalali year, with ``proposals`` in it."""
    if not perms.can_manage_dossier(actor, getattr(province, "pk", province)):
        raise deny()
    title = clean_text(title)
    if not title:
        raise ValidationError({"title": [_("عنوان لازم است.")]})
    year = jalali_year_of(timezone.localdate())
    dossier = Dossier(
        province=province,
        year=year,
        number=_next_number(province, year),
        title=title,
        cover_letter=clean_text(cover_letter),
        created_by=actor,
    )
    stamp(dossier, actor=actor, reason=_("تشکیل پرونده"))
    dossier.save()
    for proposal in proposals:
        dossier_add(actor=actor, dossier=dossier, proposal=proposal)
    return dossier


def _check_open(dossier: Dossier) -> None:
    if dossier.state != Dossier.State.OPEN:
        raise TransitionNotAllowed(_("این پرونده ارسال شده است و تغییر نمی‌کند."))


def _lock_open(dossier: Dossier) -> None:
    """Hold the dossier's row, so a forward waits for this change, and refuse a forwarded one."""
    lock(dossier, "state", "version")
    _check_open(dossier)


@transaction.atomic
def dossier_add(*, actor, dossier: Dossier, proposal: Proposal) -> Proposal:
    if not perms.can_manage_dossier(actor, dossier):
        raise deny()
    _lock_open(dossier)

    def prepare(proposal: Proposal) -> list[str]:
        if proposal.province_id != dossier.province_id:
            raise ValidationError({"proposals": [_("طرح از استان دیگری است.")]})
        proposal.dossier = dossier
        return ["dossier"]

    move(
        proposal,
        actor=actor,
        action=wf.ADD_TO_DOSSIER,
        note=_("پرونده %(code)s") % {"code": dossier.code},
        prepare=prepare,
    )
    return proposal


@transaction.atomic
def dossier_remove(*, actor, dossier: Dossier, proposal: Proposal) -> Proposal:
    if not perms.can_manage_dossier(actor, dossier):
        raise deny()
    _lock_open(dossier)

    def prepare(proposal: Proposal) -> list[str]:
        proposal.refresh_from_db(fields=["dossier"])  # the row is locked: this is current
        if proposal.dossier_id != dossier.pk:
            raise ValidationError({"proposal": [_("این طرح در این پرونده نیست.")]})
        proposal.dossier = None
        return ["dossier"]

    move(proposal, actor=actor, action=wf.REMOVE_FROM_DOSSIER, prepare=prepare)
    return proposal


@transaction.atomic
def dossier_update(
    *, actor, dossier: Dossier, title: str, cover_letter: str, expected_version=None
) -> Dossier:
    if not perms.can_manage_dossier(actor, dossier):
        raise deny()
    _check_open(dossier)
    dossier.title = clean_text(title)
    dossier.cover_letter = clean_text(cover_letter)
    stamp(dossier, actor=actor, reason=_("ویرایش پرونده"))
    save_versioned(
        dossier, expected_version=expected_version, update_fields=["title", "cover_letter"]
    )
    return dossier


_ARRIVED = gettext_lazy("پرونده طرح‌های جدید از نظام صنفی رسید: %(dossier)s")


@transaction.atomic
def dossier_forward(*, actor, dossier: Dossier, note: str = "") -> Dossier:
    """Forward the dossier with all its proposals to the governorate, whose staff in the
    province hear of it."""
    if not perms.can_manage_dossier(actor, dossier):
        raise deny()
    note = clean_text(note)

    def prepare(dossier: Dossier) -> list[str]:
        proposals = list(dossier.proposals.order_by("pk"))
        if not proposals:
            raise TransitionNotAllowed(_("پرونده خالی را نمی‌توان ارسال کرد."))
        for proposal in proposals:
            move(proposal, actor=actor, action=wf.FORWARD, note=note)
        dossier.forwarded_at = timezone.now()
        dossier.forwarded_by = actor
        return ["forwarded_at", "forwarded_by"]

    apply_transition(
        dossier,
        machine=wf.dossier_machine,
        action=wf.FORWARD,
        actor=actor,
        note=note,
        prepare=prepare,
        recipients=users_acting_in(dossier.province_id, [Role.GOVERNORATE_STAFF]),
        notice=lazy_format(_ARRIVED, dossier=dossier),
    )
    return dossier
