"""Targets (预期目标) import and export in the long layout and in the statistics bureau's."""

from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from hightech_zone.importing.reading import SpreadsheetError, read_table
from hightech_zone.importing.resources import IndicatorValueResource
from hightech_zone.importing.year_columns import values_by_year, years_as_columns
from hightech_zone.models import IndicatorValue
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def gdp(db):
    return factories.indicator(code="t_gdp", name="测试地区生产总值", unit="亿元")


def import_csv(text):
    resource = IndicatorValueResource()
    dataset = read_table(text.encode("utf-8"), filename="目标.csv", resource=resource)
    result = resource.import_data(dataset)
    return result, resource.describe_errors(result)


def import_bureau(headers, rows):
    table = tablib.Dataset(headers=list(headers))
    for row in rows:
        table.append(row)
    resource = IndicatorValueResource()
    result = resource.import_data(years_as_columns(table))
    return result, resource.describe_errors(result)


def stored(indicator, year):
    value = IndicatorValue.objects.get(indicator=indicator, year=year)
    return value.value, value.growth_pct, value.target_value, value.target_qualifier


def test_a_file_of_targets_only_keeps_the_actuals_of_the_same_rows(gdp):
    factories.value(indicator=gdp, year=2091, value=Decimal("72.6"), growth_pct=Decimal("15.8"))
    result, errors = import_csv(
        "指标,年度,预期目标,预期目标修饰\nt_gdp,2091,80,约\nt_gdp,2092,90,\n"
    )
    assert errors == []
    assert (result.totals["update"], result.totals["new"]) == (1, 1)
    assert stored(gdp, 2091) == (Decimal("72.6"), Decimal("15.8"), Decimal("80"), "约")
    assert stored(gdp, 2092) == (None, None, Decimal("90"), "")


def test_a_file_of_actuals_only_keeps_the_targets_of_the_same_rows(gdp):
    factories.value(indicator=gdp, year=2091, value=None, target_value=80, target_growth_pct=8)
    _, errors = import_csv("指标,年度,数值,同比增长(%)\nt_gdp,2091,82.5,9.1\n")
    assert errors == []
    value = IndicatorValue.objects.get(indicator=gdp, year=2091)
    assert (value.value, value.growth_pct) == (Decimal("82.5"), Decimal("9.1"))
    assert (value.target_value, value.target_growth_pct) == (80, 8)
    assert value.display_completion == "103.1%"


def test_growth_basis_is_read_by_its_chinese_label(gdp):
    _, errors = import_csv("指标,年度,同比增长(%),增长口径\nt_gdp,2091,15.8,按可比口径\n")
    assert errors == []
    value = IndicatorValue.objects.get(indicator=gdp, year=2091)
    assert value.growth_basis == "comparable"
    assert value.display_growth_with_basis == "15.8%(按可比口径)"


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("t_gdp,2092,-5,,,", "第3行,“预期目标”"),
        ("t_gdp,2092,5,2,全市,2092", "排名变化对比年份必须早于本年度"),
        ("t_gdp,2092,5,,全市,2081", "须同时填写排名变化"),
        ("t_gdp,2092,5,,,二〇八一", "第3行,“排名变化对比年份”"),
    ],
)
def test_a_bad_target_or_compared_year_refuses_the_whole_file_in_chinese(gdp, bad_row, message):
    factories.value(indicator=gdp, year=2091, value=1)
    header = "指标,年度,预期目标,排名变化(位),排名范围,排名变化对比年份"
    _, errors = import_csv(f"{header}\nt_gdp,2091,80,,,\n{bad_row}\n")
    assert any(message in line for line in errors), errors
    assert all(line.startswith("第3行") for line in errors)
    assert list(IndicatorValue.objects.values_list("year", "target_value")) == [(2091, None)]


@pytest.mark.parametrize("header", ["2091年目标", "2091目标", "目标2091", "2091年 目标"])
def test_bureau_target_columns_set_targets_and_keep_actuals(gdp, header):
    factories.value(indicator=gdp, year=2091, value=Decimal("72.6"), growth_pct=5)
    _, errors = import_bureau(["指标", "单位", header], [["测试地区生产总值", "亿元", "约80"]])
    assert errors == []
    assert stored(gdp, 2091) == (Decimal("72.6"), Decimal("5"), Decimal("80"), "约")


def test_bureau_actual_and_target_columns_together_leave_what_is_not_given(gdp):
    factories.value(indicator=gdp, year=2090, value=60, target_value=58)
    factories.value(indicator=gdp, year=2091, value=None, target_value=70)
    result, errors = import_bureau(
        ["指标", "单位", "2090", "2091", "2091年目标", "2092年目标"],
        [["t_gdp", "亿元", "61", "72.6", "", "80"]],
    )
    assert errors == []
    assert stored(gdp, 2090)[::2] == (Decimal("61"), Decimal("58"))  # the target is kept
    assert stored(gdp, 2091)[::2] == (Decimal("72.6"), Decimal("70"))  # the actual arrives
    assert stored(gdp, 2092)[::2] == (None, Decimal("80"))  # a target for the next year
    assert (result.totals["update"], result.totals["new"]) == (2, 1)


@pytest.mark.parametrize("kind", ["目标", "目标值", "预期目标"])
def test_a_bureau_row_of_kind_target_gives_targets_beside_the_actual_row(gdp, kind):
    headers = ["指标", "类型", "单位", "2091", "2092"]
    result, errors = import_bureau(
        headers,
        [["t_gdp", "实际值", "亿元", "72.6", ""], ["t_gdp", kind, "亿元", "70", "80余"]],
    )
    assert errors == []
    assert stored(gdp, 2091)[::2] == (Decimal("72.6"), Decimal("70"))
    assert stored(gdp, 2092) == (None, None, Decimal("80"), "余")
    assert result.totals["new"] == 2


def test_a_bureau_row_without_a_kind_is_an_actual(gdp):
    _, errors = import_bureau(["指标", "类型", "2091"], [["t_gdp", "", "72.6"]])
    assert errors == []
    assert stored(gdp, 2091)[::2] == (Decimal("72.6"), None)


@pytest.mark.parametrize(
    ("headers", "rows", "message"),
    [
        (
            ["指标", "类型", "2091"],
            [["t_gdp", "计划", "1"]],
            "第2行,“类型”:“计划”应为“实际”或“目标”",
        ),
        (
            ["指标", "类型", "2091"],
            [["t_gdp", "目标", "1"], ["t_gdp", "目标", "2"]],
            "第3行,“2091”:t_gdp2091年的目标值已在第2行填写,只能填写一次",
        ),
        (
            ["指标", "类型", "2091", "2091年目标"],
            [["t_gdp", "目标", "1", "2"]],
            "第2行,“2091年目标”:t_gdp2091年的目标值已在第2行填写",
        ),
    ],
)
def test_bureau_tables_with_unknown_kinds_or_repeated_figures_are_refused(
    gdp, headers, rows, message
):
    table = tablib.Dataset(headers=headers)
    for row in rows:
        table.append(row)
    with pytest.raises(SpreadsheetError, match=message):
        years_as_columns(table)


def test_an_unreadable_target_names_its_row_and_column(gdp):
    _, errors = import_bureau(["指标", "2091", "2091年目标"], [["t_gdp", "1", "很多"]])
    assert errors == ["第2行,“预期目标”:“很多”不是数字"]
    assert not IndicatorValue.objects.exists()


def test_the_bureau_export_has_a_target_column_per_year_and_reimports_unchanged(gdp):
    patents = factories.indicator(code="t_patents", name="测试授权专利", unit="件")
    factories.value(indicator=gdp, year=2090, value=Decimal("72.6"))
    factories.value(indicator=gdp, year=2091, value=Decimal("80.1"), target_value=80)
    factories.value(indicator=gdp, year=2092, value=None, target_value=Decimal("90.5"))
    factories.value(
        indicator=patents, year=2091, value=330, target_value=300, target_qualifier="余"
    )
    table = values_by_year(IndicatorValue.objects.all())
    assert table.headers == ["指标", "单位", "2090", "2091", "2091年目标", "2092年目标"]
    rows = {row[0]: row[2:] for row in table}
    assert rows["测试地区生产总值"] == (Decimal("72.6"), Decimal("80.1"), 80, Decimal("90.5"))
    assert rows["测试授权专利"] == ("", 330, "300余", "")
    before = list(IndicatorValue.objects.order_by("pk").values())
    resource = IndicatorValueResource()
    result = resource.import_data(years_as_columns(table))
    assert resource.describe_errors(result) == []
    assert result.totals["new"] == result.totals["update"] == 0
    assert list(IndicatorValue.objects.order_by("pk").values()) == before


def test_an_export_without_targets_has_no_target_columns(gdp):
    factories.value(indicator=gdp, year=2090, value=1, target_growth_pct=8)
    assert values_by_year(IndicatorValue.objects.all()).headers == ["指标", "单位", "2090"]


def test_targets_import_through_the_admin_and_the_export_by_year_reimports_unchanged(
    staff_client, gdp
):
    from tests.test_import_admin import VALUES, confirm, csv_file, preview

    factories.value(indicator=gdp, year=2091, value=Decimal("72.6"), status="draft")
    text = "指标,单位,2091,2091年目标,2092年目标\r\n测试地区生产总值,亿元,,70,80\r\n"
    response = preview(staff_client, csv_file(text, "目标.csv"), fmt="1")
    page = response.content.decode()
    assert "将新增 1 条" in page and "预期目标" in page
    confirm(staff_client, response)
    assert stored(gdp, 2091)[::2] == (Decimal("72.6"), Decimal("70"))
    assert stored(gdp, 2092)[::2] == (None, Decimal("80"))
    exported = staff_client.get(f"{VALUES}export-by-year/").content
    upload = SimpleUploadedFile("按年份.xlsx", exported)
    again = preview(staff_client, upload, fmt="1")
    assert again.context["result"].totals["update"] == again.context["result"].totals["new"] == 0
    assert again.context["result"].totals["skip"] == 2
