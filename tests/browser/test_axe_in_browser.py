"""axe-core (vendored, tests/browser/vendor/) finds no serious or critical violation on any
public page, in Chinese and English, in the standard and the 适老化 mode, at 360 and 1366 px;
and the 适老化 mode's larger type never makes a page scroll sideways."""

import functools
from pathlib import Path

import pytest

from hightech_zone.models import InnovationPlatform, PolicyDocument, Project
from portal.display_mode import COOKIE, ELDER

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WIDTHS = (1366, 360)
SERIOUS = ("serious", "critical")
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"
WIDE = """() => [document.documentElement.scrollWidth, ...[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 4)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))]"""

# Every rule axe runs by default; only the serious and critical violations fail the test.
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " — " + n.failureSummary),
  }));
}"""


@functools.cache
def axe_source():
    return AXE.read_text(encoding="utf-8")


def public_paths(full_zone):
    """Home, each list, a detail page of each record type, search with a query, 数据开放, the
    信息公开年报 and the 找错 form."""
    return [
        "/",
        "/reports/",
        full_zone.report.get_absolute_url(),
        "/indicators/",
        full_zone.gdp.get_absolute_url(),
        "/projects/",
        Project.objects.published().first().get_absolute_url(),
        "/policies/",
        PolicyDocument.objects.published().first().get_absolute_url(),
        "/platforms/",
        InnovationPlatform.objects.published().first().get_absolute_url(),
        "/search/?q=科技",
        "/data/",
        "/disclosure/",
        full_zone.disclosure.get_absolute_url(),
        "/report-error/?page=/policies/",
        "/report-error/thanks/",
    ]


def serious_violations(page):
    # Evaluated through the DevTools protocol, which the page's strict CSP (no inline script)
    # does not govern; a script tag would be refused. Pages stay as readers get them.
    page.evaluate(axe_source())
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in SERIOUS]


def describe(found):
    lines = []
    for (url, width), violations in found.items():
        for v in violations:
            lines.append(f"{url} @ {width}px: [{v['impact']}] {v['id']}: {v['help']}")
            lines.extend(f"    {node}" for node in v["nodes"])
    return "\n".join(lines)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["standard", ELDER])
def test_axe_finds_no_serious_violation_and_no_page_scrolls_sideways(page, site, full_zone, mode):
    if mode == ELDER:
        # As a reader would, in a browser without JavaScript: the header's switch is a link.
        context = page.context.browser.new_context(java_script_enabled=False)
        plain = context.new_page()
        plain.goto(site + "/policies/")
        plain.get_by_role("link", name="适老化模式").click()
        plain.wait_for_url(site + "/policies/")
        root_size = "getComputedStyle(document.documentElement).fontSize"
        assert plain.evaluate(root_size) == "24px"  # 1.5x the browser's 16 px
        assert plain.get_by_role("link", name="标准模式").is_visible()
        cookies = context.cookies()
        context.close()
        assert {(c["name"], c["value"]) for c in cookies} == {(COOKIE, ELDER)}
        page.context.add_cookies(cookies)
    elder = "elder" if mode == ELDER else None
    found, too_wide = {}, []
    paths = public_paths(full_zone)
    for path in [*paths, *(f"/en{path}" for path in paths)]:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(site + path)
            assert page.locator("html").get_attribute("class") == elder, path
            violations = serious_violations(page)
            if violations:
                found[(path, width)] = violations
            if not page.evaluate(FITS):
                too_wide.append((path, width, page.evaluate(WIDE)))
    assert not found, "axe-core found serious or critical violations:\n" + describe(found)
    assert too_wide == []
    assert page.errors == []
