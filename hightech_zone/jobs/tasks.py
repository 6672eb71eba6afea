"""What the worker runs: one task, which hands each job to the work of its kind."""

import logging
import time

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _
from django_tasks import task

from ..models import Job, JobKind
from . import lifecycle, liveness, maintenance, progress, spreadsheets, workbooks

logger = logging.getLogger(__name__)

HANDLERS = {
    JobKind.IMPORT_PREVIEW: spreadsheets.preview,
    JobKind.IMPORT_CONFIRM: spreadsheets.confirm,
    JobKind.WORKBOOK_PREVIEW: workbooks.preview,
    JobKind.WORKBOOK_CONFIRM: workbooks.confirm,
    JobKind.WORKBOOK_EXPORT: workbooks.export,
    JobKind.BACKUP: maintenance.backup,
    JobKind.RESTORE: maintenance.restore,
    JobKind.SEARCH_INDEX: maintenance.rebuild_search_index,
}


@task()
def run(job_id):
    """Runs the job; returns the status it ended in. Then, between jobs, the worker fails
    the jobs of workers that died and deletes old job records."""
    status = execute(job_id)
    lifecycle.reap()
    lifecycle.prune()
    return status


def execute(job_id):
    """Runs a job in the worker: takes its lock, marks it running, hands it to its kind's
    handler, and fails it with a reason staff can read if the handler does not end it."""
    if connection.vendor == "sqlite":
        # SQLite writes one transaction at a time: a job waits for another's to end, for as
        # long as it may run, instead of failing after the 30 s that pages wait.
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {settings.JOBS_TIME_LIMIT * 1000}")
    with liveness.held(job_id):
        job = lifecycle.claim(job_id)
        if job is None:
            return "cancelled"
        tracker = progress.Progress(
            job.pk, deadline=time.monotonic() + job.time_limit, limit=job.time_limit
        )
        try:
            HANDLERS[job.kind](job=job, progress=tracker)
        except lifecycle.JobLost:
            logger.warning("Job %s was ended elsewhere while it ran; its work was undone", job.pk)
        except progress.JobTimedOut as error:
            lifecycle.fail(job=job, message=str(error))
        except (SystemExit, KeyboardInterrupt):  # the worker stopped at once (a second signal)
            lifecycle.fail(job=job, message=lifecycle.STOPPED)
            raise
        except Exception:
            logger.exception("Job %s failed", job.pk)
            lifecycle.fail(
                job=job, message=_("任务出错,没有写入任何记录。错误已记入服务器日志,请联系管理员。")
            )
        finally:
            progress.forget(job.pk)
    return Job.objects.filter(pk=job_id).values_list("status", flat=True).first()
