"""Forms that help, in the browser: capability multi-selects are searchable (Tom Select,
served from our static files, started by a static script under the strict CSP, right to
left), a click adds an option without clearing the ones chosen before, the county list is
the proposal's province only and searchable in Persian; the score form's weights are in
Persian digits and it fits a phone."""

import datetime

from playwright.sync_api import expect

from khooshe.accounts.models import Role
from khooshe.geo.models import County
from khooshe.proposals import services
from khooshe.proposals.models import Proposal
from khooshe.proposals.tests.factories import (
    CapabilityFactory,
    CriterionFactory,
    OrganizationFactory,
    ProposalFactory,
)

# Each searchable select's own dropdown (Tom Select puts it inside the select's wrapper): an
# option's value may be the same number in two lists.
CAPABILITIES = "#id_capabilities + .ts-wrapper .ts-dropdown"
COUNTIES = "#id_county + .ts-wrapper .ts-dropdown"


def _watch_csp(page) -> list[str]:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text or message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: refused.append(str(error)))
    return refused


def _selected(page, selector: str) -> list[str]:
    return page.eval_on_selector(selector, "s => [...s.selectedOptions].map(o => o.value)")


def test_capabilities_are_a_searchable_multi_select_that_a_click_does_not_clear(
    page, live_url, make_user, login
):
    company = OrganizationFactory(name="شرکت کاسپین‌داده")
    make_user("actor1", role=Role.ACTOR, organization=company)
    web = CapabilityFactory(slug="web", name="توسعه وب")
    network = CapabilityFactory(slug="network", name="شبکه و زیرساخت")
    CapabilityFactory(slug="gis", name="سامانه اطلاعات مکانی")
    sari = County.objects.get(province__code="IR-02", name="ساری")
    refused = _watch_csp(page)

    login(page, "actor1")
    page.goto(f"{live_url}/proposals/new/")
    wrapper = page.locator("#id_capabilities + .ts-wrapper")
    expect(wrapper).to_be_visible()
    assert "rtl" in (wrapper.get_attribute("class") or "")

    # Type to find, click to add; then a second one: the first stays chosen.
    page.fill("#id_capabilities-ts-control", "وب")
    page.click(f'{CAPABILITIES} .option[data-value="{web.pk}"]')
    page.fill("#id_capabilities-ts-control", "شبکه")
    expect(page.locator(f'{CAPABILITIES} .option[data-value="{network.pk}"]')).to_be_visible()
    page.click(f'{CAPABILITIES} .option[data-value="{network.pk}"]')
    assert sorted(_selected(page, "#id_capabilities")) == sorted([str(web.pk), str(network.pk)])
    # A plain click on the box does not clear what is chosen.
    page.click("#id_capabilities + .ts-wrapper .ts-control")
    page.keyboard.press("Escape")
    assert len(_selected(page, "#id_capabilities")) == 2

    # The county list is Mazandaran's only, searchable in Persian (Arabic letters too).
    counties = page.eval_on_selector_all("#id_county option", "os => os.map(o => o.textContent)")
    assert "تبریز" not in " ".join(counties)
    page.click("#id_county + .ts-wrapper .ts-control")
    page.fill("#id_county-ts-control", "ساري")  # Arabic yeh, as some keyboards type it
    page.click(f'{COUNTIES} .option[data-value="{sari.pk}"]')
    assert _selected(page, "#id_county") == [str(sari.pk)]

    page.fill("#id_title", "سامانه بازار برخط مرکبات")
    page.fill("#id_problem", "باغداران قیمت روز را نمی‌دانند")
    page.fill("#id_solution", "بازار برخط و اپلیکیشن")
    page.fill("#id_estimated_budget", "۲٬۵۰۰٬۰۰۰٬۰۰۰")
    page.fill("#id_duration_months", "۱۲")
    page.keyboard.press("Escape")  # no dropdown left open over the form
    page.locator("#proposal-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    # The errors' text, not just their count, so a refusal says which field it was.
    assert page.locator("#proposal-form .invalid-feedback, #form-errors").all_inner_texts() == []
    expect(page.locator("h1")).to_contain_text("سامانه بازار برخط مرکبات")
    proposal = Proposal.objects.get()
    assert set(proposal.capabilities.all()) == {web, network}
    assert proposal.county == sari
    assert refused == []


def test_score_form_reads_in_persian_and_fits_a_phone(page, live_url, make_user, login):
    evaluator = make_user("eval02", role=Role.EVALUATOR, province="IR-02")
    governorate = make_user("gov02", role=Role.GOVERNORATE_STAFF, province="IR-02")
    CriterionFactory(title="اثر اقتصادی", weight=3, description="اشتغال و درآمد استان")
    proposal = ProposalFactory(state="under_evaluation")
    # Only an assigned evaluator scores.
    services.evaluators_assign(
        actor=governorate,
        proposals=[proposal],
        evaluators=[evaluator],
        due_on=datetime.date.today() + datetime.timedelta(days=7),
    )
    refused = _watch_csp(page)
    page.set_viewport_size({"width": 360, "height": 800})
    login(page, "eval02")
    page.goto(f"{live_url}/proposals/{proposal.pk}/score/")
    expect(page.locator(".score-weight")).to_have_text("(×۳)")
    page.click(".score-scale label:has-text('۴')")
    page.fill("#id_comment", "طرح روشن و شدنی است. " * 20)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.check("#id_declare_no_conflict")
    page.click("#score-form button[type=submit]")
    expect(page.locator(".alert-success, .alert-info").first).to_be_visible()
    assert proposal.score_sheets.get().scores.get().value == 4
    assert refused == []
