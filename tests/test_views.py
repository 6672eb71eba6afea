"""The public portal: the report reads from the data; lists filter and sort; drafts stay hidden."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from hightech_zone.models import (
    Designation,
    IndicatorKind,
    IndicatorValue,
    PublicationStatus,
    WorkReport,
)
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def page_text(response):
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def ratio(code="t_structure", name="测试三次产业比", year=2090, shares=("1.6", "41.8", "56.6")):
    """A composite ratio indicator whose parts hold ``shares`` in ``year``."""
    whole = factories.indicator(code=code, name=name, kind=IndicatorKind.RATIO, unit="")
    for order, share in enumerate(shares):
        part = factories.indicator(
            name=f"{name}第{order + 1}部分", parent=whole, unit="%", display_order=order
        )
        factories.value(indicator=part, year=year, value=share)
    return whole


def test_report_figures_link_to_their_indicator(client, site_records):
    ratio(year=site_records.report.year)
    factories.section(report=site_records.report, body="三次产业比调整为[[t_structure]]。")
    html = client.get(site_records.report.get_absolute_url()).content.decode()
    assert '<a class="figure" href="/indicators/t_output/" title="测试总产值">72.6亿元</a>' in html
    assert (
        '<a class="figure" href="/indicators/t_structure/" title="测试三次产业比">1.6:41.8:56.6</a>'
    ) in html


def test_report_shows_the_data_behind_each_section(client, site_records):
    html = client.get(site_records.report.get_absolute_url()).content.decode()
    assert "本节指标" in html and "本节提到的项目" in html
    assert "测试生物医药项目" in html
    assert "测试科技创新券管理办法" in html
    assert "测试大学科技园" in html
    assert "全市第2位" in html


def test_report_charts_the_growth_rates_a_section_gives_from_the_same_library(client, site_records):
    revenue = factories.indicator(name="测试财政收入", display_order=1)
    factories.value(indicator=revenue, year=site_records.report.year, growth_pct="22.3")
    site_records.section.indicators.add(revenue)
    html = client.get(site_records.report.get_absolute_url()).content.decode()
    assert html.count('class="chart-canvas"') == 1
    assert "/static/vendor/echarts/echarts.custom.min.js" in html
    data = json.loads(re.search(r'<script id="chart-data-\d+"[^>]*>(.*?)</script>', html).group(1))
    assert data["kind"] == "growth"
    assert data["labels"] == ["测试总产值", "测试财政收入"]
    assert data["values"] == [15.8, 22.3]


def test_changing_a_value_in_the_admin_changes_the_report(client, staff_client, site_records):
    value = site_records.value
    form = {
        "indicator": value.indicator_id,
        "year": value.year,
        "value": "80.5",
        "qualifier": "",
        "baseline_qualifier": "",
        "growth_pct": "16.2",
        "rank": "1",
        "rank_scope": "全市",
        "rank_basis": "growth",
        "status": "published",
        "loaded_version": value.version,
    }
    report = site_records.report.get_absolute_url()
    assert "72.6亿元" in page_text(client.get(report))  # cached with the old figure
    change_url = reverse("admin:hightech_zone_indicatorvalue_change", args=[value.pk])
    assert staff_client.post(change_url, form).status_code == 302
    text = page_text(client.get(report))
    assert "全区测试总产值实现80.5亿元,同比增长16.2%,增幅位于全市第1位" in text
    assert "72.6亿元" not in text


def test_a_draft_report_answers_404_and_is_listed_nowhere(client, site_records):
    url = site_records.report.get_absolute_url()
    assert url in client.get("/reports/").content.decode()
    assert url in client.get("/").content.decode()
    assert url in client.get("/search/", {"q": "测试总产值"}).content.decode()
    WorkReport.objects.filter(pk=site_records.report.pk).update(status=DRAFT)
    assert client.get(url).status_code == 404
    assert url not in client.get("/reports/").content.decode()
    assert url not in client.get("/").content.decode()
    assert url not in client.get("/search/", {"q": "测试总产值"}).content.decode()


def test_404_page_is_in_chinese_and_shows_no_traceback(client, site_records):
    response = client.get(f"/reports/{site_records.report.year + 1}/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert "Traceback" not in response.content.decode()


DRAFTABLE = [
    # site_records' attribute, the field the lists show, list url
    ("project", "name", "/projects/"),
    ("policy", "title", "/policies/"),
    ("platform", "name", "/platforms/"),
    ("indicator", "name", "/indicators/"),
]


@pytest.mark.parametrize(("kind", "field", "list_url"), DRAFTABLE, ids=[d[0] for d in DRAFTABLE])
def test_a_draft_record_is_on_no_public_page_download_or_search(
    client, site_records, kind, field, list_url
):
    record = getattr(site_records, kind)
    label = getattr(record, field)
    report = site_records.report.get_absolute_url()
    detail = record.get_absolute_url()
    assert client.get(detail).status_code == 200
    assert label in client.get(list_url).content.decode()
    assert detail in client.get(report).content.decode()
    assert detail in client.get("/search/", {"q": label}).content.decode()

    type(record).objects.filter(pk=record.pk).update(status=DRAFT)

    assert client.get(detail).status_code == 404
    for url in [list_url, "/", report]:
        html = client.get(url).content.decode()
        assert detail not in html, url
    listing = client.get(list_url).content.decode()
    assert label not in listing
    for fmt in ["csv", "xlsx"]:
        download = client.get(list_url, {"_export": fmt}).content
        assert label.encode() not in download
    assert detail not in client.get("/search/", {"q": label}).content.decode()


def test_a_draft_value_is_hidden_from_lists_downloads_home_and_report(client, site_records):
    name, detail = site_records.indicator.name, site_records.indicator.get_absolute_url()
    report = site_records.report.get_absolute_url()
    assert "72.6" in client.get("/").content.decode()
    IndicatorValue.objects.filter(pk=site_records.value.pk).update(status=DRAFT)
    assert name not in client.get("/indicators/").content.decode()
    assert name.encode() not in client.get("/indicators/", {"_export": "csv"}).content
    assert "72.6" not in client.get("/").content.decode()
    text = page_text(client.get(report))
    assert "72.6亿元" not in text
    assert "全区测试总产值实现—,同比增长—" in text
    assert "72.6" not in client.get(detail).content.decode()


def test_a_draft_designation_is_hidden_from_home_and_report(client, site_records):
    designation, report = site_records.designation, site_records.report.get_absolute_url()
    assert "2032年5月" in page_text(client.get(report))
    assert designation.name in page_text(client.get("/"))
    Designation.objects.filter(pk=designation.pk).update(status=DRAFT)
    assert "2032年5月" not in page_text(client.get(report))
    assert designation.name not in client.get("/").content.decode()


def test_home_shows_profile_headline_indicators_report_policies_and_key_projects(
    client, site_records
):
    year = site_records.report.year
    revenue = factories.indicator(name="测试财政收入", is_headline=True, display_order=1)
    factories.value(indicator=revenue, year=year, value="36.7", rank=1, rank_scope="全市")
    factories.value(indicator__is_headline=False, indicator__name="测试非重点指标", year=year)
    for number in range(6):
        factories.policy(title=f"测试其他政策{number}", year=year - 1)
    factories.project(name="测试普通项目", is_key=False)
    text = page_text(client.get("/"))
    assert "测试高新技术产业开发区" in text and "12.5平方公里" in text
    assert f"{year}年主要指标" in text
    for figure in ["72.6亿元", "同比增长 15.8%", "全市第2位", "36.7亿元", "全市第1位"]:
        assert figure in text
    assert "测试非重点指标" not in text
    assert site_records.report.title in text
    assert "最新政策文件" in text
    html = client.get("/").content.decode()
    assert len(re.findall(r'href="/policies/\d+/"', html)) == 5
    assert "测试科技创新券管理办法" in text  # the latest year's comes first
    assert "测试生物医药项目" in text
    assert "测试普通项目" not in text  # not a key project
    assert site_records.designation.name in text


@pytest.fixture
def values():
    """Values of two years in two categories, one economy value without a figure."""
    for name, category, number in [
        ("测试产值", "economy", "72.6"),
        ("测试税收", "economy", "36.7"),
        ("测试审批件数", "reform", "17505"),
        ("测试增加值", "economy", None),
    ]:
        indicator = factories.indicator(name=name, category=category)
        factories.value(indicator=indicator, year=2091, value=number, growth_pct=5)
    factories.value(indicator__name="测试去年的指标", year=2090, value=1)


def test_indicator_list_defaults_to_the_latest_year_and_filters_by_category(client, values):
    text = page_text(client.get("/indicators/"))
    assert "2091年指标数据" in text and "共 4 条" in text
    assert "测试去年的指标" not in text
    economy = page_text(client.get("/indicators/", {"year": 2091, "category": "economy"}))
    assert "共 3 条" in economy
    assert "测试产值" in economy and "测试审批件数" not in economy
    assert "共 1 条" in page_text(client.get("/indicators/", {"year": 2090}))
    assert "没有符合筛选条件的记录" in page_text(client.get("/indicators/", {"year": 2089}))


def test_indicator_list_sorts_by_value(client, values):
    html = client.get("/indicators/", {"year": 2091, "sort": "-value"}).content.decode()
    first_row = re.search(r"<tbody[^>]*>\s*<tr[^>]*>(.*?)</tr>", html, re.S).group(1)
    assert "测试审批件数" in first_row and "17505" in first_row
    assert 'aria-sort="descending"' in html
    # An empty value sorts last both ways, on SQLite and PostgreSQL alike.
    ascending = client.get(
        "/indicators/", {"year": 2091, "category": "economy", "sort": "value"}
    ).content.decode()
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", ascending.split("<tbody")[1], re.S)
    assert ["测试税收" in rows[0], "测试产值" in rows[1], "测试增加值" in rows[-1]] == [True] * 3
    descending = re.findall(r"<tr[^>]*>(.*?)</tr>", html.split("<tbody")[1], re.S)
    assert "测试增加值" in descending[-1] and "测试增加值" not in descending[0]


def test_bad_filter_input_gets_a_chinese_message_not_a_traceback(client):
    response = client.get("/indicators/", {"year": "abc"})
    text = page_text(response)
    assert "输入一个数字" in text or "输入整数" in text
    assert "Traceback" not in text
    response = client.get("/policies/", {"validity": "nonsense"})
    assert "选择一个有效的选项" in page_text(response)


def test_indicator_page_with_one_year_shows_a_figure_card_and_loads_no_chart(client, site_records):
    html = client.get(site_records.indicator.get_absolute_url()).content.decode()
    card = html[
        html.index('class="figure-card"') : html.index("</section>", html.index("figure-card"))
    ]
    year = site_records.value.year
    assert f"{year}年" in card and "72.6亿元" in card and "15.8%" in card and "全市第2位" in card
    assert 'id="indicator-chart"' not in html
    assert "echarts.custom.min.js" not in html


def test_ratio_indicator_page_lists_its_components_and_shows_the_ratio(client):
    text = page_text(client.get(ratio().get_absolute_url()))
    assert "测试三次产业比第1部分" in text and "测试三次产业比第3部分" in text
    assert "1.6:41.8:56.6" in text
    assert "暂无已发布的数值" not in text


@pytest.fixture
def listed():
    """Projects, policies and platforms that differ in each field the lists filter on."""
    for name, stage, industry in [
        ("测试商场", "in_operation", "services"),
        ("测试家居城", "in_operation", "services"),
        ("测试医药园", "under_construction", "biomedicine"),
    ]:
        project = factories.project(name=name, industry=industry)
        factories.progress(project=project, year=2091, stage=stage)
    for title, validity, category, body in [
        ("测试吸引高校毕业生办法", "for_comment", "talent", "测试新区管理委员会"),
        ("测试科技互助贷款办法", "effective", "finance", "测试管委会"),
        ("测试科技创新券办法", "effective", "sci_tech", "测试管委会"),
    ]:
        factories.policy(
            title=title, validity=validity, category=category, issuing_body=body, year=2091
        )
    factories.policy(title="测试往年的办法", year=2089)
    factories.platform(name="测试大学科技园", kind="university_park", level="provincial")
    factories.platform(name="测试国家级孵化器", kind="incubator", level="national")


@pytest.mark.parametrize(
    ("url", "params", "shown", "hidden"),
    [
        (
            "/projects/",
            {"stage": "in_operation"},
            ["测试商场", "测试家居城"],
            ["测试医药园"],
        ),
        ("/projects/", {"industry": "biomedicine"}, ["测试医药园"], ["测试商场"]),
        ("/projects/", {"year": 2091}, ["测试商场", "测试医药园"], []),
        ("/projects/", {"year": 2090}, [], ["测试商场"]),
        ("/policies/", {"validity": "for_comment"}, ["吸引高校毕业生"], ["科技互助贷款"]),
        ("/policies/", {"category": "talent"}, ["吸引高校毕业生"], ["科技创新券"]),
        ("/policies/", {"issuing_body": "测试新区管理委员会"}, ["吸引高校毕业生"], ["科技创新券"]),
        ("/policies/", {"year": 2091}, ["科技创新券"], ["测试往年的办法"]),
        ("/platforms/", {"kind": "university_park"}, ["测试大学科技园"], ["测试国家级孵化器"]),
        ("/platforms/", {"level": "national"}, ["测试国家级孵化器"], ["测试大学科技园"]),
    ],
)
def test_lists_filter_by_their_query_string(client, listed, url, params, shown, hidden):
    text = page_text(client.get(url, params))
    for name in shown:
        assert name in text
    for name in hidden:
        assert name not in text


def test_policy_page_shows_government_portal_metadata(client, site_records):
    policy = site_records.policy
    policy.index_number = "测试-2090-001"
    policy.doc_number = "测试发〔2090〕1号"
    policy.written_on = policy.published_on = date(2090, 3, 1)
    policy.validity = "effective"
    policy.save()
    response = client.get(policy.get_absolute_url())
    text = page_text(response)
    for label in ["索引号", "发文机关", "发文字号", "成文日期", "发布日期", "有效性", "现行有效"]:
        assert label in text
    assert "测试-2090-001" in text and "测试发〔2090〕1号" in text and "测试管委会" in text
    report = site_records.report  # the report that names it
    assert f"{report.year}年工作报告" in text
    assert report.get_absolute_url() in response.content.decode()


def test_project_and_platform_pages_link_each_other(client, site_records):
    park, project = site_records.platform, site_records.project
    park.floor_area = Decimal("7.5")
    park.save()
    progress = site_records.progress
    progress.progress = "签约入驻大学科技园"
    progress.save()
    text = page_text(client.get(park.get_absolute_url()))
    assert "3.77" in text and "7.5" in text and project.name in text
    html = client.get(project.get_absolute_url()).content.decode()
    assert park.get_absolute_url() in html and "签约入驻大学科技园" in html


@pytest.mark.parametrize(
    ("query", "group", "hit"),
    [
        ("科技", "政策文件", "测试<mark>科技</mark>创新券管理办法"),
        ("医药", "投资项目", "测试生物<mark>医药</mark>项目"),
        ("园", "创新平台", "测试大学科技<mark>园</mark>"),
        ("专利", "指标", "测试授权<mark>专利</mark>"),
        ("审批", "年度工作报告", "<mark>审批</mark>"),
    ],
)
def test_search_finds_one_and_two_character_chinese_words_grouped_and_highlighted(
    client, site_records, query, group, hit
):
    factories.value(indicator__name="测试授权专利", year=site_records.report.year)
    factories.section(report=site_records.report, body="测试行政审批时限缩短。")
    html = client.get("/search/", {"q": query}).content.decode()
    assert group in html
    assert hit in html


def test_search_shows_report_paragraphs_with_figures_filled_in(client, site_records):
    html = client.get("/search/", {"q": "总产值"}).content.decode()
    assert site_records.report.get_absolute_url() in html
    assert "72.6亿元" in html
    assert "[[t_output]]" not in html


def test_search_escapes_what_it_echoes(client):
    html = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_empty_and_unmatched_searches_say_so(client):
    assert "共找到" not in client.get("/search/").content.decode()
    assert "没有找到相关内容" in client.get("/search/", {"q": "不存在的词语"}).content.decode()


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
