"""Downloads give exactly the rows shown, open cleanly in Excel, and cannot carry formulas."""

import csv
import io
from urllib.parse import unquote

import openpyxl
import pytest

from hightech_zone.importing.cells import export_cell
from hightech_zone.models import Project, PublicationStatus
from portal.tables import clean_cell
from tests import factories

pytestmark = pytest.mark.django_db


def csv_rows(response):
    body = response.content
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(response):
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_csv_has_bom_chinese_headers_and_exactly_the_filtered_rows(client):
    for name, stage in [
        ("测试运营项目甲", "in_operation"),
        ("测试运营项目乙", "in_operation"),
        ("测试在建项目", "under_construction"),
    ]:
        factories.progress(project=factories.project(name=name), stage=stage)
    factories.project(name="测试未报进展项目")
    response = client.get("/projects/", {"stage": "in_operation", "_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0][:3] == ["项目名称", "期次", "所属产业"]
    assert "建设阶段" in rows[0]
    names = sorted(row[0] for row in rows[1:])
    assert names == ["测试运营项目乙", "测试运营项目甲"]


def test_download_ignores_pagination_but_keeps_filters_and_sort(client):
    for number in range(1, 56):  # more than a page of 50
        factories.value(year=2091, value=number, indicator__name=f"测试指标第{number}号")
    factories.value(year=2092, value=999, indicator__name="测试别年的指标")
    page = client.get("/indicators/", {"year": 2091, "sort": "-value"})
    assert page.context["table"].paginator.per_page == 50
    rows = csv_rows(client.get("/indicators/", {"year": 2091, "sort": "-value", "_export": "csv"}))
    assert len(rows) == 1 + 55
    assert [row[0] for row in rows[1:4]] == ["测试指标第55号", "测试指标第54号", "测试指标第53号"]
    assert rows[-1][0] == "测试指标第1号"


def test_xlsx_keeps_numbers_as_numbers(client):
    factories.value(
        indicator=factories.indicator(name="测试总产值", unit="亿元"),
        year=2091,
        value="72.6",
        growth_pct="15.8",
    )
    rows = xlsx_rows(client.get("/indicators/", {"year": 2091, "_export": "xlsx"}))
    header, *data = rows
    gdp = next(row for row in data if row[0] == "测试总产值")
    value = gdp[header.index("数值")]
    growth = gdp[header.index("同比增长(%)")]
    assert isinstance(value, int | float) and value == pytest.approx(72.6)
    assert isinstance(growth, int | float) and growth == pytest.approx(15.8)
    assert gdp[header.index("计量单位")] == "亿元"


def test_formula_like_text_is_escaped_and_negative_numbers_are_not(client):
    Project.objects.create(
        name='=HYPERLINK("http://example.com","点我")',
        investor="@SUM(A1:A9)",
        status=PublicationStatus.PUBLISHED,
    )
    factories.value(indicator__name="测试总产值", year=2091, value="72.6", growth_pct=-5)

    rows = csv_rows(client.get("/projects/", {"_export": "csv"}))
    hostile = next(row for row in rows if "HYPERLINK" in row[0])
    assert hostile[0].startswith("'=HYPERLINK")
    assert hostile[3] == "'@SUM(A1:A9)"

    sheet = xlsx_rows(client.get("/projects/", {"_export": "xlsx"}))
    assert next(r for r in sheet if "HYPERLINK" in str(r[0]))[0].startswith("'=")

    data = xlsx_rows(client.get("/indicators/", {"year": 2091, "_export": "xlsx"}))
    gdp = next(row for row in data if row[0] == "测试总产值")
    assert -5 in gdp


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-A1", "@x", "\tx", "\rx"])
def test_every_formula_prefix_is_escaped(cell):
    assert export_cell(cell) == "'" + cell  # the writers' one escaping function


def test_numbers_and_empty_cells_are_left_as_they_are():
    assert clean_cell(-5) == -5
    assert clean_cell("—") == ""
    assert clean_cell("普通文字") == "普通文字"
    assert clean_cell("=1+1") == "=1+1"  # escaped once, by the writer, not twice


def test_download_file_names_work_for_chinese_titles(client):
    response = client.get("/policies/", {"_export": "xlsx"})
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition
    assert unquote(disposition.split("filename*=utf-8''")[1]) == "政策文件.xlsx"
    indicators = client.get("/indicators/", {"year": 2091, "_export": "csv"})
    assert "2091年指标数据.csv" in unquote(indicators["Content-Disposition"])


@pytest.mark.parametrize("fmt", ["exe", "yaml", "ods", "xls", "json", "tsv", "latex", "html", ""])
def test_only_the_offered_download_formats_are_served_and_others_are_a_400(client, fmt):
    response = client.get("/projects/", {"_export": fmt})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "不支持这种下载格式,可选:CSV、XLSX。" in response.content.decode()
    english = client.get("/en/projects/", {"_export": fmt}).content.decode()
    assert "This download format is not offered" in english
