"""The import preview shows how every new row was read, before staff confirm."""

import re

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hightech_zone.importing.resources import IndicatorValueResource
from hightech_zone.importing.zone_resource import left_to_database
from hightech_zone.models import IndicatorValue, ZoneProfile
from tests import factories
from tests.test_consistency import digest
from tests.test_import_admin import csv_file, preview

pytestmark = pytest.mark.django_db


def preview_row(page, number):
    match = re.search(rf"<tr>\s*<td>{number}</td>(.*?)</tr>", page, re.S)
    assert match, page
    return match.group(1)


def test_new_rows_show_their_parsed_values(staff_client):
    factories.indicator(code="t_preview", name="测试预览指标", unit="万元")
    text = (
        "指标,年度,数值,数值修饰,同比增长(%),备注\r\n"
        't_preview,2090,"8,750",约,12%,千分位\r\n'
        "t_preview,2091,５.１５,,,全角数字\r\n"
    )
    before = digest()
    page = preview(staff_client, csv_file(text)).content.decode()
    assert "将新增 2 条" in page
    first = preview_row(page, 2)
    assert "新增" in first
    assert "数值:8750" in first and "数值修饰:约" in first and "同比增长(%):12" in first
    assert "指标:t_preview" in first and "备注:千分位" in first
    second = preview_row(page, 3)
    assert "数值:5.15" in second and "数值修饰" not in second
    assert digest() == before


def test_updated_rows_still_show_what_changes(staff_client):
    indicator = factories.indicator(code="t_preview_upd", status="draft")
    factories.value(indicator=indicator, year=2090, value=10, status="draft")
    text = "指标,年度,数值\r\nt_preview_upd,2090,12\r\n"
    page = preview(staff_client, csv_file(text)).content.decode()
    # The old figure as stored (10.0000) or as the portal writes it (10): the change is shown.
    assert re.search(r"数值:10(\.0+)? → 12<", preview_row(page, 2))


def test_the_bureau_layout_reads_about_and_more_than(staff_client):
    factories.indicator(code="t_bureau", name="测试统计局指标", unit="亿元")
    text = "指标,单位,2090,2091,2092\r\n测试统计局指标,亿元,约5.15,330余,20以上\r\n"
    page = preview(staff_client, csv_file(text), fmt="1").content.decode()
    assert "将新增 3 条" in page, page
    assert "数值:5.15</div><div>数值修饰:约" in page
    assert "数值:330</div><div>数值修饰:余" in page
    assert "数值:20</div><div>数值修饰:以上" in page
    assert not IndicatorValue.objects.filter(indicator__code="t_bureau").exists()


def values_dataset(code, years, value="1"):
    return tablib.Dataset(
        *[(code, year, value) for year in years], headers=["指标", "年度", "数值"]
    )


def inserts(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]


def test_a_preview_of_many_rows_writes_none_when_the_checks_cover_every_key(db):
    factories.indicator(code="t_nowrite")
    with CaptureQueriesContext(connection) as queries:
        result = IndicatorValueResource().import_data(
            values_dataset("t_nowrite", range(2001, 2061)), dry_run=True
        )
    assert (result.totals["new"], result.error_lines) == (60, [])
    assert inserts(queries) == []
    result = IndicatorValueResource().import_data(values_dataset("t_nowrite", range(2001, 2061)))
    assert (result.totals["new"], result.error_lines) == (60, [])
    assert IndicatorValue.objects.filter(indicator__code="t_nowrite").count() == 60


def test_a_preview_without_writes_still_refuses_what_the_import_would(editor):
    indicator = factories.indicator(code="t_nowrite_bad")
    factories.value(indicator=indicator, year=2001, value=5, status="published")
    dataset = values_dataset("t_nowrite_bad", [2001, 2002, 2002])
    dataset.append(("t_nowrite_bad", 2003, "-4"))
    previewed = IndicatorValueResource().import_data(dataset, dry_run=True, user=editor)
    imported = IndicatorValueResource().import_data(dataset, user=editor)
    assert previewed.error_lines == imported.error_lines
    assert len(previewed.error_lines) == 3, previewed.error_lines
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1


def test_a_preview_writes_and_rolls_back_when_the_database_holds_another_unique_key(db):
    factories.indicator(code="t_dbcheck")
    resource = IndicatorValueResource()
    resource.left_to_database = True  # as for a model with a unique key beside its business key
    with CaptureQueriesContext(connection) as queries:
        result = resource.import_data(values_dataset("t_dbcheck", range(2001, 2004)), dry_run=True)
    assert result.totals["new"] == 3 and inserts(queries)
    assert not IndicatorValue.objects.filter(indicator__code="t_dbcheck").exists()


def test_only_a_unique_key_beside_the_business_key_is_left_to_the_database():
    assert left_to_database(ZoneProfile)  # one row: a unique constant column, not its name
    assert not left_to_database(IndicatorValue)  # (indicator, year) is its business key
