"""The work report reads as an official document: its title, contents, quiet figures, folded
data, the sign-off in the official order, a print button and a PDF rendered on the server."""

import io
import re
from datetime import date

import pytest
from django.core.checks import Warning as CheckWarning
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from hightech_zone.models import IndicatorValue, PublicationStatus
from portal import checks
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = 2091


@pytest.fixture
def report():
    """A published report whose second section has a subheading and a bound figure, in a zone
    whose name the page's title carries."""
    factories.zone(name="测试高新技术产业开发区")
    report = factories.report(
        year=YEAR,
        title=f"测试高新区{YEAR}年工作报告",
        issuing_body="测试高新区管理委员会",
        issued_on=date(YEAR + 1, 4, 17),
        closing="以实干创造未来。",
    )
    value = factories.value(
        indicator=factories.indicator(code="t_output", name="测试园区生产总值"),
        year=YEAR,
        value="88.8",
    )
    factories.section(report=report, order=1, heading="一、总体情况", body="园区稳步发展。")
    second = factories.section(
        report=report,
        order=2,
        heading="二、经济运行",
        body="经济运行向好。\n(一)、产业情况\n全区生产总值实现[[t_output]]。",
    )
    second.indicators.add(value.indicator)
    return report


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def pdf_text(response):
    """The PDF's selectable text, whitespace removed (a line may break inside a phrase)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_the_page_is_headed_by_the_reports_own_title(client, report):
    html = html_of(client, report.get_absolute_url())
    assert re.findall(r"<h1>(.*?)</h1>", html) == [f"测试高新区{YEAR}年工作报告"]
    assert f"<title>测试高新区{YEAR}年工作报告 · 测试高新技术产业开发区</title>" in html


def test_the_contents_link_to_every_section_and_subheading_by_their_order(client, report):
    html = html_of(client, report.get_absolute_url())
    toc = re.search(r'<nav class="report-toc".*?</nav>', html, re.S).group(0)
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc)
    assert links == [
        ("section-1", "一、总体情况"),
        ("section-2", "二、经济运行"),
        ("section-2-2", "(一)、产业情况"),
    ]
    for anchor, _heading in links:
        assert html.count(f'id="{anchor}"') == 1


def test_anchors_stay_when_another_sections_text_changes(client, report):
    before = set(re.findall(r'id="(section-[\d-]+)"', html_of(client, report.get_absolute_url())))
    first = report.sections.get(order=1)
    first.body = "新增一段。\n园区稳步发展。"
    first.save()
    after = set(re.findall(r'id="(section-[\d-]+)"', html_of(client, report.get_absolute_url())))
    assert before == after == {"section-1", "section-2", "section-2-2"}


def test_the_sign_off_puts_the_issuing_body_first_and_the_date_below_it(client, report):
    html = html_of(client, report.get_absolute_url())
    sign_off = re.search(r'<footer class="report-signature">(.*?)</footer>', html, re.S).group(1)
    lines = re.findall(r"<p[^>]*>(.*?)</p>", sign_off, re.S)
    assert [re.sub(r"<[^>]+>", "", line) for line in lines] == [
        "测试高新区管理委员会",
        f"{YEAR + 1}年4月17日",
    ]
    assert f'<time datetime="{YEAR + 1}-04-17">' in sign_off


def test_a_bound_figure_is_a_link_that_names_what_it_measures(client, report):
    html = html_of(client, report.get_absolute_url())
    assert (
        '全区生产总值实现<a class="figure" href="/indicators/t_output/" '
        'title="测试园区生产总值">88.8亿元</a>。'
    ) in html


def test_the_section_tables_fold_into_a_closed_disclosure(client, report):
    html = html_of(client, report.get_absolute_url())
    disclosures = re.findall(r"<details([^>]*)>(.*?)</details>", html, re.S)
    assert len(disclosures) == 1  # only the section that has data
    attributes, body = disclosures[0]
    assert attributes == ' class="section-data"' and "open" not in attributes
    assert body.strip().startswith("<summary>本节数据</summary>")
    assert "<caption>本节指标</caption>" in body and "测试园区生产总值" in body


def test_the_print_button_waits_for_our_own_script_and_the_pdf_is_a_link(client, report):
    html = html_of(client, report.get_absolute_url())
    assert (
        '<button type="button" class="report-action" data-print-page hidden>打印</button>' in html
    )
    assert '<script defer src="/static/js/report.js"></script>' in html
    assert f'href="/reports/{YEAR}/pdf/"' in html
    # Only our own files run (CSP 'self'); the page holds no inline script.
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in s or 'type="application/json"' in s for s in scripts)


def test_the_pdf_holds_the_title_the_figures_as_on_the_page_and_the_sign_off(client, report):
    response = client.get(f"/reports/{YEAR}/pdf/")
    text = pdf_text(response)
    assert text.startswith(f"测试高新区{YEAR}年工作报告")
    assert "一、总体情况" in text and "(一)、产业情况" in text
    assert "全区生产总值实现88.8亿元。" in text
    # The closing, then the issuing body, then the date, then only the page number.
    assert re.search(rf"以实干创造未来。测试高新区管理委员会{YEAR + 1}年4月17日—\d+—$", text)


def test_the_pdf_downloads_under_the_reports_chinese_title(client, report):
    response = client.get(reverse("portal:report_pdf", args=[YEAR]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''"
        "%E6%B5%8B%E8%AF%95%E9%AB%98%E6%96%B0%E5%8C%BA2091%E5%B9%B4"
        "%E5%B7%A5%E4%BD%9C%E6%8A%A5%E5%91%8A.pdf"
    )


def test_the_english_address_gives_the_same_chinese_document(client, report):
    text = pdf_text(client.get(f"/en/reports/{YEAR}/pdf/"))
    assert "全区生产总值实现88.8亿元。" in text
    assert f"{YEAR + 1}年4月17日" in text and "April" not in text


def test_a_draft_reports_pdf_is_404_and_a_withdrawn_one_carries_its_notice(client, report):
    report.status = PublicationStatus.DRAFT
    report.save()
    assert client.get(f"/reports/{YEAR}/pdf/").status_code == 404
    assert client.get(f"/en/reports/{YEAR}/pdf/").status_code == 404
    report.status = PublicationStatus.WITHDRAWN
    report.withdrawn_reason = "数据有误"
    report.save()
    text = pdf_text(client.get(f"/reports/{YEAR}/pdf/"))
    assert "本内容已撤回" in text and "撤回理由:数据有误" in text


@pytest.mark.parametrize("year", ["1999", "99999999999999999999"])
def test_the_pdf_of_a_report_that_does_not_exist_is_404(client, year):
    assert client.get(f"/reports/{year}/pdf/").status_code == 404


def test_the_pdf_is_rendered_again_only_when_the_document_changes(client, report, monkeypatch):
    renders = []

    def fake_render(html):
        renders.append(html)
        return f"%PDF-1.7 render {len(renders)}".encode()

    monkeypatch.setattr("portal.pdf.render_pdf", fake_render)
    url = f"/reports/{YEAR}/pdf/"
    first, second = client.get(url), client.get(url)
    assert first.content == second.content == b"%PDF-1.7 render 1"
    assert second["Content-Disposition"] == first["Content-Disposition"]
    # A write elsewhere makes the cached page stale; the document reads the same: no render.
    factories.indicator()
    assert client.get(url).content == b"%PDF-1.7 render 1"
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) == 0  # served whole from the page cache
    # A change to one of its figures renders it again, with the new figure.
    value = IndicatorValue.objects.get(indicator__code="t_output")
    value.value = "99.9"
    value.save()
    assert client.get(url).content == b"%PDF-1.7 render 2"
    assert len(renders) == 2 and "99.9亿元" in renders[1]


def test_the_check_warns_when_the_pdf_libraries_are_missing(monkeypatch):
    assert checks.pdf_libraries(None) == []  # this machine has them (make pdf-deps)
    monkeypatch.setattr(checks, "missing_libraries", lambda: ["pango-1.0"])
    [warning] = checks.pdf_libraries(None)
    assert isinstance(warning, CheckWarning) and warning.id == "portal.W001"
    assert "pango-1.0" in warning.msg and "make pdf-deps" in warning.hint
