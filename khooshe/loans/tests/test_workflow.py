"""Every workflow transition, its refusals, notifications and the log."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from khooshe.accounts.models import Role
from khooshe.core.models import Notification
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.loans import services
from khooshe.loans.models import Application, EligibilityRule
from khooshe.loans.tests.factories import (
    OrganizationFactory,
    ProgramFactory,
    actor_for,
    application_for,
    county,
    fund_officer,
    membership,
    staff,
)

pytestmark = pytest.mark.django_db
S = Application.State


def submitted(**kwargs):
    application = application_for(**kwargs)
    services.application_submit(actor=application.applicant, application=application)
    application.refresh_from_db()
    return application


def approved(**kwargs):
    application = submitted(**kwargs)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    services.application_approve(actor=staff(), application=application)
    application.refresh_from_db()
    return application


def test_submit_moves_draft_to_submitted_logs_and_notifies():
    application = application_for()
    services.application_submit(actor=application.applicant, application=application, note="سلام")
    application.refresh_from_db()
    assert application.state == S.SUBMITTED
    assert application.eligibility_passed is True
    step = application.log.get()
    assert (step.from_state, step.to_state, step.actor, step.note) == (
        S.DRAFT,
        S.SUBMITTED,
        application.applicant,
        "سلام",
    )
    assert Notification.objects.filter(recipient=application.applicant).count() == 1
    assert application.history.count() >= 2


def test_another_actor_cannot_submit():
    application = application_for()
    other = application_for().applicant
    with pytest.raises(PermissionDenied):
        services.application_submit(actor=other, application=application)


def test_review_by_guild_staff_of_province_only():
    application = submitted()
    with pytest.raises(PermissionDenied):
        services.application_review(actor=staff(Role.GUILD_STAFF, "IR-03"), application=application)
    with pytest.raises(PermissionDenied):  # screening is the guild's in this program
        services.application_review(actor=staff(Role.GOVERNORATE_STAFF), application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    application.refresh_from_db()
    assert application.state == S.UNDER_REVIEW


def test_governorate_screening_program():
    application = submitted(program=ProgramFactory(screening="governorate"))
    services.application_review(actor=staff(Role.GOVERNORATE_STAFF), application=application)
    application.refresh_from_db()
    assert application.state == S.UNDER_REVIEW


def test_approve_out_of_order_is_refused():
    application = submitted()
    with pytest.raises(TransitionNotAllowed):
        services.application_approve(actor=staff(), application=application)


def test_approve_with_reduced_amount_needs_reason():
    application = submitted()
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    decider = staff()
    with pytest.raises(ValidationError) as error:
        services.application_approve(actor=decider, application=application, amount=600_000_000)
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.application_approve(actor=decider, application=application, amount=2_000_000_000)
    services.application_approve(
        actor=decider, application=application, amount=600_000_000, note="سقف اعتبار شهرستان"
    )
    application.refresh_from_db()
    assert application.state == S.APPROVED
    assert application.amount_approved == 600_000_000
    assert application.decision_reason == "سقف اعتبار شهرستان"


def test_staff_of_another_province_cannot_decide():
    application = submitted()
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    with pytest.raises(PermissionDenied):
        services.application_approve(actor=staff(code="IR-03"), application=application)


def test_approve_refused_when_budget_exhausted():
    program = ProgramFactory(budget=1_500_000_000)
    approved(program=program)
    second = submitted(program=program)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=second)
    with pytest.raises(ValidationError):
        services.application_approve(actor=staff(), application=second)


def test_reject_needs_reason_and_is_final():
    application = submitted()
    decider = staff()
    with pytest.raises(ValidationError):
        services.application_reject(actor=decider, application=application, note=" ")
    services.application_reject(actor=decider, application=application, note="خارج از موضوع")
    application.refresh_from_db()
    assert application.state == S.REJECTED
    with pytest.raises(TransitionNotAllowed):
        services.application_review(actor=staff(Role.GUILD_STAFF), application=application)


def test_return_edit_and_resubmit():
    application = submitted()
    services.application_return(
        actor=staff(Role.GUILD_STAFF), application=application, note="شبا را اصلاح کنید"
    )
    application.refresh_from_db()
    assert application.state == S.RETURNED
    services.application_update(
        actor=application.applicant,
        application=application,
        expected_version=application.version,
        jobs_promised=7,
    )
    services.application_submit(actor=application.applicant, application=application)
    application.refresh_from_db()
    assert application.state == S.SUBMITTED
    assert application.jobs_promised == 7
    assert [s.action for s in application.log.all()] == ["submit", "return", "submit"]


def test_submitted_application_cannot_be_edited():
    application = submitted()
    with pytest.raises(PermissionDenied):
        services.application_update(
            actor=application.applicant, application=application, jobs_promised=9
        )


def test_sign_only_by_fund_officer_of_the_programs_fund():
    application = approved()
    with pytest.raises(PermissionDenied):
        services.application_sign(
            actor=fund_officer(ProgramFactory().fund), application=application
        )
    officer = fund_officer(application.program.fund)
    services.application_sign(actor=officer, application=application)
    application.refresh_from_db()
    assert application.state == S.CONTRACT_SIGNED
    with pytest.raises(TransitionNotAllowed):
        services.application_sign(actor=officer, application=application)


def test_disburse_in_tranches_builds_schedule_per_tranche():
    application = approved()
    officer = fund_officer(application.program.fund)
    with pytest.raises(TransitionNotAllowed):
        services.disbursement_record(actor=officer, application=application, amount=1)
    services.application_sign(actor=officer, application=application)
    services.disbursement_record(actor=officer, application=application, amount=400_000_000)
    application.refresh_from_db()
    assert application.state == S.DISBURSED
    with pytest.raises(ValidationError):
        services.disbursement_record(actor=officer, application=application, amount=700_000_000)
    services.disbursement_record(actor=officer, application=application)
    assert application.disbursements.count() == 2
    assert sum(d.amount for d in application.disbursements.all()) == 1_000_000_000
    assert application.installments.count() == 24


def test_create_refuses_closed_program_and_wrong_amount():
    organization = OrganizationFactory()
    user = actor_for(organization)
    closed = ProgramFactory(closes_on=datetime.date.today() - datetime.timedelta(days=1))
    kwargs = {
        "actor": user,
        "organization": organization,
        "purpose": "x",
        "county": organization.county,
        "sheba": "IR820540102680020817909002",
    }
    with pytest.raises(ValidationError):
        services.application_create(program=closed, amount_requested=200_000_000, **kwargs)
    program = ProgramFactory()
    with pytest.raises(ValidationError) as error:
        services.application_create(program=program, amount_requested=1, **kwargs)
    assert "amount_requested" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.application_create(
            program=program, amount_requested=200_000_000, **{**kwargs, "county": county("IR-03")}
        )
    with pytest.raises(PermissionDenied):
        services.application_create(
            program=program,
            amount_requested=200_000_000,
            **{**kwargs, "actor": actor_for(OrganizationFactory())},
        )
    application = services.application_create(
        program=program, amount_requested=200_000_000, **kwargs
    )
    assert application.state == S.DRAFT
    assert application.province.code == "IR-02"


def test_failed_rule_blocks_submission_without_override():
    program = ProgramFactory()
    EligibilityRule.objects.create(program=program, kind="guild_member")
    application = application_for(program=program)
    with pytest.raises(ValidationError) as error:
        services.application_submit(actor=application.applicant, application=application)
    assert "eligibility" in error.value.message_dict
    application.refresh_from_db()
    assert application.state == S.DRAFT


def test_failed_rule_with_override_needs_staff_confirmation():
    program = ProgramFactory(allow_override=True)
    EligibilityRule.objects.create(program=program, kind="guild_member")
    application = submitted(program=program)
    assert application.eligibility_passed is False
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    decider = staff()
    with pytest.raises(ValidationError) as error:
        services.application_approve(actor=decider, application=application)
    assert "override" in error.value.message_dict
    services.application_approve(
        actor=decider, application=application, override=True, note="عضویت در حال تمدید"
    )
    application.refresh_from_db()
    assert application.state == S.APPROVED
    assert application.overridden_by == decider


def test_passing_rule_with_membership():
    program = ProgramFactory()
    EligibilityRule.objects.create(program=program, kind="guild_member")
    application = application_for(program=program)
    membership(application.organization)
    services.application_submit(actor=application.applicant, application=application)
    application.refresh_from_db()
    assert application.state == S.SUBMITTED
    assert application.eligibility[0]["passed"] is True
