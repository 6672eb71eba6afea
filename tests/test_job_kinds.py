"""The workbook, the backup, the restore and the search index as jobs, each as staff see it.

The worker's task is called in this process (``tasks.run.call``); tests/test_job_worker.py
runs the same task in a real worker process.
"""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from hightech_zone.models import (
    ImportOutcome,
    ImportRecord,
    Indicator,
    Job,
    JobKind,
    JobStatus,
    PendingUpload,
    SearchEntry,
    zone_data_models,
)
from hightech_zone.search_index import rebuild
from tests import factories
from tests.test_backup import empty_the_database, snapshot
from tests.test_workbook_types import WORKBOOK, contents

pytestmark = pytest.mark.django_db

MAINTENANCE = "/admin/maintenance/"


def job_of(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    pk = int(re.fullmatch(r"/admin/hightech_zone/job/(\d+)/change/", response["Location"])[1])
    return Job.objects.get(pk=pk)


def run(job):
    from hightech_zone.jobs import tasks

    status = tasks.run.call(job.pk)
    job.refresh_from_db()
    assert status == job.status
    return job


def download(client, job):
    response = client.get(f"/admin/hightech_zone/job/{job.pk}/download/")
    assert response.status_code == 200, response.content.decode()[:500]
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response)


# --- The workbook ---------------------------------------------------------------------------


def test_a_large_zones_workbook_is_made_by_a_job_and_downloaded_from_its_page(
    admin_client, settings
):
    zone = factories.whole_zone()
    settings.JOBS_INLINE_EXPORT_ROWS = 0
    page = admin_client.get(WORKBOOK).content.decode()
    assert "生成工作簿" in page and "?download=1" not in page
    job = run(job_of(admin_client.post(WORKBOOK, {"action": "export"})))
    assert (job.kind, job.status) == (JobKind.WORKBOOK_EXPORT, JobStatus.DONE)
    page = admin_client.get(f"/admin/hightech_zone/job/{job.pk}/change/").content.decode()
    assert "下载 园区数据工作簿-" in page
    book = load_workbook(io.BytesIO(download(admin_client, job)), read_only=True)
    assert {str(m._meta.verbose_name_plural) for m in zone_data_models()} <= set(book.sheetnames)
    assert zone.gdp.code in {row[0] for row in book["指标"].iter_rows(values_only=True)}


def test_a_large_workbook_is_previewed_and_imported_by_jobs_whole(admin_client, settings):
    factories.whole_zone()
    before = contents()
    data = admin_client.get(WORKBOOK, {"download": "1"}).content
    empty_the_database()
    settings.JOBS_INLINE_MAX_BYTES = 0
    preview = run(
        job_of(admin_client.post(WORKBOOK, {"workbook": SimpleUploadedFile("全部.xlsx", data)}))
    )
    assert (preview.kind, preview.status) == (JobKind.WORKBOOK_PREVIEW, JobStatus.DONE)
    assert not Indicator.objects.exists()
    page = admin_client.get(f"/admin/hightech_zone/job/{preview.pk}/change/").content.decode()
    assert "各工作表:确认后将写入" in page and "确认导入" in page
    written = run(job_of(admin_client.post(f"/admin/hightech_zone/job/{preview.pk}/confirm/")))
    assert (written.kind, written.status) == (JobKind.WORKBOOK_CONFIRM, JobStatus.DONE)
    assert written.message.startswith("工作簿导入完成:新增 ")
    assert contents() == before
    assert ImportRecord.objects.filter(job=written, outcome=ImportOutcome.IMPORTED).count() == len(
        before
    )
    assert not PendingUpload.objects.exists()


def test_a_workbook_with_a_bad_row_fails_its_job_and_writes_nothing(admin_client, settings):
    factories.indicator(code="t_gdp")
    settings.JOBS_INLINE_MAX_BYTES = 0
    book = io.BytesIO()
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "指标数值"
    sheet.append(["指标", "年度", "数值"])
    sheet.append(["t_gdp", 2091, 1])
    sheet.append(["t_gdp", 2092, "很多"])
    workbook.save(book)
    job = run(
        job_of(
            admin_client.post(
                WORKBOOK, {"workbook": SimpleUploadedFile("坏.xlsx", book.getvalue())}
            )
        )
    )
    assert job.status == JobStatus.FAILED
    assert job.message == "工作簿中有 1 处问题,没有写入任何记录。"
    page = admin_client.get(f"/admin/hightech_zone/job/{job.pk}/change/").content.decode()
    assert "工作表“指标数值”第3行,“数值”" in page
    assert ImportRecord.objects.get(job=job).outcome == ImportOutcome.REFUSED
    assert not PendingUpload.objects.exists()


def test_a_small_workbook_is_still_previewed_within_the_request(admin_client):
    factories.whole_zone()
    data = admin_client.get(WORKBOOK, {"download": "1"}).content
    response = admin_client.post(WORKBOOK, {"workbook": SimpleUploadedFile("全部.xlsx", data)})
    assert response.status_code == 200 and "确认导入" in response.content.decode()
    assert not Job.objects.exists()


def test_the_workbook_export_job_holds_only_the_types_its_user_may_see(client, settings):
    from django.contrib.auth.models import Permission

    factories.whole_zone()
    settings.JOBS_INLINE_EXPORT_ROWS = 0
    user = User.objects.create_user("partial", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_indicator"))
    client.force_login(user)
    job = run(job_of(client.post(WORKBOOK, {"action": "export"})))
    book = load_workbook(io.BytesIO(download(client, job)), read_only=True)
    assert book.sheetnames == ["指标"]


# --- A superuser's upkeep ---------------------------------------------------------------------


def test_a_backup_made_by_a_job_restores_by_a_job_into_an_empty_database(admin_client, admin_user):
    factories.whole_zone()
    before = snapshot()
    backup = run(job_of(admin_client.post(MAINTENANCE, {"action": "backup"})))
    assert (backup.kind, backup.status) == (JobKind.BACKUP, JobStatus.DONE)
    data = download(admin_client, backup)
    empty_the_database()
    page = admin_client.get(MAINTENANCE).content.decode()
    assert "只能恢复到空数据库" not in page
    upload = SimpleUploadedFile("备份.xlsx", data)
    restore = run(job_of(admin_client.post(MAINTENANCE, {"action": "restore", "backup": upload})))
    assert (restore.kind, restore.status) == (JobKind.RESTORE, JobStatus.DONE), restore.message
    assert restore.message.startswith("已恢复 ")
    assert snapshot() == before
    assert not PendingUpload.objects.filter(name=restore.pending).exists()


def test_a_restore_into_a_database_with_data_fails_its_job_and_changes_nothing(admin_client):
    factories.whole_zone()
    backup = run(job_of(admin_client.post(MAINTENANCE, {"action": "backup"})))
    data = download(admin_client, backup)
    before = snapshot()
    assert "只能恢复到空数据库" in admin_client.get(MAINTENANCE).content.decode()
    upload = SimpleUploadedFile("备份.xlsx", data)
    restore = run(job_of(admin_client.post(MAINTENANCE, {"action": "restore", "backup": upload})))
    assert restore.status == JobStatus.FAILED
    assert restore.message == "数据库中已有园区数据,只能恢复到空数据库。"
    assert snapshot() == before
    assert not PendingUpload.objects.filter(name=restore.pending).exists()


def test_a_damaged_backup_fails_its_job_in_chinese_restoring_nothing(admin_client):
    upload = SimpleUploadedFile("备份.xlsx", b"PK\x03\x04 not really a workbook")
    restore = run(job_of(admin_client.post(MAINTENANCE, {"action": "restore", "backup": upload})))
    assert restore.status == JobStatus.FAILED
    assert restore.message == "这不是有效的 XLSX 工作簿。"
    assert not any(m.objects.exists() for m in zone_data_models())


def test_the_search_index_is_rebuilt_by_a_job(admin_client):
    factories.whole_zone()
    expected = rebuild()
    SearchEntry.objects.all().delete()
    job = run(job_of(admin_client.post(MAINTENANCE, {"action": "search_index"})))
    assert (job.kind, job.status) == (JobKind.SEARCH_INDEX, JobStatus.DONE)
    assert job.message.startswith(f"搜索索引已重建,共 {sum(expected.values())} 条")
    assert SearchEntry.objects.count() == sum(expected.values())


def test_upkeep_is_for_superusers_only(client, editor, publisher, viewer):
    for user in (editor, publisher, viewer):
        client.force_login(user)
        assert client.get(MAINTENANCE).status_code == 403
        assert client.post(MAINTENANCE, {"action": "backup"}).status_code == 403
        assert "备份、恢复与搜索索引" not in client.get("/admin/").content.decode()
    assert not Job.objects.exists()


def test_a_backup_job_whose_user_is_no_longer_a_superuser_does_nothing(admin_client, admin_user):
    job = job_of(admin_client.post(MAINTENANCE, {"action": "backup"}))
    User.objects.filter(pk=admin_user.pk).update(is_superuser=False)
    job = run(job)
    assert job.status == JobStatus.FAILED
    assert "只有超级管理员" in job.message
    assert "download" not in job.result


def test_an_unknown_upkeep_action_or_a_missing_file_is_refused_in_chinese(admin_client):
    response = admin_client.post(MAINTENANCE, {"action": "drop"})
    assert response.status_code == 400 and "未知的操作" in response.content.decode()
    response = admin_client.post(MAINTENANCE, {"action": "restore"}, follow=True)
    assert "请选择要恢复的备份工作簿" in response.content.decode()
    assert not Job.objects.exists()


def test_another_users_download_is_not_found(client, admin_client, editor):
    factories.whole_zone()
    job = run(job_of(admin_client.post(MAINTENANCE, {"action": "backup"})))
    client.force_login(editor)
    assert client.get(f"/admin/hightech_zone/job/{job.pk}/download/").status_code == 404


def test_an_expired_download_says_so_on_the_job_page(admin_client):
    job = run(job_of(admin_client.post(MAINTENANCE, {"action": "backup"})))
    PendingUpload.objects.all().delete()
    response = admin_client.get(f"/admin/hightech_zone/job/{job.pk}/download/", follow=True)
    assert "文件已过期(保留一天)" in response.content.decode()


def test_a_superuser_demoted_after_a_backup_can_no_longer_open_or_download_it(
    admin_client, admin_user
):
    factories.whole_zone()
    job = run(job_of(admin_client.post(MAINTENANCE, {"action": "backup"})))
    User.objects.filter(pk=admin_user.pk).update(is_superuser=False, is_staff=True)
    assert admin_client.get(f"/admin/hightech_zone/job/{job.pk}/download/").status_code == 404
    assert admin_client.get(f"/admin/hightech_zone/job/{job.pk}/change/").status_code == 404


def test_an_export_downloads_only_while_its_user_may_still_see_every_sheet(client, settings):
    from django.contrib.auth.models import Permission

    factories.whole_zone()
    settings.JOBS_INLINE_EXPORT_ROWS = 0
    user = User.objects.create_user("partial", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_indicator", "view_indicatorvalue"])
    )
    client.force_login(user)
    job = run(job_of(client.post(WORKBOOK, {"action": "export"})))
    download(client, job)
    user.user_permissions.set(Permission.objects.filter(codename="view_indicator"))
    user = User.objects.get(pk=user.pk)  # permissions are cached on the instance
    assert client.get(f"/admin/hightech_zone/job/{job.pk}/download/").status_code == 404
    page = client.get(f"/admin/hightech_zone/job/{job.pk}/change/").content.decode()
    assert "下载 园区数据工作簿" not in page


def test_a_backup_that_unzips_to_far_more_than_its_size_is_refused_before_reading(
    admin_client,
):
    import zipfile

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 200_000_000 + b"</a>")
    upload = SimpleUploadedFile("备份.xlsx", bomb.getvalue())
    restore = run(job_of(admin_client.post(MAINTENANCE, {"action": "restore", "backup": upload})))
    assert restore.status == JobStatus.FAILED
    assert restore.message == "工作簿解压后异常巨大(可能是恶意文件),已拒绝。"
