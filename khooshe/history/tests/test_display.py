"""History values read as their fields read elsewhere: a loan application's and a proposal's
history, in Persian and in English, and what an anonymous reader is told."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from khooshe.accounts.models import Role
from khooshe.history.display import display_value, is_rial_field, reason_text
from khooshe.history.selectors import history_entries
from khooshe.loans import services as loans
from khooshe.loans.models import Application, EligibilityRule, Program
from khooshe.loans.tests.factories import application_for, fund_officer, staff
from khooshe.proposals.models import Proposal
from khooshe.registry.models import Organization

pytestmark = pytest.mark.django_db

LATIN_DIGITS = re.compile("[0-9]")


def _changes(entry) -> dict:
    return {change.field: change for change in entry.changes}


def _loan_history():
    application = application_for(amount_requested=4_000_000_000)
    EligibilityRule.objects.create(
        program=application.program,
        kind=EligibilityRule.Kind.ORGANIZATION_KIND,
        params={"kinds": ["company"]},
    )
    loans.application_submit(actor=application.applicant, application=application)
    loans.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    loans.application_approve(
        actor=staff(), application=application, amount=3_500_000_000, note="با مبلغ کمتر"
    )
    officer = fund_officer(application.program.fund)
    loans.application_sign(
        actor=officer, application=application, signed_on=datetime.date(2026, 6, 4)
    )
    return application


def test_a_loan_applications_history_reads_in_persian():
    application = _loan_history()
    entries = history_entries(application, viewer=None)
    signed, approved, reviewed, submitted = entries[0], entries[1], entries[2], entries[3]

    # A date as a Jalali date, not «۲۰۱۶-۰۶-۰۴».
    assert _changes(signed)["contract_signed_on"].new == "۱۴۰۵/۰۳/۱۴"
    assert signed.reason == "امضای قرارداد"
    # Money grouped with its unit, a choice by its label, the action by its name.
    approved_changes = _changes(approved)
    assert approved_changes["amount_approved"].new == "۳٬۵۰۰٬۰۰۰٬۰۰۰ ریال"
    assert approved_changes["state"].old == "در دست بررسی"
    assert approved_changes["state"].new == "تصویب‌شده"
    assert approved.reason == "تصویب: با مبلغ کمتر"
    # A time as a Jalali date and time in Tehran, with no seconds or microseconds.
    decided = approved_changes["decided_at"].new
    assert "ساعت" in decided
    assert not LATIN_DIGITS.search(decided)
    assert "." not in decided
    assert "+" not in decided
    # The eligibility results as a list of rules, each with its outcome and reason.
    eligibility = _changes(submitted)["eligibility"]
    assert eligibility.new_items
    assert eligibility.new_items[0].startswith("نوع سازمان: بله")
    assert "{" not in eligibility.new
    assert "passed" not in eligibility.new
    assert _changes(submitted)["eligibility_passed"].new == "بله"
    assert submitted.reason == "ارسال"
    assert reviewed.reason == "شروع بررسی"


def test_a_loan_applications_history_reads_in_english():
    application = _loan_history()
    with translation.override("en"):
        entries = history_entries(application, viewer=None)
        approved = _changes(entries[1])
        assert approved["amount_approved"].new == "3,500,000,000 rials"
        assert entries[1].reason == "Approve: با مبلغ کمتر"
        assert entries[2].reason == "Start review"
        assert _changes(entries[0])["contract_signed_on"].new == "1405/03/14"
        assert _changes(entries[3])["eligibility_passed"].new == "Yes"


def test_the_history_page_shows_the_formatted_values(client):
    application = _loan_history()
    client.force_login(staff())
    page = client.get(reverse("loans:application_history", args=[application.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "۳٬۵۰۰٬۰۰۰٬۰۰۰ ریال" in html
    assert "۱۴۰۵/۰۳/۱۴" in html
    assert "2026-06-04" not in html
    assert "۲۰۲۶-۰۶-۰۴" not in html
    assert "3500000000" not in html
    assert "۳۵۰۰۰۰۰۰۰۰" not in html
    assert "&#x27;passed&#x27;" not in html
    assert "'passed'" not in html
    assert 'class="list-unstyled mb-0 history-items"' in html


def test_values_by_field_type():
    assert display_value(Application, "eligibility_passed", False) == "خیر"
    assert display_value(Application, "credit", 12_500) == "۱۲٬۵۰۰ ریال"
    assert display_value(Application, "jobs_promised", 12) == "۱۲"
    assert display_value(Program, "annual_rate", Decimal("4.50")) == "۴٫۵"
    assert display_value(Program, "kind", "loan") == str(Program.Kind.LOAN.label)
    moment = datetime.datetime(2024, 6, 22, 4, 16, 5, 123456, tzinfo=datetime.UTC)
    assert display_value(Application, "submitted_at", moment) == "۲ تیر ۱۴۰۳، ساعت ۰۷:۴۶"
    assert display_value(Application, "submitted_at", None) == ""
    assert display_value(Program, "params_removed_long_ago", 5) == "۵"


def test_which_fields_hold_rials():
    fields = {f.name: f for f in Application._meta.get_fields() if hasattr(f, "verbose_name")}
    assert is_rial_field(Application, fields["amount_requested"])
    assert is_rial_field(Application, fields["credit"])
    assert not is_rial_field(Application, fields["jobs_promised"])
    assert is_rial_field(Proposal, Proposal._meta.get_field("estimated_budget"))
    assert not is_rial_field(Organization, Organization._meta.get_field("employees"))


def test_reasons_read_in_the_viewers_language():
    assert reason_text("") == ""
    with translation.override("en"):
        assert reason_text("تصویب") != "تصویب"
        assert reason_text("تصویب: با شرط").endswith(": با شرط")
        assert reason_text("یک یادداشت آزاد") == "یک یادداشت آزاد"
