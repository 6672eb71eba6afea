"""How a job ends: claimed by a worker, completed with its work, or failed with a reason;
the reaper for jobs whose worker died, and the cleanup of old ones."""

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..importing.services import log_import
from ..models import ACTIVE, IMPORT_KINDS, Job, JobStatus
from . import files, liveness, progress

logger = logging.getLogger(__name__)

# A job alive past its time limit by this much is failed even though its worker still runs:
# the worker checks its deadline between rows, so only one stuck in a single query gets here.
GRACE = datetime.timedelta(seconds=60)
# A worker marks its job running within milliseconds of taking it from the queue.
CLAIM_GRACE = datetime.timedelta(seconds=60)


class JobLost(Exception):
    """The job was ended elsewhere (cancelled, reaped) while it ran: its work must not stay."""


def claim(job_id):
    """Marks a queued job running, for the worker that holds its lock; None if it is not
    queued any more (cancelled)."""
    now = timezone.now()
    if not Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now
    ):
        return None
    return Job.objects.select_related("user").get(pk=job_id)


def complete(*, job, message, result=None, rows_total=0, rows_written=0):
    """Marks the job done, within the transaction of its work: both are kept or neither.
    Raises JobLost when the job was ended elsewhere meanwhile."""
    if not Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.DONE,
        finished_at=timezone.now(),
        message=message,
        result=result or {},
        rows_total=rows_total,
        rows_validated=rows_total,
        rows_written=min(rows_written, rows_total),
    ):
        raise JobLost


def fail(*, job, message, errors=(), data=b""):
    """Marks a queued or running job failed with its reason, removes its upload, and for an
    import keeps the refusal in the import log. False if the job had ended already."""
    with transaction.atomic():
        failed = Job.objects.filter(pk=job.pk, status__in=ACTIVE).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            message=message,
            result={"errors": list(errors)[:1000]} if errors else {},
        )
        if not failed:
            return False
        # A job failed before it started (reaped while queued) is given a start to end from.
        Job.objects.filter(pk=job.pk, started_at__isnull=True).update(started_at=F("finished_at"))
        files.remove_held(job)
        if job.kind in IMPORT_KINDS:
            log_import(
                user=job.user,
                record_type=job.record_type,
                file_name=job.file_name,
                data=data,
                errors=list(errors) or [message],
                job=job,
            )
    progress.forget(job.pk)
    return True


STOPPED = _("处理任务的后台进程被强制停止,任务已中止,没有写入任何记录。请重新提交。")
DIED = _("处理任务的后台进程意外中止(可能被强制结束或服务器重启),没有写入任何记录。请重新提交。")


def reap():
    """Fails the running jobs whose worker died, and those far past their time limit.
    Returns how many it failed. Safe to call from any process at any time."""
    # Reads only, unless a job is found dead: the job pages call this while a job runs, and
    # on SQLite a write would wait for that job's transaction to end.
    now = timezone.now()
    ended = []
    for job in Job.objects.filter(status=JobStatus.RUNNING).select_related("user"):
        if not liveness.is_alive(job.pk):
            ended.append((job, DIED))
        elif now > job.started_at + datetime.timedelta(seconds=job.time_limit) + GRACE:
            ended.append((job, str(progress.JobTimedOut(job.time_limit))))
    ended += [(job, DIED) for job in _taken_but_never_started(now)]
    failed = 0
    for job, reason in ended:
        try:
            failed += fail(job=job, message=reason)  # its own savepoint
        except DatabaseError:
            # SQLite's lock is held by another job's write: the next call tries again.
            logger.warning("Could not mark job %s failed now", job.pk, exc_info=True)
    return failed


def _taken_but_never_started(now):
    """Queued jobs whose queue row a worker took a while ago, and whose lock nobody holds: the
    worker died between taking the task and marking the job running, and no worker will take
    the task again."""
    from django_tasks_db.models import DBTaskResult

    taken = DBTaskResult.objects.filter(
        status="RUNNING", started_at__lt=now - CLAIM_GRACE
    ).values_list("id", flat=True)
    queued = Job.objects.filter(status=JobStatus.QUEUED).select_related("user")
    return [
        job
        for job in queued.filter(task_id__in=[str(pk) for pk in taken])
        if not liveness.is_alive(job.pk)
    ]


def prune():
    """Deletes finished jobs older than JOBS_KEEP_DAYS, and the queue's rows for them; the
    import log keeps its records, without the link."""
    from django_tasks_db.models import DBTaskResult

    before = timezone.now() - datetime.timedelta(days=settings.JOBS_KEEP_DAYS)
    old = Job.objects.exclude(status__in=ACTIVE).filter(created_at__lt=before)
    DBTaskResult.objects.filter(
        id__in=list(old.exclude(task_id="").values_list("task_id", flat=True))
    ).delete()
    # Old queue rows whatever their state (a killed worker leaves its row RUNNING for ever),
    # but never those of a job still queued or running.
    active = Job.objects.active().exclude(task_id="").values_list("task_id", flat=True)
    DBTaskResult.objects.filter(enqueued_at__lt=before).exclude(id__in=list(active)).delete()
    deleted, _by_model = old.delete()
    return deleted
