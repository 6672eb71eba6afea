"""What staff do with jobs: start one (within their limit), confirm a preview, cancel."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..importing.services import exportable_resources, permission
from ..models import CONFIRMED_BY, SUPERUSER_KINDS, Job, JobStatus
from . import files, lifecycle
from .tasks import run


class JobRefused(Exception):
    """A job that may not start (the user's limit); the message is for the user."""


def one_at_a_time(user):
    """Makes the rest of the transaction run for one request of ``user`` at a time, so that
    two racing uploads cannot both pass the count of their jobs. PostgreSQL locks the user's
    row. SQLite locks the whole database for a write: a first write takes that lock now, as a
    transaction that read first could not take it later without failing at once."""
    if connection.vendor == "sqlite":
        Job.objects.filter(pk=-1).update(message="")
    else:
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def start(*, user, kind, record_type="", file_name="", pending="", params=None, preview=None):
    """Queues a job for ``user``, or raises JobRefused when the user has too many already."""
    lifecycle.reap()
    with transaction.atomic():
        one_at_a_time(user)
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
    """Queues the write of the file a finished preview checked, once: a second confirmation
    (a double click, another tab) is refused."""
    with transaction.atomic():
        one_at_a_time(user)
        preview = Job.objects.select_for_update().get(pk=preview.pk)
        if preview.confirmations.exists():
            raise JobRefused(_("这个预览已经确认过,不能再次导入。"))
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


def may_see(user, job):
    """Whether ``user`` may open the job's page: their own job, while they still hold the
    rights it needed (a preview shows records, a backup holds everything); a superuser, any."""
    if user.is_superuser:
        return True
    if job.user_id is None or job.user_id != user.pk or not user.is_active:
        return False
    if job.kind in SUPERUSER_KINDS:
        return False
    model = job.model
    if model is not None:
        return user.has_perm(permission(model, "view")) or user.has_perm(
            permission(model, "change")
        )
    return bool(exportable_resources(user))


def may_download(user, job):
    """A file a job made, for whoever may still see every record type in it."""
    if not may_see(user, job):
        return False
    titles = job.result.get("titles")
    return user.is_superuser or (
        titles is not None and set(titles) <= set(exportable_resources(user))
    )


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
        files.remove_held(job)
    return bool(cancelled)
