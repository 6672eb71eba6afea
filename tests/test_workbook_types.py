"""The admin's workbook holds every record type, and an exported workbook imports back whole."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from hightech_zone.importing.resources import WORKBOOK_RESOURCES, ReportSectionResource
from hightech_zone.models import ReportSection, zone_data_models
from tests import factories
from tests.test_backup import empty_the_database
from tests.test_consistency import digest

pytestmark = pytest.mark.django_db

WORKBOOK = "/admin/workbook/"


def contents():
    """Every record type as its sheet shows it, without the (never imported) status."""
    out = {}
    for resource_class in WORKBOOK_RESOURCES:
        dataset = resource_class().export()
        keep = [i for i, h in enumerate(dataset.headers) if h != "发布状态"]
        rows = sorted(tuple(str(row[i]) for i in keep) for row in dataset)
        out[dataset.title] = ([dataset.headers[i] for i in keep], rows)
    return out


def import_workbook(client, data):
    response = client.post(WORKBOOK, {"workbook": SimpleUploadedFile("全部.xlsx", data)})
    assert "确认导入" in response.content.decode(), response.content.decode()[:3000]
    pending = response.context["pending"]
    return client.post(WORKBOOK, {"pending": pending, "file_name": "全部.xlsx"})


def test_the_workbook_has_a_sheet_for_every_record_type(admin_client):
    data = admin_client.get(WORKBOOK, {"download": "1"}).content
    sheets = set(load_workbook(io.BytesIO(data), read_only=True).sheetnames)
    assert {str(m._meta.verbose_name_plural) for m in zone_data_models()} <= sheets


def test_an_exported_workbook_imports_back_every_record_type_into_an_empty_database(
    admin_client,
):
    zone = factories.whole_zone()
    section = zone.sections[0]
    before = contents()
    assert all(rows for _headers, rows in before.values())
    data = admin_client.get(WORKBOOK, {"download": "1"}).content
    empty_the_database()
    assert import_workbook(admin_client, data).status_code == 302
    assert contents() == before
    section = ReportSection.objects.get(report__year=zone.report.year, order=section.order)
    assert sorted(map(str, section.projects.all())) == ["测试药业一期", "测试药业二期"]
    assert [i.code for i in section.indicators.order_by("code")] == sorted(
        [zone.gdp.code, zone.count.code]
    )
    assert (section.policies.count(), section.platforms.get().name) == (2, zone.platform.name)


def test_an_unchanged_workbook_changes_nothing(admin_client):
    factories.whole_zone()
    data = admin_client.get(WORKBOOK, {"download": "1"}).content
    before = digest()
    response = admin_client.post(WORKBOOK, {"workbook": SimpleUploadedFile("全部.xlsx", data)})
    assert "确认导入" in response.content.decode()
    results = response.context["results"]
    assert len(results) == len(zone_data_models())
    assert all(r.totals["new"] == r.totals["update"] == 0 for _title, r in results)
    assert all(r.totals["skip"] for _title, r in results)
    assert digest() == before


def test_a_section_naming_an_unknown_project_is_refused_at_the_preview():
    factories.section()
    dataset = ReportSectionResource().export()
    column = dataset.headers.index("相关项目")
    row = list(dataset[0])
    row[column] = "没有这个项目|一期"
    dataset[0] = row
    resource = ReportSectionResource()
    result = resource.import_data(dataset, dry_run=True)
    assert any("找不到“没有这个项目|一期”对应的投资项目" in line for line in result.error_lines)


def new_section_dataset(report):
    dataset = ReportSectionResource().export(ReportSection.objects.none())
    row = dict.fromkeys(dataset.headers, "")
    row.update({"报告": str(report.year), "顺序": "9", "标题": "测试新章节", "正文": "测试正文。"})
    dataset.append([row[h] for h in dataset.headers])
    return dataset


@pytest.mark.parametrize(("status", "refused"), [("published", True), ("draft", False)])
def test_an_editor_may_add_a_section_by_import_only_to_a_draft_report(editor, status, refused):
    report = factories.report(status=status)
    result = ReportSectionResource().import_data(new_section_dataset(report), user=editor)
    assert bool(result.error_lines) is refused
    assert report.sections.filter(heading="测试新章节").exists() is not refused
