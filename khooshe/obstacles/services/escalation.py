"""★ Escalation into decisions: an obstacle past its deadline, or supported by enough
organizations, goes on the agenda of its province's working group (a governance
``AgendaItem`` through ``governance.services.agenda_item_add``); a resolution on that item
(``governance.services.resolution_create``) creates governance's one ``Commitment``, tracked
on the promise board. The obstacle keeps the links (``agenda_item``, ``resolution``)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khooshe.core.workflow import lock
from khooshe.governance import services as governance
from khooshe.governance.models import Body, Meeting
from khooshe.history.services import stamp
from khooshe.obstacles import permissions
from khooshe.obstacles.models import Obstacle
from khooshe.obstacles.services.obstacles import require
from khooshe.persian.text import clean_text

#: Default of ``settings.OBSTACLES_ESCALATION_SUPPORTS``: supporting organizations that make
#: an obstacle a candidate for the working group's agenda.
DEFAULT_ESCALATION_SUPPORTS = 5


def escalation_threshold() -> int:
    return int(getattr(settings, "OBSTACLES_ESCALATION_SUPPORTS", DEFAULT_ESCALATION_SUPPORTS))


def is_escalation_candidate(obstacle: Obstacle, today: datetime.date) -> bool:
    if obstacle.agenda_item_id or obstacle.state == Obstacle.State.CLOSED:
        return False
    late = obstacle.is_open and obstacle.due_on is not None and obstacle.due_on < today
    return late or obstacle.support_count >= escalation_threshold()


@transaction.atomic
def obstacle_escalate(*, actor, obstacle: Obstacle, meeting: Meeting, note: str = ""):
    """Put the obstacle on the agenda of a meeting of its province's working group."""
    require(
        permissions.can_escalate(actor, obstacle.province_id),
        _("فقط کارشناسان استان همین مانع می‌توانند آن را به کارگروه ببرند."),
    )
    lock(obstacle, "agenda_item", "state", "version")
    if obstacle.agenda_item_id:
        raise ValidationError({"meeting": _("این مانع پیش‌تر در دستور جلسه کارگروه آمده است.")})
    if obstacle.state == Obstacle.State.CLOSED:
        raise ValidationError({"meeting": _("مانع بسته‌شده به کارگروه نمی‌رود.")})
    body = meeting.body
    if body.province_id != obstacle.province_id or body.kind != Body.Kind.WORKING_GROUP:
        raise ValidationError({"meeting": _("جلسه باید از کارگروه همان استان مانع باشد.")})
    text = _("رسیدگی به مانع کسب‌وکار: %(title)s") % {"title": obstacle.title}
    note = clean_text(note)
    if note:
        text = f"{text} — {note}"
    item = governance.agenda_item_add(actor=actor, meeting=meeting, text=text)
    obstacle.agenda_item = item
    obstacle.version += 1
    stamp(obstacle, actor=actor, reason=_("در دستور جلسه کارگروه"))
    obstacle.save(update_fields=["agenda_item", "version", "updated_at"])
    return item


@transaction.atomic
def obstacle_resolve(*, actor, obstacle: Obstacle, text: str, owner, due_on, due_text: str = ""):
    """Record the working group's resolution on the obstacle's agenda item; governance
    creates its commitment for ``owner`` due ``due_on``."""
    require(permissions.can_escalate(actor, obstacle.province_id))
    lock(obstacle, "agenda_item", "resolution", "version")
    if obstacle.agenda_item_id is None:
        raise ValidationError({"text": _("مانع هنوز در دستور جلسه کارگروه نیامده است.")})
    if obstacle.resolution_id:
        raise ValidationError({"text": _("برای این مانع پیش‌تر مصوبه ثبت شده است.")})
    if owner is None:
        raise ValidationError({"owner": _("دستگاه مسئول اجرای مصوبه را انتخاب کنید.")})
    if not clean_text(text):
        raise ValidationError({"text": _("متن مصوبه را بنویسید.")})
    if not due_on and not due_text:
        raise ValidationError({"due_on": _("موعد اجرای مصوبه را بنویسید.")})
    resolution = governance.resolution_create(
        actor=actor,
        meeting=obstacle.agenda_item.meeting,
        text=text,
        owner=owner,
        due_on=due_on,
        due_text=due_text,
        commitment_title=_("رفع مانع: %(title)s") % {"title": obstacle.title[:250]},
    )
    obstacle.resolution = resolution
    obstacle.version += 1
    stamp(obstacle, actor=actor, reason=_("مصوبه کارگروه"))
    obstacle.save(update_fields=["resolution", "version", "updated_at"])
    return resolution
