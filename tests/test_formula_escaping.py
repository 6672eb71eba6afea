"""Every export writes formula-like text as inert text, and reading it back gives the text.

Staff type what they like into names and units; a spreadsheet must never run it. Each export
path (the admin's export in XLSX and CSV, 按年份导出, the workbook download, the blank
template, the backup, the portal's downloads) passes its cells through one function,
spreadsheets.export_cell, and every reader of our spreadsheets takes the escape off again.
"""

import csv
import io
from io import StringIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from hightech_zone.importing.cells import escape_formula, export_cell, unescape_formula
from hightech_zone.models import Indicator, IndicatorValue, Project, PublicationStatus
from tests import factories
from tests.test_backup import empty_the_database, snapshot
from tests.test_consistency import digest
from tests.test_import_admin import WORKBOOK, export, preview

pytestmark = pytest.mark.django_db

SUM = "=1+1"
LINK = '=HYPERLINK("http://x","y")'
VALUES = "/admin/hightech_zone/indicatorvalue/"
INDICATORS = "/admin/hightech_zone/indicator/"


@pytest.fixture
def hostile():
    """A zone whose GDP indicator is named as a link and measured in a sum, with a note that
    is one; a project named as a link too."""
    zone = factories.whole_zone()
    Indicator.objects.filter(pk=zone.gdp.pk).update(name=LINK, unit=SUM)
    IndicatorValue.objects.filter(indicator=zone.gdp).update(note=SUM, source="'" + SUM)
    Project.objects.create(name=LINK, investor=SUM, status=PublicationStatus.PUBLISHED)
    return zone


def cells(data, sheet=None):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for row in (book[sheet] if sheet else book.active).iter_rows() for cell in row]


def assert_inert(cells_, *texts):
    """Every text is in the sheet only as text with our apostrophe, and no cell is a formula."""
    values = [cell.value for cell in cells_]
    for text in texts:
        assert "'" + text in values and text not in values, text
    assert all(cell.data_type != "f" for cell in cells_)


@pytest.mark.parametrize(
    "text", [SUM, LINK, "+1", "-A1", "@x", "\tx", "\rx", "'=1", "''=1", "'+", "'", "", "a'=1"]
)
def test_unescaping_gives_back_exactly_the_text_that_was_escaped(text):
    assert unescape_formula(escape_formula(text)) == text
    assert unescape_formula(export_cell(text)) == text


def test_plain_text_and_numbers_are_written_as_they_are():
    assert export_cell("普通文字 'quoted'") == "普通文字 'quoted'"
    assert export_cell(-5) == -5 and export_cell(None) is None
    assert export_cell("'=1") == "''=1"  # so that reading it takes off only ours


def test_control_characters_xlsx_cannot_hold_do_not_stop_an_export(staff_client, client):
    Project.objects.create(name="控制\x01字符", investor="a\x1fb", status="published")
    assert export_cell("控制\x01字符") == "控制\ufffd字符"
    sheet = cells(export(staff_client, "/admin/hightech_zone/project/").content)
    assert "控制\ufffd字符" in [cell.value for cell in sheet]
    assert client.get("/projects/", {"_export": "xlsx"}).status_code == 200
    assert staff_client.get(f"{WORKBOOK}?download=1").status_code == 200


def test_the_admin_xlsx_export_is_inert_and_reimports_unchanged(staff_client, hostile):
    for url in (INDICATORS, VALUES):
        exported = export(staff_client, url).content
        assert_inert(cells(exported), *([LINK, SUM] if url == INDICATORS else [SUM]))
        before = digest()
        page = preview(staff_client, SimpleUploadedFile("导出.xlsx", exported), url=url)
        assert "将新增 0 条,更新 0 条" in page.content.decode(), url
        assert digest() == before


def test_the_admin_csv_export_is_inert_and_reimports_unchanged(staff_client, hostile):
    exported = export(staff_client, VALUES, fmt="1").content
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    year = str(hostile.report.year)
    gdp = next(row for row in rows if row[0] == hostile.gdp.code and row[1] == year)
    assert "'" + SUM in gdp and "''" + SUM in gdp and SUM not in gdp
    before = digest()
    page = preview(staff_client, SimpleUploadedFile("导出.csv", exported))
    assert "将新增 0 条,更新 0 条" in page.content.decode()
    assert digest() == before


def test_export_by_year_is_inert_and_reimports_unchanged(staff_client, hostile):
    exported = staff_client.get(f"{VALUES}export-by-year/").content
    sheet = cells(exported)
    assert_inert(sheet, LINK, SUM)
    before = digest()
    page = preview(staff_client, SimpleUploadedFile("按年份.xlsx", exported), fmt="1")
    assert "将新增 0 条,更新 0 条" in page.content.decode()
    assert digest() == before


def test_the_workbook_download_is_inert_and_reimports_unchanged(staff_client, hostile):
    exported = staff_client.get(f"{WORKBOOK}?download=1").content
    assert_inert(cells(exported, "指标"), LINK, SUM)
    assert_inert(cells(exported, "投资项目"), LINK, SUM)
    before = digest()
    response = staff_client.post(WORKBOOK, {"workbook": SimpleUploadedFile("全部.xlsx", exported)})
    assert response.context["results"] and not response.context.get("problems")
    assert all(r.totals["new"] == r.totals["update"] == 0 for _t, r in response.context["results"])
    assert digest() == before


def test_the_blank_template_is_inert(staff_client, monkeypatch):
    monkeypatch.setattr(Indicator._meta.get_field("definition"), "help_text", SUM)
    template = staff_client.get(f"{INDICATORS}import-template/").content
    guide = cells(template, "填写说明")
    assert any(str(cell.value).startswith("'" + SUM) for cell in guide)
    assert all(cell.data_type != "f" for cell in guide + cells(template, "指标"))


def test_the_backup_is_inert_and_restores_exactly(tmp_path, hostile):
    before = snapshot()
    path = tmp_path / "备份.xlsx"
    call_command("backup_workbook", str(path), stdout=StringIO())
    book = openpyxl.load_workbook(path)
    written = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert_inert(written, LINK, SUM)
    empty_the_database()
    call_command("restore_workbook", str(path), stdout=StringIO())
    assert snapshot() == before


def test_the_portal_downloads_are_inert(client, hostile):
    rows = client.get("/projects/", {"_export": "csv"}).content.decode("utf-8-sig")
    hostile_row = next(r for r in csv.reader(io.StringIO(rows)) if LINK in r[0])
    assert hostile_row[0] == "'" + LINK and "'" + SUM in hostile_row
    assert_inert(cells(client.get("/projects/", {"_export": "xlsx"}).content), LINK, SUM)
    values = client.get("/indicators/", {"year": hostile.report.year, "_export": "xlsx"}).content
    assert_inert(cells(values), LINK, SUM)
