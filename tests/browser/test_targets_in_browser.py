"""Targets drawn in real Chromium: a dashed line of markers beside the bars, and its legend."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_indicator_chart_draws_targets_and_names_them_in_a_legend(page, live_server):
    indicator = factories.indicator(unit="亿元")
    factories.value(indicator=indicator, year=2091, value="50", target_value="48")
    factories.value(indicator=indicator, year=2092, value="72.6", target_value="70")
    factories.value(indicator=indicator, year=2093, value=None, target_value="81.5")
    for width in (360, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + indicator.get_absolute_url())
        page.locator("#indicator-chart[data-chart-ready='true'] svg").wait_for()
        text = page.locator("#indicator-chart").inner_text()
        assert "实际值" in text and "预期目标" in text  # the legend
        assert "81.5" in text  # the target of a year without an actual is labelled
        assert "2093" in text
        dashed = page.locator("#indicator-chart path[stroke-dasharray]")
        assert dashed.count() >= 1
    assert page.errors == []
