"""Files as Chinese offices save them are read; hostile or broken ones are refused in Chinese."""

import io
import json
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from hightech_zone.importing.reading import SpreadsheetError, read_table
from hightech_zone.importing.resources import IndicatorValueResource
from hightech_zone.importing.year_columns import years_as_columns
from hightech_zone.models import IndicatorValue
from tests import factories
from tests.conftest import libreoffice_xlsx
from tests.test_consistency import digest

pytestmark = pytest.mark.django_db

CSV_TEXT = "指标,年度,数值,数值修饰\nt_retail,2090,32.9,准确值\n"


@pytest.fixture
def retail(db):
    return factories.indicator(code="t_retail", name="测试社会消费品零售额", unit="亿元")


@pytest.fixture
def gdp(db):
    return factories.indicator(code="t_gdp", name="测试地区生产总值", unit="亿元")


def import_file(data, filename):
    resource = IndicatorValueResource()
    dataset = read_table(data, filename=filename, resource=resource)
    result = resource.import_data(dataset)
    return resource.describe_errors(result)


@pytest.mark.parametrize(
    ("encoded", "name"),
    [
        (CSV_TEXT.encode("utf-8"), "utf8.csv"),
        (b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8"), "bom.csv"),
        (CSV_TEXT.encode("gbk"), "gbk.csv"),
        (CSV_TEXT.encode("gb18030"), "gb18030.csv"),
    ],
)
def test_csv_in_every_encoding_chinese_excel_saves_is_detected(encoded, name, retail):
    assert import_file(encoded, name) == []
    assert str(IndicatorValue.objects.get(indicator=retail, year=2090).value) == "32.9000"


def xlsx(rows, formula=None, blank_rows=0):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if formula:
        sheet["C2"] = formula
    for i in range(blank_rows):
        sheet.cell(row=len(rows) + 1 + i, column=1, value=None)
    if blank_rows:
        sheet.cell(row=len(rows) + blank_rows, column=5, value="")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_blank_trailing_rows_imports(retail):
    data = xlsx([["指标", "年度", "数值"], ["t_retail", 2090, 32.9]], blank_rows=5000)
    assert import_file(data, "有空行.xlsx") == []
    assert IndicatorValue.objects.filter(indicator=retail, year=2090).exists()


@pytest.mark.slow
def test_a_million_formatted_blank_rows_after_the_data_are_skipped_as_libreoffice_writes_them():
    out = io.BytesIO()
    rows = [["指标", "年度", "数值"], ["t_retail", 2090, 32.9], [], ["t_gdp", 2091, 80]]
    libreoffice_xlsx(out, rows, blank_rows=1_048_576 - len(rows))
    dataset = read_table(out.getvalue(), filename="libreoffice.xlsx")
    assert [r[0] for r in dataset] == ["t_retail", "t_gdp"]
    assert dataset.row_numbers == [2, 4]  # a blank row inside still counts, as in the sheet


def test_a_million_blank_lines_after_a_csv_are_skipped(retail):
    data = ("指标,年度,数值\r\nt_retail,2090,32.9\r\n" + ",,\r\n" * 1_000_000).encode("gbk")
    assert import_file(data, "尾部空行.csv") == []
    assert IndicatorValue.objects.filter(indicator=retail, year=2090).exists()


def test_a_blank_row_keeps_the_row_numbers_of_the_sheet_in_errors(retail, gdp):
    data = "指标,年度,数值\r\nt_retail,2090,32.9\r\n,,\r\nt_gdp,2091,很多\r\n".encode()
    assert import_file(data, "x.csv") == ["第4行,“数值”:“很多”不是数字"]


def test_json_imports(retail):
    data = json.dumps([{"indicator": "t_retail", "year": 2090, "value": "32.9"}])
    assert import_file(data.encode(), "values.json") == []
    assert str(IndicatorValue.objects.get(indicator=retail, year=2090).value) == "32.9000"


def test_formula_cells_give_their_saved_values_never_the_formula(retail):
    data = xlsx([["指标", "年度", "数值"], ["t_retail", 2090, None]], formula="=30+2.9")
    errors = import_file(data, "公式.xlsx")
    # openpyxl does not compute formulas; a file saved by Excel carries the value, this one
    # carries none, so the cell is empty and the row is refused rather than the formula stored.
    assert errors and "请至少填写数值" in errors[0]
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.csv", "文件是空的"),
        (b"\n\n", "blank.csv", "文件是空的"),
        (b"\x00\x01\x02\xff\xfe" * 50, "binary.csv", "无法识别文件的文字编码"),
        (b"%PDF-1.7 not a sheet", "report.xlsx", "不是有效的 XLSX"),
        (b"PK\x03\x04 truncated archive", "broken.xlsx", "不是有效的 XLSX"),
        ("名称,年份\n甲,2016\n".encode(), "wrong.csv", "不认识的列:名称、年份"),
        ("数值\n5\n".encode(), "nokey.csv", "缺少必需的列:指标、年度"),
        (b'{"not": "a list"}', "x.json", "JSON 文件应是一组对象"),
    ],
)
def test_bad_files_are_refused_in_chinese_and_change_nothing(data, name, message):
    before = digest()
    with pytest.raises(SpreadsheetError, match=message):
        import_file(data, name)
    assert digest() == before


def test_files_over_the_size_limit_are_refused(settings):
    settings.IMPORT_MAX_BYTES = 1024
    with pytest.raises(SpreadsheetError, match="文件超过"):
        read_table(CSV_TEXT.encode() * 100, filename="big.csv")


def test_zip_bombs_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    with pytest.raises(SpreadsheetError, match="解压后异常巨大"):
        read_table(out.getvalue(), filename="bomb.xlsx")


def test_xml_entity_expansion_is_refused():
    book = io.BytesIO(xlsx([["指标", "年度", "数值"], ["t_retail", 2090, 1]]))
    source = zipfile.ZipFile(book)
    out = io.BytesIO()
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = bomb
            target.writestr(item, content)
    with pytest.raises(SpreadsheetError, match="不安全的 XML 实体"):
        read_table(out.getvalue(), filename="entities.xlsx")


def bureau_table(rows, headers=("指标", "单位", "2090", "2091")):
    import tablib

    data = tablib.Dataset(headers=list(headers))
    for row in rows:
        data.append(row)
    return data


def test_the_statistics_bureaus_years_as_columns_layout_imports(gdp, retail):
    from hightech_zone.importing.year_columns import years_as_columns

    patents = factories.indicator(code="t_patents", name="测试授权专利", unit="件")
    factories.value(indicator=gdp, year=2091, value=Decimal("72.6"))
    factories.value(indicator=patents, year=2091, value=330, qualifier="余")
    table = bureau_table(
        [
            ["测试地区生产总值", "亿元", "62.7", "72.6"],
            ["t_patents", "件", "300余", "330余"],
            ["测试社会消费品零售额", "", "32.9", ""],
        ]
    )
    rows = years_as_columns(table)
    resource = IndicatorValueResource()
    result = resource.import_data(rows)
    assert resource.describe_errors(result) == []
    assert (result.totals["new"], result.totals["skip"]) == (3, 2)
    value = IndicatorValue.objects.get(indicator=patents, year=2090)
    assert (str(value.value), value.qualifier) == ("300.0000", "余")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["测试不存在的指标", "亿元", "1", ""], "第2行,“指标”:“测试不存在的指标”找不到这个指标"),
        (["测试地区生产总值", "万元", "1", ""], "第2行,“单位”:“万元”与指标的单位“亿元”不符"),
    ],
)
def test_bureau_tables_with_unknown_indicators_or_wrong_units_are_refused(row, message, gdp):
    from hightech_zone.importing.year_columns import years_as_columns

    with pytest.raises(SpreadsheetError, match=message):
        years_as_columns(bureau_table([row]))


def test_an_ambiguous_indicator_name_asks_for_the_code(gdp):
    from hightech_zone.importing.year_columns import years_as_columns

    factories.indicator(code="t_gdp_copy", name=gdp.name, unit=gdp.unit)
    with pytest.raises(SpreadsheetError, match="名称对应多个指标,请改用指标代码"):
        years_as_columns(bureau_table([["测试地区生产总值", "亿元", "1", "2"]]))
    by_code = years_as_columns(bureau_table([["t_gdp", "亿元", "1", "2"]]))
    assert [row[:2] for row in by_code] == [("t_gdp", 2090), ("t_gdp", 2091)]


def test_values_export_in_the_bureaus_layout_and_read_back(gdp):
    from hightech_zone.importing.year_columns import values_by_year, years_as_columns

    patents = factories.indicator(name="测试授权专利", unit="件")
    overdue = factories.indicator(name="测试逾期审批件", unit="件")
    factories.value(indicator=gdp, year=2090, value=Decimal("72.6"))
    factories.value(indicator=patents, year=2090, value=330, qualifier="余")
    factories.value(indicator=overdue, year=2090, value=0)
    factories.value(indicator=overdue, year=2091, value=3)
    table = values_by_year(IndicatorValue.objects.all())
    assert table.headers == ["指标", "单位", "2090", "2091"]
    rows = {row[0]: row for row in table}
    assert rows["测试地区生产总值"] == ("测试地区生产总值", "亿元", Decimal("72.6"), "")  # a number
    assert rows["测试授权专利"][2] == "330余"  # a qualified figure stays text
    assert rows["测试逾期审批件"][2:] == (0, 3)
    resource = IndicatorValueResource()
    result = resource.import_data(years_as_columns(table))
    assert resource.describe_errors(result) == []
    assert result.totals["new"] == result.totals["update"] == 0


def test_errors_in_a_bureau_table_name_the_row_of_the_table(gdp, retail):
    table = xlsx(
        [
            ["指标", "单位", "2090", "2091"],
            ["测试地区生产总值", "亿元", None, None],
            [],
            ["测试社会消费品零售额", "亿元", 30, "很多"],
        ]
    )
    resource = IndicatorValueResource()
    result = resource.import_data(years_as_columns(read_table(table, filename="表.xlsx")))
    assert result.error_lines == ["第4行,“数值”:“很多”不是数字"]


# Text no database holds: NUL (PostgreSQL refuses it) and half a surrogate pair (no text).
UNSTORABLE_FILES = [
    ("nul.json", b'[{"\\u6307\\u6807": "t_gdp\\u0000", "\\u5e74\\u5ea6": 2090}]', "第2行,“指标”"),
    ("half.json", b'[{"\\u6307\\u6807": "t_gdp", "\\u5e74\\u5ea6": "\\ud800"}]', "第2行,“年度”"),
    ("key.json", b'[{"\\u6307\\u6807\\ud800": "t_gdp"}]', "第1行,列名"),
    ("many.json", b'[{"\\u6307\\u6807": "t_gdp"}, {"\\u6307\\u6807": "\\udfff"}]', "第3行,“指标”"),
]


@pytest.mark.parametrize(("name", "data", "where"), UNSTORABLE_FILES, ids=lambda v: str(v)[:12])
def test_text_no_database_holds_refuses_the_whole_file_in_chinese(
    staff_client, gdp, name, data, where
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hightech_zone.models import ImportRecord, PendingUpload

    with pytest.raises(SpreadsheetError, match=f"^{where}:含有空字符或残缺的 Unicode 字符"):
        read_table(data, filename=name)
    before = digest()
    response = staff_client.post(
        "/admin/hightech_zone/indicatorvalue/import/",
        {"import_file": SimpleUploadedFile(name, data), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    assert "含有空字符或残缺的 Unicode 字符,文件可能已损坏,未导入任何记录。" in (
        response.content.decode()
    )
    assert digest() == before and not PendingUpload.objects.exists()
    assert ImportRecord.objects.get().outcome == "refused"


def test_a_csv_holding_nul_is_refused_as_no_text_table(staff_client):
    with pytest.raises(SpreadsheetError, match="文件中含有空字符"):
        read_table("指标,年度\r\nt_gdp\x00,2090\r\n".encode(), filename="x.csv")


@pytest.mark.slow
def test_the_import_command_refuses_such_files_in_chinese_without_a_traceback(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings

    path = tmp_path / "nul.json"
    path.write_bytes(UNSTORABLE_FILES[0][1])
    resource = "hightech_zone.resources.IndicatorValueResource"
    # An empty database: the file is refused before anything is read or written.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    for fmt in (["--format", "hightech_zone.formats.Spreadsheet"], []):
        result = subprocess.run(
            [sys.executable, "manage.py", "import", resource, str(path), "--noinput", *fmt],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 1, fmt
        assert "第2行,“指标”:含有空字符或残缺的 Unicode 字符" in result.stderr
        assert "Traceback" not in result.stderr


def test_json_nested_deeper_than_the_stack_is_refused_in_chinese():
    with pytest.raises(SpreadsheetError, match="JSON 文件嵌套过深"):
        read_table(b"[" * 100000, filename="deep.json")
