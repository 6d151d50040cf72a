"""English mode reads as English: the main pages, rendered in English for a signed-in
administrator (who sees every section), carry no Persian word outside what people typed —
and what people typed is set apart with ``dir="auto"`` (or ``lang="fa"``), so that a Persian
name keeps its own direction inside an English sentence."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from khooshe.obstacles.tests.factories import ObstacleFactory
from khooshe.proposals.tests.factories import ProposalFactory
from khooshe.registry.tests.factories import GuildMembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

#: Persian letters (not the Arabic-script punctuation «،» «؛» «٪», nor digits).
PERSIAN_WORD = re.compile("[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]{2,}")
#: Elements whose text is not interface text: scripts, and data people typed or chose.
SKIPPED = {"script", "style", "title", "option", "textarea", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
READ_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")


class InterfaceText(HTMLParser):
    """Collects the text and the read attributes outside user data."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def _inside_data(self) -> bool:
        return any(data for _tag, data in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        data = (
            tag in SKIPPED
            or attributes.get("dir") == "auto"
            or attributes.get("lang") == "fa"
            or "data-user-text" in attributes
        )
        if not self._inside_data() and not data:
            for name in READ_ATTRIBUTES:
                if PERSIAN_WORD.search(attributes.get(name) or ""):
                    self.found.append(f"<{tag} {name}={attributes[name]!r}>")
        if tag not in VOID:
            self.stack.append((tag, data))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self._inside_data() and PERSIAN_WORD.search(data):
            self.found.append(data.strip()[:120])


def persian_interface_text(html: str) -> list[str]:
    parser = InterfaceText()
    parser.feed(html)
    return parser.found


def test_the_checker_sees_persian_interface_text_and_skips_user_data():
    html = (
        '<p>Members <span dir="auto">شرکت داده</span></p><p>عضو</p>'
        '<input placeholder="جستجو"><ul lang="fa"><li>فارسی</li></ul>'
    )
    assert persian_interface_text(html) == ["عضو", "<input placeholder='جستجو'>"]


@pytest.fixture
def english_admin(client):
    admin = get_user_model().objects.create_superuser(
        "root", "root@example.ir", "x-secret-123", first_name="مدیر", last_name="سامانه"
    )
    client.force_login(admin)
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    return client


@pytest.fixture
def records():
    firm = OrganizationFactory(name="شرکت داده‌پردازان کاسپین", name_en="Caspian Data Co.")
    GuildMembershipFactory(organization=firm, grade="۲", field="نرم‌افزار")
    proposal = ProposalFactory(submitter_organization=firm)
    obstacle = ObstacleFactory(description="مالیات بر ارزش افزوده دو بار گرفته شد.")
    return firm, proposal, obstacle


def test_main_pages_in_english_have_no_persian_interface_words(english_admin, records):
    firm, proposal, obstacle = records
    pages = [
        reverse("core:home"),
        reverse("registry:index"),
        reverse("registry:organization_detail", args=[firm.pk]),
        reverse("proposals:index"),
        reverse("proposals:detail", args=[proposal.pk]),
        reverse("loans:index"),
        reverse("governance:index"),
        reverse("eservices:index"),
        reverse("events:index"),
        reverse("obstacles:index"),
        reverse("obstacles:detail", args=[obstacle.pk]),
        reverse("indicators:index"),
        reverse("record:index"),
        reverse("opendata:index"),
    ]
    found = {}
    for url in pages:
        response = english_admin.get(url, follow=True)
        assert response.status_code == 200, url
        words = persian_interface_text(response.content.decode())
        if words:
            found[url] = words
    assert found == {}


def test_an_organization_in_english_shows_its_persian_name_in_its_own_direction(
    english_admin, records
):
    firm, _proposal, _obstacle = records
    html = english_admin.get(reverse("registry:organization_detail", args=[firm.pk])).content
    html = html.decode()
    assert 'lang="en"' in html
    assert "Grade 2" in html  # «۲» as typed, in the page's digits
    assert re.search(r'dir="(auto|ltr)"[^>]*>\s*Caspian Data Co\.', html)
