"""Search matches what pages show: the report's text with its figures, never its markup."""

import pytest
from django.test import Client

from hightech_zone import search
from hightech_zone.models import IndicatorValue, PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def results(query):
    response = Client().get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def report_with_figures():
    indicator = factories.indicator(code="t_output", name="测试总产值")
    factories.value(
        indicator=indicator,
        year=2095,
        value="86.37",
        growth_pct="12.7",
        rank=7,
        rank_scope="全测试区",
    )
    report = factories.report(year=2095, title="2095年测试工作报告")
    factories.section(
        report=report,
        heading="经济运行",
        body="全年实现总产值[[t_output]],同比增长[[t_output|growth]],增幅位于[[t_output|rank]]。",
    )
    return report


def report_hits(query):
    groups = {group.kind: group for group in search.search(query)}
    return groups["report"].hits


@pytest.mark.parametrize(
    "query", ["86.37亿元", "12.7%", "全测试区第7位", "８６.３７亿元", "总产值86.37"]
)
def test_the_reports_figures_find_it(query):
    report = report_with_figures()
    hits = report_hits(query)
    assert [hit.record for hit in hits] == [report]
    assert hits[0].snippets[0].label == "经济运行"


@pytest.mark.parametrize("query", ["[[", "]]", "growth", "rank_cn", "t_output", "|rank"])
def test_markup_never_matches_a_report(query):
    report_with_figures()
    assert report_hits(query) == []


def test_every_hit_shows_where_it_matched_with_the_match_highlighted():
    report = report_with_figures()
    html = results("86.37亿元")
    assert report.get_absolute_url() in html
    assert "<mark>86.37亿元</mark>,同比增长12.7%" in html
    assert "[[" not in html


def test_a_draft_figure_is_not_findable_through_the_report():
    report = report_with_figures()
    value = IndicatorValue.objects.get(indicator__code="t_output")
    value.status = PublicationStatus.DRAFT
    value.save()
    assert report_hits("86.37亿元") == []
    assert [hit.record for hit in report_hits("全年实现总产值—")] == [report]


def test_a_changed_figure_is_found_at_once():
    report = report_with_figures()
    assert report_hits("86.37亿元")
    value = IndicatorValue.objects.get(indicator__code="t_output")
    value.value = "80.1"
    value.save()
    assert report_hits("86.37亿元") == []
    assert [hit.record for hit in report_hits("80.1亿元")] == [report]


def test_a_draft_report_is_not_found():
    report = report_with_figures()
    report.status = PublicationStatus.DRAFT
    report.save()
    assert report_hits("86.37亿元") == []


def test_other_records_show_the_field_that_matched():
    factories.project(name="测试光伏项目", summary="建设一条年产十万块光伏组件的生产线。")
    html = results("光伏组件")
    assert "项目简介:</span>建设一条年产十万块<mark>光伏组件</mark>的生产线。" in html


def test_a_projects_progress_is_searchable_and_labelled_with_its_year():
    project = factories.project(name="测试厂房项目")
    factories.progress(project=project, year=2093, progress="主体结构封顶")
    groups = {group.kind: group for group in search.search("结构封顶")}
    (hit,) = groups["project"].hits
    assert hit.record == project
    assert hit.snippets[0].label == "2093年进展情况"
    assert hit.snippets[0].match == "结构封顶"


def test_search_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    report_with_figures()
    for index in range(5):
        project = factories.project(name=f"测试项目{index}号")
        factories.progress(project=project)
    Client().get("/search/", {"q": "测试"})  # builds the report text once
    with django_assert_max_num_queries(12):
        assert "测试项目4号" in results("测试")


def test_the_english_search_finds_the_report_in_the_language_it_was_written():
    report_with_figures()
    english = Client().get("/en/search/", {"q": "2095年测试工作报告"}).content.decode()
    chinese = results("2095年测试工作报告")  # from the text the English search built
    for html in (english, chinese):
        assert "标题:</span><mark>2095年测试工作报告</mark>" in html
