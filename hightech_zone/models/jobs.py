"""Background jobs: long work (imports, workbooks, backups) run by a worker, as staff see it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    IMPORT_PREVIEW = "import_preview", _("导入预览")
    IMPORT_CONFIRM = "import_confirm", _("导入写入")
    WORKBOOK_PREVIEW = "workbook_preview", _("工作簿导入预览")
    WORKBOOK_CONFIRM = "workbook_confirm", _("工作簿导入写入")
    WORKBOOK_EXPORT = "workbook_export", _("工作簿导出")
    BACKUP = "backup", _("备份")
    RESTORE = "restore", _("从备份恢复")
    SEARCH_INDEX = "search_index", _("重建搜索索引")


# A preview's kind, and the kind of the job that writes what it checked.
CONFIRMED_BY = {
    JobKind.IMPORT_PREVIEW: JobKind.IMPORT_CONFIRM,
    JobKind.WORKBOOK_PREVIEW: JobKind.WORKBOOK_CONFIRM,
}


# Imports: their progress counts rows, and a refusal of theirs is kept in the import log.
IMPORT_KINDS = (*CONFIRMED_BY, *CONFIRMED_BY.values())
# A superuser's upkeep: only a superuser may start one or see it.
SUPERUSER_KINDS = (JobKind.BACKUP, JobKind.RESTORE, JobKind.SEARCH_INDEX)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
    CANCELLED = "cancelled", _("已取消")


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class JobQuerySet(models.QuerySet):
    def active(self):
        """Queued or running: what counts against a user's limit."""
        return self.filter(status__in=ACTIVE)

    def visible_to(self, user):
        """A superuser sees every job; other staff see the jobs they started."""
        if user.is_superuser:
            return self
        return self.filter(user=user) if user.is_authenticated else self.none()


class Job(models.Model):
    """One piece of background work: who asked for it, how far it got, and how it ended.

    The queue itself is django-tasks' (``task_id``); this is what the product shows and
    enforces: the owner, the per-user limit, the time limit, and a failure with its reason
    when the worker died (``jobs.lifecycle.reap``).
    """

    kind = models.CharField(_("任务类型"), max_length=30, choices=JobKind.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    record_type = models.CharField(_("记录类型"), max_length=100, blank=True)
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)
    pending = models.CharField(_("待确认文件的编号"), max_length=64, blank=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    preview = models.ForeignKey(
        "self",
        verbose_name=_("所确认的预览"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="confirmations",
    )
    task_id = models.CharField(_("队列任务编号"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    time_limit = models.PositiveIntegerField(_("时限(秒)"))
    rows_total = models.PositiveIntegerField(_("数据行数"), default=0)
    rows_validated = models.PositiveIntegerField(_("已检查行数"), default=0)
    rows_written = models.PositiveIntegerField(_("已写入行数"), default=0)
    message = models.TextField(_("结果说明"), blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)

    objects = JobQuerySet.as_manager()

    operational = True  # a log of the system's use, not a record of the zone

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "status"], name="job_user_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values),
                name="job_status_known",
                violation_error_message=_("任务状态无效。"),
            ),
            models.CheckConstraint(
                condition=Q(started_at__isnull=True) | Q(started_at__gte=F("created_at")),
                name="job_starts_after_it_is_created",
                violation_error_message=_("开始时间不能早于提交时间。"),
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True)
                | Q(started_at__isnull=True)
                | Q(finished_at__gte=F("started_at")),
                name="job_finishes_after_it_starts",
                violation_error_message=_("结束时间不能早于开始时间。"),
            ),
            models.CheckConstraint(
                condition=Q(rows_validated__lte=F("rows_total"))
                & Q(rows_written__lte=F("rows_total")),
                name="job_rows_within_total",
                violation_error_message=_("已检查或已写入的行数不能超过数据行数。"),
            ),
        ]

    def __str__(self):
        what = self.get_kind_display()
        if self.record_type:
            what = f"{what}:{self.record_type}"
        return f"{what}({self.file_name})" if self.file_name else what

    @property
    def model(self):
        """The record type a one-type import writes; None for any other job."""
        try:
            return import_string(self.params["resource"])._meta.model
        except (KeyError, TypeError, ImportError, AttributeError):
            return None

    @property
    def counts_rows(self):
        """Whether the job's progress is counted in rows (an import's is; a backup's is not)."""
        return self.kind in IMPORT_KINDS

    @property
    def is_preview(self):
        return self.kind in CONFIRMED_BY

    @property
    def is_active(self):
        return self.status in ACTIVE

    @property
    def duration(self):
        """How long it ran (so far, while running); None before it starts."""
        if self.started_at is None:
            return None
        return (self.finished_at or timezone.now()) - self.started_at
