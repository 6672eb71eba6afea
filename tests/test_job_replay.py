"""A confirmed import writes the rows its preview checked, unless anything changed meanwhile."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hightech_zone.cache import KEY
from hightech_zone.importing.pending import DatabaseStorage
from hightech_zone.importing.zone_resource import ZoneResource
from hightech_zone.jobs import services, tasks
from hightech_zone.models import ImportRecord, IndicatorValue, Job, JobStatus, PendingUpload
from tests import factories
from tests.conftest import user_in_role
from tests.test_jobs import queued

pytestmark = pytest.mark.django_db

FILE = (
    "指标,年度,数值,数值修饰,同比增长(%),备注\r\n"
    "t_replay,2091,12.5,约,3.25,改过的\r\n"  # updates the draft value below
    "t_replay,2092,7,,,新的\r\n"  # new
    "t_replay,2093,1,,,\r\n"  # as it is: skipped
)


@pytest.fixture
def values(db):
    indicator = factories.indicator(code="t_replay", status="draft")
    return {
        year: factories.value(
            indicator=indicator, year=year, value=value, status="draft", note=note
        )
        for year, value, note in [(2091, 10, "原来的"), (2093, 1, "")]
    }


def previewed(user):
    preview = queued(user, FILE)
    assert tasks.run.call(preview.pk) == JobStatus.DONE
    preview.refresh_from_db()
    return preview


def confirmed(preview, user):
    written = services.confirm(preview=preview, user=user)
    status = tasks.run.call(written.pk)
    written.refresh_from_db()
    return status, written


@pytest.fixture
def passes(monkeypatch):
    """How many times the confirmation went through every row of the file."""
    counted = []
    full_pass = ZoneResource.import_data

    def counting(self, *args, **kwargs):
        counted.append(kwargs.get("dry_run", False))
        return full_pass(self, *args, **kwargs)

    monkeypatch.setattr(ZoneResource, "import_data", counting)
    return counted


def test_a_confirmation_writes_the_rows_its_preview_kept_without_a_second_pass(
    editor, values, passes
):
    preview = previewed(editor)
    assert passes == [True]  # the preview's pass
    before = values[2091].version, values[2091].updated_at
    status, written = confirmed(preview, editor)
    assert (status, passes) == (JobStatus.DONE, [True])
    updated = IndicatorValue.objects.get(pk=values[2091].pk)
    assert (updated.value, updated.qualifier, updated.growth_pct, updated.note) == (
        Decimal("12.5"),
        "约",
        Decimal("3.25"),
        "改过的",
    )
    assert updated.version == before[0] + 1 and updated.updated_at > before[1]
    new = IndicatorValue.objects.get(indicator__code="t_replay", year=2092)
    assert (new.value, new.note, new.status, new.version) == (Decimal(7), "新的", "draft", 1)
    assert timezone.now() - new.created_at < datetime.timedelta(minutes=1)
    for record, kind in [(updated, "~"), (new, "+")]:
        latest = record.history.first()
        assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
            kind,
            editor,
            "导入:数值.csv",
        )
        assert latest.value == record.value
    log = ImportRecord.objects.get()
    assert (log.job, log.rows_created, log.rows_updated, log.rows_skipped) == (written, 1, 1, 1)
    assert (written.rows_total, written.rows_written) == (3, 2)
    assert written.message == "导入完成:新增 1 条,更新 1 条,未变 1 条。"
    assert not PendingUpload.objects.exists()  # the file and the kept rows


def test_the_kept_rows_are_json_not_pickle(editor, values):
    preview = previewed(editor)
    text = DatabaseStorage(name=preview.result["kept"]["rows"]).read().decode()
    assert text.startswith('{"model": "hightech_zone.indicatorvalue"') and "改过的" in text


def test_a_write_anywhere_after_the_preview_means_every_row_is_checked_again(
    editor, publisher, values, passes
):
    preview = previewed(editor)
    # Meanwhile a publisher publishes the value the file changes: an editor may no longer.
    values[2091].status = "published"
    values[2091].save()
    status, written = confirmed(preview, editor)
    assert (status, passes) == (JobStatus.FAILED, [True, False])
    assert "已公开,只有审核发布人员可以通过导入修改" in "".join(written.result["errors"])
    assert IndicatorValue.objects.get(pk=values[2091].pk).value == 10
    assert not IndicatorValue.objects.filter(year=2092).exists()
    assert not PendingUpload.objects.exists()  # the file and the kept rows, as it failed


def test_a_cancelled_confirmation_removes_the_rows_its_preview_kept(client, editor, values):
    preview = previewed(editor)
    written = services.confirm(preview=preview, user=editor)
    assert services.cancel(job=written, user=editor)
    assert not PendingUpload.objects.exists()


def test_a_change_to_the_importers_rights_means_every_row_is_checked_again(values, passes):
    values[2091].status = "published"
    values[2091].save()
    user = user_in_role("审核发布", "moved")
    preview = previewed(user)
    user.groups.set([Group.objects.get(name="编辑")])  # still imports, may no longer change it
    user = type(user).objects.get(pk=user.pk)
    status, written = confirmed(preview, user)
    assert (status, passes) == (JobStatus.FAILED, [True, False])
    assert "已公开,只有审核发布人员可以通过导入修改" in "".join(written.result["errors"])
    assert IndicatorValue.objects.get(pk=values[2091].pk).value == 10


def test_rows_the_database_refuses_on_replay_are_imported_by_the_full_pass(editor, values, passes):
    preview = previewed(editor)
    # A row the data version did not hear of: the kept rows would create it a second time.
    IndicatorValue.objects.create(indicator=values[2091].indicator, year=2092, value=3)
    cache.set(KEY, preview.result["kept"]["version"], timeout=None)
    status, written = confirmed(preview, editor)
    assert (status, passes) == (JobStatus.DONE, [True, False])
    assert IndicatorValue.objects.get(year=2092).note == "新的"  # updated by the full pass
    assert written.message == "导入完成:新增 0 条,更新 2 条,未变 1 条。"


def test_the_replay_writes_in_batches_not_row_by_row(editor, db):
    indicator = factories.indicator(code="t_replay_many", status="draft")
    text = "指标,年度,数值\r\n" + "".join(f"t_replay_many,{1950 + i},{i}\r\n" for i in range(150))
    preview = queued(editor, text)
    assert tasks.run.call(preview.pk) == JobStatus.DONE
    preview.refresh_from_db()
    written = services.confirm(preview=preview, user=editor)
    with CaptureQueriesContext(connection) as queries:
        assert tasks.run.call(written.pk) == JobStatus.DONE
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 150
    inserts = [q for q in queries if "INSERT INTO" in q["sql"] and "indicatorvalue" in q["sql"]]
    # A few statements for 150 rows and their history (SQLite caps the parameters of one).
    assert 2 <= len(inserts) <= 15, [q["sql"][:80] for q in inserts]


def test_a_preview_never_confirmed_leaves_its_kept_rows_to_expire_with_its_upload(editor, values):
    preview = previewed(editor)
    assert PendingUpload.objects.filter(name=preview.result["kept"]["rows"]).exists()
    PendingUpload.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    queued(editor)  # the next upload deletes what is older than a day
    assert not PendingUpload.objects.filter(
        name__in=[preview.pending, preview.result["kept"]["rows"]]
    ).exists()
    assert Job.objects.filter(pk=preview.pk, status=JobStatus.DONE).exists()
