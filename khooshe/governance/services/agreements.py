"""Agreements (MoUs, contracts) with ordered articles and notes; projects and milestones."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from khooshe.governance import permissions
from khooshe.governance.models import Agreement, AgreementClause, Commitment, Project
from khooshe.governance.services._common import require, with_actor
from khooshe.governance.services.commitments import commitment_create
from khooshe.persian.text import clean_text


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
    with_actor(agreement, actor).save()
    agreement.parties.set(parties)
    return agreement


@transaction.atomic
def agreement_sign(*, actor, agreement: Agreement, signed_on: datetime.date) -> Agreement:
    from khooshe.core.concurrency import save_versioned

    require(permissions.can_manage_in(actor, agreement.province_id))
    if agreement.state == Agreement.State.SIGNED:
        raise ValidationError(_("این سند پیش‌تر امضا شده است."))
    agreement.state = Agreement.State.SIGNED
    agreement.signed_on = signed_on
    with_actor(agreement, actor)
    save_versioned(agreement, expected_version=None, update_fields=["state", "signed_on"])
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
    with_actor(clause, actor).save()
    return clause


@transaction.atomic
def project_create(
    *,
    actor,
    title: str,
    owner,
    province=None,
    kind: str = Project.Kind.INFRASTRUCTURE,
    budget_rial: int | None = None,
    agreement: Agreement | None = None,
    description: str = "",
    is_public: bool = True,
    source_proposal_id: int | None = None,
) -> Project:
    province = province or getattr(owner, "province", None)
    require(permissions.can_manage_in(actor, province))
    if budget_rial is not None and budget_rial < 0:
        raise ValidationError({"budget_rial": _("بودجه نمی‌تواند منفی باشد.")})
    project = Project(
        title=clean_text(title),
        owner=owner,
        province=province,
        kind=kind,
        budget_rial=budget_rial,
        agreement=agreement,
        description=clean_text(description),
        is_public=is_public,
        source_proposal_id=source_proposal_id,
    )
    with_actor(project, actor).save()
    return project


@transaction.atomic
def milestone_add(
    *,
    actor,
    project: Project,
    title: str,
    weight: int = 1,
    due_on=None,
    due_text: str = "",
    owner=None,
) -> Commitment:
    require(permissions.can_manage_in(actor, project.province_id))
    if weight < 1:
        raise ValidationError({"weight": _("وزن مرحله باید دست‌کم ۱ باشد.")})
    if owner is None and project.owner is None:
        raise ValidationError({"owner": _("سازمان مسئول مرحله را انتخاب کنید.")})
    return commitment_create(
        actor=actor,
        title=title,
        owner=owner or project.owner,
        source_type=Commitment.SourceType.MILESTONE,
        project=project,
        weight=weight,
        due_on=due_on,
        due_text=due_text,
        province=project.province,
        is_public=project.is_public,
        check_permission=False,
    )


_PROPOSAL_OWNER_ATTRIBUTES = (
    "owner",
    "beneficiary_agency",
    "beneficiary",
    "organization",
    "applicant_organization",
    "submitter_organization",
)
_PROPOSAL_BUDGET_ATTRIBUTES = (
    "approved_budget_rial",
    "approved_budget",
    "budget_rial",
    "estimated_budget",
    "budget",
)


def project_create_from_proposal(*, actor, proposal) -> Project:
    """The project of an approved proposal (idempotent: the same proposal gives the same
    project). The proposal is read defensively (its app is built in parallel): title,
    province through its county, the approved budget and an owner organization. The link is
    ``Project.source_proposal_id`` (a plain id, no migration dependency on proposals).
    A proposal that names no organization (a person's) gives a project without an owner,
    which staff assign before adding milestones — approving it is never blocked here."""
    existing = Project.objects.filter(source_proposal_id=proposal.pk).first()
    if existing is not None:
        return existing
    owner = next(
        (
            value
            for value in (getattr(proposal, name, None) for name in _PROPOSAL_OWNER_ATTRIBUTES)
            if value is not None and hasattr(value, "province_id")
        ),
        None,
    )
    county = getattr(proposal, "county", None)
    province = getattr(county, "province", None) or getattr(proposal, "province", None)
    budget = next(
        (
            value
            for value in (getattr(proposal, name, None) for name in _PROPOSAL_BUDGET_ATTRIBUTES)
            if isinstance(value, int)
        ),
        None,
    )
    return project_create(
        actor=actor,
        title=getattr(proposal, "title", "") or str(proposal),
        owner=owner,
        province=province,
        kind=Project.Kind.PROPOSAL,
        budget_rial=budget,
        description=getattr(proposal, "summary", "") or getattr(proposal, "problem", "") or "",
        source_proposal_id=proposal.pk,
    )
