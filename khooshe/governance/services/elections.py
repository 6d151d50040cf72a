"""Guild board elections."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khooshe.governance import permissions
from khooshe.governance.models import Candidate, Election
from khooshe.governance.services._common import require
from khooshe.history.services import stamp
from khooshe.persian.text import clean_text
from khooshe.registry.models import Organization


@transaction.atomic
def election_record(
    *,
    actor,
    organization,
    term: int,
    held_on: datetime.date,
    term_ends_on: datetime.date | None = None,
    eligible_voters: int | None = None,
    votes_cast: int | None = None,
    notes: str = "",
) -> Election:
    require(permissions.can_manage_in(actor, organization.province_id))
    if organization.kind != Organization.Kind.GUILD:
        raise ValidationError({"organization": _("انتخابات هیئت‌مدیره فقط برای تشکل صنفی است.")})
    if eligible_voters is not None and votes_cast is not None and votes_cast > eligible_voters:
        raise ValidationError({"votes_cast": _("آرای مأخوذه بیش از واجدان رأی است.")})
    election = Election(
        organization=organization,
        term=term,
        held_on=held_on,
        term_ends_on=term_ends_on,
        eligible_voters=eligible_voters,
        votes_cast=votes_cast,
        notes=clean_text(notes),
    )
    stamp(election, actor=actor).save()
    return election


@transaction.atomic
def candidate_add(
    *,
    actor,
    election: Election,
    person,
    votes: int | None = None,
    elected: bool = False,
    board_role: str = "",
) -> Candidate:
    require(permissions.can_manage_in(actor, election.organization.province_id))
    if board_role and not elected:
        raise ValidationError({"board_role": _("سمت فقط برای منتخبان است.")})
    candidate = Candidate(
        election=election, person=person, votes=votes, elected=elected, board_role=board_role
    )
    stamp(candidate, actor=actor).save()
    return candidate
