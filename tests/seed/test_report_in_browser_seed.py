"""The shipped 锦州 2017 report in real Chromium: it fits a phone and a desktop, shows, prints and
downloads its own figures, and the seed's indicator table sorts and downloads as the report."""

import csv
import io
from pathlib import Path

import pytest

from hightech_zone.models import WorkReport
from hightech_zone.seed import load_seed_data
from tests.browser import chromium

browser = chromium.browser  # the browser tests' fixtures, which live outside this folder
page = chromium.page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "锦州高新技术产业开发区2017年工作报告"
STYLE = """el => {
  const s = getComputedStyle(el);
  return {color: s.color, line: s.textDecorationLine};
}"""


@pytest.fixture
def site(live_server, transactional_db):
    """A live server over the shipped fixtures. A live server's test flushes the database when
    it ends, so the fixtures are loaded for each test (a loaded database is left alone)."""
    load_seed_data()
    assert WorkReport.objects.filter(year=2017).exists()
    return live_server.url


@pytest.mark.parametrize("width", [360, 1366])
def test_the_shipped_2017_report_fits_a_phone_and_a_desktop_with_its_figures(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + "/reports/2017/")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    text = page.locator("main").inner_text()
    assert "全区地区生产总值实现72.6亿元,同比增长15.8%,增幅位于全市第2位" in text
    assert "三次产业比调整为1.6:41.8:56.6" in text
    assert page.locator(".figure-missing").count() == 0
    figure = page.get_by_role("link", name="72.6亿元", exact=True)
    assert figure.get_attribute("title") == "地区生产总值"

    # The economy section draws the one growth chart, as it comes near the screen; its tables
    # wait behind 本节数据.
    page.locator(".chart-canvas").first.scroll_into_view_if_needed()
    chart = page.locator(".chart-canvas[data-chart-ready='true'] svg")
    chart.first.wait_for()
    assert chart.count() == 1
    assert "生物医药产业产值" in page.locator(".chart-canvas").first.inner_text()
    disclosure = page.locator("details.section-data").nth(1)
    disclosure.get_by_text("本节数据").click()
    assert "地区生产总值" in disclosure.get_by_role("table", name="本节指标").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")

    page.get_by_role("navigation", name="目录").get_by_role(
        "link", name="三、体制机制改革推进情况"
    ).click()
    page.wait_for_url("**/reports/2017/#section-3")
    assert page.errors == []


def test_the_shipped_2017_report_prints_with_its_figures_and_signature(page, site):
    page.goto(site + "/reports/2017/")
    page.emulate_media(media="print")
    for hidden in [".site-header", ".report-toc", "details.section-data", ".chart"]:
        assert not page.locator(hidden).first.is_visible(), hidden
    figure = page.get_by_role("link", name="72.6亿元", exact=True)
    assert figure.is_visible()
    assert figure.evaluate(STYLE) == {"color": "rgb(0, 0, 0)", "line": "none"}
    signature = page.locator(".report-signature")
    assert signature.is_visible()
    assert "锦州高新技术产业开发区管理委员会" in signature.inner_text()
    assert "2018年4月17日" in signature.inner_text()
    assert page.errors == []


@pytest.mark.slow
def test_the_shipped_2017_report_downloads_as_a_pdf_under_its_title(page, site):
    page.goto(site + "/reports/2017/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"{TITLE}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_a_reader_goes_from_the_shipped_home_page_to_the_2017_report(page, site):
    page.goto(site + "/")
    page.get_by_role("link", name="2017年工作报告").first.click()
    page.wait_for_url("**/reports/2017/")
    assert page.locator("h1").inner_text() == TITLE
    assert page.errors == []


def test_the_seeds_economy_figures_sort_and_download_as_the_2017_table(page, site):
    page.goto(site + "/indicators/?category=economy&sort=-value")
    rows = page.locator("table.data-table tbody tr")
    assert rows.count() == 6
    assert rows.first.locator("td").first.inner_text() == "地区生产总值"
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "2017年指标数据.csv"
    table = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert [row[0] for row in table[1:]][:2] == ["地区生产总值", "域外招商引资"]
    assert len(table) == 1 + 6


def test_the_seeds_policies_for_comment_are_listed_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site + "/policies/?validity=for_comment")
        table = page.locator("table.data-table")
        assert table.locator("tbody tr").count() == 2
        assert "吸引高校毕业生" in table.inner_text()
    finally:
        context.close()
