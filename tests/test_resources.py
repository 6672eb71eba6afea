"""Spreadsheet resources: Chinese headers, natural keys, update in place, nothing half-written.

This is the first part of the spreadsheet work (issue 4); its other parts are not built yet.
"""

import csv
import datetime
import io
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
from tests.test_consistency import digest

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("seed"),  # not yet on factories (issue 12)
]

RESOURCES = [
    IndicatorResource,
    IndicatorValueResource,
    ProjectResource,
    PolicyDocumentResource,
    InnovationPlatformResource,
    DesignationResource,
]


def load(resource_class, dataset):
    resource = resource_class()
    result = resource.import_data(dataset)
    return result, resource.describe_errors(result)


@pytest.mark.parametrize("resource_class", RESOURCES, ids=lambda r: r.__name__)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_reimporting_an_unchanged_export_creates_and_updates_nothing(resource_class, fmt):
    exported = resource_class().export()
    before = digest()
    result, errors = load(resource_class, tablib.Dataset().load(exported.export(fmt), format=fmt))
    assert errors == []
    assert result.totals["new"] == result.totals["update"] == 0
    assert result.totals["skip"] == len(exported)
    assert digest() == before


def test_headers_are_chinese_and_relations_are_natural_keys():
    exported = IndicatorValueResource().export()
    assert exported.headers[:3] == ["指标", "年度", "数值"]
    gdp = next(row for row in exported.dict if row["指标"] == "gdp")
    assert gdp["数值修饰"] == "准确值" and gdp["排名依据"] == "按增幅"
    project = next(r for r in ProjectResource().export().dict if r["项目名称"] == "天辰博锐")
    assert project["入驻载体"] == "锦州大学科技园"


def test_an_edited_export_updates_records_in_place():
    exported = IndicatorValueResource().export()
    data = tablib.Dataset(headers=exported.headers)
    for row in exported.dict:
        if row["指标"] == "gdp":
            row["数值"] = "80.5"
        data.append([row[h] for h in exported.headers])
    count = IndicatorValue.objects.count()
    result, errors = load(IndicatorValueResource, data)
    assert errors == [] and result.totals["update"] == 1 and result.totals["new"] == 0
    assert IndicatorValue.objects.count() == count
    value = IndicatorValue.objects.get(indicator__code="gdp", year=2017)
    assert str(value.value) == "80.5000"
    assert value.history.first().history_type == "~"  # the import is in the history


def test_english_headers_are_accepted_and_new_records_start_as_drafts(client):
    data = tablib.Dataset(headers=["name", "phase", "industry", "total_investment", "status"])
    data.append(["新签约项目", "", "生物医药", "1,２50.5", "已发布"])
    result, errors = load(ProjectResource, data)
    assert errors == [] and result.totals["new"] == 1
    project = Project.objects.get(name="新签约项目")
    assert project.industry == "biomedicine" and project.status == PublicationStatus.DRAFT
    assert str(project.total_investment) == "1250.5000"
    assert "新签约项目" not in client.get("/projects/").content.decode()


@pytest.mark.parametrize("written", ["2018-04-17", "2018/4/17", "2018年4月17日", "２０１８-04-17"])
def test_dates_are_read_the_way_staff_type_them(written):
    data = tablib.Dataset(
        headers=["标题", "发文机关", "文种", "主题分类", "有效性", "年度", "成文日期"]
    )
    data.append(["日期测试", "管委会", "通知", "其他", "现行有效", "2018", written])
    _result, errors = load(PolicyDocumentResource, data)
    assert errors == []
    assert PolicyDocument.objects.get(title="日期测试").written_on == datetime.date(2018, 4, 17)


def test_spreadsheet_date_cells_and_numbers_are_taken_as_they_are():
    data = tablib.Dataset(
        headers=["标题", "发文机关", "文种", "主题分类", "有效性", "年度", "成文日期"]
    )
    data.append(
        [
            "单元格测试",
            "管委会",
            "notice",
            "other",
            "effective",
            2018.0,
            datetime.datetime(2018, 4, 17),
        ]
    )
    _result, errors = load(PolicyDocumentResource, data)
    assert errors == []
    policy = PolicyDocument.objects.get(title="单元格测试")
    assert (policy.year, policy.written_on) == (2018, datetime.date(2018, 4, 17))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["gdp", "2016", "很多", "准确值"], "第3行,“数值”:“很多”不是数字"),
        (["gdp", "2016", "NaN", "准确值"], "第3行,“数值”:“NaN”不是数字"),
        (["gdp", "2016", "-Infinity", "准确值"], "第3行,“数值”:“-Infinity”不是数字"),
        (["no_such_code", "2016", "1", "准确值"], "第3行,“指标”:找不到“no_such_code”对应的指标"),
        (["gdp", "2016", "-5", "准确值"], "第3行,“数值”:确保该值大于或等于"),
        (["gdp", "2016", "5", "大约"], "第3行,“数值修饰”:“大约”不是可选的值"),
        (["gdp", "1800", "5", "准确值"], "第3行,“年度”:确保该值大于或等于"),
        (["gdp", "2016", "5", "准确值", "3"], "第3行:填写排名或排名变化时,必须填写排名范围"),
        (["retail_sales", "2016", "31", "准确值"], "第3行:与第2行重复"),
    ],
)
def test_a_file_with_a_bad_row_writes_nothing_and_says_where_in_chinese(row, message):
    # Rows are numbered as the spreadsheet shows them: the header is row 1.
    data = tablib.Dataset(headers=["指标", "年度", "数值", "数值修饰", "排名(第几位)"])
    data.append(["retail_sales", "2016", "30", "准确值", ""])  # a good row before the bad one
    data.append(row + [""] * (5 - len(row)))
    before = digest()
    _result, errors = load(IndicatorValueResource, data)
    assert any(e.startswith(message) for e in errors), errors
    assert digest() == before


def test_the_librarys_export_and_import_commands_use_the_resources(tmp_path):
    # The command writes bytes to stdout's buffer, as a shell redirect would receive them.
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    call_command("export", "CSV", "hightech_zone.resources.IndicatorValueResource", stdout=out)
    out.flush()
    text = out.buffer.getvalue().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "指标" and len(rows) == 1 + IndicatorValue.objects.count()
    path = tmp_path / "values.csv"
    assert "gdp,2017,72.6," in text  # the figure, not the database's 72.6000
    path.write_text(text.replace("gdp,2017,72.6,", "gdp,2017,81.2,"), encoding="utf-8")
    call_command(
        "import",
        "hightech_zone.resources.IndicatorValueResource",
        str(path),
        "--noinput",
        stdout=StringIO(),
    )
    assert str(IndicatorValue.objects.get(indicator__code="gdp").value) == "81.2000"


def values_dataset(rows, headers=("指标", "年度", "数值", "数值修饰")):
    data = tablib.Dataset(headers=list(headers))
    for row in rows:
        data.append(row)
    return data


def test_an_import_shows_on_cached_public_pages_at_once(client, publisher):
    assert "72.6亿元" in client.get("/reports/2017/").content.decode()
    result = IndicatorValueResource().import_data(
        values_dataset([["gdp", 2017, "99.9", "准确值"]]), user=publisher
    )
    assert result.totals["update"] == 1 and not result.error_lines
    page = client.get("/reports/2017/").content.decode()
    assert "99.9亿元" in page and "72.6亿元" not in page


def test_bulk_updates_raise_the_version_and_are_in_the_history(publisher):
    value = IndicatorValue.objects.get(indicator__code="gdp", year=2017)
    IndicatorValueResource().import_data(
        values_dataset([["gdp", 2017, "80", "准确值"]]), user=publisher, file_name="更正.xlsx"
    )
    value.refresh_from_db()
    assert value.version == 2 and str(value.value) == "80.0000"
    latest = value.history.first()
    assert (latest.history_type, latest.history_user, latest.value) == ("~", publisher, value.value)
    assert latest.history_change_reason == "导入:更正.xlsx"


def test_the_number_of_queries_does_not_grow_with_the_rows():
    def rows(n):
        return [
            [code, year, "1", "准确值"]
            for code in ("gdp", "retail_sales")
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


def test_a_refusal_the_python_checks_miss_is_still_named_by_row(monkeypatch):
    """If the database refuses a batch, Django's own full validation finds the row."""
    monkeypatch.setattr("hightech_zone.resources.constraint_errors", lambda instance: [])
    data = values_dataset(
        [["gdp", 2018, "1", "准确值", ""], ["gdp", 2019, "1", "准确值", "3"]],
        headers=("指标", "年度", "数值", "数值修饰", "排名(第几位)"),
    )
    before = digest()
    result = IndicatorValueResource().import_data(data)
    assert result.error_lines == ["第3行:填写排名或排名变化时,必须填写排名范围(如“全市”)。"]
    assert digest() == before


def test_negative_investments_and_bad_dates_are_refused():
    data = tablib.Dataset(headers=["项目名称", "期次", "总投资(亿元)", "开工日期"])
    data.append(["新项目", "", "-5", "2017-02-30"])
    before = digest()
    result = ProjectResource().import_data(data)
    assert any(line.startswith("第2行,“总投资(亿元)”:") for line in result.error_lines)
    assert any(line.startswith("第2行,“开工日期”:") for line in result.error_lines)
    assert digest() == before


def test_an_indicator_may_name_a_parent_created_earlier_in_the_same_file():
    data = tablib.Dataset(
        headers=["指标代码", "指标名称", "计量单位", "指标分类", "指标类型", "所属构成比指标"]
    )
    data.append(["share", "构成", "%", "经济运行", "构成比(由组成指标合成)", ""])
    data.append(["share_a", "其中甲", "%", "经济运行", "数值", "share"])
    result = IndicatorResource().import_data(data)
    assert not result.error_lines, result.error_lines
    assert Indicator.objects.get(code="share_a").parent.code == "share"


def test_the_import_command_reads_gbk_with_our_format_and_fails_loudly_on_a_bad_row(tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes("指标,年度,数值\r\ngdp,2019,88\r\n".encode("gbk"))
    args = ["import", "hightech_zone.resources.IndicatorValueResource", "--noinput"]
    fmt = ["--format", "hightech_zone.formats.Spreadsheet"]
    call_command(*args, str(good), *fmt, stdout=StringIO(), stderr=StringIO())
    assert IndicatorValue.objects.get(indicator__code="gdp", year=2019).value == 88
    bad = tmp_path / "bad.csv"
    bad.write_bytes("指标,年度,数值\r\ngdp,2020,90\r\ngdp,2021,很多\r\n".encode("gbk"))
    before = digest()
    errors = StringIO()
    with pytest.raises(SystemExit):
        call_command(*args, str(bad), *fmt, stdout=StringIO(), stderr=errors)
    assert "第3行,“数值”:“很多”不是数字" in errors.getvalue()
    assert digest() == before


def test_a_row_that_fails_unexpectedly_refuses_the_file_rather_than_vanishing(monkeypatch):
    def fail_on_2019(instance):
        if instance.year == 2019:
            raise RuntimeError("意外的错误")
        return []

    monkeypatch.setattr("hightech_zone.resources.constraint_errors", fail_on_2019)
    data = values_dataset([["gdp", 2018, "1", "准确值"], ["gdp", 2019, "2", "准确值"]])
    before = digest()
    result = IndicatorValueResource().import_data(data)
    assert result.error_lines == ["第3行:意外的错误"]
    assert result.has_errors()  # so that the admin offers no confirmation
    assert digest() == before
