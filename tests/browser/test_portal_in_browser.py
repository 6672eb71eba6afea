"""The portal driven in real Chromium against a live server."""

import csv
import io
from pathlib import Path

import pytest

from tests import factories
from tests.browser.full_zone import REPORT_TITLE, ZONE_YEAR

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_goes_from_home_to_the_latest_report_and_sees_its_figures(page, site, full_zone):
    page.goto(site + "/")
    page.get_by_role("link", name=f"{ZONE_YEAR}年工作报告").first.click()
    page.wait_for_url(f"**{full_zone.report.get_absolute_url()}")
    assert page.locator("h1").inner_text() == REPORT_TITLE
    text = page.locator("main").inner_text()
    assert "全区测试地区生产总值实现72.6亿元,同比增长15.8%,增幅位于全市第2位" in text
    assert "三次产业比调整为1.6:41.8:56.6" in text
    assert page.errors == []


def test_reader_sorts_and_filters_a_table_and_downloads_exactly_its_rows(page, site):
    page.goto(site + "/indicators/")
    page.get_by_label("指标分类").select_option("economy")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**category=economy**")
    page.get_by_role("link", name="数值").first.click()
    page.wait_for_url("**sort=value**")
    page.get_by_role("link", name="数值").first.click()
    page.wait_for_url("**sort=-value**")
    rows = page.locator("table.data-table tbody tr")
    shown = [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]
    # Largest first; the figure given only as a growth rate has no value and comes last.
    assert shown == [
        "测试地区生产总值",
        "测试域外招商引资实际到位资金",
        "测试全社会固定资产投资",
        "测试社会消费品零售总额",
        "测试一般公共预算收入",
        "测试规模以上工业增加值",
    ]
    assert page.locator("th[aria-sort='descending']").count() == 1

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"{ZONE_YEAR}年指标数据.csv"
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(content)))
    assert table[0][0] == "指标"
    assert [row[0] for row in table[1:]] == shown


def test_reader_searches_from_the_header(page, site):
    page.goto(site + "/")
    page.get_by_label("搜索全站").fill("医药")
    page.get_by_label("搜索全站").press("Enter")
    page.wait_for_url("**/search/?q=**")
    assert page.locator("mark").first.inner_text() == "医药"
    assert "测试复星生物医药产业园" in page.locator("main").inner_text()


def test_reader_switches_to_english_and_keeps_the_page(page, site):
    page.goto(site + "/projects/?stage=in_operation")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/projects/?stage=in_operation")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Investment projects"
    text = page.locator("main").inner_text()
    assert "测试万达广场城市综合体" in text
    assert "测试天文太阳能光伏组件检测中心" not in text  # under construction: filtered out


def test_indicator_chart_of_several_years_is_drawn_without_console_errors(page, site):
    indicator = factories.indicator(unit="亿元")
    factories.value(
        indicator=indicator, year=2091, value="50", growth_pct="10", rank=4, rank_scope="全市"
    )
    factories.value(
        indicator=indicator, year=2092, value="72.6", growth_pct="45.2", rank=2, rank_scope="全市"
    )
    page.goto(site + indicator.get_absolute_url())
    chart = page.locator("#indicator-chart[data-chart-ready='true'] svg")
    chart.wait_for()
    text = page.locator("#indicator-chart").inner_text()
    assert "72.6" in text and "45.2%" in text and "第2位" in text
    assert page.errors == []


def test_report_draws_the_growth_chart_of_its_economy_section(page, site, full_zone):
    page.goto(site + full_zone.report.get_absolute_url())
    # Drawn when it comes near the screen (static/js/charts.js).
    page.locator(".chart-canvas").first.scroll_into_view_if_needed()
    chart = page.locator(".chart-canvas[data-chart-ready='true'] svg")
    chart.first.wait_for()
    # Only the economy section gives two or more growth rates.
    assert chart.count() == 1
    assert "测试生物医药产业产值" in page.locator(".chart-canvas").first.inner_text()
    assert page.errors == []


def test_keyboard_reaches_the_skip_link_and_content(page, site, full_zone):
    page.goto(site + full_zone.report.get_absolute_url())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_lists_work_without_javascript(browser, site, full_zone):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(site + "/policies/")
    page.get_by_label("有效性").select_option("for_comment")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**validity=for_comment**")
    titles = page.locator("table.data-table tbody tr td:first-child").all_inner_texts()
    assert sorted(titles) == sorted(
        p.title for p in full_zone.policies if p.validity == "for_comment"
    )
    assert len(titles) == 2
    context.close()
