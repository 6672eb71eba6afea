"""The admin's spreadsheet import and export: preview, confirmation, permissions, the log."""

import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from hightech_zone.models import (
    ImportOutcome,
    ImportRecord,
    Indicator,
    IndicatorValue,
    PendingUpload,
    PublicationStatus,
)
from tests import factories
from tests.test_consistency import digest

pytestmark = pytest.mark.django_db

VALUES = "/admin/hightech_zone/indicatorvalue/"


def csv_file(text, name="数值.csv", encoding="gbk"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_bytes(sheets):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def preview(client, upload, url=VALUES, fmt="0"):
    return client.post(f"{url}import/", {"import_file": upload, "format": fmt, "resource": "0"})


def confirm(client, response, url=VALUES):
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(f"{url}process_import/", data)


def export(client, url, fmt="0"):
    """Posts the export form as it comes: every column ticked."""
    form = client.get(f"{url}export/").context["form"]
    data = {n: "on" for n, f in form.fields.items() if f.widget.input_type == "checkbox"}
    return client.post(f"{url}export/", {**data, "format": fmt, "resource": "0"})


@pytest.fixture
def gdp(db):
    """A published indicator with one published figure, 72.6 in 2090, for imports to update."""
    indicator = factories.indicator(code="t_gdp", name="测试地区生产总值", unit="亿元")
    factories.value(indicator=indicator, year=2090, value=Decimal("72.6"))
    return indicator


def user_with(*codenames, username="partial"):
    # No password: the tests log in with force_login, and hashing one costs a second.
    user = User.objects.create_user(username=username, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="hightech_zone", codename__in=codenames)
    )
    return user


def test_a_gbk_csv_is_previewed_then_imported_only_after_confirmation(
    staff_client, staff_user, gdp
):
    before = digest()
    text = (
        "指标,年度,数值,数值修饰,备注\r\nt_gdp,2090,81.2,准确值,修正\r\nt_gdp,2091,90,准确值,新\r\n"
    )
    response = preview(staff_client, csv_file(text))
    assert response.status_code == 200
    page = response.content.decode()
    assert "将新增 1 条,更新 1 条" in page
    assert "数值:72.6 → 81.2" in page  # what changes is shown before anything is written
    assert digest() == before
    assert PendingUpload.objects.count() == 1

    done = confirm(staff_client, response)
    assert done.status_code == 302
    assert IndicatorValue.objects.get(indicator=gdp, year=2090).value == Decimal("81.2")
    new = IndicatorValue.objects.get(indicator=gdp, year=2091)
    assert new.status == PublicationStatus.DRAFT
    assert new.history.get().history_user == staff_user
    assert new.history.get().history_change_reason == "导入:数值.csv"
    assert not PendingUpload.objects.exists()  # cleaned up once imported
    record = ImportRecord.objects.get()
    assert (record.user, record.record_type, record.file_name) == (
        staff_user,
        "指标数值",
        "数值.csv",
    )
    assert (record.outcome, record.rows_created, record.rows_updated) == ("imported", 1, 1)
    assert record.file_size == len(text.encode("gbk")) and len(record.file_sha256) == 64
    followed = staff_client.get(done.url)
    assert "导入完成:新增 1 条,更新 1 条,未变 0 条" in followed.content.decode()


def test_a_bad_file_is_refused_in_chinese_with_row_and_column_and_logged(staff_client, gdp):
    before = digest()
    text = "指标,年度,数值\r\nt_gdp,2091,90\r\nt_gdp,2092,很多\r\nt_no_such,2092,1\r\n"
    response = preview(staff_client, csv_file(text))
    page = response.content.decode()
    assert "没有导入任何数据" in page
    assert "第3行,“数值”:“很多”不是数字" in page
    assert "第4行,“指标”:找不到“t_no_such”对应的指标" in page
    assert "confirm_form" not in response.context or not response.context["confirm_form"]
    assert digest() == before
    assert not PendingUpload.objects.exists()
    record = ImportRecord.objects.get()
    assert record.outcome == ImportOutcome.REFUSED and "第3行" in record.errors


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "提交的是空文件"),
        (b"   \r\n", "blank.csv", "文件是空的"),
        ("指标,年度\r\n".encode(), "x.csv", "只有列名,没有数据行"),
        (b"\xd0\xcf\x11\xe0 old excel", "x.xls", "不支持旧版 Excel(.xls)"),
        (b"\x00\x01\x02binary\xff\xfe", "x.csv", "无法识别文件的文字编码"),
        (b"not a zip", "x.xlsx", "内容不是有效的 XLSX"),
        ("名称,年度\r\n一,2090\r\n".encode(), "x.csv", "不认识的列:名称"),
        ("数值\r\n5\r\n".encode(), "x.csv", "缺少必需的列:指标、年度"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused_without_a_traceback(
    staff_client, content, name, message
):
    before = digest()
    response = preview(staff_client, SimpleUploadedFile(name, content))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Traceback" not in page
    assert digest() == before


def test_files_over_the_limit_are_refused_before_reading(staff_client, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.csv", b"a" * (1024 * 1024 + 1))
    page = preview(staff_client, big).content.decode()
    assert "文件超过 1 MB" in page
    assert not PendingUpload.objects.exists()


def test_a_confirmation_whose_upload_is_gone_says_so_in_chinese(staff_client, gdp):
    response = preview(staff_client, csv_file("指标,年度,数值\r\nt_gdp,2091,90\r\n"))
    assert "将新增 1 条" in response.content.decode()
    PendingUpload.objects.all().delete()  # expired, or confirmed twice
    done = confirm(staff_client, response)
    assert done.status_code == 302
    page = staff_client.get(done.url).content.decode()
    assert "待确认的文件已导入或已过期" in page
    assert not IndicatorValue.objects.filter(year=2091).exists()


def test_the_statistics_bureau_layout_imports_through_the_admin(staff_client, gdp):
    text = "指标,单位,2091,2092\r\n测试地区生产总值,亿元,80.5,88\r\n"
    response = preview(staff_client, csv_file(text, "统计表.csv"), fmt="1")
    assert "将新增 2 条" in response.content.decode()
    confirm(staff_client, response)
    values = IndicatorValue.objects.filter(indicator=gdp)
    assert sorted((v.year, str(v.value)) for v in values) == [
        (2090, "72.6000"),
        (2091, "80.5000"),
        (2092, "88.0000"),
    ]


def test_an_editor_cannot_change_a_published_record_by_import(client, editor, publisher, gdp):
    text = "指标,年度,数值\r\nt_gdp,2090,99\r\n"
    client.force_login(editor)
    page = preview(client, csv_file(text)).content.decode()
    assert "已公开,只有审核发布人员可以通过导入修改" in page
    assert IndicatorValue.objects.get(indicator=gdp, year=2090).value == Decimal("72.6")
    client.force_login(publisher)
    response = preview(client, csv_file(text))
    confirm(client, response)
    value = IndicatorValue.objects.get(indicator=gdp, year=2090)
    assert value.value == Decimal("99") and value.status == PublicationStatus.PUBLISHED


def test_import_needs_add_and_change_permission(client):
    for codenames in (["view_indicatorvalue", "add_indicatorvalue"], ["change_indicatorvalue"]):
        client.force_login(user_with(*codenames, username="-".join(codenames)))
        assert client.get(f"{VALUES}import/").status_code == 403
        assert client.post(f"{VALUES}process_import/", {}).status_code == 403
        assert client.get(f"{VALUES}import-template/").status_code == 403
    client.force_login(user_with("add_indicatorvalue", "change_indicatorvalue", username="ok"))
    assert client.get(f"{VALUES}import/").status_code == 200


def test_export_needs_view_permission(client, viewer):
    client.force_login(user_with("view_indicator", username="other-model-only"))
    assert client.get(f"{VALUES}export/").status_code == 403
    assert client.get(f"{VALUES}export-by-year/").status_code == 403
    client.force_login(viewer)
    page = client.get(VALUES).content.decode()
    assert "导出" in page and "下载空白模板" not in page and 'class="import_link"' not in page
    assert client.get(f"{VALUES}import/").status_code == 403
    response = export(client, VALUES)
    assert response.status_code == 200
    assert "filename*=utf-8''%E6%8C%87%E6%A0%87" in response["Content-Disposition"]


def test_admin_export_escapes_formulas_and_keeps_numbers_numbers(staff_client, gdp):
    Indicator.objects.filter(pk=gdp.pk).update(name="=HYPERLINK(1)")
    IndicatorValue.objects.filter(indicator=gdp, year=2090).update(note="-2+3", source="@x")
    response = export(staff_client, "/admin/hightech_zone/indicator/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    indicator = next(r for r in rows if r[0] == "t_gdp")
    assert indicator[1] == "'=HYPERLINK(1)"
    response = export(staff_client, VALUES)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    value = next(r for r in rows[1:] if r[0] == "t_gdp" and r[1] == 2090)
    assert value[header.index("数值")] == 72.6  # a number cell, not text
    assert value[header.index("备注")] == "'-2+3" and value[header.index("数据来源")] == "'@x"


def test_an_exported_file_with_escaped_formulas_reimports_unchanged(staff_client, gdp):
    IndicatorValue.objects.filter(indicator=gdp, year=2090).update(note="=1+1")
    exported = export(staff_client, VALUES).content
    before = digest()
    response = preview(staff_client, SimpleUploadedFile("导出.xlsx", exported))
    assert "将新增 0 条,更新 0 条" in response.content.decode()
    assert digest() == before


def test_the_blank_template_has_the_columns_and_how_to_fill_them(staff_client):
    response = staff_client.get("/admin/hightech_zone/project/import-template/")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["投资项目", "填写说明"]
    headers = next(book["投资项目"].iter_rows(values_only=True))
    assert headers[:3] == ("项目名称", "期次", "所属产业")
    guide = {row[0]: row for row in book["填写说明"].iter_rows(min_row=2, values_only=True)}
    assert guide["项目名称"][1] == "是"
    assert "2017年12月31日" in guide["开工日期"][2]
    assert "可选:" in guide["所属产业"][2]
    assert "只读" in guide["发布状态"][2]


def test_the_values_export_by_year_is_the_bureaus_layout(staff_client, gdp):
    patents = factories.indicator(name="测试授权专利", unit="件")
    factories.value(indicator=patents, year=2090, value=330, qualifier="余")
    factories.value(indicator=gdp, year=2091, value=80)  # another year: not in this export
    response = staff_client.get(f"{VALUES}export-by-year/?year=2090")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("指标", "单位", "2090")
    assert ("测试地区生产总值", "亿元", 72.6) in rows  # number cells, as the bureau's sheets hold
    assert ("测试授权专利", "件", "330余") in rows  # a qualified figure stays text
    assert len(rows) == 3


def test_the_import_log_is_read_only_in_the_admin(staff_client, staff_user, publisher, client, gdp):
    preview(staff_client, csv_file("指标,年度,数值\r\nt_gdp,2091,很多\r\n"))
    record = ImportRecord.objects.get()
    page = staff_client.get("/admin/hightech_zone/importrecord/").content.decode()
    assert "数值.csv" in page and "已拒绝" in page
    assert (
        staff_client.get(f"/admin/hightech_zone/importrecord/{record.pk}/delete/").status_code
        == 403
    )
    assert staff_client.get("/admin/hightech_zone/importrecord/add/").status_code == 403
    client.force_login(publisher)  # the role can read the log
    assert client.get("/admin/hightech_zone/importrecord/").status_code == 200


def test_the_list_links_to_import_export_template_and_export_by_year(staff_client):
    # By address: the words alone also appear in the sidebar (导入记录).
    page = staff_client.get(VALUES).content.decode()
    for address in ("import/", "import-template/", "export/", "export-by-year/", "deleted/"):
        assert f'href="{VALUES}{address}' in page


WORKBOOK = "/admin/workbook/"


def test_a_workbook_of_sheets_imports_all_types_after_a_preview(staff_client, staff_user):
    data = xlsx_bytes(
        {
            "指标数值": [["指标", "年度", "数值"], ["t_new_code", 2090, 5]],
            "指标": [
                ["指标代码", "指标名称", "计量单位", "指标分类"],
                ["t_new_code", "测试新指标", "个", "经济运行"],
            ],
        }
    )
    before = digest()
    response = staff_client.post(WORKBOOK, {"workbook": SimpleUploadedFile("全部.xlsx", data)})
    page = response.content.decode()
    assert "确认导入" in page, page[:3000]
    assert digest() == before
    pending = response.context["pending"]
    done = staff_client.post(WORKBOOK, {"pending": pending, "file_name": "全部.xlsx"})
    assert done.status_code == 302
    assert IndicatorValue.objects.get(indicator__code="t_new_code", year=2090).value == 5
    assert ImportRecord.objects.filter(outcome="imported").count() == 2
    assert not PendingUpload.objects.exists()


def test_a_workbook_with_one_bad_sheet_imports_nothing(staff_client):
    data = xlsx_bytes(
        {
            "指标": [
                ["指标代码", "指标名称", "计量单位", "指标分类"],
                ["t_new_code", "测试新指标", "个", "经济运行"],
            ],
            "指标数值": [["指标", "年度", "数值"], ["t_new_code", 2090, -5]],
            "杂项": [["甲"], ["乙"]],
        }
    )
    before = digest()
    page = staff_client.post(WORKBOOK, {"workbook": SimpleUploadedFile("x.xlsx", data)})
    text = page.content.decode()
    assert "工作表“指标数值”第2行,“数值”" in text
    assert "不认识的工作表“杂项”" in text
    assert digest() == before
    assert ImportRecord.objects.get().outcome == "refused"


def test_the_workbook_download_has_one_sheet_per_type(staff_client, viewer, client):
    response = staff_client.get(f"{WORKBOOK}?download=1")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == [
        "园区概况",
        "称号与荣誉",
        "指标",
        "指标数值",
        "创新平台",
        "投资项目",
        "项目年度进展",
        "政策文件",
        "年度工作报告",
        "报告章节",
        "政府信息公开工作年度报告",
        "信息公开申请情况",
    ]
    client.force_login(viewer)
    assert client.get(f"{WORKBOOK}?download=1").status_code == 200
    data = xlsx_bytes({"指标": [["指标代码", "指标名称"], ["x", "y"]]})
    page = client.post(WORKBOOK, {"workbook": SimpleUploadedFile("x.xlsx", data)})
    assert "您没有导入以下记录的权限:指标" in page.content.decode()


def test_export_form_names_columns_in_chinese_and_starts_on_xlsx(staff_client):
    response = staff_client.get(f"{VALUES}export/")
    form = response.context["form"]
    labels = [str(f.label) for f in form.fields.values() if f.widget.input_type == "checkbox"]
    assert labels[:3] == ["指标", "年度", "数值"]
    assert not any(re.search("[A-Za-z]", label) for label in labels)
    choices = dict(form.fields["format"].choices)
    assert "" not in choices
    assert choices[form.fields["format"].initial] == "xlsx"
    html = response.content.decode()
    assert "全选" in html and "Select all" not in html and "Growth Pct" not in html
