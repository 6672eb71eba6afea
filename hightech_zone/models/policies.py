"""Policy documents and their attachments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import (
    Publishable,
    PublishableQuerySet,
    publish_permission,
    year_range_constraint,
    year_validators,
)

ATTACHMENT_SIGNATURES = {
    "pdf": [b"%PDF-"],
    "ofd": [b"PK\x03\x04"],
    "docx": [b"PK\x03\x04"],
    "xlsx": [b"PK\x03\x04"],
    "wps": [b"\xd0\xcf\x11\xe0"],
    "doc": [b"\xd0\xcf\x11\xe0"],
    "xls": [b"\xd0\xcf\x11\xe0"],
}


def validate_attachment(upload):
    """An attachment must be small enough and really be the kind of file its name says."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("附件不能超过 %(mb)s MB。") % {"mb": limit // (1024 * 1024)}, code="too_large"
        )
    extension = upload.name.rsplit(".", 1)[-1].lower()
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    signatures = ATTACHMENT_SIGNATURES.get(extension)
    if signatures is not None and not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(
            _("附件内容与扩展名“.%(ext)s”不符,请上传真实的文件。") % {"ext": extension},
            code="mismatch",
        )
    if extension == "txt":
        try:
            upload.read().decode("utf-8")
        except UnicodeDecodeError:
            try:
                upload.seek(0)
                upload.read().decode("gb18030")
            except UnicodeDecodeError as error:
                raise ValidationError(_("文本附件不是有效的文字文件。"), code="binary") from error
        finally:
            upload.seek(0)


class PolicyKind(models.TextChoices):
    MEASURES = "measures", _("管理办法")
    RULES = "rules", _("实施细则")
    PREFERENTIAL = "preferential", _("优惠政策")
    NOTICE = "notice", _("通知")
    PLAN = "plan", _("方案")
    MASTER_PLAN = "master_plan", _("规划")
    RESEARCH = "research", _("课题研究")
    OTHER = "other", _("其他")


class PolicyCategory(models.TextChoices):
    SCI_TECH = "sci_tech", _("科技创新")
    SCI_TECH_FINANCE = "sci_tech_finance", _("科技金融")
    TALENT = "talent", _("人才")
    REFORM = "reform", _("体制机制改革")
    URBAN_INDUSTRY = "urban_industry", _("产城融合与规划")
    INDUSTRY = "industry", _("产业发展")
    ORGANISATION = "organisation", _("机构设置")
    OTHER = "other", _("其他")


class PolicyValidity(models.TextChoices):
    DRAFTING = "drafting", _("编制中")
    FOR_COMMENT = "for_comment", _("征求意见稿")
    EFFECTIVE = "effective", _("现行有效")
    AMENDED = "amended", _("已修订")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("已失效")
    NOT_APPLICABLE = "not_applicable", _("不适用")


# Plans still being drawn up and research studies are kept with the documents, but they are not
# policies: lists of policies leave them out unless a reader asks for that kind.
NOT_POLICY_KINDS = (PolicyKind.MASTER_PLAN, PolicyKind.RESEARCH)


class PolicyDocumentQuerySet(PublishableQuerySet):
    def policies(self):
        return self.exclude(kind__in=NOT_POLICY_KINDS)


class PolicyDocument(Publishable):
    title = models.CharField(_("标题"), max_length=300)
    index_number = models.CharField(_("索引号"), max_length=100, blank=True)
    doc_number = models.CharField(_("发文字号"), max_length=100, blank=True)
    issuing_body = models.CharField(_("发文机关"), max_length=200, blank=True)
    kind = models.CharField(_("文种"), max_length=20, choices=PolicyKind.choices)
    category = models.CharField(
        _("主题分类"), max_length=30, choices=PolicyCategory.choices, db_index=True
    )
    validity = models.CharField(
        _("有效性"),
        max_length=20,
        choices=PolicyValidity.choices,
        default=PolicyValidity.EFFECTIVE,
        db_index=True,
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=year_validators, help_text=_("成文或发布的年度。")
    )
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    expires_on = models.DateField(_("废止/失效日期"), null=True, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    body = models.TextField(_("正文"), blank=True)
    attachment = models.FileField(
        _("附件"),
        upload_to="policies/%Y/",
        blank=True,
        validators=[
            FileExtensionValidator(["pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "txt"]),
            validate_attachment,
        ],
    )

    objects = PolicyDocumentQuerySet.as_manager()
    history = HistoricalRecords()
    natural_key_fields = ("title", "issuing_body")
    searched_fields = ("title", "doc_number", "issuing_body", "summary", "body")

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        permissions = publish_permission("policydocument", _("政策文件"))
        ordering = ["-year", "title"]
        indexes = [
            models.Index(fields=["status", "-year", "title"], name="policy_list"),
            models.Index(fields=["issuing_body"], name="policy_issuing_body"),
            models.Index(fields=["status", "updated_at"], name="policy_changed"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "issuing_body"],
                name="policy_unique_title_body",
                violation_error_message=_("同一发文机关已有同名文件。"),
            ),
            year_range_constraint("year", "policy_year_range"),
            models.CheckConstraint(
                condition=Q(written_on__isnull=True)
                | Q(published_on__isnull=True)
                | Q(published_on__gte=F("written_on")),
                name="policy_published_after_written",
                violation_error_message=_("发布日期不能早于成文日期。"),
            ),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True)
                | Q(expires_on__isnull=True)
                | Q(expires_on__gte=F("effective_on")),
                name="policy_expires_after_effective",
                violation_error_message=_("废止/失效日期不能早于施行日期。"),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:policy_detail", args=[self.pk])


# --- The yearly work report ---------------------------------------------------------------
