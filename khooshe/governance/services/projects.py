"""Projects (infrastructure, or an approved proposal's) and their weighted milestones.

The proposal → project contract: :func:`project_create_from_proposal` is what the proposals
app calls when staff turn an approved proposal into a project (its ``CREATE_PROJECT`` step)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khooshe.governance import permissions
from khooshe.governance.models import Agreement, Commitment, Project
from khooshe.governance.services._common import require
from khooshe.governance.services.commitments import commitment_create
from khooshe.history.services import stamp
from khooshe.persian.aliases import aliases_text
from khooshe.persian.text import clean_text
from khooshe.proposals.models import Proposal


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
    source_proposal: Proposal | None = None,
    aliases: str | list[str] = "",
) -> Project:
    province = province or getattr(owner, "province", None)
    require(permissions.can_manage_in(actor, province))
    if budget_rial is not None and budget_rial < 0:
        raise ValidationError({"budget_rial": _("بودجه نمی‌تواند منفی باشد.")})
    project = Project(
        title=clean_text(title),
        aliases=aliases_text(aliases),
        owner=owner,
        province=province,
        kind=kind,
        budget_rial=budget_rial,
        agreement=agreement,
        description=clean_text(description),
        is_public=is_public,
        source_proposal=source_proposal,
    )
    stamp(project, actor=actor).save()
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


@transaction.atomic
def project_create_from_proposal(*, actor, proposal: Proposal) -> Project:
    """The project of an approved proposal; the same proposal always gives the same project.

    Read from the proposal: its title, its problem as the description, its province, its
    approved budget, and as the responsible organization the beneficiary agency it names
    (دستگاه بهره‌بردار) or else the organization that submitted it. A person's proposal with
    no beneficiary gives a project without an owner, which staff assign before adding
    milestones — turning a proposal into a project is never blocked here."""
    existing = Project.objects.filter(source_proposal=proposal).first()
    if existing is not None:
        return existing
    return project_create(
        actor=actor,
        title=proposal.title,
        owner=proposal.beneficiary or proposal.submitter_organization,
        province=proposal.province,
        kind=Project.Kind.PROPOSAL,
        budget_rial=proposal.approved_budget,
        description=proposal.problem,
        source_proposal=proposal,
    )
