"""Guarantees, collateral and documents: submitting waits for the program's documents,
signing waits for the required cover, settlement releases, default lists for follow-up, and
all of it is private to the applicant, the province's staff and the fund."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.core.attachments import can_view_attachment
from khooshe.core.models import Attachment
from khooshe.loans import selectors, services
from khooshe.loans.models import Application, Guarantee
from khooshe.loans.permissions import can_view_cover
from khooshe.loans.services import cover
from khooshe.loans.tests.factories import ProgramFactory, application_for, fund_officer, staff
from khooshe.persian.money import format_rial

pytestmark = pytest.mark.django_db
S = Application.State
TODAY = datetime.date.today()
NATIONAL_CODE = "0084575948"  # a valid check digit
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def approved(**program_kwargs):
    program = ProgramFactory(**program_kwargs)
    application = application_for(program=program)
    for requirement in program.document_requirements.all():
        services.document_add(
            actor=application.applicant,
            application=application,
            requirement=requirement,
            uploaded_file=pdf(),
        )
    services.application_submit(actor=application.applicant, application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    services.application_approve(actor=staff(), application=application)
    return application, fund_officer(program.fund)


def test_submitting_refused_while_a_required_document_is_missing():
    program = ProgramFactory()
    services.program_set_documents(
        actor=None, program=program, names=["طرح کسب‌وکار", " پروانه کسب ", "طرح کسب‌وکار"]
    )
    plan, licence = program.document_requirements.all()
    assert (plan.name, licence.name) == ("طرح کسب‌وکار", "پروانه کسب")
    application = application_for(program=program)
    services.document_add(
        actor=application.applicant, application=application, requirement=plan, uploaded_file=pdf()
    )
    with pytest.raises(ValidationError) as refused:
        services.application_submit(actor=application.applicant, application=application)
    assert "پروانه کسب" in str(refused.value)
    assert "طرح کسب‌وکار" not in str(refused.value)
    application.refresh_from_db()
    assert application.state == S.DRAFT
    services.document_add(
        actor=application.applicant,
        application=application,
        requirement=licence,
        uploaded_file=pdf("licence.pdf"),
    )
    services.application_submit(actor=application.applicant, application=application)
    application.refresh_from_db()
    assert application.state == S.SUBMITTED
    # once submitted, the applicant no longer changes the documents
    with pytest.raises(PermissionDenied):
        services.document_add(
            actor=application.applicant,
            application=application,
            requirement=plan,
            uploaded_file=pdf(),
        )


def test_document_upload_checks_type_program_and_uploader():
    program = ProgramFactory()
    (requirement,) = services.program_set_documents(actor=None, program=program, names=["طرح"])
    application = application_for(program=program)
    with pytest.raises(ValidationError) as refused:
        services.document_add(
            actor=application.applicant,
            application=application,
            requirement=requirement,
            uploaded_file=SimpleUploadedFile("plan.pdf", b"not a pdf at all", "application/pdf"),
        )
    assert "نوع پرونده" in str(refused.value)
    assert application.documents.count() == 0  # nothing half-written
    other = services.program_set_documents(actor=None, program=ProgramFactory(), names=["x"])[0]
    with pytest.raises(ValidationError):
        services.document_add(
            actor=application.applicant,
            application=application,
            requirement=other,
            uploaded_file=pdf(),
        )
    with pytest.raises(PermissionDenied):
        services.document_add(
            actor=UserFactory(),
            application=application,
            requirement=requirement,
            uploaded_file=pdf(),
        )


def test_a_requirement_with_files_is_not_dropped():
    program = ProgramFactory()
    (requirement,) = services.program_set_documents(actor=None, program=program, names=["طرح"])
    application = application_for(program=program)
    services.document_add(
        actor=application.applicant,
        application=application,
        requirement=requirement,
        uploaded_file=pdf(),
    )
    with pytest.raises(ValidationError):
        services.program_set_documents(actor=None, program=program, names=["پروانه"])


def test_guarantee_fields_by_kind_and_national_code_validated():
    application, officer = approved()
    with pytest.raises(ValidationError) as refused:
        services.guarantee_add(
            actor=officer,
            application=application,
            kind="guarantor",
            amount=100_000_000,
            guarantor_name="علی رضایی",
            national_code="0084575949",
            employer="اداره پست",
            relationship="برادر",
        )
    assert "national_code" in refused.value.message_dict
    guarantor = services.guarantee_add(
        actor=officer,
        application=application,
        kind="guarantor",
        amount=100_000_000,
        guarantor_name="علی رضایی",
        national_code="۰۰۸۴۵۷۵۹۴۸",
        employer="اداره پست",
        relationship="برادر",
        serial="ignored",
    )
    assert guarantor.national_code == NATIONAL_CODE
    assert guarantor.serial == ""
    with pytest.raises(ValidationError) as refused:
        services.guarantee_add(actor=officer, application=application, kind="cheque", amount=5)
    assert "serial" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.guarantee_add(actor=officer, application=application, kind="deed", amount=5)
    assert "registration_number" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.guarantee_add(
            actor=officer, application=application, kind="cheque", amount=0, serial="1"
        )
    with pytest.raises(PermissionDenied):
        services.guarantee_add(
            actor=application.applicant,
            application=application,
            kind="cheque",
            amount=5,
            serial="1",
        )
    assert guarantor.history.first().history_user == officer


def test_contract_signing_waits_for_the_required_cover():
    application, officer = approved(required_cover_percent=120)
    required = 1_200_000_000  # 120% of the approved 1,000,000,000
    assert cover.cover_required(application) == required
    services.guarantee_add(
        actor=officer,
        application=application,
        kind="promissory_note",
        amount=700_000_000,
        serial="س-۱۲۳۴",
    )
    with pytest.raises(ValidationError) as refused:
        services.application_sign(actor=officer, application=application)
    message = str(refused.value)
    assert format_rial(required) in message
    assert format_rial(500_000_000) in message  # what is left
    application.refresh_from_db()
    assert application.state == S.APPROVED
    services.guarantee_add(
        actor=officer,
        application=application,
        kind="deed",
        amount=500_000_000,
        registration_number="۱۲۳۴/۵۶",
    )
    services.application_sign(actor=officer, application=application)
    application.refresh_from_db()
    assert application.state == S.CONTRACT_SIGNED


def test_cover_rounds_up_and_zero_percent_needs_nothing():
    application, officer = approved(required_cover_percent=0)
    services.application_sign(actor=officer, application=application)
    application.refresh_from_db()
    assert application.state == S.CONTRACT_SIGNED
    application.amount_approved = 333
    application.program.required_cover_percent = 50
    assert cover.cover_required(application) == 167


def test_settlement_releases_and_default_lists_for_follow_up():
    application, officer = approved()
    cheque = services.guarantee_add(
        actor=officer, application=application, kind="cheque", amount=100, serial="77"
    )
    on = TODAY - datetime.timedelta(days=120)
    services.application_sign(actor=officer, application=application, signed_on=on)
    services.disbursement_record(actor=officer, application=application, disbursed_on=on)
    services.loan_refresh(application=application)  # 3 installments overdue: default
    application.refresh_from_db()
    assert application.state == S.DEFAULTED
    assert list(selectors.guarantees_to_follow_up(viewer=officer)) == [cheque]
    assert list(selectors.guarantees_to_follow_up(viewer=staff())) == []
    services.repayment_record(
        actor=officer, application=application, amount=services.amount_owed(application)
    )
    application.refresh_from_db()
    cheque.refresh_from_db()
    assert application.state == S.SETTLED
    assert (cheque.state, cheque.released_on) == (Guarantee.State.RELEASED, TODAY)
    assert list(selectors.guarantees_to_follow_up(viewer=officer)) == []


def test_documents_and_guarantees_private_to_applicant_province_staff_and_fund():
    program = ProgramFactory()
    (requirement,) = services.program_set_documents(actor=None, program=program, names=["طرح"])
    application = application_for(program=program)
    document = services.document_add(
        actor=application.applicant,
        application=application,
        requirement=requirement,
        uploaded_file=pdf(),
    )
    attachment = Attachment.objects.get(object_id=document.pk)
    officer = fund_officer(program.fund)
    national = UserFactory()
    grant(national, Role.NATIONAL_STAFF)
    admin = UserFactory()
    grant(admin, Role.ADMIN)
    guild = staff(Role.GUILD_STAFF)
    elsewhere = staff(code="IR-07")
    # a draft: the applicant only
    for user, sees in ((application.applicant, True), (officer, False), (guild, False)):
        assert can_view_cover(user, application) is sees
    services.application_submit(actor=application.applicant, application=application)
    grid = {
        application.applicant: True,
        officer: True,
        guild: True,
        staff(): True,
        admin: True,
        national: False,
        elsewhere: False,
        UserFactory(): False,
    }
    for user, sees in grid.items():
        assert can_view_cover(user, application) is sees, user
        assert can_view_attachment(user, attachment) is sees, user
        listed = Application.objects.filter(
            selectors.cover_visibility(user), pk=application.pk
        ).exists()
        assert listed is sees


def test_cover_page_upload_and_guarantee_forms(client, django_assert_max_num_queries):
    program = ProgramFactory(required_cover_percent=10)
    (requirement,) = services.program_set_documents(actor=None, program=program, names=["طرح"])
    application = application_for(program=program)
    url = reverse("loans:application_cover", args=[application.pk])
    client.force_login(application.applicant)
    response = client.post(
        url,
        {
            "form": "document",
            "requirement": requirement.pk,
            "file": SimpleUploadedFile("a.pdf", b"plain text", "application/pdf"),
        },
    )
    assert response.status_code == 400
    response = client.post(url, {"form": "document", "requirement": requirement.pk, "file": pdf()})
    assert response.status_code == 302
    assert application.documents.count() == 1
    assert client.post(url, {"form": "guarantee", "kind": "cheque"}).status_code == 403
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert "a.pdf" not in response.content.decode()
    assert "plan.pdf" in response.content.decode()
    services.application_submit(actor=application.applicant, application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    services.application_approve(actor=staff(), application=application)
    officer = fund_officer(program.fund)
    client.force_login(officer)
    response = client.post(
        url,
        {
            "form": "guarantee",
            "kind": "guarantor",
            "amount": "۱۰۰٬۰۰۰٬۰۰۰",
            "guarantor_name": "مریم احمدی",
            "national_code": "0084575949",
            "employer": "دانشگاه",
            "relationship": "همسر",
        },
    )
    assert response.status_code == 400
    assert application.guarantees.count() == 0
    posted = {
        "form": "guarantee",
        "kind": "guarantor",
        "amount": "۱۰۰٬۰۰۰٬۰۰۰",
        "guarantor_name": "مریم احمدی",
        "national_code": NATIONAL_CODE,
        "employer": "دانشگاه",
        "relationship": "همسر",
        "idempotency_key": "k-1",
    }
    assert client.post(url, posted).status_code == 302
    assert client.post(url, posted).status_code == 302  # a resent form records nothing
    assert application.guarantees.count() == 1
    for n in range(3):
        services.guarantee_add(
            actor=officer, application=application, kind="cheque", amount=10, serial=str(n)
        )
    with django_assert_max_num_queries(20):
        response = client.get(url)
    body = response.content.decode()
    assert "مریم احمدی" in body
    assert "۱۰۰٬۰۰۰٬۰۰۰" in body
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_cover_api(client):
    program = ProgramFactory(required_cover_percent=50)
    (requirement,) = services.program_set_documents(actor=None, program=program, names=["طرح"])
    application = application_for(program=program)
    documents_url = f"/api/v1/applications/{application.pk}/documents/"
    guarantees_url = f"/api/v1/applications/{application.pk}/guarantees/"
    client.force_login(application.applicant)
    response = client.post(documents_url, {"requirement": requirement.pk, "file": pdf()})
    assert response.status_code == 201, response.content
    (item,) = response.json()
    assert item["provided"] is True
    assert item["name"] == "طرح"
    response = client.post(documents_url, {"requirement": 0, "file": pdf()})
    assert response.status_code == 400
    services.application_submit(actor=application.applicant, application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    services.application_approve(actor=staff(), application=application)
    payload = {"kind": "cheque", "amount": "۵۰۰٬۰۰۰٬۰۰۰", "serial": "12"}
    assert client.post(guarantees_url, payload).status_code == 403
    client.force_login(fund_officer(program.fund))
    response = client.post(
        guarantees_url, payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY="g1"
    )
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == 500_000_000
    response = client.get(guarantees_url)
    assert response.json()["required"] == 500_000_000
    assert response.json()["held"] == 500_000_000
    response = client.post(
        f"/api/v1/applications/{application.pk}/sign/", {}, content_type="application/json"
    )
    assert response.status_code == 200
    client.force_login(UserFactory())
    assert client.get(guarantees_url).status_code == 404
    assert client.get(documents_url).status_code == 404
