"""The proposals' sections of the desk (کارتابل); each costs one or two queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from khooshe.accounts.permissions import province_ids_for
from khooshe.proposals import permissions as perms
from khooshe.proposals.models import Dossier, ProposalState
from khooshe.proposals.selectors import proposals as selectors

LIMIT = 5


def _items(queryset, detail):
    from khooshe.core.desk import DeskItem

    return [
        DeskItem(title=p.title, url=reverse("proposals:detail", args=[p.pk]), detail=detail(p))
        for p in queryset[:LIMIT]
    ]


def returned_proposals(user):
    from khooshe.core.desk import DeskSection

    queryset = selectors.own_proposals(user=user).filter(state=ProposalState.RETURNED)
    count = queryset.count()
    if not count:
        return None
    return DeskSection(
        key="proposals.returned",
        title=_("طرح‌های بازگشته برای اصلاح"),
        count=count,
        items=_items(queryset, lambda p: p.decision_note[:120]),
        url=reverse("proposals:mine") + "?state=returned",
    )


def screening_queue(user):
    from khooshe.core.desk import DeskSection

    provinces = province_ids_for(user, roles=perms.GUILD)
    if provinces is not None and not provinces:
        return None
    queryset = selectors.proposal_list(user=user).filter(
        state__in=(ProposalState.SUBMITTED, ProposalState.SCREENING)
    )
    if provinces is not None:
        queryset = queryset.filter(province_id__in=provinces)
    count = queryset.count()
    if not count:
        return None
    return DeskSection(
        key="proposals.screening",
        title=_("صف بررسی اولیه طرح‌ها"),
        count=count,
        items=_items(queryset, lambda p: p.get_state_display()),
        url=reverse("proposals:screening"),
    )


def scoring_queue(user):
    from khooshe.core.desk import DeskSection

    provinces = province_ids_for(user, roles=perms.SCORERS)
    if provinces is not None and not provinces:
        return None
    queryset = selectors.proposals_to_score(user=user)
    count = queryset.count()
    if not count:
        return None
    return DeskSection(
        key="proposals.to_score",
        title=_("طرح‌های منتظر امتیاز شما"),
        count=count,
        items=_items(queryset, lambda p: p.county.name),
        url=reverse("proposals:board"),
    )


def forwarded_dossiers(user):
    from khooshe.core.desk import DeskItem, DeskSection

    provinces = province_ids_for(user, roles=perms.GOVERNORATE)
    if provinces is not None and not provinces:
        return None
    queryset = Dossier.objects.filter(
        state=Dossier.State.FORWARDED,
        proposals__state__in=(ProposalState.FORWARDED, ProposalState.UNDER_EVALUATION),
    ).distinct()
    if provinces is not None:
        queryset = queryset.filter(province_id__in=provinces)
    dossiers = list(queryset[:LIMIT])
    if not dossiers:
        return None
    return DeskSection(
        key="proposals.forwarded_dossiers",
        title=_("پرونده‌های رسیده از نظام صنفی"),
        count=queryset.count() if len(dossiers) == LIMIT else len(dossiers),
        items=[
            DeskItem(title=str(d), url=reverse("proposals:dossier_detail", args=[d.pk]), detail="")
            for d in dossiers
        ],
        url=reverse("proposals:board"),
    )
