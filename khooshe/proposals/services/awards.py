"""The award: when a project is made from an approved proposal, governorate staff record who
implements it (an organization or a person, from the proposal's shortlist or anywhere in the
registry), the contract's date and amount and the procurement method."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khooshe.core.concurrency import save_versioned
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.governance.models import Project
from khooshe.history.services import stamp
from khooshe.persian.money import format_rial
from khooshe.proposals import permissions as perms
from khooshe.proposals.models import Award, ProcurementMethod, Proposal, ProposalState, Shortlist


@transaction.atomic
def award_record(
    *,
    actor,
    proposal: Proposal,
    organization=None,
    person=None,
    contract_date: datetime.date,
    contract_amount: int,
    procurement_method: str,
    expected_version: int | None = None,
) -> Award:
    """Record (or correct) the award of the project made from ``proposal``."""
    if not perms.can_decide(actor, proposal):
        raise PermissionDenied(_("ثبت مجری فقط با کارشناسان استانداری استان طرح است."))
    if proposal.state != ProposalState.PROJECT_CREATED:
        raise TransitionNotAllowed(
            _("مجری پس از تبدیل طرح به پروژه ثبت می‌شود؛ وضعیت طرح «%(state)s» است.")
            % {"state": proposal.get_state_display()}
        )
    project = Project.objects.filter(source_proposal=proposal).first()
    if project is None:
        raise TransitionNotAllowed(_("پروژه‌ای از این طرح ساخته نشده است."))
    errors: dict[str, list] = {}
    if (organization is None) == (person is None):
        errors["organization"] = [_("یک سازمان یا یک فرد را به‌عنوان مجری انتخاب کنید.")]
    if contract_date is None:
        errors["contract_date"] = [_("تاریخ قرارداد را وارد کنید.")]
    try:
        amount = int(contract_amount)
    except (TypeError, ValueError):
        amount = 0
    if amount <= 0:
        errors["contract_amount"] = [_("مبلغ قرارداد را وارد کنید.")]
    elif proposal.approved_budget and amount > proposal.approved_budget:
        errors["contract_amount"] = [
            _("مبلغ قرارداد (%(amount)s) از بودجه مصوب (%(budget)s) بیشتر است.")
            % {"amount": format_rial(amount), "budget": format_rial(proposal.approved_budget)}
        ]
    if procurement_method not in ProcurementMethod.values:
        errors["procurement_method"] = [_("روش واگذاری را انتخاب کنید.")]
    if errors:
        raise ValidationError(errors)
    lookup = {"organization": organization} if organization else {"person": person}
    from_shortlist = Shortlist.objects.filter(proposal=proposal, **lookup).exists()
    award = Award.objects.select_for_update().filter(project=project).first()
    created = award is None
    if created:
        award = Award(project=project, proposal=proposal)
    award.implementer_organization = organization
    award.implementer_person = person
    award.from_shortlist = from_shortlist
    award.contract_date = contract_date
    award.contract_amount = amount
    award.procurement_method = procurement_method
    award.recorded_by = actor
    stamp(award, actor=actor, reason=_("ثبت مجری") if created else _("اصلاح واگذاری"))
    if created:
        award.save()
    else:
        save_versioned(award, expected_version=expected_version)
    return award
