"""Revisions an editor proposes to a published record, for a publisher to review."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RevisionState(models.TextChoices):
    PENDING = "pending", _("待审核")
    PUBLISHED = "published", _("已发布")
    REJECTED = "rejected", _("已驳回")
    CANCELLED = "cancelled", _("已撤销")


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=RevisionState.PENDING)

    def of(self, record):
        return self.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )


class Revision(models.Model):
    """A change an editor proposes to a public record. The record, and so every public page,
    stays as it is until a publisher publishes the revision (hightech_zone.revisions)."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("记录类型"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("记录编号"))
    record = GenericForeignKey("content_type", "object_id")
    base_version = models.PositiveIntegerField(
        _("提出时的版本"), help_text=_("修订基于记录的这个版本;记录此后若被修改,修订不能再发布。")
    )
    data = models.JSONField(_("修改后的内容"), encoder=DjangoJSONEncoder)
    note = models.TextField(_("修改说明"), blank=True)
    state = models.CharField(
        _("状态"),
        max_length=20,
        choices=RevisionState.choices,
        default=RevisionState.PENDING,
        db_index=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)

    objects = RevisionQuerySet.as_manager()

    operational = True  # a proposal about a record, not a record of the zone

    class Meta:
        verbose_name = _("修订草稿")
        verbose_name_plural = _("修订草稿")
        ordering = ["-proposed_at"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="revision_record")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=RevisionState.PENDING, reviewed_at__isnull=True)
                | (~Q(state=RevisionState.PENDING) & Q(reviewed_at__isnull=False)),
                name="revision_reviewed_once_decided",
                violation_error_message=_("已审核的修订必须有审核时间,待审核的修订不能有。"),
            ),
            models.CheckConstraint(
                condition=~Q(state=RevisionState.REJECTED) | ~Q(review_note=""),
                name="revision_rejection_has_reason",
                violation_error_message=_("驳回修订时必须填写审核意见。"),
            ),
        ]

    def __str__(self):
        return _("修订草稿 #%(pk)s:%(record)s") % {"pk": self.pk, "record": self.record or "—"}


# --- Spreadsheet imports: the log, and uploads waiting for confirmation ----------------------
