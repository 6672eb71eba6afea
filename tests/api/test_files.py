"""Every list as a file (?format=csv, ?format=xlsx): headed as the admin's export, cells as
every export writes them, not paged; observations with SDMX-CSV's columns first."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from hightech_zone.importing.resources import IndicatorValueResource, ProjectResource
from tests.factories import (
    DRAFT,
    IndicatorFactory,
    PlatformFactory,
    PolicyFactory,
    ProgressFactory,
    ProjectFactory,
    ReportFactory,
    ValueFactory,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SDMX = ["DATAFLOW", "INDICATOR", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS"]


def table(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel reads UTF-8 only after a byte-order mark"
    return list(csv.reader(io.StringIO(text[1:])))


def sheet(response):
    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_observations_come_as_sdmx_csv_then_the_imports_chinese_columns(api):
    gdp = IndicatorFactory(code="t_gdp", name="测试生产总值", unit="亿元")
    ValueFactory(indicator=gdp, year=2090, value=Decimal("72.6"), source="=HYPERLINK(1)")
    ValueFactory(indicator=gdp, year=2091, value=80, qualifier="约", note="甲,“乙”\n丙")
    ValueFactory(indicator=gdp, year=2092, value=None, growth_pct=Decimal("-5"))
    ValueFactory(indicator=gdp, year=2093, acknowledged_discrepancy="测试内部说明")
    response = api("/api/v1/observations/?format=csv&ordering=year")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="observations.csv"'
    header, *rows = table(response)
    resource = IndicatorValueResource()
    chinese = [
        resource.fields[name].column_name
        for name in resource.get_export_order()
        if name not in ("acknowledged_discrepancy", "status")
    ]
    assert header == [*SDMX, *chinese]
    assert chinese[:3] == ["指标", "年度", "数值"]
    assert [row[1:6] for row in rows] == [
        ["t_gdp", "2090", "72.6", "亿元", "A"],
        ["t_gdp", "2091", "80", "亿元", "E"],
        ["t_gdp", "2092", "", "亿元", "M"],
        ["t_gdp", "2093", "100", "亿元", "A"],
    ]
    named = [dict(zip(header, row, strict=True)) for row in rows]
    assert (named[0]["指标"], named[0]["年度"], named[0]["数值"]) == ("t_gdp", "2090", "72.6")
    assert named[0]["数据来源"] == "'=HYPERLINK(1)", "a formula is made inert"
    assert named[1]["数值修饰"] == "约" and named[1]["备注"] == "甲,“乙”\n丙"
    assert named[2]["同比增长(%)"] == "-5"
    assert "测试内部说明" not in str(rows), "what the API does not publish is not in the file"


@pytest.mark.parametrize(
    ("path", "name", "first_columns"),
    [
        ("/api/v1/indicators/", "indicators", ["指标代码", "指标名称", "英文名称", "计量单位"]),
        ("/api/v1/observations/", "observations", SDMX),
        ("/api/v1/projects/", "projects", ["项目名称", "期次"]),
        ("/api/v1/policies/", "policies", ["标题", "索引号"]),
        ("/api/v1/platforms/", "platforms", ["平台名称", "平台类型"]),
        ("/api/v1/reports/", "reports", ["报告年度", "标题"]),
    ],
)
def test_every_list_comes_as_csv_and_xlsx_headed_as_the_admin_exports(
    api, path, name, first_columns
):
    ValueFactory()
    ProgressFactory()
    PolicyFactory()
    PlatformFactory()
    ReportFactory()
    as_csv = api(f"{path}?format=csv")
    as_xlsx = api(f"{path}?format=xlsx")
    assert as_xlsx.status_code == 200
    assert as_xlsx["Content-Type"] == XLSX
    assert as_xlsx["Content-Disposition"] == f'attachment; filename="{name}.xlsx"'
    header, *rows = table(as_csv)
    assert header[: len(first_columns)] == first_columns
    assert len(rows) == 1
    assert sheet(as_xlsx)[0] == header
    etags = {api(f"{path}?format={f}")["ETag"] for f in ("json", "csv", "xlsx")}
    assert len(etags) == 3, "each format is a representation of its own"


def test_an_xlsx_holds_numbers_as_numbers_and_formulas_inert(api):
    ValueFactory(value=Decimal("1234567.89"), note="=1+1")
    header, row = sheet(api("/api/v1/observations/?format=xlsx"))
    named = dict(zip(header, row, strict=True))
    assert named["数值"] == 1234567.89 and named["OBS_VALUE"] == 1234567.89
    assert named["备注"] == "'=1+1"


def test_files_name_a_related_record_only_while_it_is_published(api):
    hidden = PlatformFactory(status=DRAFT)
    shown = PlatformFactory()
    ProjectFactory(platform=hidden, name="测试项目a")
    ProjectFactory(platform=shown, name="测试项目b")
    ratio = IndicatorFactory(kind="ratio", unit="", status=DRAFT)
    IndicatorFactory(parent=ratio, code="t_part")
    header, *rows = table(api("/api/v1/projects/?format=csv&ordering=name"))
    platform = ProjectResource().fields["platform"].column_name
    assert [dict(zip(header, r, strict=True))[platform] for r in rows] == ["", shown.name]
    header, *rows = table(api("/api/v1/indicators/?format=csv"))
    assert [dict(zip(header, r, strict=True))["所属构成比指标"] for r in rows] == [""]
    assert ratio.code not in str(rows)


def test_files_are_not_paged_but_capped_by_the_setting(api, settings, monkeypatch):
    from api import pagination

    monkeypatch.setattr(pagination.LimitOffsetPagination, "max_limit", 2)
    settings.API_DOWNLOAD_MAX_ROWS = 4
    indicator = IndicatorFactory()
    for year in range(2060, 2066):
        ValueFactory(indicator=indicator, year=year)
    assert len(api("/api/v1/observations/?limit=100").json()["results"]) == 2
    years = lambda query: [r[2] for r in table(api(f"/api/v1/observations/?format=csv{query}"))[1:]]  # noqa: E731
    assert years("&ordering=year") == ["2060", "2061", "2062", "2063"]
    assert years("&ordering=year&limit=3&offset=2") == ["2062", "2063", "2064"]
    assert years("&ordering=-year&limit=100000") == ["2065", "2064", "2063", "2062"]
    assert len(sheet(api("/api/v1/observations/?format=xlsx"))) == 5


def test_files_hold_only_published_records_and_follow_the_filters(api):
    shown = ValueFactory(indicator=IndicatorFactory(code="t_a"), year=2090)
    ValueFactory(indicator=shown.indicator, year=2091, status=DRAFT)
    ValueFactory(indicator=IndicatorFactory(code="t_b", status=DRAFT), year=2090)
    ValueFactory(indicator=IndicatorFactory(code="t_c"), year=2089)
    rows = table(api("/api/v1/observations/?format=csv&startPeriod=2090"))[1:]
    assert [(r[1], r[2]) for r in rows] == [("t_a", "2090")]


def test_an_error_asked_for_as_a_file_is_still_json(api):
    for file_format in ("csv", "xlsx"):
        response = api(f"/api/v1/observations/?format={file_format}&startPeriod=x")
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]["code"] == "bad_request"
        response = api(f"/api/v1/projects/?format={file_format}&limit=abc")
        assert response.status_code == 400
        assert list(response.json()["error"]["details"]) == ["limit"]


@pytest.mark.parametrize("path", ["/api/v1/zone/", "/api/v1/observations/{pk}/"])
def test_the_zone_and_single_records_are_json_only(api, path):
    value = ValueFactory()
    for file_format in ("csv", "xlsx"):
        response = api(path.format(pk=value.pk) + f"?format={file_format}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_a_file_asked_for_by_accept_has_an_etag_of_its_own(api):
    ValueFactory()
    as_json = api("/api/v1/observations/")
    as_csv = api("/api/v1/observations/", HTTP_ACCEPT="text/csv")
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert as_csv["ETag"] != as_json["ETag"]
    assert api("/api/v1/observations/", HTTP_IF_NONE_MATCH=as_csv["ETag"]).status_code == 200
    again = api("/api/v1/observations/", HTTP_ACCEPT="text/csv", HTTP_IF_NONE_MATCH=as_csv["ETag"])
    assert again.status_code == 304
    as_xlsx = api("/api/v1/observations/?format=xlsx")
    repeat = api("/api/v1/observations/?format=xlsx", HTTP_IF_NONE_MATCH=as_xlsx["ETag"])
    assert repeat.status_code == 304


@pytest.mark.parametrize("offset", [str(2**63), str(2**64), "9" * 30])
def test_an_offset_past_any_integer_is_an_empty_file_not_an_error(api, offset):
    PolicyFactory()
    header, *rows = table(api(f"/api/v1/policies/?format=csv&offset={offset}"))
    assert header and rows == []
    assert len(sheet(api(f"/api/v1/policies/?format=xlsx&offset={offset}"))) == 1
    page = api(f"/api/v1/policies/?offset={offset}")
    assert page.status_code == 200 and page.json()["results"] == []
