"""The public loan calculator in a real browser: Persian digits typed, schedule computed
(to the Rial, as the engine does), recomputed in place by htmx, printable; and an actor's
application journey."""

import re
from decimal import Decimal
from pathlib import Path

import jdatetime
from playwright.sync_api import expect

from khooshe.accounts.models import Role
from khooshe.loans.models import EligibilityRule
from khooshe.loans.schedule import GraceInterest, LoanTerms, Method, build_schedule
from khooshe.loans.tests.factories import OrganizationFactory, PackageFactory, ProgramFactory
from khooshe.persian.money import format_number
from tests.acceptance.test_issue5_loans import reference

WAIT = 15_000  # ms: the live server shares a busy machine with other test runs


def _engine():
    return build_schedule(
        LoanTerms(
            amount=1_200_000_000,
            annual_rate=Decimal(4),
            installments=36,
            grace_months=12,
            grace_interest=GraceInterest.SPREAD,
            method=Method.ANNUITY,
            rounding=1000,
        ),
        jdatetime.date(1403, 6, 31).togregorian(),
    )


def _fill_calculator(page):
    page.locator("#id_amount").press_sequentially("۱٬۲۰۰٬۰۰۰٬۰۰۰")
    page.locator("#id_annual_rate").press_sequentially("۴")
    page.locator("#id_installments").press_sequentially("۳۶")
    page.locator("#id_grace_months").fill("")
    page.locator("#id_grace_months").press_sequentially("۱۲")
    page.select_option("#id_grace_interest", "spread")
    page.select_option("#id_method", "annuity")
    page.select_option("#id_rounding", "1000")
    page.locator("#id_disbursed_on").fill("")
    page.locator("#id_disbursed_on").press_sequentially("۱۴۰۳/۰۶/۳۱")
    page.keyboard.press("Escape")


def test_calculator_with_persian_digits_typed(page, live_url, transactional_db):
    engine = _engine()
    page.goto(f"{live_url}/programs/calculator/")
    for field in ("amount", "annual_rate", "installments"):
        page.locator(f"#id_{field}").fill("")
    _fill_calculator(page)
    page.click("#calculate")
    result = page.locator("#schedule-result")
    expect(result).to_be_visible(timeout=WAIT)
    expect(page.locator("#total-interest")).to_contain_text(
        format_number(engine.total_interest), timeout=WAIT
    )
    expect(page.locator("#total-paid")).to_contain_text(
        format_number(engine.total_paid), timeout=WAIT
    )
    expect(page.locator("#total-paid")).to_contain_text("تومان", timeout=WAIT)
    rows = page.locator("#schedule-result tbody tr")
    expect(rows).to_have_count(36, timeout=WAIT)
    # disbursed 1403/06/31, 12 months' grace → first installment on 1404/07/30 (Mehr has 30 days)
    expect(rows.first).to_contain_text("۱۴۰۴/۰۷/۳۰", timeout=WAIT)
    expect(rows.first).to_contain_text(format_number(engine.installments[0].total), timeout=WAIT)
    expect(rows.last).to_contain_text(format_number(engine.installments[-1].total), timeout=WAIT)
    expect(page.locator("[data-print]")).to_be_visible(timeout=WAIT)


def test_calculator_recomputes_in_place(page, live_url, transactional_db):
    page.goto(f"{live_url}/programs/calculator/")
    for field in ("amount", "annual_rate", "installments"):
        page.locator(f"#id_{field}").fill("")
    _fill_calculator(page)
    page.click("#calculate")
    expect(page.locator("#schedule-result tbody tr")).to_have_count(36, timeout=WAIT)
    page.evaluate("window.__kept = true")  # survives only if the page is not reloaded
    page.locator("#id_installments").fill("")
    page.locator("#id_installments").press_sequentially("۲۴")
    page.locator("#id_installments").dispatch_event("change")
    expect(page.locator("#schedule-result tbody tr")).to_have_count(24, timeout=WAIT)
    assert page.evaluate("window.__kept === true")
    # a bad amount shows the field's Persian message, in place
    page.locator("#id_amount").fill("۱۲,۵")
    page.locator("#id_amount").dispatch_event("change")
    expect(page.locator("#results .alert-warning")).to_be_visible(timeout=WAIT)


def test_actor_applies_and_sees_eligibility(page, live_url, make_user, login):
    organization = OrganizationFactory(locality="rural")
    program = ProgramFactory()
    EligibilityRule.objects.create(program=program, kind="rural")
    make_user("sara", role=Role.ACTOR, organization=organization, first_name="سارا")
    login(page, "sara")
    page.goto(f"{live_url}/programs/{program.pk}/apply/")
    page.locator("#id_amount_requested").press_sequentially("۵۰۰٬۰۰۰٬۰۰۰")
    page.fill("#id_purpose", "مرکز خدمات نرم‌افزاری روستا")
    page.select_option("#id_county", str(organization.county_id))
    page.fill("#id_sheba", "IR82 0540 1026 8002 0817 9090 02")
    page.locator("#id_jobs_promised").fill("")
    page.locator("#id_jobs_promised").press_sequentially("۳")
    page.click("main form button[type=submit]")
    expect(page.locator("#eligibility")).to_contain_text("روستایی", timeout=WAIT)
    page.click("#action-submit ~ * button, form[action$='/submit/'] button")
    expect(page.locator("#application-state")).to_have_text("ارسال‌شده", timeout=WAIT)


def test_loan_pages_have_no_serious_accessibility_violations(page, live_url, transactional_db):
    axe = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.exists():
        return
    program = ProgramFactory(grace_months=12)
    PackageFactory()
    paths = [
        "/programs/",
        f"/programs/{program.pk}/",
        "/programs/calculator/?amount=1000000000&annual_rate=4&installments=12&grace_months=12"
        "&grace_interest=spread&method=annuity&rounding=1&disbursed_on=1403/12/30",
    ]
    for path in paths:
        page.goto(live_url + path)
        page.evaluate(axe.read_text(encoding="utf-8"))
        violations = page.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
            ".filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))"
        )
        assert violations == [], path


def test_calculator_arabic_indic_digits_match_an_independent_reference(
    page, live_url, transactional_db
):
    """Arabic-Indic amount, Persian decimal rate, equal principal with 3 months' grace paid
    monthly, rounding 10,000, disbursed on day 30 before a common Esfand — compared, row by
    row, with the acceptance tests' Fraction/jdatetime reference."""
    expected = reference(
        987_654_321,
        "18.5",
        24,
        3,
        "paid_monthly",
        "equal_principal",
        10_000,
        jdatetime.date(1403, 11, 30),
    )
    fa = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    page.goto(f"{live_url}/programs/calculator/")
    for field in ("amount", "annual_rate", "installments", "grace_months", "disbursed_on"):
        page.locator(f"#id_{field}").fill("")
    page.locator("#id_amount").press_sequentially("٩٨٧٬٦٥٤٬٣٢١")
    page.locator("#id_annual_rate").press_sequentially("۱۸٫۵")
    page.locator("#id_installments").press_sequentially("۲۴")
    page.locator("#id_grace_months").press_sequentially("۳")
    page.select_option("#id_grace_interest", "paid_monthly")
    page.select_option("#id_method", "equal_principal")
    page.select_option("#id_rounding", "10000")
    page.locator("#id_disbursed_on").press_sequentially("۱۴۰۳/۱۱/۳۰")
    page.keyboard.press("Escape")
    page.click("#calculate")
    rows = page.locator("#schedule-result tbody tr")
    expect(rows).to_have_count(len(expected), timeout=WAIT)
    texts = rows.all_inner_texts()
    for line, text in zip(expected, texts, strict=True):
        assert line["due_date"].translate(fa) in text
        assert format_number(line["total"]) in text
        assert format_number(line["interest"]) in text
    assert "۱۴۰۳/۱۲/۳۰" in texts[0]  # leap Esfand 1403 has its 30th
    assert "۱۴۰۴/۱۲/۲۹" in texts[12]  # day 30 clamped to common Esfand 1404
    expect(page.locator("#total-interest")).to_contain_text(
        format_number(sum(line["interest"] for line in expected)), timeout=WAIT
    )


def test_programs_list_back_button_restores_the_whole_page(page, live_url, transactional_db):
    """The filter swaps the list in place and pushes its URL; leaving for a program and
    pressing back makes htmx (no history cache) ask the server again with the history-restore
    headers: the page comes back whole — header, filters and list — not a bare fragment."""
    ProgramFactory(name="برنامه باز")
    page.goto(f"{live_url}/programs/")
    page.select_option("#f-open", "0")
    expect(page).to_have_url(re.compile(r"/programs/\?open=0"), timeout=WAIT)
    page.get_by_role("link", name="برنامه باز").click()
    expect(page.locator("h1")).to_have_text("برنامه باز", timeout=WAIT)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/programs/\?open=0"), timeout=WAIT)
    expect(page.locator("h1")).to_have_text("برنامه‌های حمایتی", timeout=WAIT)
    expect(page.locator("#f-open")).to_have_value("0", timeout=WAIT)
    expect(page.locator("#results .card")).to_have_count(1, timeout=WAIT)
    expect(page.locator("nav").first).to_be_visible()
