"""Amounts with business limits: a repayment no larger than what is still owed, an application
and an approval no larger than the program's ceiling, a program's ceiling within its budget,
and the public calculator's bounds — each refused with a Persian message (400 in the API)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from khooshe.accounts.models import Role
from khooshe.loans import services
from khooshe.loans.forms import CalculatorForm
from khooshe.loans.models import Application, Repayment
from khooshe.loans.schedule import MAX_AMOUNT
from khooshe.loans.tests.factories import (
    OrganizationFactory,
    ProgramFactory,
    actor_for,
    application_for,
    fund_officer,
    staff,
)
from khooshe.persian.money import format_rial

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _disbursed():
    application = application_for()
    services.application_submit(actor=application.applicant, application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    services.application_approve(actor=staff(), application=application)
    officer = fund_officer(application.program.fund)
    on = TODAY - datetime.timedelta(days=40)
    services.application_sign(actor=officer, application=application, signed_on=on)
    services.disbursement_record(actor=officer, application=application, disbursed_on=on)
    application.refresh_from_db()
    return application, officer


@pytest.mark.parametrize("extra", [1, 10**18])
def test_api_refuses_a_repayment_above_what_is_owed(extra):
    application, officer = _disbursed()
    owed = services.amount_owed(application)
    url = f"/api/v1/loans/{application.pk}/repayments/"
    response = client_for(officer).post(url, {"amount": owed + extra}, format="json")
    assert response.status_code == 400
    message = str(response.json()["amount"])
    if owed + extra < 2**63:
        assert format_rial(owed) in message
    assert not Repayment.objects.filter(application=application).exists()
    response = client_for(officer).post(url, {"amount": owed}, format="json")
    assert response.status_code == 201, response.json()
    application.refresh_from_db()
    assert application.state == Application.State.SETTLED


def test_api_refuses_an_application_above_the_programs_ceiling():
    organization = OrganizationFactory()
    program = ProgramFactory(max_amount=2_000_000_000)
    payload = {
        "program": program.pk,
        "organization": organization.pk,
        "amount_requested": 2_000_000_001,
        "purpose": "مرکز داده روستایی",
        "county": organization.county_id,
        "sheba": "IR820540102680020817909002",
        "jobs_promised": 2,
    }
    client = client_for(actor_for(organization))
    response = client.post("/api/v1/applications/", payload, format="json")
    assert response.status_code == 400
    assert "۲٬۰۰۰٬۰۰۰٬۰۰۰" in str(response.json()["amount_requested"])
    response = client.post(
        "/api/v1/applications/", {**payload, "amount_requested": 2_000_000_000}, format="json"
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = client.patch(
        f"/api/v1/applications/{pk}/", {"amount_requested": 9_000_000_000}, format="json"
    )
    assert response.status_code == 400


def test_an_approval_above_the_ceiling_is_refused():
    program = ProgramFactory(max_amount=2_000_000_000)
    application = application_for(program=program, amount_requested=2_000_000_000)
    program.max_amount = 1_500_000_000  # the ceiling was lowered after the application
    program.save(update_fields=["max_amount"])
    services.application_submit(actor=application.applicant, application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    with pytest.raises(ValidationError) as error:
        services.application_approve(actor=staff(), application=application)
    assert "amount" in error.value.message_dict
    services.application_approve(
        actor=staff(), application=application, amount=1_500_000_000, note="سقف برنامه"
    )
    application.refresh_from_db()
    assert application.amount_approved == 1_500_000_000


def test_a_programs_ceiling_is_within_its_budget():
    program = ProgramFactory(budget=1_000_000_000, max_amount=1_000_000_000)
    with pytest.raises(ValidationError) as error:
        services.program_update(
            actor=staff(), program=program, max_amount=1_000_000_001, min_amount=100_000_000
        )
    assert "max_amount" in error.value.message_dict


def test_the_public_calculator_bounds():
    terms = {
        "annual_rate": "4",
        "installments": "12",
        "grace_months": "0",
        "grace_interest": "paid_monthly",
        "method": "annuity",
        "rounding": "1",
        "disbursed_on": "1404/01/15",
    }
    assert CalculatorForm({**terms, "amount": "1000000000"}).is_valid()
    for amount in (str(MAX_AMOUNT + 1), "1" + "0" * 30, "0", "-5"):
        form = CalculatorForm({**terms, "amount": amount})
        assert not form.is_valid(), amount
        assert "amount" in form.errors, amount
    api = APIClient()
    body = {k: v for k, v in terms.items() if k != "disbursed_on"}
    for amount in (MAX_AMOUNT + 1, 10**30, 0):
        response = api.post("/api/v1/loan-schedules/", {**body, "amount": amount}, format="json")
        assert response.status_code == 400, amount
        assert "amount" in response.json()
    response = api.post("/api/v1/loan-schedules/", {**body, "amount": MAX_AMOUNT}, format="json")
    assert response.status_code == 200
