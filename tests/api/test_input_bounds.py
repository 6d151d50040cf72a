"""The requests the fuzzing of issue 17 found answering 500, each with the code it now gets:
a path id that is not a number (404), a number past 64 bits in a filter or a body (400, in the
request's language), a repayment above what is owed, an absurd amount in the calculator."""

import datetime

import pytest
from rest_framework.test import APIClient

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.loans import services as loan_services
from khooshe.loans.models import Application
from khooshe.loans.tests.factories import ProgramFactory, application_for, fund_officer, staff
from khooshe.registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
HUGE = 99999999999999999999999
TODAY = datetime.date.today()


@pytest.fixture
def guild_client():
    user = UserFactory()
    grant(user, Role.GUILD_STAFF, province="IR-02")
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organizations/abc/",
        "/api/v1/organizations/abc/history/",
        "/api/v1/people/abc/",
        "/api/v1/clusters/1.5/",
        "/api/v1/proposals/abc/",
        "/api/v1/proposals/abc/transitions/",
        "/api/v1/dossiers/abc/ranking/",
        "/api/v1/applications/abc/",
        "/api/v1/loans/abc/schedule/",
        "/api/v1/programs/abc/",
        "/api/v1/commitments/abc/updates/",
        f"/api/v1/organizations/{HUGE}/",
    ],
)
def test_a_path_id_that_is_not_a_whole_number_is_404(guild_client, path):
    assert guild_client.get(path).status_code == 404


def test_a_filter_past_64_bits_is_400_in_the_request_language(guild_client):
    OrganizationFactory()
    response = guild_client.get(f"/api/v1/organizations/?county={HUGE}")
    assert response.status_code == 400
    persian = str(response.json())
    english = str(
        guild_client.get(f"/api/v1/organizations/?county={HUGE}", HTTP_ACCEPT_LANGUAGE="en").json()
    )
    assert persian != english
    assert "less than or equal" in english


def test_cluster_members_past_64_bits_is_400(guild_client):
    response = guild_client.post(
        "/api/v1/clusters/",
        {"name": "خوشه آزمون", "province": "IR-02", "members": [HUGE]},
        format="json",
    )
    assert response.status_code == 400
    assert "members" in response.json()


def test_the_calculator_refuses_an_absurd_amount():
    payload = {"amount": str(10**30), "annual_rate": "4", "installments": "12"}
    response = APIClient().post("/api/v1/loan-schedules/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["amount"] == [
        "مبلغ وام نمی‌تواند بیش از ۱٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال باشد."
    ]
    payload["amount"] = str(10**16)
    response = APIClient().post(
        "/api/v1/loan-schedules/", payload, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["amount"] == [
        "The loan amount cannot be more than 1,000,000,000,000,000 rials."
    ]


def _disbursed_loan():
    program = ProgramFactory()
    application = application_for(program=program)
    loan_services.application_submit(actor=application.applicant, application=application)
    loan_services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    loan_services.application_approve(actor=staff(), application=application)
    officer = fund_officer(program.fund)
    on = TODAY - datetime.timedelta(days=40)
    loan_services.application_sign(actor=officer, application=application, signed_on=on)
    loan_services.disbursement_record(actor=officer, application=application, disbursed_on=on)
    application.refresh_from_db()
    return application, officer


@pytest.mark.parametrize("amount", [9_220_000_000_000_000_000, HUGE])
def test_a_repayment_above_what_is_owed_is_400_and_settles_nothing(amount):
    application, officer = _disbursed_loan()
    client = APIClient()
    client.force_authenticate(officer)
    response = client.post(
        f"/api/v1/loans/{application.pk}/repayments/", {"amount": str(amount)}, format="json"
    )
    assert response.status_code == 400
    assert "amount" in response.json()
    application.refresh_from_db()
    assert application.state == Application.State.DISBURSED
    assert application.repayments.count() == 0


def test_the_token_endpoint_answers_a_list_body_with_400():
    response = APIClient().post("/api/v1/auth/token/", [None, None], format="json")
    assert response.status_code == 400
