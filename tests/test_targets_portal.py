"""The portal shows targets beside actuals: the indicator page, the list, its downloads, home."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest

from hightech_zone.demo_notice import shows_demo_data
from hightech_zone.models import GrowthBasis
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def gdp():
    indicator = factories.indicator(
        code="t_gdp", name="测试地区生产总值", unit="亿元", is_headline=True
    )
    factories.value(indicator=indicator, year=2090, value=Decimal("60"))
    factories.value(
        indicator=indicator,
        year=2091,
        value=Decimal("1083.6"),
        target_value=1050,
        growth_pct=Decimal("15.8"),
        growth_basis=GrowthBasis.COMPARABLE,
        rank=16,
        rank_change=4,
        rank_compared_year=2081,
        rank_scope="全国",
    )
    factories.value(indicator=indicator, year=2092, value=None, target_value=1200)
    return indicator


def table_rows(html):
    """Each body row of the page's data table as its cells' text."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


def test_the_indicator_page_shows_target_completion_basis_and_rank_since(client, gdp):
    response = client.get("/indicators/t_gdp/")
    html = response.content.decode()
    assert '<th scope="col" class="num">预期目标</th>' in html
    assert '<th scope="col" class="num">完成率</th>' in html
    rows = {row[0]: row[1:] for row in table_rows(html)}
    assert rows["2091"][:4] == ["1083.6亿元", "1050亿元", "103.2%", "15.8%(按可比口径)"]
    assert rows["2091"][4] == "全国由2081年的第20位上升到第16位"
    assert rows["2092"][:3] == ["—", "1200亿元", "—"]  # the target set for a year to come
    assert rows["2090"][1:3] == ["—", "—"]


def test_the_chart_draws_every_years_actual_and_the_targets_dashed(client, gdp):
    chart = client.get("/indicators/t_gdp/").context["chart"]
    assert chart["years"] == ["2090", "2091", "2092"]
    panel = chart["panels"][0]
    assert panel["data"] == [60, 1083.6, None]
    assert panel["target"]["data"] == [None, 1050, 1200]
    assert panel["target"]["name"] == "预期目标"
    assert panel["series_name"] == "实际值"


def test_an_indicator_without_targets_has_no_target_columns(client):
    indicator = factories.indicator(code="t_plain")
    factories.value(indicator=indicator, year=2090, value=1)
    factories.value(indicator=indicator, year=2091, value=2)
    response = client.get("/indicators/t_plain/")
    assert "预期目标" not in response.content.decode()
    assert "target" not in response.context["chart"]["panels"][0]


def test_a_single_target_only_year_is_no_figure_card(client):
    indicator = factories.indicator(code="t_future")
    factories.value(indicator=indicator, year=2095, value=None, target_value=8)
    response = client.get("/indicators/t_future/")
    assert "card" not in response.context
    assert table_rows(response.content.decode()) == [["2095", "—", "8亿元", "—", "—", "—", ""]]


def test_a_single_actual_year_card_shows_its_target_and_completion(client):
    indicator = factories.indicator(code="t_once")
    factories.value(indicator=indicator, year=2095, value=9, target_value=8)
    details = dict(client.get("/indicators/t_once/").context["card"]["details"])
    assert (details["预期目标"], details["完成率"]) == ("8亿元", "112.5%")


def test_the_indicator_page_with_twenty_years_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    indicator = factories.indicator(code="t_long")
    for year in range(2060, 2080):
        factories.value(indicator=indicator, year=year, value=year, target_value=year - 5)
    shows_demo_data()  # asked once per data version, by whichever page comes first
    with django_assert_max_num_queries(4):
        response = client.get("/indicators/t_long/")
    assert len(table_rows(response.content.decode())) == 20


def test_the_list_and_its_csv_carry_target_completion_basis_and_compared_year(client, gdp):
    page = client.get("/indicators/", {"year": 2091}).content.decode()
    for text in ("15.8(按可比口径)", "全国由2081年的第20位上升到第16位", "1050", "103.2"):
        assert text in page
    response = client.get("/indicators/", {"year": 2091, "_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["预期目标"] == "1050"
    assert record["预期目标修饰"] == ""
    assert record["完成率(%)"] == "103.2"
    assert record["增长口径"] == "按可比口径"
    assert record["排名变化对比年份"] == "2081"
    assert record["数值"] == "1083.6"
    assert record["同比增长(%)"] == "15.8"


def test_the_list_shows_a_target_stated_as_growth(client, gdp):
    factories.value(indicator=gdp, year=2093, value=None, target_value=1300, target_growth_pct=8)
    other = factories.indicator(code="t_growth_target")
    factories.value(indicator=other, year=2093, value=None, target_growth_pct=9)
    table = client.get("/indicators/", {"year": 2093}).context["table"]
    cells = {row.record.indicator.code: row.get_cell("target_value") for row in table.rows}
    assert cells == {"t_gdp": "1300,增长8%", "t_growth_target": "增长9%"}
    header = [column.header for column in table.columns]
    assert "增长口径" not in header  # in the download, beside the growth


def test_the_xlsx_download_keeps_targets_as_numbers(client, gdp):
    response = client.get("/indicators/", {"year": 2092, "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, row = list(sheet.iter_rows(values_only=True))[:2]
    record = dict(zip(header, row, strict=True))
    assert record["预期目标"] == 1200
    assert record["数值"] in (None, "")


def test_the_list_defaults_to_the_latest_year_with_actuals(client, gdp):
    response = client.get("/indicators/")
    assert response.context["filter"].form.cleaned_data["year"] == 2091


def test_target_only_rows_make_no_home_card_nor_the_headline_year(client, gdp):
    waiting = factories.indicator(code="t_waiting", name="测试尚无实际值的指标", is_headline=True)
    factories.value(indicator=waiting, year=2091, value=None, target_value=5)
    response = client.get("/")
    assert response.context["headline_year"] == 2091
    assert [v.indicator.code for v in response.context["headline_values"]] == ["t_gdp"]
    assert "测试尚无实际值的指标" not in response.content.decode()


def test_the_report_binds_targets_and_its_section_table_shows_them(client, gdp):
    report = factories.report(year=2091, title="2091年测试工作报告")
    section = factories.section(
        report=report,
        body="地区生产总值[[t_gdp]],完成目标的[[t_gdp|completion]];"
        "2092年预期目标:地区生产总值实现[[t_gdp@2092|target]]。",
    )
    section.indicators.add(gdp)
    response = client.get(report.get_absolute_url())
    html = response.content.decode()
    assert "完成目标的" in html and ">103.2%</a>" in html
    assert ">1200亿元</a>" in html
    assert response.context["section_targets"] == {section.pk: True}
    data = html.split("<caption>本节指标</caption>", 1)[1].split("</table>", 1)[0]
    assert '<th scope="col" class="num">预期目标</th>' in data
    assert "1050亿元" in data and "103.2%" in data and "15.8%(按可比口径)" in data


def test_a_report_section_without_targets_has_no_target_columns(client):
    indicator = factories.indicator(code="t_plain")
    factories.value(indicator=indicator, year=2091, value=3)
    section = factories.section(report=factories.report(year=2091), body="[[t_plain]]")
    section.indicators.add(indicator)
    html = client.get(section.report.get_absolute_url()).content.decode()
    data = html.split("<caption>本节指标</caption>", 1)[1].split("</table>", 1)[0]
    assert "预期目标" not in data
