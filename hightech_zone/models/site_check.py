"""The site check's settings and results: each column's update interval, the last runs."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .indicators import IndicatorCategory
from .platform_kinds import PlatformKind
from .policies import PolicyCategory
from .projects import Industry

MAX_INTERVAL_DAYS = 3650


class Column(models.TextChoices):
    """The portal's public columns (栏目), as the inspection (国办秘函〔2019〕19号) counts them,
    named as the portal's navigation names them (the pages' ColumnName, portal.page_meta)."""

    REPORTS = "reports", _("工作报告")
    INDICATORS = "indicators", _("指标数据")
    PROJECTS = "projects", _("投资项目")
    POLICIES = "policies", _("政策文件")
    PLATFORMS = "platforms", _("创新平台")
    DISCLOSURE = "disclosure", _("政府信息公开年报")


# The inspection's intervals: 政策文件 unchanged for 6 months loses points, yearly items
# (报告, 规划计划, yearly data) a year. Projects move faster than a yearly report, so they are
# watched as 通知公告 are. 动态、要闻 (14 days) has no column here.
DEFAULT_INTERVAL_DAYS = {
    Column.REPORTS: 365,
    Column.INDICATORS: 365,
    Column.PROJECTS: 183,
    Column.POLICIES: 183,
    Column.PLATFORMS: 365,
    # Published by 31 January for the year before (政府信息公开条例 第五十条).
    Column.DISCLOSURE: 365,
}

# The categories (分类) within each column: the choice field the portal's list filters by.
COLUMN_CATEGORIES = {
    Column.REPORTS: None,
    Column.INDICATORS: IndicatorCategory,
    Column.PROJECTS: Industry,
    Column.POLICIES: PolicyCategory,
    Column.PLATFORMS: PlatformKind,
    Column.DISCLOSURE: None,
}


def category_label(column, category):
    choices = COLUMN_CATEGORIES[Column(column)]
    if not category or choices is None:
        return ""
    return dict(choices.choices).get(category, category)


class ColumnSchedule(models.Model):
    column = models.CharField(_("栏目"), max_length=20, choices=Column.choices)
    category = models.CharField(
        _("分类"),
        max_length=40,
        blank=True,
        help_text=_("留空表示整个栏目;填写时为栏目内的分类代码,未单独设置的分类沿用栏目的周期。"),
    )
    interval_days = models.PositiveIntegerField(
        _("更新周期(天)"),
        help_text=_("超过这么多天没有发布或更新内容,即为已超期。"),
    )

    operational = True  # how the site is watched, not a record of the zone

    class Meta:
        verbose_name = _("栏目更新周期")
        verbose_name_plural = _("栏目更新周期")
        ordering = ["column", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["column", "category"],
                name="columnschedule_unique_column_category",
                violation_error_message=_("这个栏目(分类)已设置更新周期。"),
            ),
            models.CheckConstraint(
                condition=Q(interval_days__gt=0, interval_days__lte=MAX_INTERVAL_DAYS),
                name="columnschedule_interval_range",
                violation_error_message=_("更新周期必须在1至%(max)s天之间。")
                % {"max": MAX_INTERVAL_DAYS},
            ),
            models.CheckConstraint(
                condition=Q(column__in=Column.values),
                name="columnschedule_known_column",
                violation_error_message=_("未知的栏目。"),
            ),
        ]

    def __str__(self):
        label = Column(self.column).label
        if self.category:
            label = f"{label} · {category_label(self.column, self.category)}"
        return _("%(column)s:每%(days)s天") % {"column": label, "days": self.interval_days}

    def clean(self):
        super().clean()
        if self.column not in Column.values:
            return
        choices = COLUMN_CATEGORIES[Column(self.column)]
        if self.category and (choices is None or self.category not in choices.values):
            raise ValidationError(
                {
                    "category": _("“%(column)s”栏目没有分类“%(category)s”。")
                    % {"column": Column(self.column).label, "category": self.category}
                }
            )


class SiteCheckRun(models.Model):
    """One run of the site check (manage.py check_site, or the dashboard's button)."""

    ran_at = models.DateTimeField(_("检查时间"), default=timezone.now, db_index=True)
    external = models.BooleanField(_("检查了外部链接"), default=False)
    problem_count = models.PositiveIntegerField(_("问题数"), default=0)
    results = models.JSONField(_("检查结果"), default=dict, blank=True)

    operational = True  # a log of the system's checks, not a record of the zone

    class Meta:
        verbose_name = _("网站检查记录")
        verbose_name_plural = _("网站检查记录")
        ordering = ["-ran_at", "-pk"]

    def __str__(self):
        return _("%(time)s 的网站检查") % {
            "time": f"{timezone.localtime(self.ran_at):%Y-%m-%d %H:%M}"
        }
