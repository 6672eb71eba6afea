"""我为政府网站找错 in real Chromium, without JavaScript of its own: from a page's footer to
the thanks page, the page filled in, nothing the CSP blocks."""

import pytest

from hightech_zone import error_reports
from hightech_zone.models import ErrorReport
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_reports_an_error_from_the_footer_of_the_page(page, live_server):
    factories.zone()
    page.goto(live_server.url + "/policies/")
    page.get_by_role("link", name="我为政府网站找错").click()
    page.wait_for_url("**/report-error/?page=%2Fpolicies%2F")
    assert page.get_by_label("出错的页面").input_value() == "/policies/"
    page.get_by_label("问题描述").fill("测试:政策列表的发文日期排序不对")
    page.get_by_label("联系方式(选填)").fill("reader@example.cn")
    page.wait_for_timeout(error_reports.MIN_FILL_SECONDS * 1000 + 200)  # as a person would
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/report-error/thanks/**")
    assert "感谢您的反馈" in page.locator("h1").inner_text()
    page.get_by_role("link", name="返回原页面").click()
    page.wait_for_url("**/policies/")
    report = ErrorReport.objects.get()
    assert (report.page, report.contact) == ("/policies/", "reader@example.cn")
    assert page.errors == []
