"""The standard indicator catalogue: loading it into any zone, and finding indicators by name
when a spreadsheet gives only Chinese names (issue 13)."""

import json
from decimal import Decimal
from io import StringIO

import pytest
import tablib
from django.core.management import CommandError, call_command

from hightech_zone import catalogue
from hightech_zone.importing.reading import SpreadsheetError
from hightech_zone.importing.resources import IndicatorResource, IndicatorValueResource
from hightech_zone.importing.year_columns import years_as_columns
from hightech_zone.models import (
    CatalogueGroup,
    Indicator,
    IndicatorCategory,
    IndicatorValue,
    PublicationStatus,
)
from tests import factories

pytestmark = pytest.mark.django_db

REQUIRED = [
    "地区生产总值", "营业总收入", "工业总产值", "规上工业增加值", "固定资产投资", "工业投资",
    "一般公共预算收入", "全口径财政收入", "社会消费品零售总额", "外贸出口", "实际利用外资",
    "高新技术企业数", "科技型中小企业数", "研发经费投入强度", "授权发明专利", "技术合同成交额",
    "从业人员", "新增企业", "企业研发经费支出", "每万名从业人员发明专利拥有量", "新增上市企业",
    "规上工业企业数", "单位增加值能耗", "出口总额占营业收入比重", "高新技术企业营业收入",
    "孵化器数量", "众创空间", "新型研发机构",
]  # fmt: skip


def snapshot():
    """Everything loading could change: rows, history rows, versions and update times."""
    return (
        Indicator.objects.count(),
        Indicator.history.count(),
        sorted(Indicator.objects.values_list("code", "version", "updated_at")),
    )


def table(headers, rows):
    data = tablib.Dataset(headers=list(headers))
    for row in rows:
        data.append(row)
    return data


def load(resource_class, dataset):
    resource = resource_class()
    result = resource.import_data(dataset)
    return resource.describe_errors(result)


# --- the catalogue file ---------------------------------------------------------------------


def test_the_catalogue_states_its_source_and_version_and_holds_the_standard_indicators():
    read = catalogue.read_catalogue()
    assert "国家高新区综合评价指标体系" in read.source and "2021" in read.source
    assert read.version
    names = {e.name for e in read.entries}
    assert set(REQUIRED) <= names
    assert len(read.entries) >= 33
    assert {e.catalogue_group for e in read.entries} == set(CatalogueGroup.values)
    assert {e.category for e in read.entries} <= set(IndicatorCategory.values)
    assert all(e.definition.endswith("。") and len(e.definition) > 15 for e in read.entries)
    assert all(e.unit for e in read.entries)
    assert 3 <= sum(e.is_headline for e in read.entries) <= 5


def test_the_catalogue_uses_the_shipped_zones_codes_for_the_same_concepts():
    codes = {e.name: e.code for e in catalogue.read_catalogue().entries}
    assert codes["地区生产总值"] == "gdp"
    assert codes["固定资产投资"] == "fixed_asset_investment"
    assert codes["规上工业增加值"] == "industrial_value_added"
    assert codes["一般公共预算收入"] == "public_budget_revenue"
    assert codes["社会消费品零售总额"] == "retail_sales"
    assert codes["高新技术企业数"] == "high_tech_enterprises"
    assert codes["工业投资"] == "industrial_investment"
    patents = catalogue.catalogue_entry("授权发明专利")
    assert patents.code != "authorized_patents" and "授权专利" not in patents.names


def write_catalogue(tmp_path, indicators):
    path = tmp_path / "目录.json"
    document = {"source": "测试来源", "version": "测试1", "indicators": indicators}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def entry(**fields):
    return {
        "code": "t_one",
        "name": "测试指标甲",
        "aliases": "测试甲",
        "unit": "亿元",
        "category": "economy",
        "catalogue_group": "quality",
        "definition": "测试解释。",
        "display_order": 1,
        **fields,
    }


@pytest.mark.parametrize(
    ("indicators", "message"),
    [
        ([entry(category="测试分类")], "指标分类“测试分类”不存在"),
        ([entry(catalogue_group="测试组")], "评价体系分组“测试组”不存在"),
        ([entry(), entry(code="t_two", name="测试甲")], "“测试甲”同时出现在 t_one 和 t_two 中"),
        ([{"code": "t_one"}], "标准指标目录文件格式有误"),
    ],
)
def test_a_bad_catalogue_file_is_refused_in_chinese_and_nothing_is_written(
    tmp_path, indicators, message
):
    path = write_catalogue(tmp_path, indicators)
    with pytest.raises(catalogue.CatalogueError, match=message):
        catalogue.load_catalogue(path=path)
    with pytest.raises(CommandError, match=message):
        call_command("load_catalogue", file=str(path), stdout=StringIO())
    assert Indicator.objects.count() == 0


# --- loading --------------------------------------------------------------------------------


def test_loading_into_an_empty_database_creates_every_entry_as_a_draft_with_its_group_and_unit():
    result = catalogue.load_catalogue()
    entries = catalogue.read_catalogue().entries
    assert len(result.created) == len(entries) == Indicator.objects.count()
    for e in entries:
        made = Indicator.objects.get(code=e.code)
        assert (made.name, made.unit, made.category) == (e.name, e.unit, e.category)
        assert (made.catalogue_group, made.definition) == (e.catalogue_group, e.definition)
        assert made.aliases == "、".join(e.aliases)
        assert made.status == PublicationStatus.DRAFT
    assert Indicator.objects.published().count() == 0
    assert Indicator.history.filter(history_change_reason="载入标准指标目录").count() == len(
        entries
    )


def test_loading_twice_writes_nothing_no_rows_no_history_no_update_times():
    factories.indicator(code="gdp", name="测试生产总值", unit="万元", definition="")
    catalogue.load_catalogue()
    before = snapshot()
    out = StringIO()
    call_command("load_catalogue", stdout=out)
    assert snapshot() == before
    assert "新建草稿指标 0 个,补充已有指标 0 个" in out.getvalue()


def test_a_matched_indicator_keeps_its_name_unit_and_values_and_gains_only_blank_fields():
    own = factories.indicator(
        code="gdp", name="测试生产总值", unit="万元", definition="测试自有解释。"
    )
    factories.value(indicator=own, year=2091, value=Decimal("12.5"))
    renamed = factories.indicator(code="t_budget", name="测试财政", aliases="公共财政预算收入")
    catalogue.load_catalogue()
    own.refresh_from_db()
    assert (own.name, own.unit, own.definition) == ("测试生产总值", "万元", "测试自有解释。")
    assert own.catalogue_group == CatalogueGroup.QUALITY
    assert own.aliases.split("、")[0] == "地区生产总值"  # the catalogue's name, to import by
    assert own.status == PublicationStatus.PUBLISHED
    assert IndicatorValue.objects.get(indicator=own).value == Decimal("12.5")
    # Matched by one of its other names: no second indicator for the same concept.
    renamed.refresh_from_db()
    assert renamed.aliases == "公共财政预算收入"  # not blank: kept as it was
    assert renamed.catalogue_group == CatalogueGroup.QUALITY
    assert not Indicator.objects.filter(code="public_budget_revenue").exists()
    assert Indicator.objects.filter(name="一般公共预算收入").count() == 0


def test_an_entry_whose_names_mean_two_indicators_is_skipped_and_said():
    factories.indicator(code="t_a", name="营业收入")
    factories.indicator(code="t_b", name="测试收入", aliases="园区营业收入")
    out = StringIO()
    call_command("load_catalogue", stdout=out)
    assert not Indicator.objects.filter(code="operating_revenue").exists()
    assert "未载入“营业总收入”(operating_revenue):名称对应多个已有指标" in out.getvalue()


# --- matching by name on import -------------------------------------------------------------


@pytest.fixture
def gdp(db):
    return factories.indicator(
        code="t_gdp", name="测试地区生产总值", aliases="测试GDP、测试生产总值"
    )


def test_an_indicator_row_without_a_code_updates_the_indicator_of_that_name_or_alias(gdp):
    data = table(["指标名称", "计量单位", "指标解释"], [["测试GDP", "亿元", "测试新解释。"]])
    assert load(IndicatorResource, data) == []
    gdp.refresh_from_db()
    assert (gdp.name, gdp.definition) == ("测试地区生产总值", "测试新解释。")  # never renamed
    assert Indicator.objects.count() == 1


def test_a_catalogue_name_without_a_code_creates_the_indicator_from_the_catalogue():
    data = table(["指标名称"], [["规模以上工业增加值"], ["技术合同成交额"]])
    assert load(IndicatorResource, data) == []
    made = Indicator.objects.get(code="industrial_value_added")
    assert made.name == "规模以上工业增加值"  # the zone's own wording is kept
    assert (made.unit, made.category, made.catalogue_group) == ("亿元", "economy", "structure")
    assert "规上工业增加值" in made.aliases.split("、")
    assert made.definition.startswith("年主营业务收入2000万元及以上")
    assert made.status == PublicationStatus.DRAFT
    assert made.display_order == catalogue.catalogue_entry("规上工业增加值").display_order
    assert Indicator.objects.get(code="technology_contract_turnover").unit == "亿元"


def test_a_catalogue_name_for_an_indicator_the_zone_already_has_under_its_code_updates_it():
    own = factories.indicator(code="public_budget_revenue", name="测试公共财政预算收入")
    data = table(["指标名称", "计量单位"], [["一般公共预算收入", "万元"]])
    assert load(IndicatorResource, data) == []
    own.refresh_from_db()
    assert (own.name, own.unit) == ("测试公共财政预算收入", "万元")
    assert Indicator.objects.count() == 1


UNKNOWN = (
    "第3行,“指标名称”:“测试没有的指标”既不是已有指标的名称或其他名称,也不在标准指标目录中;"
    "园区自设的新指标请填写指标代码"
)
AMBIGUOUS = (
    "第3行,“指标名称”:“测试重名”对应多个指标(测试重名(t_same_a)、测试乙(t_same_b)),请改用指标代码"
)


@pytest.mark.parametrize(
    ("name", "message"), [("测试没有的指标", UNKNOWN), ("测试重名", AMBIGUOUS)]
)
def test_unknown_or_ambiguous_names_are_refused_by_row_in_chinese_and_nothing_is_written(
    gdp, name, message
):
    factories.indicator(code="t_same_a", name="测试重名")
    factories.indicator(code="t_same_b", name="测试乙", aliases="测试重名")
    before = snapshot()
    data = table(["指标名称", "指标解释"], [["测试GDP", "测试改了。"], [name, "测试。"]])
    assert load(IndicatorResource, data) == [message]
    assert snapshot() == before


def test_a_code_in_the_row_still_wins_over_the_name(gdp):
    data = table(["指标代码", "指标名称", "指标分类"], [["t_new", "测试GDP", "经济运行"]])
    assert load(IndicatorResource, data) == []
    assert Indicator.objects.get(code="t_new").name == "测试GDP"


def test_value_rows_name_their_indicator_by_code_name_or_alias(gdp):
    data = table(
        ["指标", "年度", "数值"],
        [["t_gdp", 2090, "1"], ["测试地区生产总值", 2091, "2"], ["测试GDP", 2092, "3"]],
    )
    assert load(IndicatorValueResource, data) == []
    assert list(
        IndicatorValue.objects.filter(indicator=gdp)
        .order_by("year")
        .values_list("value", flat=True)
    ) == [1, 2, 3]


def test_value_rows_with_an_ambiguous_or_unknown_name_are_refused_and_nothing_is_written(gdp):
    factories.indicator(code="t_copy", name="测试复制", aliases="测试GDP")
    data = table(
        ["指标", "年度", "数值"],
        [["测试地区生产总值", 2090, "1"], ["测试GDP", 2091, "2"], ["测试无此指标", 2091, "2"]],
    )
    errors = load(IndicatorValueResource, data)
    assert errors == [
        "第3行,“指标”:“测试GDP”对应多个指标(测试复制(t_copy)、测试地区生产总值(t_gdp)),"
        "请改用指标代码",
        "第4行,“指标”:找不到“测试无此指标”对应的指标(可填写指标代码、名称或其他名称)",
    ]
    assert IndicatorValue.objects.count() == 0


def test_the_bureau_layout_accepts_other_names(gdp):
    data = table(["指标", "单位", "2090", "2091"], [["测试GDP", "亿元", "1", "2"]])
    rows = years_as_columns(data)
    assert [row[:3] for row in rows] == [("t_gdp", 2090, "1"), ("t_gdp", 2091, "2")]
    factories.indicator(code="t_copy", name="测试复制", aliases="测试GDP")
    with pytest.raises(SpreadsheetError, match="第2行,“指标”:“测试GDP”名称对应多个指标"):
        years_as_columns(data)


def test_a_sheet_of_names_then_a_sheet_of_values_starts_a_zone_from_nothing():
    """The new zone's path: indicators by name from the catalogue, then their values by name."""
    assert load(IndicatorResource, table(["指标名称"], [["地区生产总值"], ["固投"]])) == []
    values = table(["指标", "单位", "2090"], [["GDP", "亿元", "10.5"], ["固投", "亿元", "3"]])
    assert load(IndicatorValueResource, years_as_columns(values)) == []
    assert IndicatorValue.objects.get(indicator__code="gdp").value == Decimal("10.5")
    assert IndicatorValue.objects.get(indicator__code="fixed_asset_investment").value == 3
    assert Indicator.objects.get(code="fixed_asset_investment").name == "固投"


def test_the_blank_templates_say_a_name_may_stand_for_the_code(staff_client):
    from io import BytesIO

    from openpyxl import load_workbook

    for model, column, hint in [
        ("indicator", "指标代码", "留空时按指标名称或其他名称对应已有指标"),
        ("indicatorvalue", "指标", "也可填写指标名称或其他名称"),
    ]:
        response = staff_client.get(f"/admin/hightech_zone/{model}/import-template/")
        guide = load_workbook(BytesIO(response.content))["填写说明"]
        rows = {row[0]: row for row in guide.iter_rows(min_row=2, values_only=True)}
        assert hint in rows[column][2]


def test_an_indicator_created_after_the_preload_is_still_found_by_its_other_name(gdp):
    from hightech_zone.importing.widgets import IndicatorKeyWidget

    widget = IndicatorKeyWidget(Indicator)
    widget.preload()
    later = factories.indicator(code="t_later", name="测试后来的指标", aliases="测试后来")
    assert widget.clean("测试后来") == later
    assert widget.clean("t_later") == later
    with pytest.raises(ValueError, match="找不到“测试后”对应的指标"):
        widget.clean("测试后")  # a part of an other name is no name


def test_through_the_admin_a_sheet_of_names_previews_and_imports_indicators(staff_client):
    from tests.test_import_admin import confirm, csv_file, preview

    url = "/admin/hightech_zone/indicator/"
    upload = csv_file("指标名称\r\n地区生产总值\r\n测试园区自设指标\r\n", name="指标.csv")
    refused = preview(staff_client, upload, url=url)
    assert "第3行,“指标名称”:“测试园区自设指标”既不是已有指标的名称" in refused.content.decode()
    assert not Indicator.objects.exists()

    upload = csv_file("指标名称\r\n地区生产总值\r\n科技型中小企业\r\n", name="指标.csv")
    response = preview(staff_client, upload, url=url)
    assert not Indicator.objects.exists()  # nothing before the confirmation
    confirm(staff_client, response, url=url)
    assert sorted(Indicator.objects.values_list("code", "status")) == [
        ("gdp", "draft"),
        ("tech_smes", "draft"),
    ]
