"""The proposals' sections of the desk (کارتابل): proposals returned to their submitter, the
guild's screening queue, proposals waiting for the viewer's score, dossiers forwarded to the
governorate."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.permissions import province_ids_for
from khooshe.core.desk import DeskItem, register
from khooshe.proposals import permissions as perms
from khooshe.proposals import selectors
from khooshe.proposals.models import Dossier, ProposalState
from khooshe.proposals.selectors.cosubmitters import pending_co_submissions
from khooshe.proposals.selectors.evaluation import assignments_due


def _proposal_item(detail):
    def item(proposal) -> DeskItem:
        return DeskItem(
            title=proposal.title,
            url=reverse("proposals:detail", args=[proposal.pk]),
            detail=str(detail(proposal)),
        )

    return item


def _provinces(viewer, roles):
    """The provinces ``viewer`` acts in with ``roles`` (None: all); False when none."""
    provinces = province_ids_for(viewer, roles=roles)
    return False if provinces is not None and not provinces else provinces


def returned_proposals(viewer):
    return selectors.own_proposals(viewer=viewer).filter(state=ProposalState.RETURNED)


def screening_queue(viewer):
    provinces = _provinces(viewer, perms.GUILD)
    if provinces is False:
        return None
    queryset = selectors.proposal_list(viewer=viewer).filter(
        state__in=(ProposalState.SUBMITTED, ProposalState.SCREENING)
    )
    return queryset if provinces is None else queryset.filter(province_id__in=provinces)


def scoring_queue(viewer):
    """What the viewer was assigned to score and has not scored, soonest due first."""
    if _provinces(viewer, perms.SCORERS) is False:
        return None
    return assignments_due(viewer=viewer)


def assignment_item(assignment) -> DeskItem:
    proposal = assignment.proposal
    return DeskItem(
        title=proposal.title,
        url=reverse("proposals:detail", args=[proposal.pk]),
        detail=proposal.county.name,
        due_on=assignment.due_on,
        overdue=assignment.due_on < timezone.localdate(),
    )


def forwarded_dossiers(viewer):
    provinces = _provinces(viewer, perms.GOVERNORATE)
    if provinces is False:
        return None
    queryset = Dossier.objects.filter(
        pk__in=Dossier.objects.filter(
            state=Dossier.State.FORWARDED,
            proposals__state__in=(ProposalState.FORWARDED, ProposalState.UNDER_EVALUATION),
        ).values("pk")
    )
    return queryset if provinces is None else queryset.filter(province_id__in=provinces)


def co_submission_item(row) -> DeskItem:
    return DeskItem(
        title=row.proposal.title,
        url=reverse("proposals:detail", args=[row.proposal_id]) + "#co-submitters",
        detail=f"{row.party} — {row.role}",
    )


def dossier_item(dossier) -> DeskItem:
    return DeskItem(title=str(dossier), url=reverse("proposals:dossier_detail", args=[dossier.pk]))


def register_sections() -> None:
    register(
        "proposals.returned",
        title=_("طرح‌های بازگشته برای اصلاح"),
        pending=returned_proposals,
        item=_proposal_item(lambda p: p.decision_note[:120]),
        url=lambda: reverse("proposals:mine") + "?state=returned",
    )
    register(
        "proposals.co_submissions",
        title=_("طرح‌های منتظر تأیید همکاری شما"),
        pending=pending_co_submissions,
        item=co_submission_item,
        url=lambda: reverse("proposals:mine"),
    )
    register(
        "proposals.screening",
        title=_("صف بررسی اولیه طرح‌ها"),
        pending=screening_queue,
        item=_proposal_item(lambda p: p.get_state_display()),
        url=lambda: reverse("proposals:screening"),
    )
    register(
        "proposals.to_score",
        title=_("طرح‌های منتظر امتیاز شما"),
        pending=scoring_queue,
        item=assignment_item,
        url=lambda: reverse("proposals:board"),
    )
    register(
        "proposals.forwarded_dossiers",
        title=_("پرونده‌های رسیده از نظام صنفی"),
        pending=forwarded_dossiers,
        item=dossier_item,
        url=lambda: reverse("proposals:board"),
    )
