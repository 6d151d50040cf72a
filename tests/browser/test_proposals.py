"""Proposal journeys: an actor drafts and submits a proposal; guild staff screen it, bundle it
into a dossier and forward it; the governorate prints the dossier (Jalali dates, Persian
digits), evaluates and approves; the approved proposal appears on the public page. Guild
staff of another province cannot open it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from khooshe.accounts.models import Role
from khooshe.geo.models import County
from khooshe.persian.jalali import format_jalali
from khooshe.proposals.models import Proposal
from khooshe.proposals.tests.factories import OrganizationFactory, ProposalFactory
from tests.browser.test_accessibility import AXE, serious_violations


def _switch(page, login, username):
    page.context.clear_cookies()
    login(page, username)


def test_proposal_from_draft_to_approval(page, live_url, make_user, login):
    company = OrganizationFactory(name="شرکت کاسپین‌داده")
    make_user("actor1", role=Role.ACTOR, organization=company)
    make_user("guild02", role=Role.GUILD_STAFF, province="IR-02")
    make_user("guild03", role=Role.GUILD_STAFF, province="IR-03")
    make_user("gov02", role=Role.GOVERNORATE_STAFF, province="IR-02")
    sari = County.objects.get(province__code="IR-02", name="ساری")

    # The actor drafts and submits.
    login(page, "actor1")
    page.goto(f"{live_url}/proposals/mine/")
    page.click("#new-proposal")
    page.fill("#id_title", "سامانه بازار برخط مرکبات")
    page.fill("#id_problem", "باغداران قیمت روز را نمی‌دانند")
    page.fill("#id_solution", "بازار برخط و اپلیکیشن")
    page.select_option("#id_county", str(sari.pk))
    page.fill("#id_estimated_budget", "۲٬۵۰۰٬۰۰۰٬۰۰۰")
    page.fill("#id_duration_months", "۱۲")  # Persian digits, as a Persian keyboard types them
    page.click("#proposal-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("سامانه بازار برخط مرکبات")
    expect(page.locator("#estimated-budget")).to_contain_text("۲٬۵۰۰٬۰۰۰٬۰۰۰")
    page.click("button[data-action=submit]")
    expect(page.locator(".badge.state-submitted")).to_be_visible()
    proposal = Proposal.objects.get()
    detail = f"{live_url}/proposals/{proposal.pk}/"

    # Guild staff of another province: not found.
    _switch(page, login, "guild03")
    response = page.goto(detail)
    assert response.status == 404

    # Guild staff of Mazandaran screen and accept it, then bundle and forward a dossier.
    _switch(page, login, "guild02")
    page.goto(f"{live_url}/proposals/screening/")
    expect(page.locator("#proposal-table")).to_contain_text("سامانه بازار برخط مرکبات")
    page.goto(detail)
    page.click("button[data-action=start_screening]")
    expect(page.locator(".badge.state-screening")).to_be_visible()
    page.click("button[data-action=accept]")
    expect(page.locator(".badge.state-accepted")).to_be_visible()
    page.goto(f"{live_url}/proposals/dossiers/new/")
    page.fill("#id_title", "پرونده کشاورزی")
    page.fill("#id_cover_letter", "استاندار محترم، با سلام")
    page.check(f"input[name=proposals][value='{proposal.pk}']")
    page.click("#dossier-form button[type=submit]")
    expect(page.locator("#dossier-code")).to_contain_text("/۰۰۱")
    page.click("#forward-dossier")
    expect(page.locator("#dossier-forwarded")).to_be_visible()

    # The governorate prints the dossier, evaluates and approves.
    _switch(page, login, "gov02")
    proposal.refresh_from_db()
    page.goto(f"{live_url}/proposals/dossiers/{proposal.dossier_id}/")
    expect(page.locator("#dossier-forwarded")).to_have_text(
        format_jalali(timezone.localdate(proposal.dossier.forwarded_at), style="long")
    )
    expect(page.locator("#budget-total")).to_contain_text("۲٬۵۰۰٬۰۰۰٬۰۰۰")
    page.emulate_media(media="print")
    expect(page.locator("header.kh-header")).to_be_hidden()
    page.emulate_media(media="screen")
    page.goto(detail)
    page.click("button[data-action=start_evaluation]")
    expect(page.locator(".badge.state-under_evaluation")).to_be_visible()
    page.click("a[data-action=approve]")
    page.click("#transition-form button[type=submit]")  # without the budget: refused
    expect(page.locator("#transition-form")).to_contain_text("بودجه مصوب")
    page.fill("#id_approved_budget", "۲٬۰۰۰٬۰۰۰٬۰۰۰")
    page.fill("#id_note", "همسو با اولویت‌های استان")
    page.fill("#id_override_reason", "ارزیاب استان هنوز تعیین نشده است")
    page.click("#transition-form button[type=submit]")
    expect(page.locator(".badge.state-approved").first).to_be_visible()

    # Everyone sees the approved proposal and its approved budget.
    page.context.clear_cookies()
    page.goto(f"{live_url}/proposals/public/")
    expect(page.locator("#public-table")).to_contain_text("سامانه بازار برخط مرکبات")
    expect(page.locator("#public-table")).to_contain_text("۲٬۰۰۰٬۰۰۰٬۰۰۰")


def test_proposal_pages_have_no_serious_accessibility_violations(page, live_url, make_user, login):
    if not AXE.exists():
        pytest.skip("npm packages are not installed")
    company = OrganizationFactory()
    actor = make_user("actor2", role=Role.ACTOR, organization=company)
    make_user("guild2", role=Role.GUILD_STAFF, province="IR-02")
    proposal = ProposalFactory(created_by=actor, submitter_organization=company, state="submitted")
    pages = {
        "actor2": ["/proposals/mine/", "/proposals/new/", f"/proposals/{proposal.pk}/"],
        "guild2": [
            "/proposals/screening/",
            f"/proposals/{proposal.pk}/suggestions/",
            "/proposals/dossiers/new/",
        ],
    }
    for username, paths in pages.items():
        page.context.clear_cookies()
        login(page, username)
        for path in paths:
            page.goto(live_url + path)
            assert serious_violations(page) == [], path
    page.context.clear_cookies()
    for path in ("/proposals/public/", "/proposals/statistics/"):
        page.goto(live_url + path)
        assert serious_violations(page) == [], path
