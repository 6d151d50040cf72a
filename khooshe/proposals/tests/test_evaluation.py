"""Evaluation without conflicts, the minimum of score sheets, the public answer and the award."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from khooshe.core.workflow import TransitionNotAllowed
from khooshe.governance.models import Commitment
from khooshe.proposals import selectors, services
from khooshe.proposals import workflow as wf
from khooshe.proposals.models import EvaluatorAssignment, ProposalAnswer, ScoreSheet
from khooshe.proposals.models import ProposalState as S
from khooshe.proposals.selectors.parties import submitting_party_ids
from khooshe.proposals.tests.factories import (
    CriterionFactory,
    OrganizationFactory,
    PersonFactory,
    ProposalFactory,
    Role,
    UserFactory,
    county,
    grant,
)
from khooshe.registry.tests.factories import AffiliationFactory

DUE = datetime.date.today() + datetime.timedelta(days=10)


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def rubric(db):
    return [CriterionFactory(title="اثر اقتصادی", weight=2), CriterionFactory(title="نوآوری")]


@pytest.fixture
def forwarded(proposal, advance, evaluator02, evaluator02b):
    """Under evaluation, with evaluator02 and evaluator02b assigned."""
    return advance(proposal, S.UNDER_EVALUATION)


def test_the_probe_an_evaluator_representing_the_submitter_cannot_score_it_100(
    forwarded, actor_org, gov02, rubric
):
    """An evaluator of the province who also represents the submitting company."""
    insider = UserFactory()
    grant(insider, Role.EVALUATOR, province="IR-02")
    grant(insider, Role.ACTOR, organization=actor_org)
    url = f"/api/v1/proposals/{forwarded.pk}/scores/"
    payload = {"scores": {str(c.pk): 5 for c in rubric}, "declare_no_conflict": True}
    assert api(insider).post(url, payload, format="json").status_code == 403  # not assigned
    refused = api(gov02).post(
        f"/api/v1/proposals/{forwarded.pk}/assignments/",
        {"evaluators": [insider.pk], "due_on": "1410/01/15"},
        format="json",
    )
    assert refused.status_code == 409
    assert "نماینده سازمان پیشنهاددهنده" in refused.json()["detail"]
    assert not EvaluatorAssignment.objects.filter(evaluator=insider).exists()
    # Assigned before they came to represent it: scoring is still refused, and names the rule.
    EvaluatorAssignment.objects.create(proposal=forwarded, evaluator=insider, due_on=DUE)
    response = api(insider).post(url, payload, format="json")
    assert response.status_code == 409
    assert "نماینده سازمان پیشنهاددهنده" in response.json()["detail"]
    assert not ScoreSheet.objects.filter(evaluator=insider).exists()


def test_affiliated_and_shortlisted_evaluators_are_refused_and_a_batch_is_all_or_nothing(
    forwarded, actor_org, gov02, evaluator02, evaluator02b
):
    affiliated, shortlisted = UserFactory(), UserFactory()
    for user in (affiliated, shortlisted):
        grant(user, Role.EVALUATOR, province="IR-02")
    AffiliationFactory(person=PersonFactory(user=affiliated), organization=actor_org)
    firm = OrganizationFactory()
    grant(shortlisted, Role.ACTOR, organization=firm)
    services.shortlist_add(actor=gov02, proposal=forwarded, organization=firm)
    organizations, people = submitting_party_ids(forwarded)
    assert organizations == {actor_org.pk}
    assert len(people) == 1
    with pytest.raises(TransitionNotAllowed) as refusal:
        services.evaluators_assign(
            actor=gov02,
            proposals=[forwarded],
            evaluators=[evaluator02, affiliated, shortlisted],
            due_on=DUE,
        )
    assert "وابسته" in refusal.value.message
    assert "فهرست کوتاه" in refusal.value.message
    # the happy path's two evaluators stay assigned; nobody else was.
    assigned = set(forwarded.assignments.values_list("evaluator_id", flat=True))
    assert assigned == {evaluator02.pk, evaluator02b.pk}
    # An affiliation that ended is no conflict.
    affiliated.person.affiliations.update(ended_on=datetime.date(2020, 1, 1))
    services.evaluators_assign(
        actor=gov02, proposals=[forwarded], evaluators=[affiliated], due_on=DUE
    )


def test_only_assigned_evaluators_score_and_they_declare_no_conflict(
    forwarded, evaluator02, gov02, rubric
):
    values = {c.pk: 4 for c in rubric}
    with pytest.raises(PermissionDenied):
        services.score_submit(actor=gov02, proposal=forwarded, values=values)
    with pytest.raises(ValidationError) as error:
        services.score_submit(actor=evaluator02, proposal=forwarded, values=values)
    assert "declare_no_conflict" in error.value.message_dict
    services.score_submit(
        actor=evaluator02, proposal=forwarded, values=values, declare_no_conflict=True
    )
    assignment = forwarded.assignments.get(evaluator=evaluator02)
    assert assignment.declared_at is not None
    assert assignment.history.first().history_user == evaluator02


def test_the_decision_waits_for_the_minimum_of_sheets_unless_overridden(
    forwarded, gov02, evaluator02, rubric
):
    services.evaluation_policy_set(actor=gov02, province=forwarded.province, min_score_sheets=2)
    services.score_submit(
        actor=evaluator02,
        proposal=forwarded,
        values={c.pk: 4 for c in rubric},
        declare_no_conflict=True,
    )
    response = api(gov02).post(
        f"/api/v1/proposals/{forwarded.pk}/approve/",
        {"approved_budget": 3_000_000_000, "note": "همسو"},
        format="json",
    )
    assert response.status_code == 409
    assert "۱ از ۲" in response.json()["detail"]
    forwarded.refresh_from_db()
    assert forwarded.state == S.UNDER_EVALUATION
    assert not ProposalAnswer.objects.exists()
    response = api(gov02).post(
        f"/api/v1/proposals/{forwarded.pk}/approve/",
        {
            "approved_budget": 3_000_000_000,
            "note": "همسو با اولویت‌ها",
            "override_reason": "مهلت اعتبار سال مالی",
            "cost_lines": [
                {"title": "نرم‌افزار", "amount": "۲٬۰۰۰٬۰۰۰٬۰۰۰"},
                {"title": "تجهیزات", "amount": 1_000_000_000},
            ],
            "execution_months": 9,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    answer = ProposalAnswer.objects.get()
    assert answer.override_reason == "مهلت اعتبار سال مالی"
    assert answer.sheet_count == 1
    assert [line["amount"] for line in answer.cost_lines] == [2_000_000_000, 1_000_000_000]
    assert answer.execution_months == 9


def test_approval_needs_reasons_and_cost_lines_that_add_up(forwarded, gov02):
    common = {"override_reason": "آزمون", "approved_budget": 3_000_000_000}
    with pytest.raises(ValidationError) as error:
        services.proposal_transition(actor=gov02, proposal=forwarded, action=wf.APPROVE, **common)
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.proposal_transition(
            actor=gov02,
            proposal=forwarded,
            action=wf.APPROVE,
            note="همسو",
            cost_lines=[{"title": "نرم‌افزار", "amount": 1_000_000_000}],
            **common,
        )
    assert "cost_lines" in error.value.message_dict
    forwarded.refresh_from_db()
    assert forwarded.state == S.UNDER_EVALUATION


def test_a_rejection_names_the_failed_criteria_and_is_public_only_once_published(
    forwarded, gov02, rubric, client
):
    with pytest.raises(ValidationError) as error:
        services.proposal_transition(
            actor=gov02, proposal=forwarded, action=wf.REJECT, note="ضعیف", override_reason="x"
        )
    assert "failed_criteria" in error.value.message_dict
    services.proposal_transition(
        actor=gov02,
        proposal=forwarded,
        action=wf.REJECT,
        note="اثر اقتصادی روشن نیست",
        override_reason="x",
        failed_criteria=[rubric[0].pk],
    )
    answer = ProposalAnswer.objects.get()
    assert list(answer.failed_criteria.all()) == [rubric[0]]
    assert api().get("/api/v1/proposal-answers/").json()["count"] == 0
    assert client.get(reverse("proposals:answers")).status_code == 200
    other = UserFactory()
    assert api(other).post(f"/api/v1/proposal-answers/{answer.pk}/publish/").status_code == 404
    published = api(gov02).post(f"/api/v1/proposal-answers/{answer.pk}/publish/", {})
    assert published.status_code == 200
    row = api().get("/api/v1/proposal-answers/").json()["results"][0]
    assert row["reasons"] == "اثر اقتصادی روشن نیست"
    assert row["failed_criteria"][0]["title"] == "اثر اقتصادی"
    assert row["estimated_budget"] is None
    text = str(row) + client.get(reverse("proposals:answers")).content.decode()
    for private in (forwarded.contact_phone, forwarded.contact_email, "5000000000"):
        if private:
            assert private not in text
    assert "اثر اقتصادی روشن نیست" in client.get(reverse("proposals:answers")).content.decode()


def test_the_ranking_says_how_many_of_the_assigned_scored_and_the_desk_what_is_due(
    forwarded, gov02, evaluator02, evaluator02b, rubric
):
    services.score_submit(
        actor=evaluator02,
        proposal=forwarded,
        values={c.pk: 3 for c in rubric},
        declare_no_conflict=True,
    )
    ranked = selectors.dossier_proposals(forwarded.dossier)
    assert (ranked[0].sheet_count, ranked[0].assigned_count) == (1, 2)
    rows = api(gov02).get(f"/api/v1/dossiers/{forwarded.dossier_id}/ranking/").json()
    assert (rows[0]["score_count"], rows[0]["assigned_count"]) == (1, 2)
    assert list(selectors.assignments_due(viewer=evaluator02)) == []
    due = list(selectors.assignments_due(viewer=evaluator02b))
    assert [a.proposal_id for a in due] == [forwarded.pk]
    mine = api(evaluator02b).get("/api/v1/assignments/").json()["results"]
    assert mine[0]["due_on"]["iso"] == due[0].due_on.isoformat()


def test_bulk_assignment_from_a_dossier_through_the_api(proposal, advance, gov02, guild02):
    advance(proposal, S.FORWARDED)
    newcomer = UserFactory()
    grant(newcomer, Role.EVALUATOR, province="IR-02")
    url = f"/api/v1/dossiers/{proposal.dossier_id}/assign/"
    assert (
        api(guild02)
        .post(url, {"evaluators": [newcomer.pk], "due_on": "1499/01/01"}, format="json")
        .status_code
        == 403
    )
    past = api(gov02).post(
        url, {"evaluators": [newcomer.pk], "due_on": "1390/01/01"}, format="json"
    )
    assert past.status_code == 400
    response = api(gov02).post(
        url, {"evaluators": [newcomer.pk], "due_on": "۱۴۹۹/۰۱/۰۱"}, format="json"
    )
    assert response.status_code == 201
    assert EvaluatorAssignment.objects.filter(evaluator=newcomer, proposal=proposal).exists()


def _awarded(advance, gov02, actor, actor_org, *, where, budget):
    proposal = ProposalFactory(
        created_by=actor, submitter_organization=actor_org, county=county("IR-02", "ساری")
    )
    advance(proposal, S.APPROVED)
    proposal.approved_budget = budget
    proposal.save(update_fields=["approved_budget"])
    services.proposal_transition(actor=gov02, proposal=proposal, action=wf.CREATE_PROJECT)
    firm = OrganizationFactory(county=where, province=where.province)
    return services.award_record(
        actor=gov02,
        proposal=proposal,
        organization=firm,
        contract_date=timezone.localdate(),
        contract_amount=budget,
        procurement_method="tender",
    )


def test_awards_their_project_panel_the_implementers_record_and_the_local_share(
    advance, gov02, actor, actor_org, client
):
    sari, amol, tabriz = county("IR-02", "ساری"), county("IR-02", "آمل"), county("IR-03")
    local = _awarded(advance, gov02, actor, actor_org, where=sari, budget=600)
    _awarded(advance, gov02, actor, actor_org, where=amol, budget=300)
    _awarded(advance, gov02, actor, actor_org, where=tabriz, budget=100)
    shares = selectors.award_shares()
    assert shares["total"] == 1000
    assert {k: v["percent"] for k, v in shares["places"].items()} == {
        "same_county": 60,
        "same_province": 30,
        "elsewhere": 10,
    }
    assert (
        api().get("/api/v1/awards/shares/?province=IR-02").json()["places"]["same_county"]["amount"]
        == 600
    )
    # the implementer's profile: its projects and their milestones' on-time record
    Commitment.objects.create(
        title="راه‌اندازی",
        source_type=Commitment.SourceType.MILESTONE,
        project=local.project,
        owner=local.implementer_organization,
        due_on=timezone.localdate() - datetime.timedelta(days=3),
        done_on=timezone.localdate() - datetime.timedelta(days=5),
        last_percent=100,
    )
    [record] = selectors.implementer_projects(local.implementer_organization)
    assert (record.milestones, record.on_time, record.late) == (1, 1, 0)
    profile = client.get(
        reverse("registry:organization_detail", args=[local.implementer_organization_id])
    ).content.decode()
    assert local.project.title in profile
    page = client.get(reverse("governance:project_detail", args=[local.project_id]))
    assert str(local.implementer_organization) in page.content.decode()
    # only governorate staff of the province record an award; never above the approved budget
    with pytest.raises(PermissionDenied):
        services.award_record(
            actor=actor,
            proposal=local.proposal,
            organization=local.implementer_organization,
            contract_date=timezone.localdate(),
            contract_amount=1,
            procurement_method="direct",
        )
    with pytest.raises(ValidationError):
        services.award_record(
            actor=gov02,
            proposal=local.proposal,
            organization=local.implementer_organization,
            contract_date=timezone.localdate(),
            contract_amount=601,
            procurement_method="direct",
        )


def test_the_public_answers_page_costs_the_same_for_many_answers(
    client, gov02, rubric, django_assert_max_num_queries
):
    for n in range(3):
        proposal = ProposalFactory(state=S.UNDER_EVALUATION, contact_phone="09120000000")
        services.proposal_transition(
            actor=gov02,
            proposal=proposal,
            action=wf.REJECT,
            note=f"دلیل {n}",
            override_reason="x",
            failed_criteria=[rubric[0].pk, rubric[1].pk],
        )
        services.answer_publish(actor=gov02, answer=proposal.answers.get(), show_estimate=n == 0)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("proposals:answers"))
    html = response.content.decode()
    assert html.count('class="card mb-2 answer"') == 3
    assert "09120000000" not in html
    assert html.count("۵٬۰۰۰٬۰۰۰٬۰۰۰") == 1  # the estimate only where staff chose to show it
