"""Browser journeys: Playwright drives Debian's Chromium (/usr/bin/chromium, never a
downloaded browser) against pytest-django's live server.

The live server's tests run in transactions that are flushed afterwards, which also wipes the
data migrations' rows; the root conftest's ``_reference_data`` puts them back for each test.
"""

import os
import shutil

import pytest
from playwright.sync_api import expect

from khooshe.accounts.models import User
from khooshe.accounts.tests.factories import grant

CHROMIUM = os.environ.get("KHOOSHE_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in the test's thread; the test's own ORM calls are
# synchronous and safe there, which Django only believes when told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "khooshe-browser-1"

pytestmark = pytest.mark.browser

# A page that answers in 300 ms alone can take seconds on a busy two-core machine running
# two test workers; expectations wait for the page rather than failing on a slow moment.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is not installed"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A browser that prefers English must still get the Persian site.
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def live_url(live_server):
    return live_server.url


@pytest.fixture
def make_user(transactional_db):
    """``make_user("reza", role=Role.GUILD_STAFF, province="IR-02", organization=org)``."""

    def make(username, *, role=None, province=None, organization=None, **fields):
        user = User.objects.create_user(username=username, password=PASSWORD, **fields)
        if role:
            grant(user, role, province=province, organization=organization)
        return user

    return make


@pytest.fixture
def login(live_url):
    """Sign ``username`` in through the login page (password of ``make_user``)."""

    def sign_in(page, username, password=PASSWORD):
        page.goto(f"{live_url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return sign_in
