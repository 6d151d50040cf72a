import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from khooshe.core.concurrency import EditConflict
from khooshe.core.models import Notification
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.governance.models import Project
from khooshe.history.selectors import history_entries
from khooshe.proposals import services
from khooshe.proposals import workflow as wf
from khooshe.proposals.models import Dossier, ProposalTransition
from khooshe.proposals.models import ProposalState as S
from khooshe.proposals.selectors import project_url_for
from khooshe.proposals.tests.factories import ProposalFactory, UserFactory, county
from khooshe.registry.models import Organization


def _data(**overrides):
    data = {
        "title": "سامانه  گردشگري روستایی",
        "problem": "گردشگران اقامتگاه‌های بوم‌گردی را نمی‌یابند",
        "solution": "درگاه رزرو برخط",
        "county": county("IR-02", "ساری"),
        "estimated_budget": 3_000_000_000,
        "duration_months": 9,
    }
    data.update(overrides)
    return data


def test_actor_creates_a_draft_for_its_organization(actor, actor_org):
    proposal = services.proposal_create(actor=actor, data=_data())
    assert proposal.state == S.DRAFT
    assert proposal.submitter_organization == actor_org
    assert proposal.province.code == "IR-02"
    assert proposal.title == "سامانه گردشگری روستایی"  # cleaned
    assert "گردشگری" in proposal.search_text
    assert proposal.history.count() == 1


def test_user_without_organization_or_profile_cannot_submit(db):
    with pytest.raises(ValidationError):
        services.proposal_create(actor=UserFactory(), data=_data())


def test_actor_cannot_claim_another_organization(actor, other_actor):
    others = Organization.objects.exclude(role_grants__user=actor).first()
    with pytest.raises(ValidationError):
        services.proposal_create(actor=actor, data=_data(), submitter_organization=others)


def test_edit_conflict_on_stale_version(actor, proposal):
    services.proposal_update(
        actor=actor, proposal=proposal, data={"title": "اول"}, expected_version=1
    )
    with pytest.raises(EditConflict):
        services.proposal_update(
            actor=actor, proposal=proposal, data={"title": "دوم"}, expected_version=1
        )


def test_owner_cannot_edit_after_submission(actor, proposal):
    services.proposal_transition(actor=actor, proposal=proposal, action=wf.SUBMIT)
    with pytest.raises(TransitionNotAllowed):
        services.proposal_update(actor=actor, proposal=proposal, data={"title": "x"})


def test_another_actor_cannot_edit(other_actor, proposal):
    with pytest.raises(PermissionDenied):
        services.proposal_update(actor=other_actor, proposal=proposal, data={"title": "x"})


def test_full_happy_path_records_every_transition(proposal, advance, actor):
    advance(proposal, S.PROJECT_CREATED)
    states = list(
        ProposalTransition.objects.filter(proposal=proposal).values_list("to_state", flat=True)
    )
    assert states == [
        S.SUBMITTED,
        S.SCREENING,
        S.ACCEPTED,
        S.IN_DOSSIER,
        S.FORWARDED,
        S.UNDER_EVALUATION,
        S.APPROVED,
        S.PROJECT_CREATED,
    ]
    assert all(t.actor_id for t in ProposalTransition.objects.filter(proposal=proposal))
    assert proposal.approved_budget == 4_000_000_000
    # the submitter heard of every step
    assert Notification.objects.filter(recipient=actor).count() == 8
    assert proposal.history.count() >= 9


def test_return_and_resubmit(proposal, advance, guild02, actor):
    advance(proposal, S.SCREENING)
    with pytest.raises(ValidationError):
        services.proposal_transition(actor=guild02, proposal=proposal, action=wf.RETURN)
    services.proposal_transition(
        actor=guild02, proposal=proposal, action=wf.RETURN, note="بودجه را تفکیک کنید"
    )
    assert proposal.state == S.RETURNED
    assert proposal.decision_note == "بودجه را تفکیک کنید"
    services.proposal_update(actor=actor, proposal=proposal, data={"estimated_budget": 10})
    services.proposal_transition(actor=actor, proposal=proposal, action=wf.SUBMIT)
    assert proposal.state == S.SUBMITTED


def test_reject_at_screening_needs_reason(proposal, advance, guild02):
    advance(proposal, S.SCREENING)
    with pytest.raises(ValidationError):
        services.proposal_transition(actor=guild02, proposal=proposal, action=wf.REJECT_SCREENING)
    services.proposal_transition(
        actor=guild02, proposal=proposal, action=wf.REJECT_SCREENING, note="خارج از حوزه فاوا"
    )
    assert proposal.state == S.REJECTED_AT_SCREENING


def test_governorate_rejects_or_returns_under_evaluation(proposal, advance, gov02, actor):
    advance(proposal, S.UNDER_EVALUATION)
    services.proposal_transition(
        actor=gov02, proposal=proposal, action=wf.RETURN, note="برآورد هزینه را اصلاح کنید"
    )
    assert proposal.state == S.RETURNED
    assert proposal.dossier_id is None
    services.proposal_transition(actor=actor, proposal=proposal, action=wf.SUBMIT)
    assert proposal.state == S.SUBMITTED


def test_reject_under_evaluation(proposal, advance, gov02):
    advance(proposal, S.UNDER_EVALUATION)
    services.proposal_transition(
        actor=gov02, proposal=proposal, action=wf.REJECT, note="تکراری", override_reason="فوری"
    )
    assert proposal.state == S.REJECTED
    assert proposal.decided_at is not None


def test_approve_needs_budget(proposal, advance, gov02):
    advance(proposal, S.UNDER_EVALUATION)
    with pytest.raises(ValidationError):
        services.proposal_transition(actor=gov02, proposal=proposal, action=wf.APPROVE)


@pytest.mark.parametrize(
    ("state", "action", "who"),
    [
        (S.DRAFT, wf.START_SCREENING, "guild02"),
        (S.DRAFT, wf.APPROVE, "gov02"),
        (S.SUBMITTED, wf.ACCEPT, "guild02"),
        (S.SCREENING, wf.START_EVALUATION, "gov02"),
        (S.ACCEPTED, wf.APPROVE, "gov02"),
        (S.FORWARDED, wf.CREATE_PROJECT, "gov02"),
        (S.SUBMITTED, wf.SUBMIT, "actor"),
    ],
)
def test_transitions_out_of_order_are_refused(request, proposal, advance, state, action, who):
    advance(proposal, state)
    user = request.getfixturevalue(who)
    with pytest.raises(TransitionNotAllowed):
        services.proposal_transition(
            actor=user, proposal=proposal, action=action, note="n", approved_budget=1
        )
    proposal.refresh_from_db()
    assert proposal.state == state


def test_guild_of_another_province_cannot_screen(proposal, advance, guild03):
    advance(proposal, S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.proposal_transition(actor=guild03, proposal=proposal, action=wf.START_SCREENING)


def test_guild_cannot_decide_and_governorate_cannot_screen(proposal, advance, guild02, gov02):
    advance(proposal, S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.proposal_transition(actor=gov02, proposal=proposal, action=wf.START_SCREENING)
    advance(proposal, S.FORWARDED)
    with pytest.raises(PermissionDenied):
        services.proposal_transition(actor=guild02, proposal=proposal, action=wf.START_EVALUATION)


def test_dossier_numbering_and_forwarding(actor, actor_org, guild02, advance, gov02):
    first = ProposalFactory(created_by=actor, submitter_organization=actor_org)
    second = ProposalFactory(created_by=actor, submitter_organization=actor_org)
    advance(first, S.ACCEPTED)
    advance(second, S.ACCEPTED)
    one = services.dossier_create(actor=guild02, province=first.province, title="الف")
    two = services.dossier_create(
        actor=guild02, province=first.province, title="ب", proposals=[first, second]
    )
    assert two.number == one.number + 1
    assert two.code.endswith(
        "۰۰" + str(two.number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    )
    with pytest.raises(TransitionNotAllowed):
        services.dossier_forward(actor=guild02, dossier=one)  # empty
    services.dossier_forward(actor=guild02, dossier=two)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == second.state == S.FORWARDED
    assert Dossier.objects.get(pk=two.pk).state == Dossier.State.FORWARDED
    with pytest.raises(TransitionNotAllowed):
        services.dossier_forward(actor=guild02, dossier=two)
    assert Notification.objects.filter(recipient=gov02).exists()


def test_dossier_refuses_unaccepted_and_foreign_proposals(proposal, advance, guild02, guild03):
    advance(proposal, S.SCREENING)
    dossier = services.dossier_create(actor=guild02, province=proposal.province, title="الف")
    with pytest.raises(TransitionNotAllowed):
        services.dossier_add(actor=guild02, dossier=dossier, proposal=proposal)
    with pytest.raises(PermissionDenied):
        services.dossier_create(actor=guild03, province=proposal.province, title="x")


def test_remove_from_open_dossier(proposal, advance, guild02):
    advance(proposal, S.IN_DOSSIER)
    services.dossier_remove(actor=guild02, dossier=proposal.dossier, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.state == S.ACCEPTED
    assert proposal.dossier_id is None


def test_create_project_gives_a_governance_project_whose_source_is_the_proposal(
    proposal, advance, gov02
):
    advance(proposal, S.PROJECT_CREATED)
    project = Project.objects.get(source_proposal_id=proposal.pk)
    assert project.title == proposal.title
    assert project.budget_rial == proposal.approved_budget
    assert project_url_for(proposal) == reverse("governance:project_detail", args=[project.pk])


def test_a_refused_project_creation_leaves_the_proposal_approved(proposal, advance, gov02, actor):
    advance(proposal, S.APPROVED)
    with pytest.raises(PermissionDenied):
        services.proposal_transition(actor=actor, proposal=proposal, action=wf.CREATE_PROJECT)
    proposal.refresh_from_db()
    assert proposal.state == S.APPROVED
    assert not Project.objects.filter(source_proposal_id=proposal.pk).exists()


def test_every_step_names_its_actor_and_note_in_the_history(proposal, advance, guild02):
    advance(proposal, S.SCREENING)
    services.proposal_transition(
        actor=guild02, proposal=proposal, action=wf.RETURN, note="بودجه را تفکیک کنید"
    )
    latest = history_entries(proposal)[0]
    assert latest.user_id == guild02.pk
    assert latest.reason == "بازگشت برای اصلاح: بودجه را تفکیک کنید"
    step = proposal.transitions.last()
    assert (step.from_state, step.to_state, step.actor_id) == (S.SCREENING, S.RETURNED, guild02.pk)


def test_a_forwarded_dossier_takes_no_proposal_in_or_out(proposal, advance, guild02, actor):
    advance(proposal, S.FORWARDED)
    dossier = proposal.dossier
    other = ProposalFactory(
        created_by=actor, submitter_organization=proposal.submitter_organization
    )
    advance(other, S.ACCEPTED)
    with pytest.raises(TransitionNotAllowed):
        services.dossier_add(actor=guild02, dossier=dossier, proposal=other)
    with pytest.raises(TransitionNotAllowed):
        services.dossier_remove(actor=guild02, dossier=dossier, proposal=proposal)
    other.refresh_from_db()
    assert (other.state, other.dossier_id) == (S.ACCEPTED, None)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.dossier_id) == (S.FORWARDED, dossier.pk)


def test_the_submitter_reads_the_news_in_their_language(proposal, actor):
    actor.language = "en"
    actor.save(update_fields=["language"])
    services.proposal_transition(actor=actor, proposal=proposal, action=wf.SUBMIT)
    notice = Notification.objects.get(recipient=actor)
    assert notice.title == f"Your proposal was submitted: “{proposal.title}”"
    assert notice.url == reverse("proposals:detail", args=[proposal.pk])
