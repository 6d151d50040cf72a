"""Persian digits in every numeric field: typed in Chromium, as a Persian keyboard types them,
they reach the saved record.

Three journeys submit real pages end to end — the organization's edit page («۱۹» employees),
the proposal form («۴» expected jobs, its budget and duration) and a loan application (its
amount and promised jobs). Every other numeric field
of every form (discovered by iterating the forms, as the no-``type="number"`` test does, so a
new field is covered without a list to keep) is rendered by its own widget into a page in
Chromium, typed into with Persian digits, and what the browser then submits is cleaned by
the field: the number must come back exactly. A ``type="number"`` input would hand over an
empty string there, which is how «۱۹» employees used to save nothing.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from django import forms
from playwright.sync_api import expect

from khooshe.accounts.models import Role
from khooshe.geo.models import County
from khooshe.loans.models import Application
from khooshe.loans.tests.factories import OrganizationFactory as LoanOrganizationFactory
from khooshe.loans.tests.factories import ProgramFactory
from khooshe.persian.forms import PersianDecimalField, PersianIntegerField, RialField
from khooshe.proposals.models import Proposal
from khooshe.registry.models import Organization
from khooshe.registry.tests.factories import OrganizationFactory
from tests.integration.test_no_number_inputs import _load_form_modules, _subclasses

NUMERIC = (PersianIntegerField, PersianDecimalField, RialField)
FA = str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹٫")


def numeric_fields() -> list[tuple[str, forms.Field]]:
    """Every visible numeric field of every form of the project, by ``module.Form.field``."""
    _load_form_modules()
    found = []
    for form_class in sorted(_subclasses(forms.BaseForm), key=lambda c: c.__qualname__):
        fields = dict(form_class.base_fields)
        with contextlib.suppress(Exception):
            fields.update(form_class().fields)
        for name, field in fields.items():
            if isinstance(field, NUMERIC) and not field.widget.is_hidden:
                found.append((f"{form_class.__module__}.{form_class.__qualname__}.{name}", field))
    return found


def _sample(field: forms.Field):
    """A value the field accepts, within its bounds."""
    low = getattr(field, "min_value", None)
    high = getattr(field, "max_value", None)
    value = 7 if isinstance(field, PersianDecimalField) else 19
    if isinstance(field, RialField):
        value = 1_500_000
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    if isinstance(field, PersianDecimalField):
        return Decimal(value) + Decimal("0.5") if high is None or value + 1 <= high else value
    return int(value)


def test_the_forms_have_numeric_fields_to_check():
    names = [name for name, _ in numeric_fields()]
    assert "khooshe.registry.forms.OrganizationForm.employees" in names
    assert "khooshe.proposals.forms.ProposalForm.expected_jobs" in names
    assert "khooshe.loans.forms.ApplicationForm.amount_requested" in names
    assert len(names) >= 40


def test_every_numeric_field_takes_persian_digits_typed_in_chromium(page):
    fields = numeric_fields()
    html = "".join(
        f'<p><label for="f{i}">{name}</label>{field.widget.render(f"f{i}", None, {"id": f"f{i}"})}</p>'
        for i, (name, field) in enumerate(fields)
    )
    page.set_content(
        f'<!DOCTYPE html><html lang="fa" dir="rtl"><body><form>{html}</form></body></html>'
    )
    failures = []
    for i, (name, field) in enumerate(fields):
        expected = _sample(field)
        typed = str(expected).translate(FA)
        locator = page.locator(f"#f{i}")
        assert locator.get_attribute("type") != "number", name
        locator.click()
        locator.press_sequentially(typed)
        submitted = locator.input_value()
        try:
            cleaned = field.clean(submitted)
        except forms.ValidationError as error:
            failures.append(f"{name}: {typed!r} → {submitted!r}: {error.messages}")
            continue
        if cleaned != expected:
            failures.append(f"{name}: {typed!r} → {submitted!r} → {cleaned!r}, not {expected!r}")
    assert failures == []


def test_organization_edit_saves_nineteen_employees_typed_in_persian(
    page, live_url, make_user, login
):
    firm = OrganizationFactory(name="شرکت ارقام فارسی", employees=None)
    make_user("digits-actor", role=Role.ACTOR, organization=firm)
    login(page, "digits-actor")
    page.goto(f"{live_url}/registry/organizations/{firm.pk}/edit/")
    page.fill("#id_employees", "")
    page.locator("#id_employees").press_sequentially("۱۹")
    page.click("#save")
    page.wait_for_load_state("networkidle")
    firm.refresh_from_db()
    assert firm.employees == 19
    assert Organization.objects.get(pk=firm.pk).employees == 19


def test_proposal_form_saves_four_expected_jobs_typed_in_persian(page, live_url, make_user, login):
    company = OrganizationFactory(name="شرکت طرح ارقام")
    make_user("digits-proposer", role=Role.ACTOR, organization=company)
    sari = County.objects.get(province__code="IR-02", name="ساری")
    login(page, "digits-proposer")
    page.goto(f"{live_url}/proposals/new/")
    page.fill("#id_title", "طرح با ارقام فارسی")
    page.fill("#id_problem", "مسئله")
    page.fill("#id_solution", "راه‌حل")
    page.select_option("#id_county", str(sari.pk))
    page.fill("#id_estimated_budget", "")
    page.locator("#id_estimated_budget").press_sequentially("۱۲۰۰۰۰۰۰۰")
    page.fill("#id_duration_months", "")
    page.locator("#id_duration_months").press_sequentially("۱۸")
    page.fill("#id_expected_jobs", "")
    page.locator("#id_expected_jobs").press_sequentially("۴")
    page.click("#proposal-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("طرح با ارقام فارسی")
    proposal = Proposal.objects.get(title="طرح با ارقام فارسی")
    assert proposal.expected_jobs == 4
    assert proposal.duration_months == 18
    assert proposal.estimated_budget == 120_000_000


def test_loan_application_saves_the_amount_and_jobs_typed_in_persian(
    page, live_url, make_user, login
):
    organization = LoanOrganizationFactory()
    program = ProgramFactory()
    make_user("digits-applicant", role=Role.ACTOR, organization=organization)
    login(page, "digits-applicant")
    page.goto(f"{live_url}/programs/{program.pk}/apply/")
    page.fill("#id_amount_requested", "")
    page.locator("#id_amount_requested").press_sequentially("۳۰۰٬۰۰۰٬۰۰۰")
    page.fill("#id_purpose", "توسعه خدمات")
    page.select_option("#id_county", str(organization.county_id))
    page.fill("#id_sheba", "IR82 0540 1026 8002 0817 9090 02")
    page.fill("#id_jobs_promised", "")
    page.locator("#id_jobs_promised").press_sequentially("۵")
    page.click("main form button[type=submit]")
    expect(page.locator("#eligibility")).to_be_visible(timeout=15_000)
    application = Application.objects.get(program=program)
    assert application.amount_requested == 300_000_000
    assert application.jobs_promised == 5


pytestmark = pytest.mark.browser
