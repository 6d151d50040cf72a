"""An agreement's progress across its articles' and notes' commitments, weights shown."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.governance import services
from khooshe.governance.models import AgreementClause, Commitment
from khooshe.governance.selectors import lead_collaborator_scorecard
from khooshe.governance.tests.factories import (
    AgreementFactory,
    ClauseFactory,
    MeetingFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


def test_agreement_rollup_is_the_weighted_mean_by_hand(client, staff, agency, agency_rep):
    agreement = AgreementFactory(province=agency.province)
    weights_and_percents = [(3, 50), (1, 100), (2, 0), (1, 20), (1, 40), (2, 10)]
    clauses = [ClauseFactory(agreement=agreement) for _ in range(5)]
    clauses.append(ClauseFactory(agreement=agreement, kind=AgreementClause.Kind.NOTE))
    for clause, (weight, percent) in zip(clauses, weights_and_percents, strict=True):
        commitment = services.commitment_create(
            actor=staff,
            title=f"تعهد {clause.number}",
            owner=agency,
            source_type=Commitment.SourceType.CLAUSE,
            clause=clause,
            province=agency.province,
            weight=weight,
        )
        if percent:
            services.commitment_update_add(
                actor=agency_rep,
                commitment=commitment,
                percent=percent,
                evidence_url="https://example.ir/e" if percent == 100 else "",
            )
    cancelled = services.commitment_create(
        actor=staff,
        title="لغوشده",
        owner=agency,
        source_type=Commitment.SourceType.CLAUSE,
        clause=clauses[0],
        province=agency.province,
        weight=50,
    )
    services.commitment_cancel(actor=staff, commitment=cancelled, reason="کنار گذاشته شد")
    # (3×50 + 1×100 + 2×0 + 1×20 + 1×40 + 2×10) / 10 = 330 / 10 = 33
    data = APIClient().get(f"/api/v1/agreements/{agreement.pk}/").json()
    assert data["progress"] == 33
    assert [row["weight"] for row in data["progress_weights"]] == [3, 1, 2, 1, 1, 2]
    assert data["progress_weights"][0]["share"] == 30.0
    page = client.get(reverse("governance:agreement_detail", args=[agreement.pk])).content.decode()
    assert "پیشرفت کل سند: ۳۳٪" in page


def test_resolution_with_collaborators_done_when_all_done(client, staff, agency, agency_rep):
    partner = OrganizationFactory(name="پارک علم و فناوری")
    partner_rep = UserFactory(username="partner-rep")
    grant(partner_rep, Role.AGENCY_REP, organization=partner)
    meeting = MeetingFactory()
    api = APIClient()
    api.force_authenticate(staff)
    response = api.post(
        "/api/v1/resolutions/",
        {
            "meeting": meeting.pk,
            "text": "راه‌اندازی مرکز نوآوری",
            "owner": agency.pk,
            "collaborators": [partner.pk, agency.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert len(data["commitment_ids"]) == 2  # the lead's and one collaborator's
    assert [c["organization"]["id"] for c in data["collaborators"]] == [partner.pk]
    assert data["done"] is False
    resolution = meeting.resolutions.get()
    lead = resolution.commitments.get(owner=agency)
    helper = resolution.commitments.get(owner=partner)
    evidence = "https://example.ir/done"
    services.commitment_update_add(
        actor=agency_rep, commitment=lead, percent=100, evidence_url=evidence
    )
    services.commitment_accept(actor=staff, commitment=lead)
    assert api.get(f"/api/v1/resolutions/{resolution.pk}/").json()["done"] is False
    services.commitment_update_add(
        actor=partner_rep, commitment=helper, percent=100, evidence_url=evidence
    )
    # A report of completion counts once accepted (done is accepted, not claimed).
    assert api.get(f"/api/v1/resolutions/{resolution.pk}/").json()["done"] is False
    services.commitment_accept(actor=staff, commitment=helper)
    assert api.get(f"/api/v1/resolutions/{resolution.pk}/").json()["done"] is True
    rows = lead_collaborator_scorecard(Commitment.objects.all())
    assert {(r["role"], r["total"]) for r in rows} == {("lead", 1), ("collaborator", 1)}
    rows = lead_collaborator_scorecard(Commitment.objects.all(), by="province")
    assert sum(r["total"] for r in rows) == 2
