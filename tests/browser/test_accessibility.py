"""axe-core (from the npm packages, never a CDN) finds no serious or critical accessibility
violation on the shell's pages, in Persian and on a 360 px phone."""

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))"
    )
    return result


@pytest.mark.skipif(not AXE.exists(), reason="npm packages are not installed")
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/tools/date/?date=1403/07/31"])
def test_shell_pages_have_no_serious_accessibility_violations(page, live_url, path):
    page.goto(live_url + path)
    assert serious_violations(page) == []


@pytest.mark.skipif(not AXE.exists(), reason="npm packages are not installed")
def test_phone_width_has_no_horizontal_scroll_and_a_menu(page, live_url):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_url + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator(".navbar-toggler").is_visible()
    assert serious_violations(page) == []


def test_skip_link_is_first_and_reaches_main(page, live_url):
    page.goto(live_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
