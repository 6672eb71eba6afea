"""An indicator page shows its figures as they read: a card for one year, a chart for several,
ranks as ranks and composite ratios as ratios."""

import json
import re

import pytest

from hightech_zone.models import IndicatorKind
from tests import factories

pytestmark = pytest.mark.django_db


def get_html(client, indicator):
    response = client.get(indicator.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def card_text(html):
    start = html.index('<section class="figure-card"')
    return " ".join(re.sub(r"<[^>]+>", " ", html[start : html.index("</section>", start)]).split())


def chart_data(html):
    match = re.search(r'<script id="indicator-chart-data"[^>]*>(.*?)</script>', html, re.S)
    assert match, "no chart data on the page"
    return json.loads(match.group(1))


def test_a_single_year_shows_as_a_figure_card_rendered_on_the_server_without_a_chart(client):
    value = factories.value(year=2091, value="72.6", growth_pct="15.8", note="测试备注")
    html = get_html(client, value.indicator)
    assert card_text(html) == "2091年 72.6亿元 同比增长 15.8% 备注 测试备注"
    assert 'id="indicator-chart"' not in html
    assert "echarts.custom.min.js" not in html and "charts.js" not in html


def test_a_single_year_with_only_a_rank_shows_the_rank_as_the_figure(client):
    value = factories.value(value=None, rank=3, rank_scope="全市")
    assert card_text(get_html(client, value.indicator)) == "2090年 全市第3位"


def test_a_single_year_with_only_a_rank_change_shows_the_change_as_the_figure(client):
    value = factories.value(value=None, rank_change=2, rank_scope="全国147个高新区")
    assert card_text(get_html(client, value.indicator)) == "2090年 全国147个高新区中提升2位"


def test_several_years_chart_each_measure_on_its_own_axis(client):
    indicator = factories.indicator(unit="亿元")
    factories.value(indicator=indicator, year=2091, value="50", growth_pct="10")
    factories.value(indicator=indicator, year=2092, value="60.5", growth_pct="21")
    html = get_html(client, indicator)
    data = chart_data(html)
    assert data["years"] == ["2091", "2092"]
    value_panel, growth_panel = data["panels"]
    assert value_panel["name"] == "数值(亿元)" and value_panel["data"] == [50.0, 60.5]
    assert value_panel["labels"] == ["50", "60.5"]
    assert growth_panel["name"] == "同比增长(%)" and growth_panel["labels"] == ["10%", "21%"]
    assert "echarts.custom.min.js" in html and 'class="figure-card"' not in html


def test_ranks_over_the_years_chart_as_ranks_with_first_place_on_top(client):
    indicator = factories.indicator()
    factories.value(indicator=indicator, year=2091, value=None, rank=5, rank_scope="全市")
    factories.value(indicator=indicator, year=2092, value=None, rank=2, rank_scope="全市")
    (panel,) = chart_data(get_html(client, indicator))["panels"]
    assert panel["rank"] is True
    assert panel["data"] == [5, 2]
    assert panel["labels"] == ["第5位", "第2位"]


def test_a_ratio_indicator_shows_its_published_components_as_a_ratio(client):
    ratio = factories.indicator(kind=IndicatorKind.RATIO, unit="")
    for order, number in enumerate(["1.6", "41.8", "56.6"]):
        part = factories.indicator(parent=ratio, unit="%", display_order=order)
        factories.value(indicator=part, year=2091, value=number)
    draft_part = factories.indicator(parent=ratio, unit="%", display_order=9)
    factories.value(indicator=draft_part, year=2091, value="9", status=factories.DRAFT)
    html = get_html(client, ratio)
    assert card_text(html).startswith("2091年 1.6:41.8:56.6")
    assert "暂无已发布的数值" not in html


def test_a_ratio_over_several_years_lists_each_years_ratio(client):
    ratio = factories.indicator(kind=IndicatorKind.RATIO, unit="")
    for order, numbers in enumerate([("2", "3"), ("98", "97")]):
        part = factories.indicator(parent=ratio, unit="%", display_order=order)
        for year, number in zip((2091, 2092), numbers, strict=True):
            factories.value(indicator=part, year=year, value=number)
    html = get_html(client, ratio)
    assert card_text(html).startswith("2092年 3:97")
    assert '<th scope="row">2092</th><td>3:97</td>' in html
    assert '<th scope="row">2091</th><td>2:98</td>' in html


def test_a_report_section_charts_only_growth_rates_never_values_of_different_units(client):
    report = factories.report(year=2093)
    part = factories.section(report=report)
    money = factories.indicator(name="测试产值", unit="亿元")
    firms = factories.indicator(name="测试企业数", unit="户")
    count_only = factories.indicator(name="测试只有数量", unit="个")
    factories.value(indicator=money, year=2093, value="72.6", growth_pct="15.8")
    factories.value(indicator=firms, year=2093, value="50", growth_pct="56.3")
    factories.value(indicator=count_only, year=2093, value="4")
    part.indicators.set([money, firms, count_only])
    html = client.get(report.get_absolute_url()).content.decode()
    match = re.search(rf'<script id="chart-data-{part.pk}"[^>]*>(.*?)</script>', html, re.S)
    chart = json.loads(match.group(1))
    assert chart["title"] == "同比增长(%)"
    assert chart["labels"] == ["测试产值", "测试企业数"]
    assert chart["values"] == [15.8, 56.3]
