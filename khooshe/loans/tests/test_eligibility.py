"""Each eligibility rule, passing and failing, with its reason."""

import datetime

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.loans import services
from khooshe.loans.eligibility import evaluate
from khooshe.loans.models import EligibilityRule
from khooshe.loans.tests.factories import (
    ApplicationFactory,
    OrganizationFactory,
    ProgramFactory,
    application_for,
    fund_officer,
    membership,
    staff,
)
from khooshe.registry.models import Capability, Organization, Sector

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def result(kind, params=None, **application_kwargs):
    program = ProgramFactory()
    EligibilityRule.objects.create(program=program, kind=kind, params=params or {})
    application = ApplicationFactory(program=program, **application_kwargs)
    (only,) = evaluate(application)
    assert only.kind == kind
    assert only.reason
    return only.passed, application


def test_organization_kind():
    passed, _ = result("organization_kind", {"kinds": ["company", "startup"]})
    assert passed
    startup_only = {"kinds": ["knowledge_based"]}
    passed, _ = result("organization_kind", startup_only)
    assert not passed


def test_guild_membership_valid_on_application_date():
    organization = OrganizationFactory()
    passed, _ = result("guild_member", organization=organization)
    assert not passed
    membership(organization, expires_on=TODAY - datetime.timedelta(days=1))
    passed, _ = result("guild_member", organization=organization)
    assert not passed
    other = OrganizationFactory()
    membership(other, expires_on=TODAY)
    passed, _ = result("guild_member", organization=other)
    assert passed


def test_knowledge_based_certificate():
    passed, _ = result("knowledge_based")
    assert not passed
    organization = OrganizationFactory(
        kind=Organization.Kind.KNOWLEDGE_BASED,
        kb_certificate_number="KB-1",
        kb_certificate_expires_on=TODAY + datetime.timedelta(days=90),
    )
    passed, _ = result("knowledge_based", organization=organization)
    assert passed


def test_rural_reads_registry_locality():
    passed, _ = result("rural", organization=OrganizationFactory(locality="rural"))
    assert passed
    passed, _ = result("rural", organization=OrganizationFactory(locality="urban"))
    assert not passed


def test_province_rule():
    passed, _ = result("province", {"provinces": ["IR-02"]})
    assert passed
    passed, _ = result("province", {"provinces": ["IR-03"]})
    assert not passed


def test_sector_or_capability():
    sector = Sector.objects.create(slug="agri-test", name="کشاورزی")
    capability = Capability.objects.create(slug="web-test", name="وب", path="web-test")
    organization = OrganizationFactory()
    passed, _ = result("sector", {"sectors": ["agri-test"]}, organization=organization)
    assert not passed
    organization.capabilities.add(capability)
    passed, _ = result(
        "sector",
        {"sectors": ["agri-test"], "capabilities": ["web-test"]},
        organization=organization,
    )
    assert passed
    organization.sectors.add(sector)
    passed, _ = result("sector", {"sectors": ["agri-test"]}, organization=organization)
    assert passed


def test_minimum_jobs_promised():
    passed, _ = result("min_jobs", {"min_jobs": 3}, jobs_promised=3)
    assert passed
    passed, _ = result("min_jobs", {"min_jobs": 3}, jobs_promised=2)
    assert not passed


def test_no_overdue_installment_on_another_loan(django_user_model):
    organization = OrganizationFactory()
    passed, _ = result("no_overdue", organization=organization)
    assert passed
    # Give the organization a disbursed loan with overdue installments.
    loan = application_for(organization=organization)
    services.application_submit(actor=loan.applicant, application=loan)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=loan)
    services.application_approve(actor=staff(), application=loan)
    officer = fund_officer(loan.program.fund)
    on = TODAY - datetime.timedelta(days=70)
    services.application_sign(actor=officer, application=loan, signed_on=on)
    services.disbursement_record(actor=officer, application=loan, disbursed_on=on)
    passed, _ = result("no_overdue", organization=organization)
    assert not passed


def test_all_rules_are_evaluated_rule_by_rule():
    program = ProgramFactory()
    for kind in ("rural", "min_jobs"):
        EligibilityRule.objects.create(program=program, kind=kind, params={"min_jobs": 10})
    application = application_for(program=program)
    results = evaluate(application)
    assert [(r.kind, r.passed) for r in results] == [("rural", True), ("min_jobs", False)]


def test_rules_on_vouched_fields_read_only_verified_values():
    """The probe: the guild verifies an urban company; its owner sets it rural and adds a
    knowledge-based certificate through the API — the loan is not eligible until the guild
    accepts the change; an unverified organization fails these rules whatever it says."""
    organization = OrganizationFactory(locality="urban")
    owner, guild = UserFactory(), UserFactory()
    grant(owner, Role.ACTOR, organization=organization)
    grant(guild, Role.GUILD_STAFF, province=organization.province.code)
    program = ProgramFactory()
    EligibilityRule.objects.create(program=program, kind="rural")
    EligibilityRule.objects.create(program=program, kind="knowledge_based")

    def api(user):
        api_client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api_client

    url = f"/api/v1/organizations/{organization.pk}/"
    change = {"locality": "rural", "kb_certificate_number": "KB-9", "name": "نام تازه"}
    assert api(owner).patch(url, change, format="json").status_code == 200
    application = ApplicationFactory(program=program, organization=organization)
    assert [r.passed for r in evaluate(application)] == [False, False]
    assert api(guild).post(f"{url}changes/accept/").status_code == 200
    organization.refresh_from_db()
    application = ApplicationFactory(program=program, organization=organization)
    assert [r.passed for r in evaluate(application)] == [True, True]
    organization.verification = Organization.Verification.REVOKED
    organization.save()
    (rural, _kb) = evaluate(ApplicationFactory(program=program, organization=organization))
    assert not rural.passed
    assert "تأییدشده نیست" in rural.reason


def test_a_program_can_require_verification_alone():
    passed, _ = result("verified")  # the factory's organization is verified
    assert passed
    unverified = OrganizationFactory(verification=Organization.Verification.UNVERIFIED)
    passed, application = result("verified", organization=unverified)
    assert not passed
    (only,) = evaluate(application)
    assert "تأییدشده نیست" in only.reason
