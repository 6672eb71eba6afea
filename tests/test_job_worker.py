"""A large import runs as a job in a real worker process: progress, failure, a killed worker."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hightech_zone.models import (
    ImportOutcome,
    ImportRecord,
    Indicator,
    IndicatorValue,
    Job,
    JobKind,
    JobStatus,
    PendingUpload,
)
from tests import factories
from tests.worker import running_worker, shared_cache, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

VALUES = "/admin/hightech_zone/indicatorvalue/"
YEARS = range(1950, 2100)


def values_csv(indicators, *, bad_row=None):
    """A value for every indicator and year; ``bad_row`` (a data row number) gets a word
    where the figure goes."""
    lines = ["指标,年度,数值"]
    for indicator in indicators:
        for year in YEARS:
            value = "不是数字" if len(lines) == bad_row else f"{year - 1900}.5"
            lines.append(f"{indicator.code},{year},{value}")
    return SimpleUploadedFile("大文件.csv", "\r\n".join(lines).encode("gbk"))


@pytest.fixture
def indicators(transactional_db):
    """Enough for 6,000 rows: six write batches, each long enough that the page's reads
    (every 50 ms) catch the counts between two of them, at any machine's speed."""
    return [factories.indicator(code=f"t_job_{i:02}", name=f"任务指标{i}") for i in range(40)]


@pytest.fixture
def many_indicators(transactional_db):
    """Enough for 30,000 rows: a preview of 6,000 now ends between two of the page's reads
    on a quiet machine (PostgreSQL), so its progress could not be seen moving."""
    return [factories.indicator(code=f"t_job_{i:03}", name=f"任务指标{i}") for i in range(200)]


@pytest.fixture
def jobs_env(tmp_path, settings):
    """Every upload becomes a job, and the test reads the worker's progress."""
    settings.JOBS_INLINE_MAX_BYTES = 0
    folder = tmp_path / "cache"
    with shared_cache(folder):
        yield folder


@pytest.fixture
def importer(client, editor):
    client.force_login(editor)
    return client


def upload(client, file):
    response = client.post(f"{VALUES}import/", {"import_file": file, "format": "0"})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = Job.objects.get()
    assert response["Location"] == f"/admin/hightech_zone/job/{job.pk}/change/"
    return job


def progress_of(client, job):
    response = client.get(f"/admin/hightech_zone/job/{job.pk}/progress/")
    assert response.status_code == 200
    return response.json()


def confirm(client, preview):
    response = client.post(f"/admin/hightech_zone/job/{preview.pk}/confirm/")
    assert response.status_code == 302
    return Job.objects.get(preview=preview)


def ended(client, job, timeout=120):
    return wait_for(
        lambda: progress_of(client, job)["status"] not in ("queued", "running") and job,
        timeout=timeout,
        what=f"job {job.pk} to end",
    )


def test_an_upload_becomes_a_job_whose_progress_advances_until_the_rows_are_written(
    importer, many_indicators, jobs_env
):
    rows = len(many_indicators) * len(YEARS)
    with running_worker(jobs_env):
        preview = upload(importer, values_csv(many_indicators))
        page = importer.get(f"/admin/hightech_zone/job/{preview.pk}/change/").content.decode()
        assert 'id="job-progress"' in page
        assert '<meta http-equiv="refresh"' in page  # without JavaScript, it refreshes
        seen = set()

        def checked():
            state = progress_of(importer, preview)
            if state["status"] == "running":
                seen.add(state["progress"]["validated"])
            return state["status"] not in ("queued", "running")

        wait_for(checked, what="the preview to end")
        preview.refresh_from_db()
        assert preview.status == JobStatus.DONE, preview.message
        # It advanced while we looked: two counts while running, one of them part-way.
        assert len(seen) >= 2 and any(0 < n < rows for n in seen), seen
        assert preview.rows_total == rows
        assert f"确认后将新增 {rows} 条" in preview.message
        assert not IndicatorValue.objects.exists()  # a preview writes nothing
        page = importer.get(f"/admin/hightech_zone/job/{preview.pk}/change/").content.decode()
        assert "确认导入" in page and "t_job_000" in page  # the preview's rows, to confirm

        written = confirm(importer, preview)
        assert written.kind == JobKind.IMPORT_CONFIRM
        ended(importer, written)
    written.refresh_from_db()
    assert written.status == JobStatus.DONE, written.message
    assert written.message == f"导入完成:新增 {rows} 条,更新 0 条,未变 0 条。"
    assert IndicatorValue.objects.count() == rows
    assert not PendingUpload.objects.exists()
    record = ImportRecord.objects.get(job=written)
    assert (record.outcome, record.rows_created, record.file_name) == (
        ImportOutcome.IMPORTED,
        rows,
        "大文件.csv",
    )


def test_a_bad_row_fails_the_job_with_the_row_named_and_nothing_written(
    importer, indicators, jobs_env
):
    with running_worker(jobs_env):
        preview = upload(importer, values_csv(indicators, bad_row=2500))
        ended(importer, preview)
    preview.refresh_from_db()
    assert preview.status == JobStatus.FAILED
    assert "没有写入任何记录" in preview.message
    page = importer.get(f"/admin/hightech_zone/job/{preview.pk}/change/").content.decode()
    assert "第2501行,“数值”" in page
    assert not IndicatorValue.objects.exists()
    assert not PendingUpload.objects.exists()
    assert ImportRecord.objects.get(job=preview).outcome == ImportOutcome.REFUSED


@pytest.mark.parametrize("write", ["full pass", "replay"])
def test_a_worker_killed_mid_write_leaves_nothing_and_the_job_failed_and_a_rerun_succeeds(
    importer, indicators, jobs_env, write
):
    if write == "replay":
        # The kept rows are written far faster than a full pass: more batches, so that the
        # page's reads still catch the write under way.
        indicators += [factories.indicator(code=f"t_job_r{i:02}") for i in range(80)]
    rows = len(indicators) * len(YEARS)
    with running_worker(jobs_env) as worker:
        preview = upload(importer, values_csv(indicators))
        ended(importer, preview)
        if write == "full pass":
            factories.indicator(code="t_job_meanwhile")  # a write: every row is checked again
        written = confirm(importer, preview)
        wait_for(
            lambda: 0 < progress_of(importer, written)["progress"].get("written", 0) < rows,
            what="the write to be under way",
        )
        worker.kill()
    assert not IndicatorValue.objects.exists()
    # The job's page finds its worker gone.
    state = wait_for(
        lambda: (s := progress_of(importer, written))["status"] != "running" and s,
        timeout=10,
        what="the job of the killed worker to be failed",
    )
    assert state["status"] == "failed"
    assert "意外中止" in state["message"]
    assert not PendingUpload.objects.exists()
    assert ImportRecord.objects.get(job=written).outcome == ImportOutcome.REFUSED
    Job.objects.all().delete()

    with running_worker(jobs_env):
        again = upload(importer, values_csv(indicators))
        ended(importer, again)
        ended(importer, confirm(importer, again))
    assert IndicatorValue.objects.count() == rows
    assert Indicator.objects.filter(code__in=[i.code for i in indicators]).count() == len(
        indicators
    )


def test_a_job_past_its_time_limit_is_stopped_and_marked_failed(
    importer, indicators, jobs_env, settings
):
    settings.JOBS_TIME_LIMIT = 1
    # A preview writes nothing: a file large enough that checking it takes well over a second.
    indicators += [factories.indicator(code=f"t_job_t{i:02}") for i in range(80)]
    with running_worker(jobs_env):
        preview = upload(importer, values_csv(indicators))
        ended(importer, preview)
    preview.refresh_from_db()
    assert preview.status == JobStatus.FAILED
    assert "超过时限(1 秒)" in preview.message
    assert not PendingUpload.objects.exists()
