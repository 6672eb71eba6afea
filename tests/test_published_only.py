"""What the public sees is published all the way down: a published record never shows a
draft or withdrawn record it is related to, not its name, its figure or its link, in lists,
details, downloads, search, the report's bound figures or its charts."""

import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from hightech_zone import publishing
from hightech_zone.models import Indicator, IndicatorKind, PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT, WITHDRAWN = PublicationStatus.DRAFT, PublicationStatus.WITHDRAWN


def page(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def download(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content


@pytest.mark.parametrize("state", [DRAFT, WITHDRAWN])
def test_a_projects_unpublished_platform_is_named_nowhere_public(state):
    hidden = factories.platform(name="未公开的孵化平台", status=state, withdrawn_reason="撤回")
    project = factories.project(name="入驻未公开平台的项目", platform=hidden)
    factories.progress(project=project)
    listing = "/projects/?sort=name"
    assert "入驻未公开平台的项目" in page(listing)
    assert "未公开的孵化平台" not in page(listing)
    assert "未公开的孵化平台" not in download(listing + "&_export=csv").decode("utf-8-sig")
    book = load_workbook(io.BytesIO(download(listing + "&_export=xlsx")))
    cells = {str(c) for row in book.active.iter_rows(values_only=True) for c in row}
    assert "入驻未公开平台的项目" in cells and "未公开的孵化平台" not in cells
    assert "未公开的孵化平台" not in page(project.get_absolute_url())


def test_a_projects_published_platform_is_named_in_the_list_and_the_download():
    shown = factories.platform(name="已公开的孵化平台")
    factories.project(name="入驻已公开平台的项目", platform=shown)
    assert "已公开的孵化平台" in page("/projects/?sort=name")
    csv = download("/projects/?sort=name&_export=csv").decode("utf-8-sig")
    assert "入驻已公开平台的项目,,,,,,,已公开的孵化平台" in csv.replace("\r\n", "\n")


def ratio_report(*, ratio_status):
    """A report citing a composite ratio (like 三次产业比) whose parts are all published."""
    ratio = factories.indicator(
        code="t_structure", name="测试产业比", kind=IndicatorKind.RATIO, status=ratio_status
    )
    for order, figure in enumerate(["1.1", "42.2", "56.7"]):
        part = factories.indicator(parent=ratio, display_order=order, unit="%")
        factories.value(indicator=part, value=figure)
    report = factories.report(year=2090)
    factories.section(report=report, heading="结构", body="三次产业比调整为[[t_structure]]。")
    return report


def test_a_ratio_returned_to_draft_shows_no_figure_and_no_link():
    report = ratio_report(ratio_status=PublicationStatus.PUBLISHED)
    ratio = Indicator.objects.get(code="t_structure")
    assert "1.1:42.2:56.7" in page(report.get_absolute_url())
    publishing.return_to_draft(record=ratio, user=factories_publisher())
    html = page(report.get_absolute_url())
    assert "1.1:42.2:56.7" not in html
    assert "/indicators/t_structure/" not in html
    assert "1.1:42.2:56.7" not in page("/search/?q=三次产业比")
    assert Client().get("/indicators/t_structure/").status_code == 404


def test_a_part_of_a_draft_ratio_does_not_link_to_it():
    ratio_report(ratio_status=DRAFT)
    part = Indicator.objects.filter(parent__code="t_structure").first()
    assert "t_structure" not in page(part.get_absolute_url())
    assert "测试产业比" not in page(part.get_absolute_url())


def test_search_snippets_show_what_the_report_shows_never_an_internal_message():
    report = factories.report(year=2091)
    factories.section(report=report, heading="经济", body="地区生产总值达到[[t_missing]]的水平。")
    html = page("/search/?q=地区生产总值达到")
    assert "</mark>—的水平" in html  # the query is highlighted, the figure is a dash
    assert "没有已发布的数值" not in html and "t_missing" not in html
    assert "没有已发布的数值" not in page(report.get_absolute_url())


def test_a_chart_of_the_report_leaves_out_a_figure_whose_indicator_is_a_draft():
    report = factories.report(year=2092)
    # Codes given, so the chart's order (by code) does not hang on the factories' sequence.
    shown = factories.indicator(name="公开的增长", code="t_chart_a")
    hidden = factories.indicator(name="草稿的增长", code="t_chart_b")
    third = factories.indicator(name="另一个增长", code="t_chart_c")
    part = factories.section(report=report)
    for indicator, growth in ((shown, 5), (hidden, 9), (third, 7)):
        factories.value(indicator=indicator, year=2092, growth_pct=growth)
    part.indicators.set([shown, hidden, third])
    publishing.return_to_draft(record=hidden, user=factories_publisher())
    html = page(report.get_absolute_url())
    start = html.index(f'id="chart-data-{part.pk}"')
    chart = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert chart["labels"] == ["公开的增长", "另一个增长"]
    assert "草稿的增长" not in html


def factories_publisher():
    from tests.conftest import user_in_role

    return user_in_role("审核发布", "leak-publisher")
