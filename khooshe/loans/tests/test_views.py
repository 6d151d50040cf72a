"""Pages render, refuse strangers, keep their query budgets; forms act through services."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory
from khooshe.core.attachments import attachments_of
from khooshe.core.desk import desk_for
from khooshe.geo.models import Province
from khooshe.loans import forms as loans_forms
from khooshe.loans import services
from khooshe.loans.models import Application, Program, Repayment
from khooshe.loans.tests.factories import (
    ApplicationFactory,
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
from khooshe.persian.jalali import format_jalali
from khooshe.registry.models import Organization, Person

pytestmark = pytest.mark.django_db
S = Application.State
TODAY = datetime.date.today()


def loan(days_ago=70):
    application = application_for()
    services.application_submit(actor=application.applicant, application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    services.application_approve(actor=staff(), application=application)
    officer = fund_officer(application.program.fund)
    on = TODAY - datetime.timedelta(days=days_ago)
    services.application_sign(actor=officer, application=application, signed_on=on)
    services.disbursement_record(actor=officer, application=application, disbursed_on=on)
    return application, officer


def test_index_lists_programs_within_budget(client, django_assert_max_num_queries):
    for _ in range(5):
        ProgramFactory()
    with django_assert_max_num_queries(8):
        response = client.get(reverse("loans:index"))
    assert response.status_code == 200
    assert response.content.decode().count("card h-100") == 5
    partial = client.get(reverse("loans:index"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert b"<html" not in partial.content
    assert "HX-Request" in partial["Vary"]


def test_index_restored_by_the_back_button_is_the_whole_page(client):
    """htmx with ``historyCacheSize: 0`` asks the server again on the back button, with
    HX-Request and HX-History-Restore-Request: that is a whole page, not the list's fragment."""
    ProgramFactory()
    restored = client.get(
        reverse("loans:index"),
        {"open": "0"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/programs/?open=0",
    )
    assert restored.status_code == 200
    assert b"<html" in restored.content
    assert "card h-100" in restored.content.decode()


def test_calculator_with_persian_digits(client):
    response = client.get(
        reverse("loans:calculator"),
        {
            "amount": "۱٬۰۰۰٬۰۰۰٬۰۰۰",
            "annual_rate": "۴",
            "installments": "۱۲",
            "grace_months": "۱۲",
            "grace_interest": "paid_monthly",
            "method": "annuity",
            "rounding": "1",
            "disbursed_on": "۱۴۰۳/۰۶/۳۱",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "schedule-result" in body
    assert "۱۴۰۳/۰۷/۳۰" in body  # first grace installment, clamped to Mehr's 30th
    assert "تومان" in body
    partial = client.get(
        reverse("loans:calculator"),
        {
            "amount": "x",
            "annual_rate": "4",
            "installments": "12",
            "disbursed_on": "1403/01/01",
            "grace_interest": "waived",
            "method": "flat",
            "rounding": "1",
        },
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
    )
    assert b"<html" not in partial.content
    assert "alert-warning" in partial.content.decode()


def test_program_detail_shows_grace_comparison(client, django_assert_max_num_queries):
    program = ProgramFactory(grace_months=12)
    PackageFactory(program=program)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("loans:program_detail", args=[program.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("<tr") >= 6
    assert "grace-comparison" in response.content.decode()


def test_apply_and_submit_through_pages(client):
    organization = OrganizationFactory()
    user = actor_for(organization)
    program = ProgramFactory()
    client.force_login(user)
    response = client.post(
        reverse("loans:application_create", args=[program.pk]),
        {
            "organization": organization.pk,
            "amount_requested": "۵۰۰٬۰۰۰٬۰۰۰",
            "purpose": "توسعه نرم‌افزار کشاورزی",
            "county": organization.county_id,
            "sheba": "IR820540102680020817909002",
            "jobs_promised": "۳",
        },
    )
    application = Application.objects.get(applicant=user)
    assert response.status_code == 302
    assert application.amount_requested == 500_000_000
    assert application.jobs_promised == 3
    page = client.get(reverse("loans:application_detail", args=[application.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("loans:application_action", args=[application.pk, "submit"]), {"submit-note": ""}
    )
    application.refresh_from_db()
    assert application.state == S.SUBMITTED


def test_out_of_order_action_shows_message(client):
    application = application_for(state=S.SUBMITTED)
    client.force_login(staff())
    response = client.post(
        reverse("loans:application_action", args=[application.pk, "approve"]), follow=True
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.state == S.SUBMITTED


def test_another_actor_gets_404(client):
    application = application_for()
    client.force_login(actor_for(OrganizationFactory()))
    assert client.get(reverse("loans:application_detail", args=[application.pk])).status_code == 404
    assert (
        client.post(
            reverse("loans:application_action", args=[application.pk, "submit"])
        ).status_code
        == 404
    )
    client.force_login(staff(code="IR-03"))
    assert client.get(reverse("loans:application_detail", args=[application.pk])).status_code == 404


def test_application_list_budget_does_not_grow_with_rows(client, django_assert_max_num_queries):
    user = staff()
    for _ in range(3):
        ApplicationFactory(state=S.SUBMITTED)
    client.force_login(user)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("loans:application_list"), {"scope": "all"})
    for _ in range(9):
        ApplicationFactory(state=S.SUBMITTED)
    # the shell (session, grants, every app's desk count, notifications) is included
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("loans:application_list"), {"scope": "all"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 12


def test_statement_repayment_form_is_idempotent(client, django_assert_max_num_queries):
    application, officer = loan()
    client.force_login(officer)
    # The statement also shows the bucket history, reversals and waivers: one query each.
    with django_assert_max_num_queries(19):
        page = client.get(reverse("loans:loan_statement", args=[application.pk]))
    assert page.status_code == 200
    key = page.context["form"].initial["idempotency_key"]
    data = {"amount": "۱۰٬۰۰۰٬۰۰۰", "idempotency_key": key}
    first = client.post(reverse("loans:loan_statement", args=[application.pk]), data)
    second = client.post(reverse("loans:loan_statement", args=[application.pk]), data)
    assert first.status_code == second.status_code == 302
    assert Repayment.objects.filter(application=application).count() == 1
    # the applicant sees the statement but no form; another fund's officer gets 404
    client.force_login(application.applicant)
    assert (
        client.get(reverse("loans:loan_statement", args=[application.pk])).context["form"] is None
    )
    client.force_login(fund_officer(ProgramFactory().fund))
    assert client.get(reverse("loans:loan_statement", args=[application.pk])).status_code == 404


def test_fund_desk_and_exports(client, django_assert_max_num_queries):
    application, officer = loan()
    client.force_login(officer)
    # The desk's sections: overdue installments, loans by bucket of days overdue, defaulted
    # loans' guarantees, interest and penalty apart — a fixed number of queries each.
    with django_assert_max_num_queries(23):
        response = client.get(reverse("loans:fund_desk"))
    assert response.status_code == 200
    assert "overdue-title" in response.content.decode()
    csv = client.get(reverse("loans:portfolio_export", args=[application.program_id, "csv"]))
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("شماره,متقاضی")
    assert "/" in text.splitlines()[1]  # Jalali date
    xlsx = client.get(reverse("loans:portfolio_export", args=[application.program_id, "xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    client.force_login(fund_officer(ProgramFactory().fund))
    assert (
        client.get(
            reverse("loans:portfolio_export", args=[application.program_id, "csv"])
        ).status_code
        == 403
    )


def test_desk_sections():
    _application, officer = loan()
    (section,) = [s for s in desk_for(officer) if s.key == "loans.overdue"]
    assert section.count >= 2
    draft = application_for()
    (section,) = [s for s in desk_for(draft.applicant) if s.key == "loans.applications"]
    assert section.count == 1


def test_job_report_with_evidence(client):
    application, _officer = loan()
    client.force_login(application.applicant)
    pdf = SimpleUploadedFile(
        "list.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
        content_type="application/pdf",
    )
    response = client.post(
        reverse("loans:job_report_add", args=[application.pk]),
        {"jobs_created": "۲", "reported_on": "", "note": "", "evidence": pdf},
    )
    assert response.status_code == 302
    # reported_on is required by the form: nothing recorded without it
    assert application.job_reports.count() == 0
    pdf.seek(0)
    client.post(
        reverse("loans:job_report_add", args=[application.pk]),
        {
            "jobs_created": "۲",
            "reported_on": format_jalali(TODAY),
            "note": "دو نفر",
            "evidence": pdf,
        },
    )
    report = application.job_reports.get()
    assert report.jobs_created == 2
    assert len(list(attachments_of(report))) == 1


def test_package_first_come_then_waitlist(client):
    package = PackageFactory(capacity=1)
    first_org, second_org = OrganizationFactory(), OrganizationFactory()
    for organization in (first_org, second_org):
        client.force_login(actor_for(organization))
        client.post(
            reverse("loans:package_request", args=[package.pk]), {"organization": organization.pk}
        )
    states = list(package.requests.order_by("id").values_list("state", flat=True))
    assert states == ["allocated", "waitlisted"]


def test_program_create_by_governorate_staff(client):
    user = staff()
    fund = ProgramFactory().fund
    client.force_login(user)
    response = client.post(
        reverse("loans:program_create"),
        {
            "name": "وام آزمایشی",
            "kind": "loan",
            "fund": fund.pk,
            "budget": "۱۰٬۰۰۰٬۰۰۰٬۰۰۰",
            "opens_on": "1403/01/01",
            "closes_on": "1410/01/01",
            "min_amount": "100000000",
            "max_amount": "2000000000",
            "annual_rate": "۴",
            "installments": "۳۶",
            "grace_months": "۱۲",
            "grace_interest": "spread",
            "method": "annuity",
            "rounding": "1000",
            "screening": "guild",
            "default_after": "3",
            "is_published": "on",
            "provinces": [Province.objects.get(code="IR-02").pk],
            "rule_kinds": ["guild_member", "min_jobs"],
            "rule_min_jobs": "۲",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    program = Program.objects.get(name="وام آزمایشی")
    assert program.province.code == "IR-02"
    assert {r.kind: r.params for r in program.rules.all()}["min_jobs"] == {"min_jobs": 2}
    client.force_login(staff(code="IR-03"))
    assert client.get(reverse("loans:program_edit", args=[program.pk])).status_code == 403


def test_calculator_in_english(client):
    client.cookies["khooshe_language"] = "en"
    response = client.get(reverse("loans:calculator"))
    assert "Loan calculator" in response.content.decode()


def test_disburse_form_twice_with_same_key_pays_once(client):
    application = application_for()
    services.application_submit(actor=application.applicant, application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    services.application_approve(actor=staff(), application=application)
    officer = fund_officer(application.program.fund)
    services.application_sign(actor=officer, application=application)
    client.force_login(officer)
    page = client.get(reverse("loans:application_detail", args=[application.pk]))
    (disburse,) = [f for f in page.context["action_forms"] if f["action"] == "disburse"]
    key = disburse["form"].initial["idempotency_key"]
    data = {"disburse-amount": "۴۰۰٬۰۰۰٬۰۰۰", "disburse-idempotency_key": key}
    url = reverse("loans:application_action", args=[application.pk, "disburse"])
    client.post(url, data)
    client.post(url, data)
    assert application.disbursements.count() == 1
    assert application.disbursements.get().amount == 400_000_000


def test_guild_staff_desk_lists_submissions_to_screen():
    application = application_for()
    services.application_submit(actor=application.applicant, application=application)
    (section,) = [s for s in desk_for(staff(Role.GUILD_STAFF)) if s.key == "loans.applications"]
    assert section.count == 1
    assert not [
        s for s in desk_for(staff(Role.GUILD_STAFF, "IR-03")) if s.key == "loans.applications"
    ]


def test_transition_notifies_applicant_by_mail(mailoutbox, django_capture_on_commit_callbacks):
    application = application_for()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(actor=application.applicant, application=application)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [application.applicant.email]


def test_staff_adds_and_edits_a_package(client):
    program = ProgramFactory(kind="package", fund=None)
    client.force_login(staff())
    response = client.post(
        reverse("loans:package_create", args=[program.pk]),
        {
            "name": "صندلی آموزش امنیت",
            "kind": "training",
            "capacity": "۳۰",
            "allocation": "first_come",
        },
    )
    assert response.status_code == 302
    package = program.packages.get()
    assert package.capacity == 30
    response = client.post(
        reverse("loans:package_edit", args=[program.pk, package.pk]),
        {
            "name": "صندلی آموزش امنیت",
            "kind": "training",
            "capacity": "۲۰",
            "allocation": "decision",
            "version": package.version,
        },
    )
    package.refresh_from_db()
    assert package.capacity == 20
    assert package.allocation == "decision"
    client.force_login(staff(code="IR-03"))
    assert client.get(reverse("loans:package_create", args=[program.pk])).status_code == 403


def test_program_history_for_managers_only(client):
    program = ProgramFactory()
    client.force_login(staff())
    assert client.get(reverse("loans:program_history", args=[program.pk])).status_code == 200
    client.force_login(staff(code="IR-03"))
    assert client.get(reverse("loans:program_history", args=[program.pk])).status_code == 403


def test_person_applies_through_the_page(client):
    user = UserFactory()
    Person.objects.create(first_name="مینا", last_name="رضایی", province=province(), user=user)
    program = ProgramFactory()
    client.force_login(user)
    response = client.post(
        reverse("loans:application_create", args=[program.pk]),
        {
            "organization": "",
            "amount_requested": "۳۰۰٬۰۰۰٬۰۰۰",
            "purpose": "کار از خانه",
            "county": county().pk,
            "sheba": "IR820540102680020817909002",
            "jobs_promised": "۱",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get(applicant=user)
    assert application.person.user == user
    assert application.organization is None
    client.force_login(UserFactory())
    assert client.get(reverse("loans:application_create", args=[program.pk])).status_code == 403


def test_application_detail_budget_for_a_loan(client, django_assert_max_num_queries):
    application, officer = loan(days_ago=100)
    client.force_login(officer)
    client.get(reverse("loans:application_detail", args=[application.pk]))  # warm caches
    with django_assert_max_num_queries(25):
        response = client.get(reverse("loans:application_detail", args=[application.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "statement-table" in body
    assert "روز تأخیر" in body


def test_package_request_delivered_twice_on_the_page_shows_the_refusal(client):
    package = PackageFactory(capacity=1)
    organization = OrganizationFactory()
    client.force_login(actor_for(organization))
    client.post(
        reverse("loans:package_request", args=[package.pk]), {"organization": organization.pk}
    )
    request = package.requests.get()
    client.force_login(staff())
    url = reverse("loans:package_request_decide", args=[request.pk, "deliver"])
    first = client.post(url, {"note": "میز ۴"}, follow=True)
    assert first.redirect_chain == [
        (reverse("loans:program_detail", args=[package.program_id]), 302)
    ]
    request.refresh_from_db()
    assert request.state == "delivered"
    second = client.post(url, {"note": "دوباره"}, follow=True)
    assert second.status_code == 200
    assert "ممکن نیست" in second.content.decode()  # «ثبت تحویل» is not possible when delivered
    request.refresh_from_db()
    assert request.delivery_note == "میز ۴"
    # a decision after delivery is out of order too; an unknown decision is no page at all
    allocate = client.post(
        reverse("loans:package_request_decide", args=[request.pk, "allocate"]), follow=True
    )
    assert "ممکن نیست" in allocate.content.decode()
    unknown = reverse("loans:package_request_decide", args=[request.pk, "withdraw"])
    assert client.post(unknown).status_code == 404


def test_refused_forms_answer_400_or_409(client):
    program = ProgramFactory(kind="package", fund=None)
    client.force_login(staff())
    invalid = client.post(
        reverse("loans:package_create", args=[program.pk]),
        {"name": "", "kind": "training", "capacity": "۰", "allocation": "first_come"},
    )
    assert invalid.status_code == 400
    package = PackageFactory(program=program)
    fields = {"name": "ب", "kind": "training", "capacity": "۳", "allocation": "first_come"}
    stale = client.post(
        reverse("loans:package_edit", args=[program.pk, package.pk]),
        {**fields, "version": package.version - 1},
    )
    assert stale.status_code == 409
    application, officer = loan()
    client.force_login(officer)
    refused = client.post(
        reverse("loans:loan_statement", args=[application.pk]),
        {"amount": "۱۰٬۰۰۰", "paid_on": "1300/01/01"},
    )
    assert refused.status_code == 400


def test_no_loans_form_renders_a_number_input():
    """Browsers drop Persian digits typed into ``type=number``: every numeric field of the
    loans forms is a text input with ``inputmode=numeric``."""
    program = ProgramFactory()
    forms_ = [
        loans_forms.CalculatorForm(),
        loans_forms.ApplicationForm(organizations=Organization.objects.none()),
        loans_forms.TransitionForm(),
        loans_forms.RepaymentForm(),
        loans_forms.JobReportForm(),
        loans_forms.PackageRequestForm(organizations=Organization.objects.none()),
        loans_forms.ProgramForm(instance=program),
        loans_forms.PackageForm(),
    ]
    for form in forms_:
        for name, field in form.fields.items():
            assert getattr(field.widget, "input_type", None) != "number", (type(form), name)
        assert 'type="number"' not in str(form)
