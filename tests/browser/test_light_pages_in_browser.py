"""Chart pages on a phone in real Chromium: the chart library comes only when a chart nears
the screen, and drawing it moves nothing on the page."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}
POSITION = "el => el.getBoundingClientRect().top + window.scrollY"


def test_a_report_chart_below_the_screen_is_fetched_and_drawn_only_near_it_and_moves_nothing(
    page, site, full_zone
):
    fetched = []
    page.on("request", lambda r: "echarts" in r.url and fetched.append(r.url))
    page.set_viewport_size(PHONE)
    page.goto(site + full_zone.report.get_absolute_url())
    page.wait_for_load_state("load")
    holder = page.locator(".chart-canvas").first
    below = page.locator(".chart + script + details.section-data").first
    top = holder.evaluate(POSITION)
    assert top > 2 * PHONE["height"]  # beyond the screen and the screen ahead it watches
    reserved = holder.evaluate("el => el.getBoundingClientRect().height")
    wanted = holder.evaluate(
        "el => JSON.parse(document.getElementById(el.dataset.chartSource).textContent).height"
    )
    assert reserved == wanted > 200  # the chart's whole height, not the stylesheet's minimum
    before = below.evaluate(POSITION)
    page.wait_for_timeout(300)
    assert fetched == [] and holder.get_attribute("data-chart-ready") is None

    holder.scroll_into_view_if_needed()
    page.locator(".chart-canvas[data-chart-ready='true'] svg").wait_for()
    assert len(fetched) == 1 and "echarts.custom.min.js" in fetched[0]
    assert holder.evaluate("el => el.getBoundingClientRect().height") == reserved
    assert holder.locator("svg").evaluate("el => el.getBoundingClientRect().height") == reserved
    assert below.evaluate(POSITION) == before
    assert page.errors == []


def test_an_indicator_chart_at_the_top_of_a_phone_screen_is_drawn_at_once(page, site, full_zone):
    from tests import factories

    indicator = factories.indicator(unit="亿元")
    factories.value(indicator=indicator, year=2091, value="50", growth_pct="10")
    factories.value(indicator=indicator, year=2092, value="72.6", growth_pct="45.2")
    page.set_viewport_size(PHONE)
    page.goto(site + indicator.get_absolute_url())
    page.locator("#indicator-chart[data-chart-ready='true'] svg").wait_for()
    assert "72.6" in page.locator("#indicator-chart").inner_text()
    assert page.errors == []


def test_a_first_screen_chart_is_drawn_by_the_worker_and_comes_alive_when_pointed_at(page, site):
    from tests import factories

    indicator = factories.indicator(unit="亿元")
    factories.value(indicator=indicator, year=2091, value="50", growth_pct="10")
    factories.value(indicator=indicator, year=2092, value="72.6", growth_pct="45.2")
    page.set_viewport_size(PHONE)
    page.goto(site + indicator.get_absolute_url())
    holder = page.locator("#indicator-chart")
    holder.locator("svg").wait_for()
    assert holder.get_attribute("data-chart-ready") == "true"
    # The picture came from the worker: ECharts never ran on the page's own thread.
    assert page.evaluate("typeof window.echarts") == "undefined"
    assert holder.get_attribute("data-chart-live") is None
    assert "72.6" in holder.inner_text() and "45.2%" in holder.inner_text()
    reserved = holder.evaluate("el => el.getBoundingClientRect().height")
    assert holder.locator("svg").evaluate("el => el.getBoundingClientRect().height") == reserved

    box = holder.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + 100)
    page.locator("#indicator-chart[data-chart-live='true'][data-chart-ready='true'] svg").wait_for()
    assert holder.locator("svg").count() == 1  # the live chart replaced the picture
    page.mouse.move(box["x"] + box["width"] * 0.76, box["y"] + 110)
    tooltip = holder.locator("div:not(:has(svg))", has_text="72.6").first  # not the chart's own
    tooltip.wait_for()
    assert "2092" in tooltip.inner_text()
    assert holder.evaluate("el => el.getBoundingClientRect().height") == reserved
    assert page.errors == []
