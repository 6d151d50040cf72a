"""Calls for proposals: submission only while open (drafts stay), approval within the envelope
and the ceiling, extension with a reason; co-submitters confirm before submission; readiness
to cooperate on public proposals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from khooshe.core.workflow import TransitionNotAllowed
from khooshe.proposals import permissions as perms
from khooshe.proposals import services
from khooshe.proposals import workflow as wf
from khooshe.proposals.models import CoSubmitterState
from khooshe.proposals.models import ProposalState as S
from khooshe.proposals.selectors import calls as call_selectors
from khooshe.proposals.selectors.cosubmitters import (
    co_submitter_party_ids,
    pending_co_submissions,
)
from khooshe.proposals.selectors.proposals import proposals_visible_to
from khooshe.proposals.tests.factories import (
    CallFactory,
    CoSubmitterFactory,
    OrganizationFactory,
    PersonFactory,
    ProposalFactory,
    Role,
    UserFactory,
    grant,
    province,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _day(days):
    return TODAY() + datetime.timedelta(days=days)


def test_late_submission_is_refused_naming_the_closing_date_and_the_draft_stays(proposal):
    call = CallFactory(opens_on=datetime.date(2024, 6, 1), closes_on=datetime.date(2024, 6, 21))
    proposal.call = call
    proposal.save()
    with pytest.raises(ValidationError) as refused:
        services.proposal_transition(actor=proposal.created_by, proposal=proposal, action=wf.SUBMIT)
    message = refused.value.message_dict["call"][0]
    assert "۱۴۰۳/۰۴/۰۱" in message
    assert call.title in message
    proposal.refresh_from_db()
    assert proposal.state == S.DRAFT
    assert proposal.submitted_at is None
    assert not proposal.transitions.exists()


def test_submission_before_opening_is_refused_and_on_the_closing_day_accepted(proposal):
    proposal.call = CallFactory(opens_on=_day(3), closes_on=_day(20))
    proposal.save()
    with pytest.raises(ValidationError) as refused:
        services.proposal_transition(actor=proposal.created_by, proposal=proposal, action=wf.SUBMIT)
    assert "گشوده می‌شود" in refused.value.message_dict["call"][0]
    proposal.call = CallFactory(opens_on=_day(-3), closes_on=TODAY())
    proposal.save()
    services.proposal_transition(actor=proposal.created_by, proposal=proposal, action=wf.SUBMIT)
    assert proposal.state == S.SUBMITTED


def test_ceiling_per_proposal_refuses_a_larger_estimate_with_both_figures(proposal):
    proposal.call = CallFactory(ceiling_rial=2_000_000_000)
    proposal.save()
    with pytest.raises(ValidationError) as refused:
        services.proposal_transition(actor=proposal.created_by, proposal=proposal, action=wf.SUBMIT)
    message = refused.value.message_dict["estimated_budget"][0]
    assert "۵٬۰۰۰٬۰۰۰٬۰۰۰ ریال" in message
    assert "۲٬۰۰۰٬۰۰۰٬۰۰۰ ریال" in message


def test_approval_over_the_envelope_is_refused_saying_what_is_left(
    actor, actor_org, advance, gov02
):
    call = CallFactory(envelope_rial=6_000_000_000)
    first = ProposalFactory(created_by=actor, submitter_organization=actor_org, call=call)
    advance(first, S.APPROVED)  # approves 4,000,000,000
    second = ProposalFactory(created_by=actor, submitter_organization=actor_org, call=call)
    advance(second, S.UNDER_EVALUATION)
    with pytest.raises(ValidationError) as refused:
        services.proposal_transition(
            actor=gov02,
            proposal=second,
            action=wf.APPROVE,
            approved_budget=2_500_000_000,
            note="در سقف اعتبار فراخوان",
            override_reason="برگه‌های امتیاز در این آزمون نیامده است",
        )
    message = refused.value.message_dict["approved_budget"][0]
    assert "۲٬۰۰۰٬۰۰۰٬۰۰۰ ریال باقی" in message
    assert "۴٬۰۰۰٬۰۰۰٬۰۰۰ ریال" in message
    assert "۶٬۰۰۰٬۰۰۰٬۰۰۰ ریال" in message
    second.refresh_from_db()
    assert second.state == S.UNDER_EVALUATION
    assert second.approved_budget is None
    services.proposal_transition(
        actor=gov02,
        proposal=second,
        action=wf.APPROVE,
        approved_budget=2_000_000_000,
        note="در سقف اعتبار فراخوان",
        override_reason="برگه‌های امتیاز در این آزمون نیامده است",
    )
    figures = call_selectors.call_figures([call])[call.pk]
    assert figures.approved_total == 6_000_000_000
    assert figures.remaining == 0
    assert figures.counts == {S.APPROVED: 2}


def test_extension_needs_a_reason_and_a_later_date_then_submission_opens(proposal, gov02, guild02):
    call = CallFactory(opens_on=_day(-20), closes_on=_day(-1))
    proposal.call = call
    proposal.save()
    with pytest.raises(PermissionDenied):
        services.call_extend(actor=guild02, call=call, closes_on=_day(5), reason="تمدید")
    with pytest.raises(ValidationError) as refused:
        services.call_extend(actor=gov02, call=call, closes_on=_day(-2), reason="")
    assert set(refused.value.message_dict) == {"reason", "closes_on"}
    extension = services.call_extend(
        actor=gov02, call=call, closes_on=_day(5), reason="درخواست فعالان شهرستان‌ها"
    )
    assert extension.previous_closes_on == _day(-1)
    call.refresh_from_db()
    assert call.closes_on == _day(5)
    assert "درخواست فعالان" in call.history.first().history_change_reason
    services.proposal_transition(actor=proposal.created_by, proposal=proposal, action=wf.SUBMIT)
    assert proposal.state == S.SUBMITTED


def test_only_governorate_staff_open_a_call_and_its_figures_are_checked(gov02, guild02):
    data = {
        "title": "فراخوان شهر هوشمند",
        "opens_on": _day(0),
        "closes_on": _day(-5),
        "envelope_rial": 1_000,
        "ceiling_rial": 5_000,
    }
    with pytest.raises(PermissionDenied):
        services.call_create(actor=guild02, province=province("IR-02"), data=data)
    with pytest.raises(ValidationError) as refused:
        services.call_create(actor=gov02, province=province("IR-02"), data=data)
    assert set(refused.value.message_dict) == {"closes_on", "ceiling_rial"}
    data.update(closes_on=_day(30), ceiling_rial=None)
    call = services.call_create(actor=gov02, province=province("IR-02"), data=data)
    assert call.history.count() == 1


def test_a_proposal_names_a_call_of_its_own_province_only(actor, proposal):
    other = CallFactory(province=province("IR-03"))
    with pytest.raises(ValidationError, match="استان طرح"):
        services.proposal_update(actor=actor, proposal=proposal, data={"call": other})


# --- Co-submitters ------------------------------------------------------------------------------


@pytest.fixture
def partner():
    organization = OrganizationFactory(name="شرکت همکار آزمون")
    user = UserFactory(username="partner")
    grant(user, Role.ACTOR, organization=organization)
    return organization, user


def test_submission_waits_for_every_co_submitter_to_confirm(actor, proposal, partner):
    organization, partner_user = partner
    person_user = UserFactory(username="expert")
    person = PersonFactory(user=person_user)
    row = services.cosubmitter_add(
        actor=actor, proposal=proposal, organization=organization, role="مجری فنی"
    )
    services.cosubmitter_add(actor=actor, proposal=proposal, person=person, role="مشاور")
    assert list(pending_co_submissions(partner_user)) == [row]
    # The co-submitter opens the draft to answer; nobody else does.
    stranger = UserFactory()
    assert proposals_visible_to(partner_user).filter(pk=proposal.pk).exists()
    assert perms.can_view_proposal(partner_user, proposal)
    assert not proposals_visible_to(stranger).filter(pk=proposal.pk).exists()
    assert not perms.can_view_proposal(stranger, proposal)
    with pytest.raises(ValidationError) as refused:
        services.proposal_transition(actor=actor, proposal=proposal, action=wf.SUBMIT)
    message = refused.value.message_dict["co_submitters"][0]
    assert organization.name in message
    assert person.last_name in message
    with pytest.raises(PermissionDenied):
        services.cosubmitter_confirm(actor=actor, co_submitter=row)
    services.cosubmitter_confirm(actor=partner_user, co_submitter=row)
    services.cosubmitter_confirm(actor=person_user, co_submitter=proposal.co_submitters.last())
    assert row.state == CoSubmitterState.CONFIRMED
    assert row.decided_by == partner_user
    services.proposal_transition(actor=actor, proposal=proposal, action=wf.SUBMIT)
    assert proposal.state == S.SUBMITTED
    # Once submitted, the answer and the list are frozen.
    with pytest.raises(TransitionNotAllowed):
        services.cosubmitter_decline(actor=partner_user, co_submitter=row)
    with pytest.raises(TransitionNotAllowed):
        services.cosubmitter_remove(actor=actor, co_submitter=row)


def test_co_submitter_rules_refuse_the_lead_a_duplicate_and_a_missing_role(
    actor, actor_org, proposal, partner
):
    organization, _user = partner
    with pytest.raises(ValidationError, match="اصلی"):
        services.cosubmitter_add(actor=actor, proposal=proposal, organization=actor_org, role="x")
    with pytest.raises(ValidationError) as refused:
        services.cosubmitter_add(actor=actor, proposal=proposal, organization=organization, role="")
    assert "role" in refused.value.message_dict
    services.cosubmitter_add(actor=actor, proposal=proposal, organization=organization, role="x")
    with pytest.raises(ValidationError, match="قبلاً"):
        services.cosubmitter_add(
            actor=actor, proposal=proposal, organization=organization, role="y"
        )
    with pytest.raises(PermissionDenied):
        services.cosubmitter_add(
            actor=UserFactory(), proposal=proposal, organization=OrganizationFactory(), role="x"
        )


def test_co_submitter_party_ids_name_every_party_but_the_declined():
    row = CoSubmitterFactory()
    proposal = row.proposal
    person = CoSubmitterFactory(proposal=proposal, organization=None, person=PersonFactory())
    CoSubmitterFactory(proposal=proposal, state=CoSubmitterState.DECLINED)
    assert co_submitter_party_ids(proposal) == (
        frozenset({row.organization_id}),
        frozenset({person.person_id}),
    )


# --- Readiness to cooperate ---------------------------------------------------------------------


def test_readiness_to_cooperate_only_on_public_proposals(proposal, advance, partner, actor):
    organization, partner_user = partner
    with pytest.raises(TransitionNotAllowed):
        services.cooperation_mark(actor=partner_user, proposal=proposal)
    advance(proposal, S.APPROVED)
    offer = services.cooperation_mark(actor=partner_user, proposal=proposal, note="آماده‌ایم")
    assert offer.organization == organization
    again = services.cooperation_mark(actor=partner_user, proposal=proposal, note="هنوز آماده‌ایم")
    assert again.pk == offer.pk
    assert proposal.cooperation_offers.count() == 1
    with pytest.raises(ValidationError):
        services.cooperation_mark(actor=actor, proposal=proposal)  # the lead itself
    with pytest.raises(PermissionDenied):
        services.cooperation_mark(actor=UserFactory(), proposal=proposal)  # no registry party
    with pytest.raises(PermissionDenied):
        services.cooperation_withdraw(actor=actor, offer=offer)
    services.cooperation_withdraw(actor=partner_user, offer=offer)
    assert not proposal.cooperation_offers.exists()
