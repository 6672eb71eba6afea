"""The yearly work report and its sections, which cite the records above."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import (
    Publishable,
    PublishableQuerySet,
    Versioned,
    ZoneDataQuerySet,
    publish_permission,
    year_range_constraint,
    year_validators,
)
from .indicators import Indicator
from .platforms import InnovationPlatform
from .policies import PolicyDocument
from .projects import Project


class WorkReport(Publishable):
    year = models.PositiveSmallIntegerField(_("报告年度"), unique=True, validators=year_validators)
    title = models.CharField(_("标题"), max_length=200)
    issuing_body = models.CharField(_("发布单位"), max_length=200)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    closing = models.TextField(_("结束语"), blank=True)

    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords()
    natural_key_fields = ("year",)
    searched_fields = ("title", "closing", "sections__heading", "sections__body")

    class Meta:
        verbose_name = _("年度工作报告")
        verbose_name_plural = _("年度工作报告")
        permissions = publish_permission("workreport", _("年度工作报告"))
        ordering = ["-year"]
        constraints = [year_range_constraint("year", "workreport_year_range")]

    def __str__(self):
        return _("%(year)s年 %(title)s") % {"year": self.year, "title": self.title}

    def get_absolute_url(self):
        return reverse("portal:report_detail", args=[self.year])


class ReportSection(Versioned):
    report = models.ForeignKey(
        WorkReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField(_("顺序"))
    heading = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), help_text=_("每段一行。"))
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("相关指标"), blank=True, related_name="report_sections"
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("相关项目"), blank=True, related_name="report_sections"
    )
    policies = models.ManyToManyField(
        PolicyDocument, verbose_name=_("相关政策文件"), blank=True, related_name="report_sections"
    )
    platforms = models.ManyToManyField(
        InnovationPlatform,
        verbose_name=_("相关创新平台"),
        blank=True,
        related_name="report_sections",
    )

    objects = ZoneDataQuerySet.as_manager()

    natural_key_fields = ("report", "order")
    history = HistoricalRecords(m2m_fields=[indicators, projects, policies, platforms])
    published_with = "report"  # public while its report is (see rules.py)

    class Meta:
        verbose_name = _("报告章节")
        verbose_name_plural = _("报告章节")
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "order"],
                name="reportsection_unique_order",
                violation_error_message=_("同一报告中章节顺序不能重复。"),
            ),
        ]

    def __str__(self):
        return self.heading

    @property
    def paragraphs(self):
        return [line.strip() for line in self.body.splitlines() if line.strip()]


# --- Revisions an editor proposes to public records -------------------------------------
