"""Calls, co-submitters and readiness to cooperate through the API and the pages: the
refusals carry the figures, the pages keep their query budgets."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from khooshe.proposals.models import CoSubmitterState
from khooshe.proposals.models import ProposalState as S
from khooshe.proposals.tests.factories import (
    CallFactory,
    CoSubmitterFactory,
    OrganizationFactory,
    ProposalFactory,
    Role,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _day(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_governorate_opens_a_call_in_jalali_and_anyone_reads_its_figures(gov02, guild02):
    payload = {
        "title": "فراخوان هوشمندسازی کشاورزی",
        "province": "IR-02",
        "opens_on": "۱۴۰۳/۰۱/۱۵",
        "closes_on": "1403/03/31",
        "envelope_rial": "۵۰٬۰۰۰٬۰۰۰٬۰۰۰",
        "ceiling_rial": 10_000_000_000,
    }
    assert client_for(guild02).post("/api/v1/calls/", payload, format="json").status_code == 403
    assert client_for().post("/api/v1/calls/", payload, format="json").status_code == 401
    response = client_for(gov02).post("/api/v1/calls/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["opens_on"] == {"jalali": "1403/01/15", "iso": "2024-04-03"}
    assert body["envelope_rial"] == 50_000_000_000
    assert body["status"] == "closed"
    assert body["figures"]["remaining"] == 50_000_000_000
    listed = client_for().get("/api/v1/calls/?province=IR-02").json()
    assert listed["count"] == 1
    bad = client_for(gov02).post(
        "/api/v1/calls/", {**payload, "closes_on": "1403/01/01"}, format="json"
    )
    assert bad.status_code == 400
    assert "closes_on" in bad.json()


def test_late_submission_and_over_envelope_approval_are_refused_with_figures(
    actor, actor_org, advance, gov02
):
    late = CallFactory(opens_on=datetime.date(2024, 6, 1), closes_on=datetime.date(2024, 6, 21))
    draft = ProposalFactory(created_by=actor, submitter_organization=actor_org, call=late)
    response = client_for(actor).post(f"/api/v1/proposals/{draft.pk}/submit/", format="json")
    assert response.status_code == 400
    assert "۱۴۰۳/۰۴/۰۱" in response.json()["call"][0]
    draft.refresh_from_db()
    assert draft.state == S.DRAFT

    call = CallFactory(envelope_rial=5_000_000_000)
    approved = ProposalFactory(created_by=actor, submitter_organization=actor_org, call=call)
    advance(approved, S.APPROVED)  # 4,000,000,000
    pending = ProposalFactory(created_by=actor, submitter_organization=actor_org, call=call)
    advance(pending, S.UNDER_EVALUATION)
    response = client_for(gov02).post(
        f"/api/v1/proposals/{pending.pk}/approve/",
        {
            "approved_budget": "۱٬۵۰۰٬۰۰۰٬۰۰۰",
            "note": "در سقف اعتبار",
            "override_reason": "بی برگه امتیاز",
        },
        format="json",
    )
    assert response.status_code == 400
    message = response.json()["approved_budget"][0]
    assert "۱٬۰۰۰٬۰۰۰٬۰۰۰ ریال باقی" in message
    body = client_for().get(f"/api/v1/calls/{call.pk}/").json()
    assert body["figures"]["approved_total"] == 4_000_000_000
    assert body["figures"]["counts_by_state"] == {"approved": 1, "under_evaluation": 1}
    ongoing = client_for().get("/api/v1/calls/ongoing/?province=IR-02").json()
    assert ongoing["envelope"] is None


def test_extension_through_the_api_needs_a_reason(gov02):
    call = CallFactory(closes_on=_day(1))
    url = f"/api/v1/calls/{call.pk}/extend/"
    assert client_for(gov02).post(url, {"closes_on": "1500/01/01", "reason": ""}).status_code == 400
    later = _day(20)
    response = client_for(gov02).post(
        url, {"closes_on": later.isoformat(), "reason": "درخواست فعالان"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["closes_on"]["iso"] == later.isoformat()
    assert response.json()["extensions"][0]["reason"] == "درخواست فعالان"


def test_co_submitters_through_the_api(actor, proposal):
    organization = OrganizationFactory(name="شرکت همکار")
    partner = UserFactory()
    grant(partner, Role.ACTOR, organization=organization)
    url = f"/api/v1/proposals/{proposal.pk}/co-submitters/"
    response = client_for(actor).post(
        url, {"organization": organization.pk, "role": "مجری فنی"}, format="json"
    )
    assert response.status_code == 201, response.json()
    row = response.json()
    submit = client_for(actor).post(f"/api/v1/proposals/{proposal.pk}/submit/")
    assert submit.status_code == 400
    assert organization.name in submit.json()["co_submitters"][0]
    mine = client_for(partner).get("/api/v1/co-submitters/?mine=1").json()
    assert [r["id"] for r in mine["results"]] == [row["id"]]
    assert client_for(actor).post(f"/api/v1/co-submitters/{row['id']}/confirm/").status_code == 403
    confirmed = client_for(partner).post(f"/api/v1/co-submitters/{row['id']}/confirm/")
    assert confirmed.json()["state"] == CoSubmitterState.CONFIRMED
    assert client_for(actor).post(f"/api/v1/proposals/{proposal.pk}/submit/").status_code == 200
    assert client_for(UserFactory()).get(url).status_code == 404


def test_cooperation_through_the_api(proposal, advance, gov02):
    organization = OrganizationFactory()
    partner = UserFactory()
    grant(partner, Role.ACTOR, organization=organization)
    url = f"/api/v1/proposals/{proposal.pk}/cooperation/"
    assert client_for(partner).post(url, {}).status_code == 404  # a draft is not public
    advance(proposal, S.APPROVED)
    response = client_for(partner).post(url, {"note": "آماده‌ایم"}, format="json")
    assert response.status_code == 201, response.json()
    assert [o["organization"] for o in client_for(gov02).get(url).json()] == [organization.pk]
    assert client_for(UserFactory()).get(url).json() == []
    assert client_for(partner).delete(url).status_code == 204
    assert client_for(partner).delete(url).status_code == 404


# --- Pages ------------------------------------------------------------------------------------


def test_calls_page_and_call_page_keep_their_query_budget(
    client, actor, actor_org, django_assert_max_num_queries
):
    calls = [CallFactory() for _ in range(6)]
    for call in calls:
        ProposalFactory(created_by=actor, submitter_organization=actor_org, call=call)
        ProposalFactory(
            created_by=actor, submitter_organization=actor_org, call=call, state=S.SUBMITTED
        )
    with django_assert_max_num_queries(12):
        response = client.get(reverse("proposals:calls"))
    assert response.status_code == 200
    content = response.content.decode()
    assert calls[0].title in content
    assert "ارسال‌شده: ۱" in content
    with django_assert_max_num_queries(12):
        response = client.get(reverse("proposals:call_detail", args=[calls[0].pk]))
    assert response.status_code == 200
    assert client.get(reverse("proposals:call_ongoing")).status_code == 200


def test_call_form_refuses_and_extends_on_the_page(client, gov02, guild02):
    client.force_login(guild02)
    assert client.get(reverse("proposals:call_create")).status_code == 403
    client.force_login(gov02)
    response = client.post(
        reverse("proposals:call_create"),
        {
            "province": "IR-02",
            "title": "فراخوان",
            "opens_on": "۱۴۰۵/۰۱/۰۱",
            "closes_on": "۱۴۰۴/۱۲/۰۱",
            "envelope_rial": "۱۰۰۰",
        },
    )
    assert response.status_code == 400
    call = CallFactory()
    response = client.post(
        reverse("proposals:call_extend", args=[call.pk]),
        {"closes_on": "1300/01/01", "reason": "دلیل", "version": call.version},
    )
    assert response.status_code == 400


def test_proposal_page_shows_co_submitters_and_the_partner_confirms(client, proposal):
    row = CoSubmitterFactory(proposal=proposal)
    partner = UserFactory()
    grant(partner, Role.ACTOR, organization=row.organization)
    client.force_login(partner)
    page = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert page.status_code == 200
    assert 'data-action="confirm"' in page.content.decode()
    client.post(reverse("proposals:co_submitter_act", args=[proposal.pk, row.pk, "confirm"]))
    row.refresh_from_db()
    assert row.state == CoSubmitterState.CONFIRMED


def test_suggestions_page_shows_readiness_to_staff(client, proposal, advance, gov02):
    advance(proposal, S.APPROVED)
    organization = OrganizationFactory(name="شرکت آماده همکاری")
    partner = UserFactory()
    grant(partner, Role.ACTOR, organization=organization)
    client.force_login(partner)
    client.post(reverse("proposals:cooperation", args=[proposal.pk, "mark"]), {"note": "آماده"})
    assert proposal.cooperation_offers.count() == 1
    client.force_login(gov02)
    page = client.get(reverse("proposals:suggestions", args=[proposal.pk])).content.decode()
    assert "شرکت آماده همکاری" in page
