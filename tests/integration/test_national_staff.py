"""National staff read every province; provincial decisions belong to the province's staff.

Each provincial decision is tried three ways — by a national user (refused: PermissionDenied
from the service, 403 from the API), by the staff of the province and by an admin (both
succeed; the admin's act is in the record's history) — and national staff read every list
and detail of the API, staff-only records of a province included.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.eservices import services as eservice_services
from khooshe.eservices.tests.factories import AgencyFactory, EServiceFactory
from khooshe.events import services as event_services
from khooshe.events.tests.factories import EventFactory, ExhibitorFactory
from khooshe.governance import services as governance_services
from khooshe.governance.models import Resolution
from khooshe.governance.tests.factories import (
    BodyFactory,
    CommitmentFactory,
    MeetingFactory,
)
from khooshe.governance.tests.factories import OrganizationFactory as AgencyOrganizationFactory
from khooshe.loans import permissions as loan_permissions
from khooshe.loans import services as loan_services
from khooshe.loans.tests.factories import ProgramFactory, application_for
from khooshe.obstacles import services as obstacle_services
from khooshe.obstacles.tests.factories import ObstacleFactory
from khooshe.proposals import services as proposal_services
from khooshe.proposals import workflow as wf
from khooshe.proposals.models import Dossier, EvaluatorAssignment, Priority
from khooshe.proposals.models import ProposalState as S
from khooshe.proposals.tests.factories import CriterionFactory, ProposalFactory
from khooshe.registry import services as registry_services
from khooshe.registry.tests.factories import OrganizationFactory, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    def holder(role, code=None):
        user = UserFactory()
        grant(user, role, province=code)
        return user

    return {
        "national": holder(Role.NATIONAL_STAFF),
        "admin": holder(Role.ADMIN),
        "guild": holder(Role.GUILD_STAFF, "IR-02"),
        "governorate": holder(Role.GOVERNORATE_STAFF, "IR-02"),
        "evaluator": holder(Role.EVALUATOR, "IR-02"),
    }


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@dataclass
class Decision:
    """One provincial decision: who of the province makes it, the service call, the same
    through the API (None where the API has no such operation), and the record whose
    history names the actor."""

    decider: str
    service: Callable
    request: Callable | None
    stamped: Callable


# --- the decisions ------------------------------------------------------------------------


def _proposal(state):
    return ProposalFactory(state=state)


def proposal_step(action, state, decider, payload=None, **params):
    def make(people):
        proposal = _proposal(state)
        return Decision(
            decider=decider,
            service=lambda actor: proposal_services.proposal_transition(
                actor=actor, proposal=proposal, action=action, **params
            ),
            request=lambda client: client.post(
                f"/api/v1/proposals/{proposal.pk}/{action.replace('_', '-')}/",
                payload or {},
                format="json",
            ),
            stamped=lambda: proposal,
        )

    return make


def score(people):
    proposal = _proposal(S.UNDER_EVALUATION)
    criterion = CriterionFactory(province=proposal.province)
    # Everyone is assigned: what refuses the others is their role, not a missing assignment.
    for user in people.values():
        EvaluatorAssignment.objects.get_or_create(
            proposal=proposal, evaluator=user, defaults={"due_on": datetime.date(2100, 1, 1)}
        )
    return Decision(
        decider="evaluator",
        service=lambda actor: proposal_services.score_submit(
            actor=actor, proposal=proposal, values={criterion.pk: 4}, declare_no_conflict=True
        ),
        request=lambda client: client.post(
            f"/api/v1/proposals/{proposal.pk}/scores/",
            {"scores": {str(criterion.pk): 4}, "declare_no_conflict": True},
            format="json",
        ),
        stamped=lambda: None,
    )


def dossier_create(people):
    proposal = _proposal(S.ACCEPTED)
    return Decision(
        decider="guild",
        service=lambda actor: proposal_services.dossier_create(
            actor=actor, province=proposal.province, title="پرونده", proposals=[proposal]
        ),
        request=lambda client: client.post(
            "/api/v1/dossiers/",
            {"province": "IR-02", "title": "پرونده", "proposals": [proposal.pk]},
            format="json",
        ),
        stamped=lambda: Dossier.objects.order_by("-pk").first(),
    )


def priority_set(people):
    data = {"year": 1404, "title": "هوشمندسازی کشاورزی", "weight": 10}
    return Decision(
        decider="governorate",
        service=lambda actor: proposal_services.priority_create(
            actor=actor, province=province("IR-02"), data=data
        ),
        request=lambda client: client.post(
            "/api/v1/priorities/", {**data, "province": "IR-02"}, format="json"
        ),
        stamped=lambda: Priority.objects.order_by("-pk").first(),
    )


def loan_review(people):
    application = application_for(program=ProgramFactory())
    loan_services.application_submit(actor=application.applicant, application=application)
    return Decision(
        decider="guild",
        service=lambda actor: loan_services.application_review(
            actor=actor, application=application
        ),
        request=lambda client: client.post(f"/api/v1/applications/{application.pk}/review/"),
        stamped=lambda: application,
    )


def loan_approve(people):
    application = application_for(program=ProgramFactory())
    loan_services.application_submit(actor=application.applicant, application=application)
    loan_services.application_review(actor=people["guild"], application=application)
    return Decision(
        decider="governorate",
        service=lambda actor: loan_services.application_approve(
            actor=actor, application=application
        ),
        request=lambda client: client.post(f"/api/v1/applications/{application.pk}/approve/"),
        stamped=lambda: application,
    )


def commitment_cancel(people):
    commitment = CommitmentFactory()
    return Decision(
        decider="governorate",
        service=lambda actor: governance_services.commitment_cancel(
            actor=actor, commitment=commitment, reason="منتفی شد"
        ),
        request=lambda client: client.post(
            f"/api/v1/commitments/{commitment.pk}/cancel/", {"reason": "منتفی شد"}, format="json"
        ),
        stamped=lambda: commitment,
    )


def resolution_record(people):
    meeting = MeetingFactory(body=BodyFactory(province=province("IR-02")))
    owner = AgencyOrganizationFactory()
    return Decision(
        decider="governorate",
        service=lambda actor: governance_services.resolution_create(
            actor=actor, meeting=meeting, text="راه‌اندازی درگاه خدمات", owner=owner
        ),
        request=lambda client: client.post(
            "/api/v1/resolutions/",
            {"meeting": meeting.pk, "text": "راه‌اندازی درگاه خدمات", "owner": owner.pk},
            format="json",
        ),
        stamped=lambda: Resolution.objects.order_by("-pk").first(),
    )


def obstacle_route(people):
    obstacle = ObstacleFactory()
    body = AgencyOrganizationFactory()
    return Decision(
        decider="guild",
        service=lambda actor: obstacle_services.obstacle_route(
            actor=actor, obstacle=obstacle, body=body
        ),
        request=lambda client: client.post(
            f"/api/v1/obstacles/{obstacle.pk}/route/", {"body": body.pk}, format="json"
        ),
        stamped=lambda: obstacle,
    )


def obstacle_close(people):
    obstacle = ObstacleFactory()
    return Decision(
        decider="governorate",
        service=lambda actor: obstacle_services.obstacle_close(
            actor=actor, obstacle=obstacle, closure="resolved", note="حل شد"
        ),
        request=lambda client: client.post(
            f"/api/v1/obstacles/{obstacle.pk}/close/",
            {"closure": "resolved", "note": "حل شد"},
            format="json",
        ),
        stamped=lambda: obstacle,
    )


def organization_verify(people):
    organization = OrganizationFactory()
    return Decision(
        decider="guild",
        service=lambda actor: registry_services.organization_verify(
            actor=actor, organization=organization
        ),
        request=lambda client: client.post(f"/api/v1/organizations/{organization.pk}/verify/"),
        stamped=lambda: organization,
    )


def organization_edit(people):
    organization = OrganizationFactory()
    return Decision(
        decider="guild",
        service=lambda actor: registry_services.organization_update(
            actor=actor,
            organization=organization,
            expected_version=None,
            website="https://example.ir",
        ),
        request=lambda client: client.patch(
            f"/api/v1/organizations/{organization.pk}/",
            {"website": "https://example.ir"},
            format="json",
        ),
        stamped=lambda: organization,
    )


def claim_approve(people):
    organization = OrganizationFactory()
    claim = registry_services.organization_claim(actor=UserFactory(), organization=organization)
    return Decision(
        decider="guild",
        service=lambda actor: registry_services.claim_approve(actor=actor, claim=claim),
        request=None,
        stamped=lambda: claim,
    )


def exhibitor_decline(people):
    exhibitor = ExhibitorFactory(event=EventFactory(province=province("IR-02")))
    return Decision(
        decider="guild",
        service=lambda actor: event_services.exhibitor_decline(
            actor=actor, exhibitor=exhibitor, reason="ظرفیت تکمیل است"
        ),
        request=lambda client: client.post(
            f"/api/v1/events/{exhibitor.event_id}/exhibitors/{exhibitor.pk}/decision/",
            {"action": "decline", "reason": "ظرفیت تکمیل است"},
            format="json",
        ),
        stamped=lambda: exhibitor,
    )


def catalogue_review(people):
    agency = AgencyFactory()
    EServiceFactory(agency=agency)
    return Decision(
        decider="governorate",
        service=lambda actor: eservice_services.catalogue_review(actor=actor, agency=agency),
        request=lambda client: client.post(
            "/api/v1/eservice-reviews/", {"agency": agency.pk}, format="json"
        ),
        stamped=lambda: None,
    )


DECISIONS = {
    "proposal-start-screening": proposal_step(wf.START_SCREENING, S.SUBMITTED, "guild"),
    "proposal-accept": proposal_step(wf.ACCEPT, S.SCREENING, "guild"),
    "proposal-reject-screening": proposal_step(
        wf.REJECT_SCREENING, S.SCREENING, "guild", {"note": "ناقص"}, note="ناقص"
    ),
    "proposal-start-evaluation": proposal_step(wf.START_EVALUATION, S.FORWARDED, "governorate"),
    "proposal-approve": proposal_step(
        wf.APPROVE,
        S.UNDER_EVALUATION,
        "governorate",
        {"approved_budget": 4_000_000_000, "note": "همسو", "override_reason": "فوری"},
        approved_budget=4_000_000_000,
        note="همسو",
        override_reason="فوری",
    ),
    "proposal-reject": proposal_step(
        wf.REJECT,
        S.UNDER_EVALUATION,
        "governorate",
        {"note": "بودجه نیست", "override_reason": "فوری"},
        note="بودجه نیست",
        override_reason="فوری",
    ),
    "proposal-score": score,
    "dossier-create": dossier_create,
    "priority-set": priority_set,
    "loan-application-review": loan_review,
    "loan-application-approve": loan_approve,
    "commitment-cancel": commitment_cancel,
    "resolution-record": resolution_record,
    "obstacle-route": obstacle_route,
    "obstacle-close": obstacle_close,
    "organization-verify": organization_verify,
    "organization-edit": organization_edit,
    "claim-approve": claim_approve,
    "exhibitor-decide": exhibitor_decline,
    "catalogue-review": catalogue_review,
}


@pytest.mark.parametrize("name", DECISIONS)
def test_national_staff_are_refused_each_provincial_decision(people, name):
    decision = DECISIONS[name](people)
    with pytest.raises(PermissionDenied):
        decision.service(people["national"])
    if decision.request is not None:
        response = decision.request(api(people["national"]))
        assert response.status_code == 403, (name, response.content)


@pytest.mark.parametrize("name", DECISIONS)
def test_the_provinces_staff_decide_through_the_service(people, name):
    decision = DECISIONS[name](people)
    decision.service(people[decision.decider])


@pytest.mark.parametrize("name", DECISIONS)
def test_the_provinces_staff_decide_through_the_api(people, name):
    decision = DECISIONS[name](people)
    if decision.request is None:
        pytest.skip("no API operation")
    response = decision.request(api(people[decision.decider]))
    assert response.status_code in (200, 201), (name, response.content)


@pytest.mark.parametrize("name", DECISIONS)
def test_an_admin_decides_anywhere_and_the_history_names_them(people, name):
    decision = DECISIONS[name](people)
    decision.service(people["admin"])
    record = decision.stamped()
    if record is not None and hasattr(record, "history"):
        latest = record.history.order_by("-history_date", "-history_id").first()
        assert latest.history_user_id == people["admin"].pk, name


# --- reading ------------------------------------------------------------------------------


def _staff_only_records(people):
    """One staff-only record of IR-02 per API list: (list URL, record id)."""
    hidden = OrganizationFactory(is_public=False)
    proposal = ProposalFactory(state=S.SCREENING)
    dossier = proposal_services.dossier_create(
        actor=people["guild"],
        province=proposal.province,
        title="پرونده",
        proposals=[ProposalFactory(state=S.ACCEPTED)],
    )
    unpublished = ProgramFactory(is_published=False)
    application = application_for(program=ProgramFactory())
    loan_services.application_submit(actor=application.applicant, application=application)
    commitment = CommitmentFactory(is_public=False)
    body = BodyFactory(province=province("IR-02"), is_public=False)
    meeting = MeetingFactory(body=body, is_public=False)
    obstacle = ObstacleFactory(is_public=False)
    event = EventFactory(province=province("IR-02"), is_public=False)
    retired = EServiceFactory(agency=AgencyFactory(), status="retired")
    return [
        ("/api/v1/organizations/", hidden.pk),
        ("/api/v1/proposals/", proposal.pk),
        ("/api/v1/dossiers/", dossier.pk),
        ("/api/v1/programs/", unpublished.pk),
        ("/api/v1/applications/", application.pk),
        ("/api/v1/commitments/", commitment.pk),
        ("/api/v1/bodies/", body.pk),
        ("/api/v1/meetings/", meeting.pk),
        ("/api/v1/obstacles/", obstacle.pk),
        ("/api/v1/events/", event.pk),
        ("/api/v1/eservices/", retired.pk),
    ]


def _ids(client, url) -> set[int]:
    body = client.get(url, {"page_size": 100}).json()
    rows = body["results"] if isinstance(body, dict) else body
    return {row["id"] for row in rows}


def test_national_staff_read_every_list_and_detail(people):
    records = _staff_only_records(people)
    national = api(people["national"])
    elsewhere = UserFactory()
    grant(elsewhere, Role.GOVERNORATE_STAFF, province="IR-03")
    outsider = api(elsewhere)
    for url, pk in records:
        assert pk in _ids(national, url), url
        assert national.get(f"{url}{pk}/").status_code == 200, url
        # The same record is staff-only: staff of another province do not see it.
        assert outsider.get(f"{url}{pk}/").status_code == 404, url


def test_national_staff_still_manage_national_programs(people):
    national_program = ProgramFactory(province=None, fund=None, kind="package")
    provincial = ProgramFactory()
    assert loan_permissions.can_manage_program(people["national"], national_program)
    assert not loan_permissions.can_manage_program(people["national"], provincial)
    assert loan_permissions.can_create_program(people["national"], None)
    assert not loan_permissions.can_create_program(people["national"], province("IR-02"))


def test_national_staff_decide_the_applications_of_national_programs(people):
    application = application_for(program=ProgramFactory(province=None))
    loan_services.application_submit(actor=application.applicant, application=application)
    loan_services.application_review(actor=people["national"], application=application)
    loan_services.application_approve(actor=people["national"], application=application)
    application.refresh_from_db()
    assert application.state == "approved"


def test_national_staff_read_a_proposals_scores_but_do_not_score(people):
    proposal = _proposal(S.UNDER_EVALUATION)
    criterion = CriterionFactory(province=proposal.province)
    EvaluatorAssignment.objects.create(
        proposal=proposal, evaluator=people["evaluator"], due_on=datetime.date(2100, 1, 1)
    )
    proposal_services.score_submit(
        actor=people["evaluator"],
        proposal=proposal,
        values={criterion.pk: 5},
        declare_no_conflict=True,
    )
    client = api(people["national"])
    response = client.get(f"/api/v1/proposals/{proposal.pk}/scores/")
    assert response.status_code == 200
    assert response.json()["blind"] is False
    assert response.json()["count"] == 1
    response = client.post(
        f"/api/v1/proposals/{proposal.pk}/scores/",
        {"scores": {str(criterion.pk): 1}},
        format="json",
    )
    assert response.status_code == 403


def test_history_of_an_admins_provincial_act_is_dated(people):
    obstacle = ObstacleFactory()
    obstacle_services.obstacle_route(
        actor=people["admin"], obstacle=obstacle, body=AgencyOrganizationFactory()
    )
    latest = obstacle.history.order_by("-history_date").first()
    assert latest.history_user_id == people["admin"].pk
    assert latest.history_date.date() >= datetime.date.today() - datetime.timedelta(days=1)
