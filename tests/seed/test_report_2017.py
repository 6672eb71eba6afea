"""The shipped 2017 work report as a reader meets it: on its page and as its PDF."""

import io
import re

import pytest
from django.utils.html import strip_tags
from pypdf import PdfReader

from tests.seed import source_lines

pytestmark = pytest.mark.django_db

TITLE = "锦州高新技术产业开发区2017年工作报告"


def test_the_2017_page_is_titled_as_the_report_with_its_contents(client):
    html = client.get("/reports/2017/").content.decode()
    assert re.findall(r"<h1>(.*?)</h1>", html) == [TITLE]
    toc = re.search(r'<nav class="report-toc".*?</nav>', html, re.S).group(0)
    assert re.findall(r'<a href="#[^"]+">([^<]+)</a>', toc) == [
        "一、发展沿革及自然情况",
        "二、经济运行及产业情况",
        "三、体制机制改革推进情况",
        "四、创新创业工作开展情况",
        "(一)、创新创业环境不断优化",
        "(二)、创新要素实现集聚发展",
    ]


def test_the_2017_pdf_has_the_title_the_figures_and_the_sign_off_in_cjk_fonts(client):
    response = client.get("/reports/2017/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert text.startswith(TITLE)
    assert "全区地区生产总值实现72.6亿元,同比增长15.8%,增幅位于全市第2位" in text
    assert "三次产业比调整为1.6:41.8:56.6" in text
    assert "做出我们新的、更大的贡献!锦州高新技术产业开发区管理委员会2018年4月17日" in text
    assert reader.metadata.title == TITLE
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all(name.startswith("Noto-") and "CJK-SC" in name for name in fonts)


def test_report_page_shows_every_line_of_the_source(client):
    response = client.get("/reports/2017/")
    assert response.status_code == 200
    text = " ".join(strip_tags(response.content.decode()).split())
    for line in source_lines()[:-1]:  # the last line is the source page's "related news" link
        assert " ".join(line.split()) in text, line
