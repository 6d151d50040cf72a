"""Who may do what with programs, applications and loans — predicates built only on
:mod:`khooshe.accounts.permissions`."""

from __future__ import annotations

from khooshe.accounts.models import Role
from khooshe.accounts.permissions import (
    acts_in_province,
    has_role,
    is_admin,
    organization_ids_for,
    province_ids_for,
    represents_organization,
)

GOVERNORATE = (Role.GOVERNORATE_STAFF,)
GUILD = (Role.GUILD_STAFF,)
FUND = (Role.FUND_OFFICER,)


def is_fund_officer_of(user, fund_id) -> bool:
    return bool(fund_id) and fund_id in organization_ids_for(user, FUND)


def can_manage_program(user, program) -> bool:
    """Governorate staff define their province's programs; national staff national ones."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    if program.province_id is None:
        return has_role(user, Role.NATIONAL_STAFF)
    return acts_in_province(user, program.province_id, GOVERNORATE)


def can_create_program(user, province) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if province is None:
        return is_admin(user) or has_role(user, Role.NATIONAL_STAFF)
    return acts_in_province(user, province, GOVERNORATE)


def can_view_program(user, program) -> bool:
    return program.is_published or can_manage_program(user, program)


def is_applicant(user, application) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if application.applicant_id == user.pk:
        return True
    return application.organization_id is not None and represents_organization(
        user, application.organization_id
    )


def is_staff_for(user, application, roles=GOVERNORATE + GUILD) -> bool:
    return acts_in_province(user, application.province_id, roles)


def can_view_application(user, application) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_applicant(user, application):
        return True
    if application.state == "draft":  # the applicant's work in progress
        return False
    return is_staff_for(user, application) or is_fund_officer_of(user, application.program.fund_id)


def can_edit_application(user, application) -> bool:
    from khooshe.loans.models import Application

    return is_applicant(user, application) and application.state in (
        Application.State.DRAFT,
        Application.State.RETURNED,
    )


def can_screen(user, application) -> bool:
    roles = GUILD if application.program.screening == "guild" else GOVERNORATE
    return is_staff_for(user, application, roles)


def can_decide(user, application) -> bool:
    return is_staff_for(user, application, GOVERNORATE)


def can_return(user, application) -> bool:
    return can_decide(user, application) or can_screen(user, application)


def can_operate_loan(user, application) -> bool:
    """Fund officers of the program's fund sign, disburse and record repayments."""
    return is_admin(user) or is_fund_officer_of(user, application.program.fund_id)


def can_report_jobs(user, application) -> bool:
    return is_applicant(user, application) or can_decide(user, application)


ACTION_PERMISSIONS = {
    "submit": is_applicant,
    "review": can_screen,
    "approve": can_decide,
    "reject": can_decide,
    "return": can_return,
    "sign": can_operate_loan,
    "disburse": can_operate_loan,
    "repay": can_operate_loan,
    "default": can_operate_loan,
    "settle": can_operate_loan,
}


def can_act(user, application, action: str) -> bool:
    predicate = ACTION_PERMISSIONS.get(action)
    return bool(predicate and predicate(user, application))


def staff_province_ids(user):
    """Provinces where ``user`` is guild or governorate staff (None = all)."""
    return province_ids_for(user, GOVERNORATE + GUILD)


def can_manage_packages(user, program) -> bool:
    return can_manage_program(user, program)
