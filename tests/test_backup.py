"""Backup to one workbook and restore into an empty database loses nothing."""

import json
from io import StringIO

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core import serializers
from django.core.management import CommandError, call_command

from hightech_zone import publishing
from hightech_zone.models import ReportSection, zone_data_models
from tests import factories

pytestmark = pytest.mark.django_db


def snapshot():
    """Every record with its relations by natural key: comparable across databases."""
    out = {}
    for model in zone_data_models():
        rows = json.loads(
            serializers.serialize(
                "json",
                model.objects.all(),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )
        )
        for row in rows:
            row.pop("pk", None)
        out[model.__name__] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
    return out


def empty_the_database():
    for model in reversed(zone_data_models()):
        if model.__name__ == "Indicator":
            model.objects.filter(parent__isnull=False).delete()
        model.objects.all().delete()


def test_backup_and_restore_round_trip_loses_nothing(tmp_path, publisher):
    zone = factories.whole_zone()
    publishing.withdraw(record=zone.policies[0], user=publisher, reason="已被替代")
    section = zone.sections[0]
    before = snapshot()
    assert all(before.values())  # every record type is in the backup
    path = tmp_path / "备份.xlsx"
    call_command("backup_workbook", str(path), stdout=StringIO())

    book = openpyxl.load_workbook(path, read_only=True)
    assert {m._meta.model_name for m in zone_data_models()} <= set(book.sheetnames)

    empty_the_database()
    User.objects.filter(username="publisher").delete()
    assert all(not m.objects.exists() for m in zone_data_models())

    out = StringIO()
    call_command("restore_workbook", str(path), stdout=out)
    assert "已恢复" in out.getvalue()
    after = snapshot()
    assert after == before
    section = ReportSection.objects.get(report__year=zone.report.year, order=section.order)
    assert sorted(map(str, section.projects.all())) == ["测试药业一期", "测试药业二期"]
    restored = User.objects.get(username="publisher")
    assert not restored.has_usable_password()
    assert restored.groups.filter(name="审核发布").exists()


def test_restore_refuses_a_database_that_holds_data(tmp_path):
    factories.whole_zone()
    path = tmp_path / "backup.xlsx"
    call_command("backup_workbook", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="只能恢复到空数据库"):
        call_command("restore_workbook", str(path), stdout=StringIO())


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    empty_the_database()
    path = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["随便", "一个表"])
    book.save(path)
    with pytest.raises(CommandError, match="不是本系统导出的备份"):
        call_command("restore_workbook", str(path), stdout=StringIO())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a workbook", "不是有效的 XLSX 文件"),
        ("users-groups-not-json", "工作表“users”第\\d+行无法读取,未恢复任何记录。$"),
        ("a-value-that-is-not-a-number", "工作表“indicatorvalue”第3行无法读取,未恢复任何记录。$"),
        ("a-parent-that-is-not-a-key", "工作表“indicator”无法恢复,未恢复任何记录。$"),
    ],
)
def test_restore_refuses_a_damaged_file_in_chinese_restoring_nothing(tmp_path, content, message):
    factories.whole_zone()
    path = tmp_path / "damaged.xlsx"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        call_command("backup_workbook", str(path), stdout=StringIO())
        book = openpyxl.load_workbook(path)
        if content == "users-groups-not-json":
            book["users"].append(["someone", "", "", "", True, True, False, "不是 JSON"])
        else:
            sheet, name, value = {
                "a-value-that-is-not-a-number": ("indicatorvalue", "value", "很多"),
                "a-parent-that-is-not-a-key": ("indicator", "parent", "5"),
            }[content]
            sheet = book[sheet]
            column = [cell.value for cell in sheet[1]].index(name) + 1
            sheet.cell(row=3, column=column, value=value)
        book.save(path)
    empty_the_database()
    users = User.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("restore_workbook", str(path), stdout=StringIO())
    assert all(not m.objects.exists() for m in zone_data_models())
    assert User.objects.count() == users
