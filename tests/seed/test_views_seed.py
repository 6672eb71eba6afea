"""The shipped 锦州 home page and 2017 report show the seed's own figures, links and charts."""

import json
import re

import pytest
from django.utils.html import strip_tags

pytestmark = pytest.mark.slow


def page_text(response):
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def test_the_2017_report_links_charts_and_lists_the_seeds_figures(client):
    html = client.get("/reports/2017/").content.decode()
    assert '<a class="figure" href="/indicators/gdp/" title="地区生产总值">72.6亿元</a>' in html
    assert (
        '<a class="figure" href="/indicators/industry_structure/" title="三次产业比">'
        "1.6:41.8:56.6</a>"
    ) in html
    assert "上海复星生物医药产业园一期" in html
    assert "锦州高新区科技创新券实施管理办法" in html
    assert "锦州银行科技金融服务中心" in html
    data = json.loads(re.search(r'<script id="chart-data-\d+"[^>]*>(.*?)</script>', html).group(1))
    assert data["labels"][:2] == ["地区生产总值", "公共财政预算收入"]
    assert data["values"][:2] == [15.8, 22.3]


def test_the_home_page_and_indicator_list_show_the_seeds_2017_figures(client):
    text = page_text(client.get("/"))
    assert "锦州高新技术产业开发区" in text and "220平方公里" in text
    assert "2017年主要指标" in text
    for figure in ["72.6亿元", "同比增长 15.8%", "全市第2位", "36.7亿元", "全市第1位"]:
        assert figure in text
    assert "华为云计算中心" in text and "天文太阳能检测" in text
    assert "万达广场" not in text  # not a key project
    assert "国家火炬锦州汽车零部件特色产业基地" in text
    indicators = page_text(client.get("/indicators/"))
    assert "2017年指标数据" in indicators and "共 57 条" in indicators


def test_the_english_indicator_list_names_every_shipped_indicator_in_english(client):
    from hightech_zone.models import Indicator

    shipped = list(Indicator.objects.published())
    assert shipped and all(indicator.name_en for indicator in shipped)
    pages = [client.get("/en/indicators/").content.decode()]
    pages += [client.get(f"/en/indicators/?page={n}").content.decode() for n in (2, 3)]
    shown = "".join(pages)
    for indicator in shipped:
        assert indicator.name not in shown, indicator.name
    gdp = client.get("/en/indicators/gdp/").content.decode()
    assert "<h1>Gross domestic product" in gdp
