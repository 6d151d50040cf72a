"""Who may do what with proposals: predicates on :mod:`khooshe.accounts.permissions` only.

* the owner of a proposal is the user who created it or a user holding the ACTOR role for
  its submitting organization; owners see their own proposals and edit them while draft or
  returned;
* guild staff of the proposal's province screen it and bundle it into dossiers;
* governorate staff of the province start the evaluation, decide, create the project, set
  priorities and the rubric; evaluators (and governorate staff) of the province score;
* a co-submitter (a representative of a co-submitting organization, or the co-submitting
  person) sees the proposal, draft or not, and answers for its own party; governorate staff of
  a province open, edit and extend its calls for proposals; anyone reads calls;
* national staff and admins see everything, but only the province's staff (and an admin)
  decide; anyone sees approved proposals (without the details reserved to the people
  involved).
"""

from __future__ import annotations

from django.db.models import Q

from khooshe.accounts.models import Role
from khooshe.accounts.permissions import (
    acts_in_province,
    is_admin,
    organization_ids_for,
    represents_organization,
    sees_as_staff_anywhere,
    sees_province,
)
from khooshe.proposals.models import EvaluatorAssignment
from khooshe.proposals.models import ProposalState as S
from khooshe.proposals.workflow import (
    ACCEPT,
    APPROVE,
    CREATE_PROJECT,
    REJECT,
    REJECT_SCREENING,
    RETURN,
    START_EVALUATION,
    START_SCREENING,
    SUBMIT,
)

GUILD = (Role.GUILD_STAFF,)
GOVERNORATE = (Role.GOVERNORATE_STAFF,)
SCORERS = (Role.EVALUATOR, Role.GOVERNORATE_STAFF)
PROVINCE_STAFF = (Role.GUILD_STAFF, Role.GOVERNORATE_STAFF, Role.EVALUATOR)

#: States the guild works on, and the governorate.
GUILD_STATES = frozenset({S.SUBMITTED, S.SCREENING, S.ACCEPTED, S.IN_DOSSIER})
SCORING_STATES = frozenset({S.FORWARDED, S.UNDER_EVALUATION})


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_proposal_owner(user, proposal) -> bool:
    if not _authenticated(user):
        return False
    return proposal.created_by_id == user.pk or represents_organization(
        user, proposal.submitter_organization_id
    )


def is_province_staff(user, province, roles=PROVINCE_STAFF) -> bool:
    """Acts (decides) in ``province`` as one of ``roles`` (admins everywhere)."""
    return _authenticated(user) and acts_in_province(user, province, roles=roles)


def reads_province(user, province, roles=PROVINCE_STAFF) -> bool:
    """Reads what the staff of ``province`` read (national staff and admins everywhere)."""
    return _authenticated(user) and sees_province(user, province, roles=roles)


def is_co_submitter_user(user, proposal) -> bool:
    """Represents a co-submitting organization of ``proposal``, or is its co-submitting
    person."""
    if not _authenticated(user) or proposal.pk is None:
        return False
    party = Q(person__user=user)
    organizations = organization_ids_for(user)
    if organizations:
        party |= Q(organization_id__in=organizations)
    return proposal.co_submitters.filter(party).exists()


def can_view_proposal(user, proposal) -> bool:
    if is_proposal_owner(user, proposal):
        return True
    if proposal.state == S.DRAFT:
        return is_admin(user) or is_co_submitter_user(user, proposal)
    return reads_province(user, proposal.province_id) or is_co_submitter_user(user, proposal)


def can_view_public(user, proposal) -> bool:
    return proposal.is_public or can_view_proposal(user, proposal)


def can_create_proposal(user) -> bool:
    return _authenticated(user)


def can_edit_proposal(user, proposal) -> bool:
    return proposal.is_editable_state and (is_proposal_owner(user, proposal) or is_admin(user))


def can_screen(user, proposal) -> bool:
    return is_province_staff(user, proposal.province_id, roles=GUILD)


def can_decide(user, proposal) -> bool:
    return is_province_staff(user, proposal.province_id, roles=GOVERNORATE)


def can_score(user, proposal) -> bool:
    """Only an evaluator governorate staff assigned to the proposal scores it (the
    conflict-of-interest rule is checked when assigning and again when scoring)."""
    return (
        proposal.state in SCORING_STATES
        and is_province_staff(user, proposal.province_id, roles=SCORERS)
        and EvaluatorAssignment.objects.filter(proposal=proposal, evaluator=user).exists()
    )


def can_see_all_scores(user, proposal) -> bool:
    """Governorate staff (who decide), national staff and admins see every evaluator's
    scores; an evaluator sees them only after submitting their own (checked in the selector)."""
    return reads_province(user, proposal.province_id, roles=GOVERNORATE)


def can_shortlist(user, proposal) -> bool:
    return is_province_staff(user, proposal.province_id, roles=(*GUILD, *GOVERNORATE))


def can_publish_answer(user, answer) -> bool:
    """Who decided publishes: the guild for a screening answer, the governorate for an
    evaluation answer (both for a return, whichever made it)."""
    proposal = answer.proposal
    if answer.action in (REJECT_SCREENING,):
        return can_screen(user, proposal)
    if answer.action in (APPROVE, REJECT):
        return can_decide(user, proposal)
    return can_screen(user, proposal) or can_decide(user, proposal)


def can_view_suggestions(user, proposal) -> bool:
    return can_view_proposal(user, proposal)


def can_act(user, proposal, action: str) -> bool:
    """May ``user`` perform ``action`` on ``proposal`` (regardless of the current state)?"""
    if action == SUBMIT:
        return is_proposal_owner(user, proposal) or is_admin(user)
    if action in (START_SCREENING, ACCEPT, REJECT_SCREENING):
        return can_screen(user, proposal)
    if action == RETURN:
        if proposal.state == S.UNDER_EVALUATION:
            return can_decide(user, proposal)
        return can_screen(user, proposal)
    if action in (START_EVALUATION, APPROVE, REJECT, CREATE_PROJECT):
        return can_decide(user, proposal)
    return False


def can_manage_co_submitters(user, proposal) -> bool:
    """Names and removes co-submitters: whoever edits the proposal, while it may be edited."""
    return can_edit_proposal(user, proposal)


def can_answer_co_submission(user, co_submitter) -> bool:
    """Confirms or declines for the co-submitting party: its representative, or the person."""
    if not _authenticated(user):
        return False
    if co_submitter.organization_id:
        return represents_organization(user, co_submitter.organization_id) or is_admin(user)
    return co_submitter.person.user_id == user.pk or is_admin(user)


def can_view_cooperation(user, proposal) -> bool:
    """Reads the «آمادگی همکاری» flags of a proposal: whoever reads its suggestions as staff."""
    return reads_province(user, proposal.province_id, roles=(*GUILD, *GOVERNORATE))


# --- Calls for proposals ----------------------------------------------------------------------


def can_manage_call(user, call_or_province) -> bool:
    """Opens, edits and extends a province's calls: its governorate staff (and admins)."""
    province = getattr(call_or_province, "province_id", call_or_province)
    return is_province_staff(user, province, roles=GOVERNORATE)


# --- Dossiers, priorities, rubric -----------------------------------------------------------


def can_view_dossier(user, dossier) -> bool:
    return reads_province(user, dossier.province_id)


def can_manage_dossier(user, dossier_or_province) -> bool:
    province = getattr(dossier_or_province, "province_id", dossier_or_province)
    return is_province_staff(user, province, roles=GUILD)


def can_manage_priorities(user, province) -> bool:
    return is_province_staff(user, province, roles=GOVERNORATE)


def can_view_statistics(user) -> bool:
    return True


def is_any_staff(user) -> bool:
    """Reads the staff pages (dossiers, boards): staff of some province, national staff."""
    return _authenticated(user) and sees_as_staff_anywhere(user, roles=PROVINCE_STAFF)
