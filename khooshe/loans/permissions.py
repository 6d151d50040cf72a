"""Who may do what with programs, applications and loans — predicates built only on
:mod:`khooshe.accounts.permissions`.

Who may *see* an application or a program is one rule written as a filter
(:func:`application_visibility`, :func:`program_visibility`): the selectors filter lists by it
and :func:`can_view_application` asks it of one row, so a list and a detail page cannot
disagree.

National staff read every program and submitted application, define national programs and
screen and decide the applications to national programs; provincial programs and their
applications are the province's staff's (an admin acts on any).
"""

from __future__ import annotations

from django.db.models import Q

from khooshe.accounts.models import Role
from khooshe.accounts.permissions import (
    acts_in_province,
    has_role,
    is_admin,
    organization_ids_for,
    province_ids_for,
    province_ids_visible_to,
    represents_organization,
)
from khooshe.loans.models import Application, Program

GOVERNORATE = (Role.GOVERNORATE_STAFF,)
GUILD = (Role.GUILD_STAFF,)
FUND = (Role.FUND_OFFICER,)
NOTHING = Q(pk__in=())
#: Every row (``Q()`` would vanish when or-ed with another filter: ``Q(a) | Q()`` is ``Q(a)``).
EVERYTHING = Q(pk__isnull=False)


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False)


def is_fund_officer_of(user, fund_id) -> bool:
    return bool(fund_id) and fund_id in organization_ids_for(user, FUND)


def is_fund_officer(user) -> bool:
    return bool(organization_ids_for(user, FUND))


# --- programs ----------------------------------------------------------------------------------


def can_manage_program(user, program) -> bool:
    """Governorate staff define their province's programs; national staff national ones."""
    if not _signed_in(user):
        return False
    if is_admin(user):
        return True
    if program.province_id is None:
        return has_role(user, Role.NATIONAL_STAFF)
    return acts_in_province(user, program.province_id, GOVERNORATE)


def can_create_program(user, province) -> bool:
    if not _signed_in(user):
        return False
    if province is None:
        return is_admin(user) or has_role(user, Role.NATIONAL_STAFF)
    return acts_in_province(user, province, GOVERNORATE)


def program_provinces_for(user):
    """Provinces whose programs ``user`` defines (None = every province)."""
    return province_ids_for(user, GOVERNORATE)


def may_define_programs(user) -> bool:
    provinces = program_provinces_for(user) if _signed_in(user) else frozenset()
    return provinces is None or bool(provinces) or can_create_program(user, None)


def managed_programs(user) -> Q:
    """:func:`can_manage_program` as a filter."""
    if not _signed_in(user):
        return NOTHING
    if is_admin(user):
        return EVERYTHING
    provinces = program_provinces_for(user)
    managed = Q(province__isnull=False) if provinces is None else Q(province_id__in=provinces)
    if has_role(user, Role.NATIONAL_STAFF):
        managed |= Q(province__isnull=True)
    return managed


def reads_every_program(user) -> bool:
    """National staff and admins read every program, published or not."""
    return _signed_in(user) and province_ids_visible_to(user, GOVERNORATE) is None


def program_visibility(user) -> Q:
    """Published programs, and the unpublished ones ``user`` manages (every one for national
    staff and admins)."""
    if reads_every_program(user):
        return EVERYTHING
    return Q(is_published=True) | managed_programs(user)


def can_view_program(user, program: Program) -> bool:
    return program.is_published or reads_every_program(user) or can_manage_program(user, program)


# --- applications ------------------------------------------------------------------------------


def is_applicant(user, application) -> bool:
    if not _signed_in(user):
        return False
    if application.applicant_id == user.pk:
        return True
    return application.organization_id is not None and represents_organization(
        user, application.organization_id
    )


def application_visibility(user) -> Q:
    """Who sees which application: the applicant (the user who applied, or an actor of the
    organization) always; staff of the province and officers of the program's fund once it
    is submitted; national staff and admins every submitted one. A draft is the applicant's
    work in progress, seen by nobody else."""
    if not _signed_in(user):
        return NOTHING
    own = Q(applicant=user) | Q(organization_id__in=organization_ids_for(user))
    submitted = ~Q(state=Application.State.DRAFT)
    provinces = province_ids_visible_to(user, GOVERNORATE + GUILD)
    if provinces is None:  # national staff and admins: every province
        return own | submitted
    funds = organization_ids_for(user, FUND)
    return own | (submitted & (Q(province_id__in=provinces) | Q(program__fund_id__in=funds)))


def can_view_application(user, application: Application) -> bool:
    """:func:`application_visibility` asked of one application (one query)."""
    if not _signed_in(user):
        return False
    return Application.objects.filter(application_visibility(user), pk=application.pk).exists()


def can_edit_application(user, application) -> bool:
    return is_applicant(user, application) and application.state in (
        Application.State.DRAFT,
        Application.State.RETURNED,
    )


def is_staff_for(user, application, roles=GOVERNORATE + GUILD) -> bool:
    """Decides on ``application``: staff (``roles``) of its province; for an application to
    a national program, also national staff (who manage national programs)."""
    if application.program.is_national and has_role(user, Role.NATIONAL_STAFF):
        return True
    return acts_in_province(user, application.province_id, roles)


def can_screen(user, application) -> bool:
    roles = GUILD if application.program.screening == Program.Screening.GUILD else GOVERNORATE
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
    "reverse": can_operate_loan,
    "reschedule": can_operate_loan,
    "waive": can_operate_loan,
}


def can_act(user, application, action: str) -> bool:
    predicate = ACTION_PERMISSIONS.get(action)
    return bool(predicate and predicate(user, application))


def staff_province_ids(user):
    """Provinces where ``user`` acts as guild or governorate staff (None = all, for admins)."""
    return province_ids_for(user, GOVERNORATE + GUILD)


# --- support packages --------------------------------------------------------------------------


def can_manage_packages(user, program) -> bool:
    return can_manage_program(user, program)


def package_request_visibility(user) -> Q:
    """The requests of the programs ``user`` manages, and the user's own organizations'."""
    if not _signed_in(user):
        return NOTHING
    return (
        Q(package__program__in=Program.objects.filter(managed_programs(user)))
        | Q(applicant=user)
        | Q(organization_id__in=organization_ids_for(user))
    )


# --- documents and guarantees (cover) ----------------------------------------------------------


def cover_visibility(user) -> Q:
    """Whose documents and guarantees ``user`` sees, as a filter on applications: private to
    the applicant, the staff (guild, governorate) who decide in the application's province —
    for a national program also national staff, who decide its applications — and the
    officers of the program's fund; admins (who act everywhere) too. National staff read no
    provincial application's documents; a draft's are the applicant's only."""
    if not _signed_in(user):
        return NOTHING
    own = Q(applicant=user) | Q(organization_id__in=organization_ids_for(user))
    submitted = ~Q(state=Application.State.DRAFT)
    provinces = province_ids_for(user, GOVERNORATE + GUILD)
    if provinces is None:  # admins
        return own | submitted
    deciders = Q(province_id__in=provinces) | Q(
        program__fund_id__in=organization_ids_for(user, FUND)
    )
    if has_role(user, Role.NATIONAL_STAFF):
        deciders |= Q(program__province__isnull=True)
    return own | (submitted & deciders)


def can_view_cover(user, application: Application) -> bool:
    """:func:`cover_visibility` asked of one application (one query)."""
    if not _signed_in(user):
        return False
    return Application.objects.filter(cover_visibility(user), pk=application.pk).exists()


def can_upload_documents(user, application: Application) -> bool:
    """The applicant uploads the program's documents while the application is editable."""
    return can_edit_application(user, application)


def can_record_guarantee(user, application: Application) -> bool:
    """The officers of the program's fund record guarantees, from approval until the loan
    ends."""
    return can_operate_loan(user, application)
