"""The log of spreadsheet imports and the uploads waiting for confirmation."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportOutcome(models.TextChoices):
    IMPORTED = "imported", _("已导入")
    REFUSED = "refused", _("已拒绝")


class ImportRecord(models.Model):
    """One import from a spreadsheet: who, when, which file, and what it did."""

    record_type = models.CharField(_("记录类型"), max_length=100)
    file_name = models.CharField(_("文件名"), max_length=255)
    file_size = models.PositiveIntegerField(_("文件大小(字节)"))
    file_sha256 = models.CharField(_("文件校验值(SHA-256)"), max_length=64)
    layout = models.CharField(_("表格格式"), max_length=100, blank=True)
    outcome = models.CharField(_("结果"), max_length=20, choices=ImportOutcome.choices)
    rows_total = models.PositiveIntegerField(_("数据行数"), default=0)
    rows_created = models.PositiveIntegerField(_("新增"), default=0)
    rows_updated = models.PositiveIntegerField(_("更新"), default=0)
    rows_skipped = models.PositiveIntegerField(_("未变(跳过)"), default=0)
    errors = models.TextField(_("错误"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    job = models.ForeignKey(
        "Job",
        verbose_name=_("后台任务"),
        on_delete=models.SET_NULL,  # old jobs are cleaned up; the log of the import stays
        null=True,
        blank=True,
        related_name="import_records",
    )
    created_at = models.DateTimeField(_("导入时间"), default=timezone.now, db_index=True)

    operational = True  # a log of the system's use, not a record of the zone

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_created__lte=F("rows_total") - F("rows_updated")),
                name="importrecord_counts_add_up",
                violation_error_message=_("新增与更新的行数之和不能超过数据行数。"),
            ),
        ]

    def __str__(self):
        return f"{self.file_name}({self.get_outcome_display()})"


class PendingUpload(models.Model):
    """An uploaded file between its preview and its confirmation.

    Kept in the database, which every app server shares (a temporary folder or a per-process
    cache is local to one server), and deleted once imported or when stale.
    """

    name = models.CharField(_("名称"), max_length=64, unique=True)
    data = models.BinaryField(_("文件内容"))
    # Compressed on the way in: PostgreSQL's own compression of a large value made storing a
    # 5 MB upload take 0.34 s of the request; zlib's fastest level takes 0.13 s, all told.
    compressed = models.BooleanField(_("已压缩"), default=False)
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now, db_index=True)

    operational = True

    class Meta:
        verbose_name = _("待确认的导入文件")
        verbose_name_plural = _("待确认的导入文件")

    def __str__(self):
        return self.name
