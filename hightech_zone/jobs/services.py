"""What staff do with jobs: start one (within their limit), confirm a preview, cancel."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..importing.pending import DatabaseStorage
from ..models import CONFIRMED_BY, Job, JobStatus
from . import lifecycle
from .tasks import run


class JobRefused(Exception):
    """A job that may not start (the user's limit); the message is for the user."""


def start(*, user, kind, record_type="", file_name="", pending="", params=None, preview=None):
    """Queues a job for ``user``, or raises JobRefused when the user has too many already."""
    lifecycle.reap()
    with transaction.atomic():
        active = Job.objects.active().filter(user=user).count()
        if active >= settings.JOBS_PER_USER:
            raise JobRefused(
                _("您已有 %(n)s 项后台任务在排队或运行,请等它们结束后再提交。") % {"n": active}
            )
        job = Job.objects.create(
            user=user,
            kind=kind,
            record_type=str(record_type)[:100],
            file_name=(file_name or "")[:255],
            pending=pending,
            params=params or {},
            preview=preview,
            time_limit=settings.JOBS_TIME_LIMIT,
        )
        job.task_id = str(run.enqueue(job.pk).id)
        job.save(update_fields=["task_id"])
    return job


def confirm(*, preview, user):
    """Queues the write of the file a finished preview checked."""
    return start(
        user=user,
        kind=CONFIRMED_BY[preview.kind],
        record_type=preview.record_type,
        file_name=preview.file_name,
        pending=preview.pending,
        params=preview.params,
        preview=preview,
    )


def may_manage(user, job):
    """The one who started a job, and superusers, may confirm or cancel it."""
    return user.is_superuser or (job.user_id is not None and job.user_id == user.pk)


def cancel(*, job, user):
    """Cancels a queued job; a job already running or ended is left as it is."""
    if not may_manage(user, job):
        return False
    now = timezone.now()
    cancelled = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED,
        started_at=now,
        finished_at=now,
        message=_("已由 %(user)s 取消。") % {"user": user.get_username()},
    )
    if cancelled:
        DatabaseStorage(name=job.pending).remove()
    return bool(cancelled)
