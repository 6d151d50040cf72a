"""The loans sections of the desk (کارتابل): applications waiting for this user's step, and
for a fund's officers the installments past due."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.models import Role
from khooshe.accounts.permissions import grants_of, organization_ids_for, province_ids_for
from khooshe.core.desk import DeskItem, register
from khooshe.loans.aging import bucket_of
from khooshe.loans.models import Application, Bucket, Installment
from khooshe.persian.jalali import is_english_active
from khooshe.persian.money import format_number


def _n(value: int) -> str:
    """A count in the page's digits (the desk renders items as plain text)."""
    return format_number(value, digits="latin" if is_english_active() else "fa")


S = Application.State


def _item(application: Application, detail: str = "", due_on=None, overdue=False) -> DeskItem:
    return DeskItem(
        title=f"{application.program.name} — {application.applicant_name}",
        url=reverse("loans:application_detail", args=[application.pk]),
        detail=detail or str(application.get_state_display()),
        due_on=due_on,
        overdue=overdue,
    )


def applications_waiting(user):
    grants = grants_of(user)
    roles = grants.roles()
    query = Q()
    if Role.ACTOR in roles or not roles:
        query |= Q(applicant=user, state__in=[S.DRAFT, S.RETURNED])
        orgs = organization_ids_for(user)
        if orgs:
            query |= Q(organization_id__in=orgs, state=S.RETURNED)
    guild = province_ids_for(user, (Role.GUILD_STAFF,))
    governorate = province_ids_for(user, (Role.GOVERNORATE_STAFF,))
    if Role.NATIONAL_STAFF in grants.nationwide and not grants.is_admin:
        query |= Q(state=S.UNDER_REVIEW, program__province__isnull=True)
    if guild is not None and governorate is not None:
        if guild:
            query |= Q(state=S.SUBMITTED, province_id__in=guild, program__screening="guild")
        if governorate:
            query |= Q(
                state=S.SUBMITTED, province_id__in=governorate, program__screening="governorate"
            )
            query |= Q(state=S.UNDER_REVIEW, province_id__in=governorate)
    funds = organization_ids_for(user, (Role.FUND_OFFICER,))
    if funds:
        query |= Q(program__fund_id__in=funds, state__in=[S.APPROVED, S.CONTRACT_SIGNED])
    if not query:
        return None
    return (
        Application.objects.filter(query)
        .select_related("program", "organization", "person")
        .order_by("updated_at", "id")
    )


def installments_overdue(user):
    funds = organization_ids_for(user, (Role.FUND_OFFICER,))
    if not funds:
        return None
    return (
        Installment.objects.filter(
            application__program__fund_id__in=funds,
            paid_on__isnull=True,
            due_on__lt=timezone.localdate(),
            is_active=True,
            disbursement__is_reversed=False,
        )
        .select_related("application__program", "application__organization", "application__person")
        .order_by("due_on", "id")
    )


def installment_item(installment: Installment) -> DeskItem:
    """An overdue installment; the section lists the oldest due first, so the loans in the
    worst bucket (:mod:`khooshe.loans.aging`) come first, and each item names its bucket."""
    today = timezone.localdate()
    days = installment.days_late(today)
    return DeskItem(
        title=f"{installment.application.applicant_name} — {_('قسط')} {_n(installment.number)}",
        url=reverse("loans:loan_statement", args=[installment.application_id]),
        detail=_("%(days)s روز تأخیر") % {"days": _n(days)} + f" ({Bucket(bucket_of(days)).label})",
        due_on=installment.due_on,
        overdue=True,
    )


def register_sections() -> None:
    register(
        "loans.applications",
        title=gettext_lazy("برنامه‌های حمایتی و وام"),
        pending=applications_waiting,
        item=_item,
        url=lambda: reverse("loans:application_list"),
    )
    register(
        "loans.overdue",
        title=gettext_lazy("اقساط سررسیدگذشته"),
        pending=installments_overdue,
        item=installment_item,
        url=lambda: reverse("loans:fund_desk"),
    )
