"""Background jobs in one process: limits, cancelling, who sees what, the reaper, cleanup."""

import contextlib
import datetime
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from hightech_zone.importing.pending import DatabaseStorage
from hightech_zone.jobs import lifecycle, liveness, services, tasks
from hightech_zone.jobs.spreadsheets import params
from hightech_zone.models import (
    ImportOutcome,
    ImportRecord,
    IndicatorValue,
    Job,
    JobKind,
    JobStatus,
    PendingUpload,
)
from tests import factories

pytestmark = pytest.mark.django_db

VALUES = "/admin/hightech_zone/indicatorvalue/"
MAINTENANCE_URL = "/admin/maintenance/"


def value_params():
    from hightech_zone.importing.formats import Spreadsheet
    from hightech_zone.importing.resources import IndicatorValueResource

    return params(resource_class=IndicatorValueResource, format_class=Spreadsheet)


def queued(user, text=None, **fields):
    """A queued preview of a CSV, as an upload leaves it."""
    storage = DatabaseStorage()
    storage.save((text or "指标,年度,数值\r\nt_gdp,2091,1\r\n").encode())
    return services.start(
        user=user,
        kind=JobKind.IMPORT_PREVIEW,
        record_type="指标数值",
        file_name="数值.csv",
        pending=storage.name,
        params=value_params(),
        **fields,
    )


@contextlib.contextmanager
def worker_holding(job):
    """A worker alive and running ``job``: a thread with its own connection holds its lock."""
    taken, release = threading.Event(), threading.Event()

    def worker():
        with liveness.held(job.pk):
            taken.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert taken.wait(10)
        yield
    finally:
        release.set()
        thread.join()


def running(job, *, started=None):
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=started or timezone.now()
    )
    job.refresh_from_db()
    return job


@pytest.fixture
def gdp(db):
    return factories.indicator(code="t_gdp")


# --- Starting: the per-user limit ---------------------------------------------------------


def test_a_user_at_the_limit_is_refused_another_job_in_chinese(editor, settings):
    settings.JOBS_PER_USER = 2
    queued(editor)
    queued(editor)
    with pytest.raises(services.JobRefused, match="已有 2 项后台任务在排队或运行"):
        queued(editor)
    assert Job.objects.count() == 2


def test_ended_jobs_and_other_users_jobs_do_not_count_against_the_limit(
    editor, publisher, settings
):
    settings.JOBS_PER_USER = 1
    first = queued(editor)
    queued(publisher)
    Job.objects.filter(pk=first.pk).update(status=JobStatus.DONE)
    assert queued(editor).status == JobStatus.QUEUED


def test_an_upload_over_the_limit_is_refused_on_the_import_page_and_its_file_removed(
    client, editor, gdp, settings
):
    settings.JOBS_INLINE_MAX_BYTES = 0
    settings.JOBS_PER_USER = 1
    queued(editor)
    client.force_login(editor)
    upload = SimpleUploadedFile("数值.csv", "指标,年度,数值\r\nt_gdp,2091,1\r\n".encode())
    response = client.post(f"{VALUES}import/", {"import_file": upload, "format": "0"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{VALUES}import/"
    assert "已有 1 项后台任务在排队或运行" in response.content.decode()
    assert Job.objects.count() == 1
    assert PendingUpload.objects.count() == 1  # the first job's, not the refused one's


def test_a_small_file_is_still_previewed_within_the_request(client, editor, gdp):
    client.force_login(editor)
    upload = SimpleUploadedFile("数值.csv", "指标,年度,数值\r\nt_gdp,2091,1\r\n".encode())
    response = client.post(f"{VALUES}import/", {"import_file": upload, "format": "0"})
    assert response.status_code == 200
    assert "确认导入" in response.content.decode()
    assert not Job.objects.exists()


def test_a_large_upload_answers_with_the_job_page_and_enqueues_one_task(
    client, editor, gdp, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.JOBS_INLINE_MAX_BYTES = 10
    client.force_login(editor)
    upload = SimpleUploadedFile("数值.csv", "指标,年度,数值\r\nt_gdp,2091,1\r\n".encode())
    response = client.post(f"{VALUES}import/", {"import_file": upload, "format": "0"})
    job = Job.objects.get()
    assert response["Location"] == f"/admin/hightech_zone/job/{job.pk}/change/"
    assert (job.kind, job.status, job.user, job.file_name) == (
        JobKind.IMPORT_PREVIEW,
        JobStatus.QUEUED,
        editor,
        "数值.csv",
    )
    assert str(DBTaskResult.objects.get().id) == job.task_id
    assert PendingUpload.objects.get().name == job.pending
    page = client.get(response["Location"]).content.decode()
    assert "排队中" in page and "取消这项任务" in page


# --- What the worker does with a job, called here in-process --------------------------------


def test_a_preview_then_its_confirmation_import_the_file_and_log_it_against_the_job(
    client, editor, gdp
):
    preview = queued(editor)
    assert tasks.run.call(preview.pk) == JobStatus.DONE
    preview.refresh_from_db()
    assert preview.result["totals"] == {"new": 1, "update": 0, "skip": 0}
    assert preview.result["preview"][0][:3] == [
        2,
        "new",
        str(IndicatorValue(indicator=gdp, year=2091)),
    ]
    assert not IndicatorValue.objects.exists()
    client.force_login(editor)
    response = client.post(f"/admin/hightech_zone/job/{preview.pk}/confirm/")
    written = Job.objects.get(preview=preview)
    assert response["Location"] == f"/admin/hightech_zone/job/{written.pk}/change/"
    assert tasks.run.call(written.pk) == JobStatus.DONE
    assert IndicatorValue.objects.get().value == 1
    assert ImportRecord.objects.get().job == written
    assert not PendingUpload.objects.exists()
    page = client.get(f"/admin/hightech_zone/job/{preview.pk}/change/").content.decode()
    assert "确认导入" not in page  # confirmed once; the page links to the write instead
    assert f"/admin/hightech_zone/job/{written.pk}/change/" in page


def test_a_job_whose_user_lost_the_right_to_import_fails_and_writes_nothing(editor, gdp):
    job = queued(editor)
    editor.groups.clear()
    assert tasks.run.call(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert "已无导入这类记录的权限" in job.message
    assert not PendingUpload.objects.exists()


def test_a_job_whose_file_is_gone_fails_saying_so(editor, gdp):
    job = queued(editor)
    PendingUpload.objects.all().delete()
    assert tasks.run.call(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.message == "待确认的文件已导入或已过期,请重新上传。"


def test_a_cancelled_job_is_not_run_when_the_worker_reaches_it(editor, gdp):
    job = queued(editor)
    assert services.cancel(job=job, user=editor)
    assert tasks.run.call(job.pk) == JobStatus.CANCELLED
    assert not IndicatorValue.objects.exists()


# --- Cancelling -------------------------------------------------------------------------------


def test_staff_cancel_their_queued_job_and_its_upload_is_removed(client, editor):
    job = queued(editor)
    client.force_login(editor)
    response = client.post(f"/admin/hightech_zone/job/{job.pk}/cancel/", follow=True)
    assert "任务已取消" in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert job.message == "已由 editor 取消。"
    assert not PendingUpload.objects.exists()


def test_a_running_job_or_anothers_job_is_not_cancelled(client, editor, publisher):
    theirs = queued(publisher)
    mine = running(queued(editor))
    assert not services.cancel(job=mine, user=editor)
    assert not services.cancel(job=theirs, user=editor)
    client.force_login(editor)
    assert client.post(f"/admin/hightech_zone/job/{theirs.pk}/cancel/").status_code == 404
    assert Job.objects.get(pk=theirs.pk).status == JobStatus.QUEUED
    assert Job.objects.get(pk=mine.pk).status == JobStatus.RUNNING


@pytest.mark.django_db(transaction=True)
def test_the_list_action_cancels_only_the_queued_jobs_it_may(client, editor):
    waiting, started = queued(editor), running(queued(editor))
    client.force_login(editor)
    with worker_holding(started):
        response = client.post(
            "/admin/hightech_zone/job/",
            {"action": "cancel_selected", "_selected_action": [waiting.pk, started.pk]},
            follow=True,
        )
    page = response.content.decode()
    assert "已取消 1 项任务" in page and "1 项任务已开始或已结束" in page
    assert Job.objects.get(pk=waiting.pk).status == JobStatus.CANCELLED
    assert Job.objects.get(pk=started.pk).status == JobStatus.RUNNING


def test_confirm_and_cancel_take_only_posts(client, editor):
    job = queued(editor)
    client.force_login(editor)
    for action in ("confirm", "cancel"):
        assert client.get(f"/admin/hightech_zone/job/{job.pk}/{action}/").status_code == 405


def test_a_preview_that_did_not_succeed_cannot_be_confirmed(client, editor):
    job = queued(editor)
    client.force_login(editor)
    response = client.post(f"/admin/hightech_zone/job/{job.pk}/confirm/", follow=True)
    assert "没有可确认的预览" in response.content.decode()
    assert Job.objects.count() == 1


# --- Who sees which jobs ----------------------------------------------------------------------


def test_each_staff_member_sees_only_their_own_jobs_and_a_superuser_sees_all(
    client, editor, publisher, viewer
):
    mine, theirs = queued(editor, text="指标,年度,数值\r\nmine,2091,1\r\n"), queued(publisher)
    admin = factories.superuser()
    for user, visible in (
        (editor, {mine}),
        (publisher, {theirs}),
        (viewer, set()),
        (admin, {mine, theirs}),
    ):
        client.force_login(user)
        response = client.get("/admin/hightech_zone/job/")
        assert response.status_code == 200
        assert set(response.context["cl"].result_list) == visible, user
        for job in (mine, theirs):
            status = 200 if job in visible else 404
            assert client.get(f"/admin/hightech_zone/job/{job.pk}/change/").status_code == status
            assert client.get(f"/admin/hightech_zone/job/{job.pk}/progress/").status_code == status


def test_the_jobs_page_is_in_the_admin_index_and_in_chinese(client, editor):
    queued(editor)
    client.force_login(editor)
    index = client.get("/admin/").content.decode()
    assert "后台任务" in index
    page = client.get("/admin/hightech_zone/job/").content.decode()
    for text in ("提交时间", "提交人", "任务类型", "状态", "用时", "导入预览", "排队中"):
        assert text in page


def test_junk_job_addresses_answer_404(client, editor):
    client.force_login(editor)
    for address in ("abc/change/", "999999/change/", "999999/progress/", "0/change/"):
        assert client.get(f"/admin/hightech_zone/job/{address}").status_code == 404
    assert client.get("/admin/hightech_zone/job/add/").status_code == 403


def test_the_progress_answer_is_small_uncached_and_takes_few_queries(
    client, editor, django_assert_max_num_queries
):
    job = queued(editor)
    client.force_login(editor)
    with django_assert_max_num_queries(5):
        response = client.get(f"/admin/hightech_zone/job/{job.pk}/progress/")
    assert "no-store" in response["Cache-Control"]
    assert response.json() == {
        "status": "queued",
        "status_display": "排队中",
        "progress": {"stage": "queued", "total": 0, "read": 0, "validated": 0, "written": 0},
        "message": "",
    }


# --- The reaper: a worker that died, a job far past its time ----------------------------------


def test_a_running_job_whose_worker_is_gone_is_failed_with_its_reason(editor):
    job = running(queued(editor))
    assert not liveness.is_alive(job.pk)
    assert lifecycle.reap() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "意外中止" in job.message and "没有写入任何记录" in job.message
    assert not PendingUpload.objects.exists()
    record = ImportRecord.objects.get(job=job)
    assert record.outcome == ImportOutcome.REFUSED and "意外中止" in record.errors


@pytest.mark.django_db(transaction=True)
def test_a_running_job_whose_worker_holds_its_lock_is_left_running(editor):
    job = running(queued(editor))
    with worker_holding(job):
        assert liveness.is_alive(job.pk)
        assert lifecycle.reap() == 0
        assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING
    assert not liveness.is_alive(job.pk)


@pytest.mark.django_db(transaction=True)
def test_a_live_job_far_past_its_time_limit_is_failed(editor):
    two_hours_ago = timezone.now() - datetime.timedelta(hours=2)
    job = queued(editor)
    Job.objects.filter(pk=job.pk).update(created_at=two_hours_ago)
    job = running(job, started=two_hours_ago)
    with worker_holding(job):
        assert lifecycle.reap() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert f"超过时限({job.time_limit} 秒)" in job.message


# --- Cleaning up ------------------------------------------------------------------------------


def test_old_finished_jobs_are_deleted_and_their_import_log_kept(editor, settings):
    settings.JOBS_KEEP_DAYS = 30
    settings.JOBS_PER_USER = 3
    old, recent, waiting = queued(editor), queued(editor), queued(editor)
    long_ago = timezone.now() - datetime.timedelta(days=31)
    Job.objects.filter(pk__in=[old.pk, recent.pk]).update(status=JobStatus.DONE)
    Job.objects.filter(pk__in=[old.pk, waiting.pk]).update(created_at=long_ago)
    record = ImportRecord.objects.create(
        record_type="指标数值",
        file_name="数值.csv",
        file_size=1,
        file_sha256="",
        outcome="imported",
        job=old,
    )
    assert lifecycle.prune() >= 1
    assert set(Job.objects.all()) == {recent, waiting}  # a queued job is never pruned
    record.refresh_from_db()
    assert record.job is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--interval", "-1"], "--interval 应为不小于 0 的有限数字"),
        (["--interval", "nan"], "--interval 应为不小于 0 的有限数字"),
        (["--max-tasks", "0"], "--max-tasks 应为正整数"),
    ],
)
def test_the_worker_command_refuses_bad_arguments_in_chinese(capsys, args, message):
    with pytest.raises(SystemExit) as exit_:
        call_command("run_jobs", *args)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_the_import_log_links_each_import_to_its_job(client, editor, gdp):
    job = queued(editor)
    assert tasks.run.call(job.pk) == JobStatus.DONE
    written = services.confirm(preview=Job.objects.get(pk=job.pk), user=editor)
    assert tasks.run.call(written.pk) == JobStatus.DONE
    client.force_login(factories.superuser())
    page = client.get("/admin/hightech_zone/importrecord/").content.decode()
    url = f"/admin/hightech_zone/job/{written.pk}/change/"
    assert f'<a href="{url}" title="导入写入">#{written.pk}</a>' in page


def test_reading_counts_each_kept_row_for_a_jobs_progress_and_nothing_outside_it():
    from hightech_zone.importing.reading import counting_rows, read_table, rows_in

    data = "指标,年度\r\na,2091\r\n\r\nb,2092\r\n".encode()
    seen = []
    with counting_rows(lambda: seen.append(1)):
        dataset = read_table(data)
    assert len(seen) == len(dataset) == 2  # the blank line is not a row
    read_table(data)
    assert len(seen) == 2
    assert rows_in(data) == 3  # an estimate before reading: the lines after the header
    assert rows_in(b"PK\x03\x04...") == 0  # a workbook's rows are known only as read


# --- What an adversary tried --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_racing_uploads_never_pass_the_users_limit(editor, settings):
    settings.JOBS_PER_USER = 1
    barrier = threading.Barrier(4)
    outcomes = []

    def upload():
        barrier.wait()
        try:
            queued(editor)
            outcomes.append("queued")
        except services.JobRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["queued", "refused", "refused", "refused"]
    assert Job.objects.filter(user=editor).count() == 1


def test_a_preview_is_confirmed_once_however_often_it_is_posted(client, editor, gdp):
    preview = queued(editor)
    tasks.run.call(preview.pk)
    client.force_login(editor)
    first = client.post(f"/admin/hightech_zone/job/{preview.pk}/confirm/")
    again = client.post(f"/admin/hightech_zone/job/{preview.pk}/confirm/", follow=True)
    assert first.status_code == 302
    assert "这个预览已经确认过,不能再次导入" in again.content.decode()
    assert Job.objects.filter(preview=preview).count() == 1


def test_a_job_whose_worker_died_before_marking_it_running_is_failed(editor):
    from django_tasks_db.models import DBTaskResult

    job = queued(editor)
    DBTaskResult.objects.filter(id=job.task_id).update(
        status="RUNNING", started_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert lifecycle.reap() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "意外中止" in job.message
    assert not PendingUpload.objects.exists()
    assert queued(editor).status == JobStatus.QUEUED  # it no longer counts against the limit


def test_a_job_just_taken_by_a_live_worker_is_left_queued(editor):
    from django_tasks_db.models import DBTaskResult

    job = queued(editor)
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING", started_at=timezone.now())
    assert lifecycle.reap() == 0
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED


def test_a_worker_stopped_at_once_fails_its_job_and_still_stops(editor, gdp, monkeypatch):
    def stopped(**kwargs):
        raise SystemExit(1)

    job = queued(editor)
    monkeypatch.setitem(tasks.HANDLERS, JobKind.IMPORT_PREVIEW, stopped)
    with pytest.raises(SystemExit):
        tasks.execute(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "被强制停止" in job.message
    assert not PendingUpload.objects.exists()


def test_a_user_who_lost_the_right_no_longer_sees_the_records_of_their_preview(client, editor, gdp):
    preview = queued(editor)
    tasks.run.call(preview.pk)
    client.force_login(editor)
    assert client.get(f"/admin/hightech_zone/job/{preview.pk}/change/").status_code == 200
    editor.groups.clear()
    assert client.get(f"/admin/hightech_zone/job/{preview.pk}/change/").status_code == 404
    assert client.get(f"/admin/hightech_zone/job/{preview.pk}/progress/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "?file_name__regex=(",
        "?task_id__regex=%5C",
        "?params__contains=%7B%7D",
        "?result__contained_by=%7B%7D",
    ],
)
def test_lookups_the_database_refuses_are_bad_filters_not_errors(client, editor, query):
    queued(editor)
    client.force_login(editor)
    response = client.get(f"/admin/hightech_zone/job/{query}")
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")


def test_a_selected_id_too_large_for_the_database_is_refused_with_a_message(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/hightech_zone/job/",
        {"action": "cancel_selected", "_selected_action": ["9" * 23]},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    # SQLite cannot hold the id; PostgreSQL finds no such job.
    assert "所选的记录无效" in page or "所选的任务不存在,没有取消任何任务" in page


def test_the_worker_command_on_a_database_not_migrated_says_so_in_chinese(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings as django_settings

    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "DJANGO_SECRET_KEY": "x"}
    done = subprocess.run(
        [sys.executable, "manage.py", "run_jobs"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "无法使用数据库(未启动,或尚未迁移" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_cancelling_anothers_job_from_the_list_cancels_nothing_and_says_so(
    client, editor, publisher
):
    theirs = queued(publisher)
    client.force_login(editor)
    response = client.post(
        "/admin/hightech_zone/job/",
        {"action": "cancel_selected", "_selected_action": [theirs.pk]},
        follow=True,
    )
    assert "所选的任务不存在,没有取消任何任务" in response.content.decode()
    assert Job.objects.get(pk=theirs.pk).status == JobStatus.QUEUED


@pytest.mark.parametrize("role", ["viewer", "editor", "publisher"])
def test_a_queued_import_of_a_published_figure_obeys_each_role_in_the_database_and_on_the_portal(
    client, request, role, settings
):
    from decimal import Decimal

    settings.JOBS_INLINE_MAX_BYTES = 0
    indicator = factories.indicator(code="t_gdp", name="测试生产总值")
    factories.value(indicator=indicator, year=2090, value=Decimal("72.6"))
    user = request.getfixturevalue(role)
    client.force_login(user)
    upload = SimpleUploadedFile("数值.csv", "指标,年度,数值\r\nt_gdp,2090,81.2\r\n".encode())
    response = client.post(f"{VALUES}import/", {"import_file": upload, "format": "0"})
    if role == "viewer":
        assert response.status_code == 403
        assert not Job.objects.exists() and not PendingUpload.objects.exists()
    else:
        preview = Job.objects.get()
        tasks.run.call(preview.pk)
        preview.refresh_from_db()
        if role == "editor":
            assert preview.status == JobStatus.FAILED
            assert "已公开,只有审核发布人员可以通过导入修改" in "".join(preview.result["errors"])
        else:
            assert preview.status == JobStatus.DONE
            client.post(f"/admin/hightech_zone/job/{preview.pk}/confirm/")
            assert tasks.run.call(Job.objects.get(preview=preview).pk) == JobStatus.DONE
    expected = Decimal("81.2") if role == "publisher" else Decimal("72.6")
    assert IndicatorValue.objects.get().value == expected
    client.logout()
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert f"{expected}" in page
    assert ("81.2" in page) == (role == "publisher")


@pytest.mark.parametrize(
    "action", ["\x00backup", "backup" * 10_000, "search_index\x00", "", "回复"]
)
def test_junk_upkeep_actions_are_refused_in_chinese_and_start_nothing(admin_client, action):
    response = admin_client.post(MAINTENANCE_URL, {"action": action})
    assert response.status_code == 400
    assert "未知的操作" in response.content.decode()
    assert not Job.objects.exists()


def test_a_nul_in_a_job_address_is_a_bad_request_and_in_a_post_is_ignored(client, editor):
    job = queued(editor)
    client.force_login(editor)
    assert client.get(f"/admin/hightech_zone/job/{job.pk}/change/%00").status_code == 400
    response = client.post(f"/admin/hightech_zone/job/{job.pk}/cancel/", {"x": "\x00"})
    assert response.status_code == 302
    assert Job.objects.get(pk=job.pk).status == JobStatus.CANCELLED


# --- Kept files ---------------------------------------------------------------------------


def test_kept_files_are_stored_compressed_and_read_back_whole(db):
    data = ("指标,年度,数值\r\n" + "t_gdp,2091,1\r\n" * 5000).encode("gbk")
    storage = DatabaseStorage()
    storage.save(data)
    stored = PendingUpload.objects.get(name=storage.name)
    assert stored.compressed and len(stored.data) < len(data) / 5
    assert DatabaseStorage(name=storage.name).read() == data


def test_an_upload_kept_before_compression_still_reads(db):
    PendingUpload.objects.create(name="a" * 32, data=b"raw,bytes")
    assert DatabaseStorage(name="a" * 32).read() == b"raw,bytes"
