"""The public portal: the report reads like the seed; lists filter and sort; drafts stay hidden."""

import json
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from hightech_zone.models import (
    Designation,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    PublicationStatus,
    WorkReport,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("seed"),  # not yet on factories (issue 12)
]

DRAFT = PublicationStatus.DRAFT


def page_text(response):
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def test_report_figures_link_to_their_indicator(client):
    html = client.get("/reports/2017/").content.decode()
    assert '<a class="figure" href="/indicators/gdp/" title="地区生产总值">72.6亿元</a>' in html
    assert (
        '<a class="figure" href="/indicators/industry_structure/" title="三次产业比">'
        "1.6:41.8:56.6</a>"
    ) in html


def test_report_shows_the_data_behind_each_section(client):
    html = client.get("/reports/2017/").content.decode()
    assert "本节指标" in html and "本节提到的项目" in html
    assert "上海复星生物医药产业园一期" in html
    assert "锦州高新区科技创新券实施管理办法" in html
    assert "锦州银行科技金融服务中心" in html
    assert "全市第2位" in html


def test_report_charts_the_growth_rates_a_section_gives_from_the_same_library(client):
    html = client.get("/reports/2017/").content.decode()
    assert html.count('class="chart-canvas"') == 1
    assert "/static/vendor/echarts/echarts.min.js" in html
    data = json.loads(re.search(r'<script id="chart-data-\d+"[^>]*>(.*?)</script>', html).group(1))
    assert data["kind"] == "growth"
    assert data["labels"][:2] == ["地区生产总值", "公共财政预算收入"]
    assert data["values"][:2] == [15.8, 22.3]


def test_changing_a_value_in_the_admin_changes_the_report(client, staff_client):
    value = IndicatorValue.objects.get(indicator__code="gdp", year=2017)
    form = {
        "indicator": value.indicator_id,
        "year": 2017,
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
    change_url = reverse("admin:hightech_zone_indicatorvalue_change", args=[value.pk])
    assert staff_client.post(change_url, form).status_code == 302
    text = page_text(client.get("/reports/2017/"))
    assert "全区地区生产总值实现80.5亿元,同比增长16.2%,增幅位于全市第1位" in text
    assert "72.6亿元" not in text


def test_a_draft_report_answers_404_and_is_listed_nowhere(client):
    WorkReport.objects.filter(year=2017).update(status=DRAFT)
    assert client.get("/reports/2017/").status_code == 404
    assert "/reports/2017/" not in client.get("/reports/").content.decode()
    assert "/reports/2017/" not in client.get("/").content.decode()
    assert "/reports/2017/" not in client.get("/search/", {"q": "高新区"}).content.decode()


def test_404_page_is_in_chinese_and_shows_no_traceback(client):
    response = client.get("/reports/1999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert "Traceback" not in response.content.decode()


DRAFTABLE = [
    # model, lookup, text shown in lists/search, list url, search query, detail url of record
    (Project, {"name": "万达广场"}, "万达广场", "/projects/", "万达"),
    (
        PolicyDocument,
        {"title": "锦州大学科技园优惠政策"},
        "锦州大学科技园优惠政策",
        "/policies/",
        "优惠",
    ),
    (
        InnovationPlatform,
        {"name": "锦州银行科技金融服务中心"},
        "锦州银行科技金融服务中心",
        "/platforms/",
        "银行",
    ),
    (Indicator, {"code": "retail_sales"}, "社会消费品零售额", "/indicators/", "零售"),
]


@pytest.mark.parametrize(
    ("model", "lookup", "label", "list_url", "query"),
    DRAFTABLE,
    ids=lambda v: getattr(v, "__name__", None),
)
def test_a_draft_record_is_on_no_public_page_download_or_search(
    client, model, lookup, label, list_url, query
):
    record = model.objects.get(**lookup)
    detail = record.get_absolute_url()
    assert client.get(detail).status_code == 200
    assert (
        label in client.get(list_url, {"year": 2017} if model is Indicator else {}).content.decode()
    )

    model.objects.filter(pk=record.pk).update(status=DRAFT)

    assert client.get(detail).status_code == 404
    for url in [list_url, "/", "/reports/2017/"]:
        html = client.get(url).content.decode()
        assert detail not in html, url
    listing = client.get(list_url).content.decode()
    assert label not in listing
    for fmt in ["csv", "xlsx"]:
        download = client.get(list_url, {"_export": fmt}).content
        assert label.encode() not in download
    assert detail not in client.get("/search/", {"q": query}).content.decode()


def test_a_draft_value_is_hidden_from_lists_downloads_home_and_report(client):
    IndicatorValue.objects.filter(indicator__code="gdp").update(status=DRAFT)
    assert "地区生产总值" not in client.get("/indicators/").content.decode()
    assert "地区生产总值".encode() not in client.get("/indicators/", {"_export": "csv"}).content
    assert "72.6" not in client.get("/").content.decode()
    text = page_text(client.get("/reports/2017/"))
    assert "72.6亿元" not in text
    assert "全区地区生产总值实现—,同比增长—" in text
    assert "72.6" not in client.get("/indicators/gdp/").content.decode()


def test_a_draft_designation_is_hidden_from_home_and_report(client):
    Designation.objects.filter(name="国家高新区").update(status=DRAFT)
    assert "2015年2月" not in page_text(client.get("/reports/2017/"))
    Designation.objects.filter(name="国家科技兴贸创新基地").update(status=DRAFT)
    assert "国家科技兴贸创新基地" not in client.get("/").content.decode()


def test_home_shows_profile_headline_indicators_report_policies_and_key_projects(client):
    text = page_text(client.get("/"))
    assert "锦州高新技术产业开发区" in text and "220平方公里" in text
    assert "2017年主要指标" in text
    for figure in ["72.6亿元", "同比增长 15.8%", "全市第2位", "36.7亿元", "全市第1位"]:
        assert figure in text
    assert "2017年工作报告" in text
    assert "最新政策文件" in text
    html = client.get("/").content.decode()
    assert len(re.findall(r'href="/policies/\d+/"', html)) == 5
    assert "华为云计算中心" in text and "天文太阳能检测" in text
    assert "万达广场" not in text  # not a key project
    assert "国家火炬锦州汽车零部件特色产业基地" in text


def test_indicator_list_defaults_to_the_latest_year_and_filters_by_category(client):
    text = page_text(client.get("/indicators/"))
    assert "2017年指标数据" in text and "共 57 条" in text
    economy = page_text(client.get("/indicators/", {"year": 2017, "category": "economy"}))
    assert "共 6 条" in economy
    assert "地区生产总值" in economy and "授权专利" not in economy
    assert "共 0 条" in page_text(client.get("/indicators/", {"year": 2016}))


def test_indicator_list_sorts_by_value(client):
    html = client.get("/indicators/", {"year": 2017, "sort": "-value"}).content.decode()
    first_row = re.search(r"<tbody[^>]*>\s*<tr[^>]*>(.*?)</tr>", html, re.S).group(1)
    assert "办理各类审批件" in first_row and "17505" in first_row
    assert 'aria-sort="descending"' in html
    # An empty value sorts last both ways, on SQLite and PostgreSQL alike.
    ascending = client.get(
        "/indicators/", {"year": 2017, "category": "economy", "sort": "value"}
    ).content.decode()
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", ascending.split("<tbody")[1], re.S)
    assert "规模以上工业增加值" in rows[-1]
    assert (
        "规模以上工业增加值"
        not in re.findall(r"<tr[^>]*>(.*?)</tr>", html.split("<tbody")[1], re.S)[0]
    )


def test_bad_filter_input_gets_a_chinese_message_not_a_traceback(client):
    response = client.get("/indicators/", {"year": "abc"})
    text = page_text(response)
    assert "输入一个数字" in text or "输入整数" in text
    assert "Traceback" not in text
    response = client.get("/policies/", {"validity": "nonsense"})
    assert "选择一个有效的选项" in page_text(response)


def test_indicator_page_with_one_year_shows_a_figure_card_and_loads_no_chart(client):
    html = client.get("/indicators/gdp/").content.decode()
    card = html[
        html.index('class="figure-card"') : html.index("</section>", html.index("figure-card"))
    ]
    assert "2017年" in card and "72.6亿元" in card and "15.8%" in card and "全市第2位" in card
    assert 'id="indicator-chart"' not in html
    assert "echarts.min.js" not in html


def test_ratio_indicator_page_lists_its_components_and_shows_the_ratio(client):
    text = page_text(client.get("/indicators/industry_structure/"))
    assert "第一产业占比" in text and "第三产业占比" in text
    assert "1.6:41.8:56.6" in text
    assert "暂无已发布的数值" not in text


@pytest.mark.parametrize(
    ("url", "params", "shown", "hidden"),
    [
        ("/projects/", {"stage": "in_operation"}, ["万达广场", "红星美凯龙家居广场"], ["天辰博锐"]),
        ("/projects/", {"industry": "biomedicine"}, ["上海复星生物医药产业园"], ["万达广场"]),
        ("/projects/", {"year": 2017}, ["万达广场", "天辰博锐"], []),
        ("/projects/", {"year": 2016}, [], ["万达广场"]),
        ("/policies/", {"validity": "for_comment"}, ["吸引高校毕业生"], ["科技互助贷款"]),
        ("/policies/", {"category": "talent"}, ["引进高新技术人才"], ["体制机制改革方案"]),
        ("/policies/", {"issuing_body": "松山新区管理委员会"}, ["吸引高校毕业生"], ["科技创新券"]),
        ("/policies/", {"year": 2017}, ["科技创新券"], []),
        ("/platforms/", {"kind": "university_park"}, ["锦州大学科技园"], ["锦州银行"]),
        ("/platforms/", {"level": "national"}, [], ["锦州大学科技园"]),
    ],
)
def test_lists_filter_by_their_query_string(client, url, params, shown, hidden):
    text = page_text(client.get(url, params))
    for name in shown:
        assert name in text
    for name in hidden:
        assert name not in text


def test_policy_page_shows_government_portal_metadata(client):
    policy = PolicyDocument.objects.get(title="锦州高新区科技创新券实施管理办法")
    text = page_text(client.get(policy.get_absolute_url()))
    for label in ["索引号", "发文机关", "发文字号", "成文日期", "发布日期", "有效性", "现行有效"]:
        assert label in text
    assert "2017年工作报告" in text  # the report that names it


def test_project_and_platform_pages_link_each_other(client):
    park = InnovationPlatform.objects.get(name="锦州大学科技园")
    text = page_text(client.get(park.get_absolute_url()))
    assert "3.77" in text and "7.5" in text and "天辰博锐" in text
    project = Project.objects.get(name="天辰博锐")
    html = client.get(project.get_absolute_url()).content.decode()
    assert park.get_absolute_url() in html and "签约入驻大学科技园" in html


@pytest.mark.parametrize(
    ("query", "group", "hit"),
    [
        ("科技", "政策文件", "锦州高新区<mark>科技</mark>创新券实施管理办法"),
        ("医药", "投资项目", "上海复星生物<mark>医药</mark>产业园"),
        ("园", "创新平台", "锦州大学科技<mark>园</mark>"),
        ("专利", "指标", "授权<mark>专利</mark>"),
        ("审批", "年度工作报告", "<mark>审批</mark>"),
    ],
)
def test_search_finds_one_and_two_character_chinese_words_grouped_and_highlighted(
    client, query, group, hit
):
    html = client.get("/search/", {"q": query}).content.decode()
    assert group in html
    assert hit in html


def test_search_shows_report_paragraphs_with_figures_filled_in(client):
    html = client.get("/search/", {"q": "生产总值"}).content.decode()
    assert "72.6亿元" in html
    assert "[[gdp]]" not in html


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
