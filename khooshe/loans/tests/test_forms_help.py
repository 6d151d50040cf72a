"""Forms that help: the package request chooses the actor's only organization, the
disbursement form leaves once the loan is paid out, and its refusal reads in one script."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import grant
from khooshe.loans import services
from khooshe.loans.tests.factories import (
    OrganizationFactory,
    PackageFactory,
    actor_for,
    application_for,
    fund_officer,
    staff,
)

pytestmark = pytest.mark.django_db


def _signed():
    application = application_for()
    services.application_submit(actor=application.applicant, application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    services.application_approve(actor=staff(), application=application)
    officer = fund_officer(application.program.fund)
    services.application_sign(actor=officer, application=application)
    return application, officer


def _actions(client, application):
    page = client.get(reverse("loans:application_detail", args=[application.pk]))
    assert page.status_code == 200
    return page, [f["action"] for f in page.context["action_forms"]]


def test_package_request_preselects_the_actors_only_organization(client):
    package = PackageFactory()
    organization = OrganizationFactory()
    client.force_login(actor_for(organization))
    page = client.get(reverse("loans:package_request", args=[package.pk]))
    assert page.context["form"]["organization"].value() == organization.pk
    assert f'<option value="{organization.pk}" selected>' in page.content.decode()


def test_package_request_asks_which_when_the_actor_represents_several(client):
    package = PackageFactory()
    first, second = OrganizationFactory(), OrganizationFactory()
    user = actor_for(first)
    grant(user, Role.ACTOR, organization=second)
    client.force_login(user)
    page = client.get(reverse("loans:package_request", args=[package.pk]))
    assert page.context["form"]["organization"].value() is None


def test_disbursement_form_is_gone_once_the_loan_is_paid_out(client):
    application, officer = _signed()
    client.force_login(officer)
    _page, actions = _actions(client, application)
    assert "disburse" in actions
    half = application.amount_approved // 2
    services.disbursement_record(actor=officer, application=application, amount=half)
    _page, actions = _actions(client, application)
    assert "disburse" in actions  # a second tranche is still due
    services.disbursement_record(actor=officer, application=application)
    page, actions = _actions(client, application)
    assert "disburse" not in actions
    assert 'id="action-disburse"' not in page.content.decode()


def test_disbursement_refusal_uses_one_digit_script(client):
    application, officer = _signed()
    client.force_login(officer)
    url = reverse("loans:application_action", args=[application.pk, "disburse"])
    page = client.get(reverse("loans:application_detail", args=[application.pk]))
    (disburse,) = [f for f in page.context["action_forms"] if f["action"] == "disburse"]
    key = disburse["form"].initial["idempotency_key"]
    response = client.post(
        url,
        {"disburse-amount": "۹۹۹٬۹۹۹٬۹۹۹٬۹۹۹", "disburse-idempotency_key": key},
        follow=True,
    )
    text = " ".join(str(m) for m in response.context["messages"])
    assert "بین ۱ و ۱٬۰۰۰٬۰۰۰٬۰۰۰ ریال" in text
    assert not re.search("[0-9]", text)


def test_disbursement_refusal_in_english_uses_latin_digits():
    application, officer = _signed()
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            services.disbursement_record(actor=officer, application=application, amount=10**12)
        text = " ".join(refused.value.messages)
    assert "1,000,000,000" in text
    assert not re.search("[۰-۹]", text)
