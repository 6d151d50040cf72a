"""API shapes and status codes (400/401-403/404/409), the calculator against the engine,
scoping of the applications list, idempotent repayments."""

import datetime
from decimal import Decimal

import jdatetime
import pytest
from rest_framework.test import APIClient

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory
from khooshe.loans import services
from khooshe.loans.api import serializers as s
from khooshe.loans.forms import CalculatorForm
from khooshe.loans.models import Application, Program, Repayment
from khooshe.loans.schedule import TERM_FIELDS, GraceInterest, LoanTerms, Method, build_schedule
from khooshe.loans.tests.factories import (
    OrganizationFactory,
    PackageFactory,
    ProgramFactory,
    actor_for,
    application_for,
    county,
    fund_officer,
    province,
    staff,
)
from khooshe.registry.models import Person

pytestmark = pytest.mark.django_db
S = Application.State
TODAY = datetime.date.today()


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


CALC = {
    "amount": "۱٬۲۰۰٬۰۰۰٬۰۰۰",
    "annual_rate": "۴",
    "installments": "۳۶",
    "grace_months": "12",
    "grace_interest": "spread",
    "method": "annuity",
    "rounding": "1000",
    "disbursed_on": "۱۴۰۳/۰۶/۳۱",
}


def test_calculator_matches_engine_anonymous():
    response = client_for().post("/api/v1/loan-schedules/", CALC, format="json")
    assert response.status_code == 200
    body = response.json()
    on = jdatetime.date(1403, 6, 31).togregorian()
    engine = build_schedule(
        LoanTerms(
            amount=1_200_000_000,
            annual_rate=Decimal(4),
            installments=36,
            grace_months=12,
            grace_interest=GraceInterest.SPREAD,
            method=Method.ANNUITY,
            rounding=1000,
        ),
        on,
    )
    assert body["total_interest"] == engine.total_interest
    assert body["total_paid"] == engine.total_paid
    assert len(body["installments"]) == 36
    first = body["installments"][0]
    assert set(first) >= {
        "number",
        "due_date",
        "due_date_iso",
        "principal",
        "interest",
        "total",
        "balance",
    }
    assert first["due_date"] == "1404/07/30"
    assert first["due_date_iso"] == engine.installments[0].due_date.isoformat()
    assert [
        (i["principal"], i["interest"], i["total"], i["balance"]) for i in body["installments"]
    ] == [(i.principal, i.interest, i.total, i.balance) for i in engine.installments]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", "0"),
        ("amount", "abc"),
        ("annual_rate", "150"),
        ("installments", "0"),
        ("grace_months", "61"),
        ("grace_interest", "nope"),
        ("rounding", "7"),
        ("disbursed_on", "1403/13/01"),
    ],
)
def test_calculator_bad_parameter_answers_400_on_its_field(field, value):
    response = client_for().post("/api/v1/loan-schedules/", {**CALC, field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert response.json()[field][0]


def test_program_list_filters_and_detail():
    open_program = ProgramFactory()
    ProgramFactory(
        closes_on=TODAY - datetime.timedelta(days=1), opens_on=TODAY - datetime.timedelta(days=9)
    )
    east = ProgramFactory(province=None)
    east.provinces.set([east.provinces.model.objects.get(code="IR-03")])
    client = client_for()
    body = client.get("/api/v1/programs/", {"province": "IR-02", "open_now": "true"}).json()
    assert [p["id"] for p in body["results"]] == [open_program.pk]
    assert body["results"][0]["opens_on"].count("/") == 2
    body = client.get("/api/v1/programs/", {"province": "IR-03"}).json()
    assert [p["id"] for p in body["results"]] == [east.pk]
    detail = client.get(f"/api/v1/programs/{open_program.pk}/").json()
    assert detail["committed"] == 0
    assert detail["fund"]["id"] == open_program.fund_id
    assert client.get("/api/v1/programs/999999/").status_code == 404


def test_program_schedule_uses_program_parameters():
    program = ProgramFactory(grace_months=12, grace_interest="deferred")
    response = client_for().get(
        f"/api/v1/programs/{program.pk}/schedule/",
        {"amount": "500,000,000", "disbursed_on": "1403/12/30"},
    )
    assert response.status_code == 200
    engine = build_schedule(program.terms(500_000_000), jdatetime.date(1403, 12, 30).togregorian())
    assert response.json()["total_paid"] == engine.total_paid
    assert response.json()["installments"][0]["due_date"] == "1405/01/30"
    bad = client_for().get(f"/api/v1/programs/{program.pk}/schedule/", {"amount": "1"})
    assert bad.status_code == 400


def test_applications_are_scoped():
    mine = application_for(state=S.SUBMITTED)
    other = application_for(state=S.SUBMITTED)
    east_staff = staff(code="IR-03")
    client = client_for(mine.applicant)
    ids = [a["id"] for a in client.get("/api/v1/applications/").json()["results"]]
    assert ids == [mine.pk]
    assert client.get(f"/api/v1/applications/{other.pk}/").status_code == 404
    assert client.post(f"/api/v1/applications/{other.pk}/submit/").status_code == 404
    assert client_for(east_staff).get("/api/v1/applications/").json()["results"] == []
    province_staff = client_for(staff()).get("/api/v1/applications/").json()["results"]
    assert {a["id"] for a in province_staff} == {mine.pk, other.pk}
    officer = fund_officer(mine.program.fund)
    assert [
        a["id"] for a in client_for(officer).get("/api/v1/applications/").json()["results"]
    ] == [mine.pk]
    assert client_for().get("/api/v1/applications/").status_code == 401


def test_create_application_and_transition_codes():
    organization = OrganizationFactory()
    user = actor_for(organization)
    program = ProgramFactory()
    client = client_for(user)
    payload = {
        "program": program.pk,
        "organization": organization.pk,
        "amount_requested": "۸۰۰٬۰۰۰٬۰۰۰",
        "purpose": "مرکز داده روستایی",
        "county": organization.county_id,
        "sheba": "IR82 0540 1026 8002 0817 9090 02",
        "jobs_promised": 5,
    }
    bad = client.post("/api/v1/applications/", {**payload, "sheba": "IR000"}, format="json")
    assert bad.status_code == 400
    assert "sheba" in bad.json()
    response = client.post("/api/v1/applications/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft"
    assert body["amount_requested"] == 800_000_000
    assert "submit" in body["allowed_actions"]
    pk = body["id"]
    # another actor's organization: 403
    stranger = actor_for(OrganizationFactory())
    assert (
        client_for(stranger).post("/api/v1/applications/", payload, format="json").status_code
        == 403
    )
    assert client.post(f"/api/v1/applications/{pk}/approve/").status_code == 403
    assert client.post(f"/api/v1/applications/{pk}/submit/").status_code == 200
    assert client.post(f"/api/v1/applications/{pk}/submit/").status_code == 409
    decider = client_for(staff())
    assert decider.post(f"/api/v1/applications/{pk}/approve/").status_code == 409
    client_for(staff(Role.GUILD_STAFF)).post(f"/api/v1/applications/{pk}/review/")
    reject = decider.post(f"/api/v1/applications/{pk}/reject/", {"note": ""}, format="json")
    assert reject.status_code == 400
    assert "note" in reject.json()
    approve = decider.post(
        f"/api/v1/applications/{pk}/approve/",
        {"amount": "600,000,000", "note": "سقف"},
        format="json",
    )
    assert approve.status_code == 200
    assert approve.json()["amount_approved"] == 600_000_000
    history = client.get(f"/api/v1/applications/{pk}/history/")
    assert history.status_code == 200
    assert client.post(f"/api/v1/applications/{pk}/fly/").status_code == 404


def _disbursed(days_ago=70):
    application = application_for()
    services.application_submit(actor=application.applicant, application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    services.application_approve(actor=staff(), application=application)
    officer = fund_officer(application.program.fund)
    on = TODAY - datetime.timedelta(days=days_ago)
    services.application_sign(actor=officer, application=application, signed_on=on)
    services.disbursement_record(actor=officer, application=application, disbursed_on=on)
    return application, officer


def test_disburse_via_api_is_idempotent():
    application = application_for()
    services.application_submit(actor=application.applicant, application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    services.application_approve(actor=staff(), application=application)
    officer = fund_officer(application.program.fund)
    services.application_sign(actor=officer, application=application)
    client = client_for(officer)
    url = f"/api/v1/applications/{application.pk}/disburse/"
    first = client.post(url, {"amount": "400000000"}, format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    second = client.post(url, {"amount": "400000000"}, format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert application.disbursements.count() == 1


def test_loan_schedule_and_repayments_api():
    application, officer = _disbursed()
    client = client_for(officer)
    schedule = client.get(f"/api/v1/loans/{application.pk}/schedule/").json()
    assert len(schedule) == 12
    assert schedule[0]["days_late"] > 0
    assert schedule[0]["due_date"].startswith("14")
    url = f"/api/v1/loans/{application.pk}/repayments/"
    first = client.post(url, {"amount": "10٬000٬000"}, format="json", HTTP_IDEMPOTENCY_KEY="r-1")
    second = client.post(url, {"amount": "10٬000٬000"}, format="json", HTTP_IDEMPOTENCY_KEY="r-1")
    assert first.status_code == 201
    assert second.status_code == 201
    assert first.json() == second.json()
    assert Repayment.objects.filter(application=application).count() == 1
    listed = client.get(url).json()
    assert [r["id"] for r in listed] == [first.json()["id"]]
    # the applicant sees but cannot post; another fund's officer cannot see
    applicant = client_for(application.applicant)
    assert applicant.get(url).status_code == 200
    assert applicant.post(url, {"amount": "1000"}, format="json").status_code == 403
    stranger = client_for(fund_officer(ProgramFactory().fund))
    assert stranger.get(url).status_code == 404
    assert client.post(url, {"amount": "0"}, format="json").status_code == 400


def test_draft_is_not_a_loan():
    application = application_for()
    response = client_for(application.applicant).get(f"/api/v1/loans/{application.pk}/schedule/")
    assert response.status_code == 404


def test_anonymous_cannot_see_applications():
    application = application_for()
    assert client_for().get(f"/api/v1/applications/{application.pk}/").status_code == 401
    assert (
        client_for(UserFactory()).get(f"/api/v1/applications/{application.pk}/").status_code == 404
    )


def test_person_applies_as_themself_and_province_filter():
    user = UserFactory()
    Person.objects.create(first_name="مینا", last_name="رضایی", province=province(), user=user)
    program = ProgramFactory()
    client = client_for(user)
    response = client.post(
        "/api/v1/applications/",
        {
            "program": program.pk,
            "amount_requested": "300000000",
            "purpose": "فریلنسری از خانه برای مشتریان خارجی",
            "county": county().pk,
            "sheba": "IR820540102680020817909002",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["person"] is not None
    assert response.json()["organization"] is None
    stranger = client_for(UserFactory())
    no_person = stranger.post(
        "/api/v1/applications/",
        {
            "program": program.pk,
            "amount_requested": "300000000",
            "purpose": "x",
            "county": county().pk,
            "sheba": "IR820540102680020817909002",
        },
        format="json",
    )
    assert no_person.status_code == 400
    assert "organization" in no_person.json()
    services.application_submit(
        actor=user, application=Application.objects.get(pk=response.json()["id"])
    )
    province_staff = client_for(staff())
    assert (
        len(province_staff.get("/api/v1/applications/", {"province": "IR-02"}).json()["results"])
        == 1
    )
    assert (
        province_staff.get("/api/v1/applications/", {"province": "IR-03"}).json()["results"] == []
    )


def test_jobs_per_program_and_county():
    application, _officer = _disbursed()
    application.refresh_from_db()
    services.job_report_add(actor=application.applicant, application=application, jobs_created=1)
    services.job_report_add(actor=application.applicant, application=application, jobs_created=3)
    body = client_for().get(f"/api/v1/programs/{application.program_id}/jobs/").json()
    assert body["promised"] == application.jobs_promised
    assert body["created"] == 3  # the latest report counts, not the sum
    assert body["by_county"][0]["county_id"] == application.county_id


def test_drafts_stay_private_to_the_applicant():
    draft = application_for()
    province_staff = client_for(staff())
    assert province_staff.get(f"/api/v1/applications/{draft.pk}/").status_code == 404
    assert province_staff.get("/api/v1/applications/").json()["results"] == []
    services.application_submit(actor=draft.applicant, application=draft)
    assert province_staff.get(f"/api/v1/applications/{draft.pk}/").status_code == 200


def test_edit_with_stale_version_answers_409():
    application = application_for()
    client = client_for(application.applicant)
    url = f"/api/v1/applications/{application.pk}/"
    first = client.patch(url, {"version": 1, "jobs_promised": 6}, format="json")
    assert first.status_code == 200
    assert first.json()["version"] == 2
    stale = client.patch(url, {"version": 1, "jobs_promised": 9}, format="json")
    assert stale.status_code == 409
    other = client_for(actor_for(OrganizationFactory()))
    assert other.patch(url, {"jobs_promised": 1}, format="json").status_code == 404


def test_program_history_is_for_its_managers():
    program = ProgramFactory()
    url = f"/api/v1/programs/{program.pk}/history/"
    assert client_for().get(url).status_code == 401
    assert client_for(staff(code="IR-03")).get(url).status_code == 403
    response = client_for(staff()).get(url)
    assert response.status_code == 200
    assert response.json()["results"][0]["change_type"] in ("created", "changed")


def test_loan_history_endpoint():
    application, officer = _disbursed()
    response = client_for(officer).get(f"/api/v1/loans/{application.pk}/history/")
    assert response.status_code == 200
    assert response.json()["count"] >= 5


@pytest.mark.parametrize("method", ["annuity", "equal_principal", "flat"])
@pytest.mark.parametrize("grace", ["paid_monthly", "capitalized", "spread", "deferred", "waived"])
def test_calculator_every_method_and_grace_treatment_matches_engine(method, grace):
    payload = {**CALC, "method": method, "grace_interest": grace, "annual_rate": "۴٫۵"}
    body = client_for().post("/api/v1/loan-schedules/", payload, format="json").json()
    engine = build_schedule(
        LoanTerms(
            amount=1_200_000_000,
            annual_rate=Decimal("4.5"),
            installments=36,
            grace_months=12,
            grace_interest=GraceInterest(grace),
            method=Method(method),
            rounding=1000,
        ),
        jdatetime.date(1403, 6, 31).togregorian(),
    )
    assert [
        (i["due_date_iso"], i["principal"], i["interest"], i["total"], i["balance"])
        for i in body["installments"]
    ] == [
        (i.due_date.isoformat(), i.principal, i.interest, i.total, i.balance)
        for i in engine.installments
    ]
    assert body["total_interest"] == engine.total_interest


def test_calculator_zero_rate_iso_date_and_json_numbers():
    payload = {
        "amount": 1_200_000_000,
        "annual_rate": 0,
        "installments": 12,
        "disbursed_on": "2025-02-18",
    }
    body = client_for().post("/api/v1/loan-schedules/", payload, format="json").json()
    assert body["total_interest"] == 0
    assert {i["total"] for i in body["installments"]} == {100_000_000}
    assert body["installments"][0]["due_date"] == "1403/12/30"


def test_calculator_error_in_english():
    client = client_for()
    client.cookies["khooshe_language"] = "en"
    response = client.post("/api/v1/loan-schedules/", {**CALC, "installments": "0"}, format="json")
    assert response.status_code == 400
    assert response.json()["installments"] == [
        "The number of installments must be a whole number between 1 and 360."
    ]


def test_repayment_retried_without_key_but_same_reference_is_recorded_once():
    application, officer = _disbursed()
    client = client_for(officer)
    url = f"/api/v1/loans/{application.pk}/repayments/"
    payload = {"amount": "۲٬۵۰۰٬۰۰۰", "reference": "TRK-1403-0001"}
    first = client.post(url, payload, format="json")
    second = client.post(url, payload, format="json")
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert Repayment.objects.filter(application=application).count() == 1


def test_support_packages_api_first_come():
    package = PackageFactory(capacity=1)
    listed = client_for().get("/api/v1/support-packages/").json()["results"]
    assert [(p["id"], p["left"]) for p in listed] == [(package.pk, 1)]
    url = f"/api/v1/support-packages/{package.pk}/requests/"
    first_org, second_org = OrganizationFactory(), OrganizationFactory()
    first = client_for(actor_for(first_org)).post(
        url, {"organization": first_org.pk}, format="json"
    )
    assert first.status_code == 201
    assert first.json()["state"] == "allocated"
    second = client_for(actor_for(second_org)).post(
        url, {"organization": second_org.pk}, format="json"
    )
    assert second.json()["state"] == "waitlisted"
    stranger = client_for(actor_for(OrganizationFactory()))
    assert stranger.post(url, {"organization": first_org.pk}, format="json").status_code == 403
    assert client_for().post(url, {"organization": first_org.pk}, format="json").status_code == 401
    assert client_for().get(f"/api/v1/support-packages/{package.pk}/").json()["left"] == 0


def test_loan_terms_are_named_once():
    """The calculator's API, its page form and a program's API name the engine's terms."""
    assert set(s.LoanScheduleRequestSerializer().fields) == {*TERM_FIELDS, "disbursed_on"}
    assert set(CalculatorForm().fields) == {*TERM_FIELDS, "disbursed_on"}
    assert set(Program.TERM_FIELDS) <= set(s.ProgramSerializer.Meta.fields)
    assert tuple(name for name in TERM_FIELDS if name != "amount") == Program.TERM_FIELDS
