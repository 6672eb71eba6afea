"""The observations file the API gives imports back through the admin unchanged: every row
skipped, nothing written; an SDMX column that disagrees with its Chinese twin is refused."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hightech_zone.models import ImportRecord
from tests.factories import IndicatorFactory, ValueFactory
from tests.test_consistency import digest
from tests.test_import_admin import confirm, preview

pytestmark = pytest.mark.django_db


@pytest.fixture
def observations():
    gdp = IndicatorFactory(code="t_gdp", name="测试地区生产总值", unit="亿元")
    share = IndicatorFactory(code="t_share", name="测试占比", unit="%")
    return [
        ValueFactory(indicator=gdp, year=2090, value=Decimal("72.6"), growth_pct=Decimal("8.5")),
        ValueFactory(
            indicator=gdp,
            year=2091,
            value=Decimal("1234567.89"),
            qualifier="约",
            growth_basis="comparable_prices",
            rank_basis="growth",
            rank=3,
            rank_scope="测试市",
            rank_change=-1,
            note='甲,"乙"\n丙,“丁”',
            source="测试统计局",
        ),
        ValueFactory(indicator=gdp, year=2092, value=None, growth_pct=Decimal("-3.2")),
        ValueFactory(
            indicator=share,
            year=2090,
            value=Decimal("20"),
            baseline_value=Decimal("12.5"),
            target_value=Decimal("25"),
            target_qualifier="以上",
            note="=1+1",
        ),
    ]


def download(client, file_format):
    response = client.get(f"/api/v1/observations/?format={file_format}&ordering=indicator,year")
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_downloaded_file_reimports_with_every_row_skipped(
    client, publisher, observations, file_format
):
    data = download(client, file_format)
    client.force_login(publisher)
    before = digest()
    upload = SimpleUploadedFile(f"observations.{file_format}", data)
    response = preview(client, upload)
    assert response.status_code == 200
    page = response.content.decode()
    assert "共 4 行数据:将新增 0 条,更新 0 条,4 条与现有记录相同(不变)" in page, page
    done = confirm(client, response)
    assert done.status_code == 302
    assert digest() == before
    record = ImportRecord.objects.get()
    assert (record.outcome, record.rows_created, record.rows_updated) == ("imported", 0, 0)


def test_an_sdmx_column_disagreeing_with_its_chinese_twin_is_refused_naming_the_row(
    client, publisher, observations
):
    text = download(client, "csv").decode("utf-8-sig")
    header, first, second, *rest = text.split("\r\n")
    assert ",72.6," in first
    changed = first.replace(",72.6,", ",80,", 1)  # OBS_VALUE only: 数值 still says 72.6
    data = "\r\n".join([header, changed, second, *rest]).encode()
    client.force_login(publisher)
    before = digest()
    page = preview(client, SimpleUploadedFile("changed.csv", data)).content.decode()
    assert "第2行:“数值”与 OBS_VALUE 不一致(72.6 ≠ 80)" in page
    assert digest() == before


def test_the_sdmx_columns_alone_stand_for_the_chinese_ones(client, publisher, observations):
    text = "INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,DATAFLOW\r\nt_gdp,2090,75,亿元,X\r\n"
    client.force_login(publisher)
    page = preview(client, SimpleUploadedFile("sdmx.csv", text.encode())).content.decode()
    assert "将新增 0 条,更新 1 条" in page
    assert "数值:72.6 → 75" in page
