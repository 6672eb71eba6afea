"""Spreadsheet resources: Chinese headers, natural keys, update in place, nothing half-written.

This is the first part of the spreadsheet work (issue 4); its other parts are not built yet.
"""

import csv
import datetime
import io
from decimal import Decimal
from io import StringIO

import pytest
import tablib
from django.core.management import call_command

from hightech_zone.importing.resources import (
    DesignationResource,
    IndicatorResource,
    IndicatorValueResource,
    InnovationPlatformResource,
    PolicyDocumentResource,
    ProjectResource,
)
from hightech_zone.models import (
    Indicator,
    IndicatorValue,
    PolicyDocument,
    Project,
    PublicationStatus,
)
from tests import factories
from tests.test_consistency import digest

pytestmark = pytest.mark.django_db

RESOURCES = [
    IndicatorResource,
    IndicatorValueResource,
    ProjectResource,
    PolicyDocumentResource,
    InnovationPlatformResource,
    DesignationResource,
]


@pytest.fixture
def gdp(db):
    """A published indicator with a published figure for 2090: 72.6, 15.8 % up, 2nd in the
    city by growth."""
    indicator = factories.indicator(code="t_gdp", name="测试地区生产总值", unit="亿元")
    factories.value(
        indicator=indicator,
        year=2090,
        value=Decimal("72.6"),
        growth_pct=Decimal("15.8"),
        rank=2,
        rank_scope="测试市",
        rank_basis="growth",
    )
    return indicator


@pytest.fixture
def retail(db):
    return factories.indicator(code="t_retail", name="测试社会消费品零售额", unit="亿元")


def load(resource_class, dataset):
    resource = resource_class()
    result = resource.import_data(dataset)
    return result, resource.describe_errors(result)


@pytest.mark.parametrize("resource_class", RESOURCES, ids=lambda r: r.__name__)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_reimporting_an_unchanged_export_creates_and_updates_nothing(resource_class, fmt):
    factories.whole_zone()
    exported = resource_class().export()
    assert len(exported)
    before = digest()
    result, errors = load(resource_class, tablib.Dataset().load(exported.export(fmt), format=fmt))
    assert errors == []
    assert result.totals["new"] == result.totals["update"] == 0
    assert result.totals["skip"] == len(exported)
    assert digest() == before


def test_headers_are_chinese_and_relations_are_natural_keys(gdp):
    platform = factories.platform(name="测试大学科技园")
    factories.project(name="测试博锐", platform=platform)
    exported = IndicatorValueResource().export()
    assert exported.headers[:3] == ["指标", "年度", "数值"]
    value = next(row for row in exported.dict if row["指标"] == "t_gdp")
    assert value["数值修饰"] == "准确值" and value["排名依据"] == "按增幅"
    project = next(r for r in ProjectResource().export().dict if r["项目名称"] == "测试博锐")
    assert project["入驻载体"] == "测试大学科技园"


def test_an_edited_export_updates_records_in_place(gdp, retail):
    factories.value(indicator=retail, year=2090, value=30)
    factories.value(indicator=gdp, year=2089, value=60)
    exported = IndicatorValueResource().export()
    data = tablib.Dataset(headers=exported.headers)
    for row in exported.dict:
        if row["指标"] == "t_gdp" and row["年度"] == 2090:
            row["数值"] = "80.5"
        data.append([row[h] for h in exported.headers])
    count = IndicatorValue.objects.count()
    result, errors = load(IndicatorValueResource, data)
    assert errors == [] and result.totals["update"] == 1 and result.totals["new"] == 0
    assert result.totals["skip"] == 2
    assert IndicatorValue.objects.count() == count
    value = IndicatorValue.objects.get(indicator=gdp, year=2090)
    assert str(value.value) == "80.5000"
    assert value.history.first().history_type == "~"  # the import is in the history


def test_english_headers_are_accepted_and_new_records_start_as_drafts(client):
    data = tablib.Dataset(headers=["name", "phase", "industry", "total_investment", "status"])
    data.append(["测试新签约项目", "", "生物医药", "1,２50.5", "已发布"])
    result, errors = load(ProjectResource, data)
    assert errors == [] and result.totals["new"] == 1
    project = Project.objects.get(name="测试新签约项目")
    assert project.industry == "biomedicine" and project.status == PublicationStatus.DRAFT
    assert str(project.total_investment) == "1250.5000"
    assert "测试新签约项目" not in client.get("/projects/").content.decode()


@pytest.mark.parametrize("written", ["2090-04-17", "2090/4/17", "2090年4月17日", "２０９０-04-17"])
def test_dates_are_read_the_way_staff_type_them(written):
    data = tablib.Dataset(
        headers=["标题", "发文机关", "文种", "主题分类", "有效性", "年度", "成文日期"]
    )
    data.append(["测试日期", "测试管委会", "通知", "其他", "现行有效", "2090", written])
    _result, errors = load(PolicyDocumentResource, data)
    assert errors == []
    assert PolicyDocument.objects.get(title="测试日期").written_on == datetime.date(2090, 4, 17)


def test_spreadsheet_date_cells_and_numbers_are_taken_as_they_are():
    data = tablib.Dataset(
        headers=["标题", "发文机关", "文种", "主题分类", "有效性", "年度", "成文日期"]
    )
    data.append(
        [
            "测试单元格",
            "测试管委会",
            "notice",
            "other",
            "effective",
            2090.0,
            datetime.datetime(2090, 4, 17),
        ]
    )
    _result, errors = load(PolicyDocumentResource, data)
    assert errors == []
    policy = PolicyDocument.objects.get(title="测试单元格")
    assert (policy.year, policy.written_on) == (2090, datetime.date(2090, 4, 17))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["t_gdp", "2091", "很多", "准确值"], "第3行,“数值”:“很多”不是数字"),
        (["t_gdp", "2091", "NaN", "准确值"], "第3行,“数值”:“NaN”不是数字"),
        (["t_gdp", "2091", "-Infinity", "准确值"], "第3行,“数值”:“-Infinity”不是数字"),
        (["t_no_such", "2091", "1", "准确值"], "第3行,“指标”:找不到“t_no_such”对应的指标"),
        (["t_gdp", "2091", "-5", "准确值"], "第3行,“数值”:确保该值大于或等于"),
        (["t_gdp", "2091", "5", "大约"], "第3行,“数值修饰”:“大约”不是可选的值"),
        (["t_gdp", "1800", "5", "准确值"], "第3行,“年度”:确保该值大于或等于"),
        (["t_gdp", "2091", "5", "准确值", "3"], "第3行:填写排名或排名变化时,必须填写排名范围"),
        (["t_retail", "2091", "31", "准确值"], "第3行:与第2行重复"),
    ],
)
def test_a_file_with_a_bad_row_writes_nothing_and_says_where_in_chinese(row, message, gdp, retail):
    # Rows are numbered as the spreadsheet shows them: the header is row 1.
    data = tablib.Dataset(headers=["指标", "年度", "数值", "数值修饰", "排名(第几位)"])
    data.append(["t_retail", "2091", "30", "准确值", ""])  # a good row before the bad one
    data.append(row + [""] * (5 - len(row)))
    before = digest()
    _result, errors = load(IndicatorValueResource, data)
    assert any(e.startswith(message) for e in errors), errors
    assert digest() == before


def test_the_librarys_export_and_import_commands_use_the_resources(tmp_path, gdp, retail):
    factories.value(indicator=retail, year=2090, value=30)
    # The command writes bytes to stdout's buffer, as a shell redirect would receive them.
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    call_command("export", "CSV", "hightech_zone.resources.IndicatorValueResource", stdout=out)
    out.flush()
    text = out.buffer.getvalue().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "指标" and len(rows) == 1 + IndicatorValue.objects.count()
    path = tmp_path / "values.csv"
    assert "t_gdp,2090,72.6," in text  # the figure, not the database's 72.6000
    path.write_text(text.replace("t_gdp,2090,72.6,", "t_gdp,2090,81.2,"), encoding="utf-8")
    call_command(
        "import",
        "hightech_zone.resources.IndicatorValueResource",
        str(path),
        "--noinput",
        stdout=StringIO(),
    )
    assert str(IndicatorValue.objects.get(indicator=gdp).value) == "81.2000"
    assert str(IndicatorValue.objects.get(indicator=retail).value) == "30.0000"


def values_dataset(rows, headers=("指标", "年度", "数值", "数值修饰")):
    data = tablib.Dataset(headers=list(headers))
    for row in rows:
        data.append(row)
    return data


def test_an_import_shows_on_cached_public_pages_at_once(client, publisher, gdp):
    report = factories.report(year=2090)
    factories.section(report=report, body="测试地区生产总值[[t_gdp]]。")
    assert "72.6亿元" in client.get("/reports/2090/").content.decode()
    result = IndicatorValueResource().import_data(
        values_dataset([["t_gdp", 2090, "99.9", "准确值"]]), user=publisher
    )
    assert result.totals["update"] == 1 and not result.error_lines
    page = client.get("/reports/2090/").content.decode()
    assert "99.9亿元" in page and "72.6亿元" not in page


def test_bulk_updates_raise_the_version_and_are_in_the_history(publisher, gdp):
    value = IndicatorValue.objects.get(indicator=gdp, year=2090)
    assert value.version == 1
    IndicatorValueResource().import_data(
        values_dataset([["t_gdp", 2090, "80", "准确值"]]), user=publisher, file_name="更正.xlsx"
    )
    value.refresh_from_db()
    assert value.version == 2 and str(value.value) == "80.0000"
    latest = value.history.first()
    assert (latest.history_type, latest.history_user, latest.value) == ("~", publisher, value.value)
    assert latest.history_change_reason == "导入:更正.xlsx"


def test_the_number_of_queries_does_not_grow_with_the_rows(gdp, retail):
    def rows(n):
        return [
            [code, year, "1", "准确值"]
            for code in ("t_gdp", "t_retail")
            for year in range(1950, 1950 + n)
        ]

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (10, 60):
        with CaptureQueriesContext(connection) as queries:
            result = IndicatorValueResource().import_data(values_dataset(rows(n)), dry_run=True)
        assert result.totals["new"] == 2 * n
        counts.append(len(queries))
    # Queries come per batch of rows (SQLite caps the parameters of one INSERT), not per row.
    assert counts[0] < 25 and counts[1] - counts[0] < (120 - 20) / 10


def test_a_refusal_the_python_checks_miss_is_still_named_by_row(monkeypatch, gdp):
    """If the database refuses a batch, Django's own full validation finds the row."""
    monkeypatch.setattr(
        "hightech_zone.importing.zone_resource.constraint_errors", lambda instance, exclude: []
    )
    data = values_dataset(
        [["t_gdp", 2091, "1", "准确值", ""], ["t_gdp", 2092, "1", "准确值", "3"]],
        headers=("指标", "年度", "数值", "数值修饰", "排名(第几位)"),
    )
    before = digest()
    result = IndicatorValueResource().import_data(data)
    assert result.error_lines == ["第3行:填写排名或排名变化时,必须填写排名范围(如“全市”)。"]
    assert digest() == before


def test_negative_investments_and_bad_dates_are_refused():
    data = tablib.Dataset(headers=["项目名称", "期次", "总投资(亿元)", "开工日期"])
    data.append(["测试新项目", "", "-5", "2090-02-30"])
    before = digest()
    result = ProjectResource().import_data(data)
    assert any(line.startswith("第2行,“总投资(亿元)”:") for line in result.error_lines)
    assert any(line.startswith("第2行,“开工日期”:") for line in result.error_lines)
    assert digest() == before


def test_an_indicator_may_name_a_parent_created_earlier_in_the_same_file():
    data = tablib.Dataset(
        headers=["指标代码", "指标名称", "计量单位", "指标分类", "指标类型", "所属构成比指标"]
    )
    data.append(["t_share", "测试构成", "%", "经济运行", "构成比(由组成指标合成)", ""])
    data.append(["t_share_a", "测试其中甲", "%", "经济运行", "数值", "t_share"])
    result = IndicatorResource().import_data(data)
    assert not result.error_lines, result.error_lines
    assert Indicator.objects.get(code="t_share_a").parent.code == "t_share"


def test_the_import_command_reads_gbk_with_our_format_and_fails_loudly_on_a_bad_row(tmp_path, gdp):
    good = tmp_path / "good.csv"
    good.write_bytes("指标,年度,数值\r\nt_gdp,2091,88\r\n".encode("gbk"))
    args = ["import", "hightech_zone.resources.IndicatorValueResource", "--noinput"]
    fmt = ["--format", "hightech_zone.formats.Spreadsheet"]
    call_command(*args, str(good), *fmt, stdout=StringIO(), stderr=StringIO())
    assert IndicatorValue.objects.get(indicator=gdp, year=2091).value == 88
    bad = tmp_path / "bad.csv"
    bad.write_bytes("指标,年度,数值\r\nt_gdp,2092,90\r\nt_gdp,2093,很多\r\n".encode("gbk"))
    before = digest()
    errors = StringIO()
    with pytest.raises(SystemExit):
        call_command(*args, str(bad), *fmt, stdout=StringIO(), stderr=errors)
    assert "第3行,“数值”:“很多”不是数字" in errors.getvalue()
    assert digest() == before


def test_a_row_that_fails_unexpectedly_refuses_the_file_rather_than_vanishing(monkeypatch, gdp):
    def fail_on_2092(instance, exclude):
        if instance.year == 2092:
            raise RuntimeError("意外的错误")
        return []

    monkeypatch.setattr("hightech_zone.importing.zone_resource.constraint_errors", fail_on_2092)
    data = values_dataset([["t_gdp", 2091, "1", "准确值"], ["t_gdp", 2092, "2", "准确值"]])
    before = digest()
    result = IndicatorValueResource().import_data(data)
    assert result.error_lines == ["第3行:意外的错误"]
    assert result.has_errors()  # so that the admin offers no confirmation
    assert digest() == before
