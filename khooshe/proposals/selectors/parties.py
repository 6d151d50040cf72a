"""Who stands behind a proposal, and the one conflict-of-interest rule built on it.

:func:`submitting_party_ids` is the only place that says which organizations and people
submit a proposal; every conflict check (assigning an evaluator, scoring) asks it.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.accounts.models import Role, RoleGrant
from khooshe.proposals.models import Proposal, Shortlist
from khooshe.proposals.selectors.cosubmitters import co_submitter_party_ids
from khooshe.registry.models import Affiliation, Person


def _current_affiliations() -> Q:
    today = timezone.localdate()
    return Q(ended_on__isnull=True) | Q(ended_on__gte=today)


def submitting_party_ids(proposal: Proposal) -> tuple[frozenset[int], frozenset[int]]:
    """``(organization_ids, person_ids)`` of the parties submitting ``proposal``: the lead
    organization, its co-submitters not declined (organizations and people), the people
    currently affiliated with any of those organizations (registry affiliations), and the
    submitting person."""
    co_organizations, co_people = co_submitter_party_ids(proposal)
    organizations: set[int] = set(co_organizations)
    people: set[int] = set(co_people)
    if proposal.submitter_organization_id:
        organizations.add(proposal.submitter_organization_id)
    if proposal.submitter_person_id:
        people.add(proposal.submitter_person_id)
    if organizations:
        people.update(
            Affiliation.objects.filter(_current_affiliations(), organization_id__in=organizations)
            .values_list("person_id", flat=True)
            .distinct()
        )
    return frozenset(organizations), frozenset(people)


def evaluator_conflicts(proposal: Proposal, evaluator_ids) -> dict[int, str]:
    """``{user id: the rule in Persian}`` for each of ``evaluator_ids`` who may not evaluate
    ``proposal``: they created it, represent a submitting organization, are (through their
    registry profile) a submitting person or affiliated with a submitting organization, or
    they — their profile or an organization they represent — are on the proposal's
    shortlist of implementers. A fixed number of queries for any number of evaluators."""
    evaluator_ids = {int(pk) for pk in evaluator_ids}
    if not evaluator_ids:
        return {}
    organizations, people = submitting_party_ids(proposal)
    found: dict[int, str] = {}

    def note(user_id: int, message: str) -> None:
        found.setdefault(user_id, message)

    if proposal.created_by_id in evaluator_ids:
        note(proposal.created_by_id, _("این ارزیاب خود ثبت‌کننده طرح است."))
    represented = RoleGrant.objects.filter(
        user_id__in=evaluator_ids, role=Role.ACTOR, organization_id__isnull=False
    ).values_list("user_id", "organization_id")
    represented_by: dict[int, set[int]] = {}
    for user_id, organization_id in represented:
        represented_by.setdefault(user_id, set()).add(organization_id)
        if organization_id in organizations:
            note(user_id, _("این ارزیاب نماینده سازمان پیشنهاددهنده است."))
    profiles = dict(
        Person.objects.filter(user_id__in=evaluator_ids).values_list("pk", "user_id")
    )  # person id → user id
    for person_id, user_id in profiles.items():
        if person_id in people:
            note(
                user_id, _("این ارزیاب از اشخاص پیشنهاددهنده یا وابسته به سازمان پیشنهاددهنده است.")
            )
    if profiles and organizations:
        for person_id in Affiliation.objects.filter(
            _current_affiliations(),
            person_id__in=profiles,
            organization_id__in=organizations,
        ).values_list("person_id", flat=True):
            note(profiles[person_id], _("این ارزیاب وابسته به سازمان پیشنهاددهنده است."))
    shortlisted = Shortlist.objects.filter(proposal=proposal).values_list(
        "organization_id", "person_id"
    )
    for organization_id, person_id in shortlisted:
        if person_id in profiles:
            note(profiles[person_id], _("این ارزیاب در فهرست کوتاه مجریان همین طرح است."))
        for user_id, ids in represented_by.items():
            if organization_id in ids:
                note(
                    user_id,
                    _("سازمانی که این ارزیاب نماینده آن است در فهرست کوتاه مجریان همین طرح است."),
                )
    return found


def evaluator_conflict(proposal: Proposal, evaluator) -> str:
    """The conflict rule ``evaluator`` breaks for ``proposal`` ("" when none)."""
    return evaluator_conflicts(proposal, [evaluator.pk]).get(evaluator.pk, "")
