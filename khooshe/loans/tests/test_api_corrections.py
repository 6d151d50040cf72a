"""The ledger-correction routes: reversal, payoff quote, waivers, rescheduling."""

import pytest
from rest_framework.test import APIClient

from khooshe.loans import services
from khooshe.loans.models import Application, Reversal
from khooshe.loans.tests.factories import ProgramFactory, fund_officer
from khooshe.loans.tests.test_ledger import disbursed_loan

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_reversing_a_repayment_through_the_api():
    loan, officer = disbursed_loan(days_ago=70)
    repayment = services.repayment_record(actor=officer, application=loan, amount=9_000_000)
    url = f"/api/v1/loans/{loan.pk}/repayments/{repayment.pk}/reverse/"
    body = {"reason": "چک برگشتی", "reference": "REV-1"}
    client = client_for(officer)
    assert client.post(url, body, format="json").status_code == 400  # no idempotency key
    first = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == 201, first.json()
    assert first.json()["repayment"] == repayment.pk
    assert first.json()["loan_state"] == Application.State.DISBURSED
    again = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert again.json() == first.json()  # the same request replayed
    twice = client.post(
        url, {**body, "reference": "REV-2"}, format="json", HTTP_IDEMPOTENCY_KEY="k2"
    )
    assert twice.status_code == 409
    assert "پیش‌تر برگشت خورده" in twice.json()["detail"]
    assert Reversal.objects.count() == 1
    stranger = fund_officer(ProgramFactory().fund)
    denied = client_for(stranger).post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k3")
    assert denied.status_code in (403, 404)
    missing = client.post(
        f"/api/v1/loans/{loan.pk}/repayments/999999/reverse/",
        body,
        format="json",
        HTTP_IDEMPOTENCY_KEY="k4",
    )
    assert missing.status_code == 404


def test_a_stale_version_is_409():
    loan, officer = disbursed_loan(days_ago=70)
    repayment = services.repayment_record(actor=officer, application=loan, amount=9_000_000)
    loan.refresh_from_db()
    response = client_for(officer).post(
        f"/api/v1/loans/{loan.pk}/repayments/{repayment.pk}/reverse/",
        {"reason": "x", "reference": "R", "version": loan.version - 1},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code == 409


def test_disbursement_reverse_refused_while_allocated():
    loan, officer = disbursed_loan(days_ago=70)
    services.repayment_record(actor=officer, application=loan, amount=9_000_000)
    disbursement = loan.disbursements.get()
    response = client_for(officer).post(
        f"/api/v1/loans/{loan.pk}/disbursements/{disbursement.pk}/reverse/",
        {"reason": "x", "reference": "R"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code == 409
    assert "تخصیص" in response.json()["detail"]


def test_payoff_quote_and_its_repayment_settle():
    loan, officer = disbursed_loan(days_ago=50, penalty_enabled=True)
    client = client_for(officer)
    quote = client.get(f"/api/v1/loans/{loan.pk}/payoff/")
    assert quote.status_code == 200
    data = quote.json()
    assert data["amount"] == data["principal"] + data["interest"] + data["penalty"] - data["credit"]
    assert "/" in data["on"]
    paid = client.post(
        f"/api/v1/loans/{loan.pk}/repayments/", {"amount": data["amount"]}, format="json"
    )
    assert paid.status_code == 201, paid.json()
    loan.refresh_from_db()
    assert loan.state == Application.State.SETTLED


def test_reschedule_preview_and_confirm_through_the_api():
    loan, officer = disbursed_loan(days_ago=40)
    client = client_for(officer)
    url = f"/api/v1/loans/{loan.pk}/reschedule/"
    preview = client.post(url, {"kind": "extend", "extra": 3}, format="json")
    assert preview.status_code == 200, preview.json()
    assert len(preview.json()["new"]) == 15
    refused = client.post(url, {"kind": "extend", "extra": 3, "confirm": True}, format="json")
    assert refused.status_code == 400  # no reason
    done = client.post(
        url, {"kind": "extend", "extra": 3, "confirm": True, "reason": "رکود"}, format="json"
    )
    assert done.status_code == 201, done.json()
    assert done.json()["number"] == 2
    versions = client.get(f"/api/v1/loans/{loan.pk}/schedule-versions/").json()
    assert [v["number"] for v in versions] == [2]
    undo = client.post(f"/api/v1/loans/{loan.pk}/schedule-versions/2/undo/", {}, format="json")
    assert undo.status_code == 200
    assert undo.json()["undone"] is True
    applicant = client_for(loan.applicant).post(url, {"kind": "extend", "extra": 3}, format="json")
    assert applicant.status_code == 403
