"""Every role's journey on a 360 × 740 phone: no page scrolls sideways (tables scroll inside
their own box, long strings such as a Sheba number break, form controls stay within the
screen), and axe-core finds no serious or critical violation on one page per capability per
role.

The pages are read with the demo's data (``load_demo``), the users a visitor meets first."""

from io import StringIO

import pytest
from django.core.management import call_command

from khooshe.accounts.models import User
from khooshe.governance.models import Project
from khooshe.loans.models import Application, Program
from khooshe.proposals.models import Proposal
from khooshe.record.models import Article
from khooshe.registry.demo_users import demo_organization
from tests.browser.conftest import PASSWORD
from tests.browser.test_accessibility import AXE, serious_violations

PHONE = {"width": 360, "height": 740}


def journeys() -> dict[str, list[str]]:
    """Role → (username or None for a visitor, the pages of its journey) from the demo data."""
    company = demo_organization("actor_company")
    program = Program.objects.order_by("pk").first()
    project = Project.objects.filter(province__code="IR-02").order_by("pk").first()
    application = (
        Application.objects.filter(province__code="IR-02", state="under_review")
        .exclude(sheba="")
        .order_by("pk")
        .first()
    )
    scored = Proposal.objects.get(province__code="IR-02", state="under_evaluation")
    published = Proposal.objects.filter(province__code="IR-02", state="approved").first()
    article = Article.objects.order_by("pk").first()
    visitor = [
        "/",
        "/registry/",
        f"/registry/organizations/{company.pk}/",
        "/governance/",
        "/proposals/public/",
        f"/proposals/public/{published.pk}/",
        "/programs/",
        f"/programs/{program.pk}/",
        "/programs/calculator/",
        "/events/",
        "/eservices/",
        "/obstacles/",
        "/indicators/",
        "/opendata/",
        "/record/",
    ]
    if article is not None:
        visitor.append(f"/record/{article.pk}/")
    actor = [
        "/desk/",
        f"/registry/organizations/{company.pk}/edit/",
        "/proposals/new/",
        "/proposals/mine/",
        f"/programs/{program.pk}/apply/",
        "/programs/applications/",
        "/obstacles/",
        "/events/",
    ]
    staff = [
        "/desk/",
        "/proposals/",
        "/proposals/dossiers/",
        f"/governance/projects/{project.pk}/",
        f"/programs/applications/{application.pk}/",
        f"/proposals/{scored.pk}/",
        "/obstacles/",
        "/record/",
        "/events/",
        "/eservices/",
        "/indicators/",
        "/opendata/",
        "/registry/?verified=0",
    ]
    evaluator = [*staff, f"/proposals/{scored.pk}/score/"]
    return {
        "visitor": (None, visitor),
        "actor": ("actor.demo", actor),
        "guild": ("guild.mazandaran", staff),
        "governorate": ("gov.mazandaran", evaluator),
    }


def sign_in(page, live_url, username):
    page.goto(f"{live_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, username


def too_wide(page) -> str | None:
    """The page's width and its widest element when it scrolls sideways, else None."""
    return page.evaluate(
        """() => {
          const root = document.documentElement;
          if (root.scrollWidth <= window.innerWidth) return null;
          let widest = null, most = window.innerWidth;
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            const spill = Math.max(r.right, window.innerWidth - r.left);
            if (spill > most && el.offsetParent !== null) { most = spill; widest = el; }
          }
          const name = widest ? widest.tagName.toLowerCase() +
            (widest.id ? '#' + widest.id : '') +
            (widest.className && typeof widest.className === 'string'
              ? '.' + widest.className.trim().split(/\\s+/).join('.') : '') : '?';
          return root.scrollWidth + 'px ' + name;
        }"""
    )


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=StringIO())
    for user in User.objects.filter(
        username__in=["actor.demo", "guild.mazandaran", "gov.mazandaran"]
    ):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return journeys()


def test_every_journey_fits_a_phone_and_passes_axe(browser, live_url, demo):
    wide, broken, violations = [], [], []
    for role, (username, paths) in demo.items():
        context = browser.new_context(viewport=PHONE, locale="en-US")
        page = context.new_page()
        if username:
            sign_in(page, live_url, username)
        for path in paths:
            response = page.goto(live_url + path)
            page.wait_for_load_state("networkidle")
            if response.status != 200 or not page.url.startswith(live_url + path.split("?")[0]):
                broken.append(f"{role} {path}: {response.status} {page.url}")
                continue
            spill = too_wide(page)
            if spill:
                wide.append(f"{role} {path}: {spill}")
            if AXE.exists():
                found = serious_violations(page)
                if found:
                    violations.append(f"{role} {path}: {found}")
        context.close()
    assert broken == []
    assert wide == []
    assert violations == []
