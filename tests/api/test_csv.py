"""Observations as SDMX-CSV beside Chinese columns (?format=csv)."""

import csv
import io

from tests.factories import IndicatorFactory, ValueFactory


def table(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel reads UTF-8 only after a byte-order mark"
    return list(csv.reader(io.StringIO(text[1:])))


def test_observations_download_as_sdmx_csv_with_chinese_columns(api):
    gdp = IndicatorFactory(code="t_gdp", name="测试生产总值", unit="亿元")
    ValueFactory(indicator=gdp, year=2090, value="72.6", source="=HYPERLINK(1)")
    ValueFactory(indicator=gdp, year=2091, value="80", qualifier="约")
    ValueFactory(indicator=gdp, year=2092, value=None, growth_pct="-5")
    response = api("/api/v1/observations/?format=csv&ordering=year")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["ETag"] != api("/api/v1/observations/?ordering=year")["ETag"]
    header, *rows = table(response)
    assert header[:6] == [
        "DATAFLOW",
        "INDICATOR",
        "TIME_PERIOD",
        "OBS_VALUE",
        "UNIT_MEASURE",
        "OBS_STATUS",
    ]
    assert "指标名称" in header
    assert [row[1:6] for row in rows] == [
        ["t_gdp", "2090", "72.6", "亿元", "A"],
        ["t_gdp", "2091", "80", "亿元", "E"],
        ["t_gdp", "2092", "", "亿元", "M"],
    ]
    named = dict(zip(header, rows[0], strict=True))
    assert named["指标名称"] == "测试生产总值"
    assert named["数据来源"] == "'=HYPERLINK(1)", "a formula is made inert"
    assert dict(zip(header, rows[2], strict=True))["同比增长(%)"] == "-5"


def test_an_error_asked_for_as_csv_is_still_json(api):
    response = api("/api/v1/observations/?format=csv&startPeriod=x")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "bad_request"


def test_only_observations_come_as_csv(api):
    assert api("/api/v1/indicators/?format=csv").status_code == 404


def test_csv_asked_for_by_accept_has_an_etag_of_its_own(api):
    ValueFactory()
    as_json = api("/api/v1/observations/")
    as_csv = api("/api/v1/observations/", HTTP_ACCEPT="text/csv")
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert as_csv["ETag"] != as_json["ETag"]
    assert api("/api/v1/observations/", HTTP_IF_NONE_MATCH=as_csv["ETag"]).status_code == 200
