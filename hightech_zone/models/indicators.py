"""Indicators: what the zone measures, with their codes, names, units and catalogue groups."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..numbers import format_number
from .base import (
    Publishable,
    PublishableQuerySet,
    publish_permission,
)
from .platform_kinds import PlatformKind, PlatformLevel


class IndicatorCategory(models.TextChoices):
    OVERVIEW = "overview", _("综合情况")
    ECONOMY = "economy", _("经济运行")
    INDUSTRY = "industry", _("产业发展")
    INVESTMENT = "investment", _("招商与项目")
    REFORM = "reform", _("改革与营商环境")
    INNOVATION = "innovation", _("创新创业")


class CatalogueGroup(models.TextChoices):
    """The five groups of 科技部火炬中心's 国家高新区综合评价指标体系 (2021)."""

    INNOVATION = "innovation", _("创新能力和创业活跃度")
    STRUCTURE = "structure", _("结构优化和产业价值链")
    GREEN = "green", _("绿色发展和宜居包容性")
    OPENNESS = "openness", _("开放创新和国际竞争力")
    QUALITY = "quality", _("综合质效和持续创新力")


class IndicatorKind(models.TextChoices):
    VALUE = "value", _("数值")
    RATIO = "ratio", _("构成比(由组成指标合成)")


class Indicator(Publishable):
    code = models.SlugField(
        _("指标代码"),
        max_length=64,
        unique=True,
        help_text=_("稳定的英文代码,用于网址和数据交换,如 gdp。"),
    )
    name = models.CharField(_("指标名称"), max_length=200)
    name_en = models.CharField(
        _("英文名称"),
        max_length=200,
        blank=True,
        help_text=_("英文网站和开放数据接口给出的英文指标名称;可留空,留空时英文网站显示中文名称。"),
    )
    unit = models.CharField(
        _("计量单位"),
        max_length=20,
        blank=True,
        help_text=_("如 亿元、万元、亿美元、家、个、件、项、%、平方公里、万平方米。"),
    )
    category = models.CharField(
        _("指标分类"), max_length=20, choices=IndicatorCategory.choices, db_index=True
    )
    kind = models.CharField(
        _("指标类型"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.VALUE
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属构成比指标"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="components",
        help_text=_("构成比的组成部分(如三次产业比中的第一产业)填写其所属指标。"),
    )
    definition = models.TextField(_("指标解释"), blank=True)
    aliases = models.CharField(
        _("其他名称"),
        max_length=300,
        blank=True,
        help_text=_("报表中可能使用的其他名称,用顿号分隔,如 全社会固定资产投资、固投。"),
    )
    catalogue_group = models.CharField(
        _("评价体系分组"),
        max_length=20,
        choices=CatalogueGroup.choices,
        blank=True,
        help_text=_("国家高新区综合评价指标体系中的一级分组;园区自设指标可不填。"),
    )
    counts_platform_kind = models.CharField(
        _("统计的平台类型"),
        max_length=30,
        choices=PlatformKind.choices,
        blank=True,
        help_text=_("若本指标是某类创新平台的数量,填写平台类型,一致性检查会与平台名录核对。"),
    )
    counts_platform_level = models.CharField(
        _("统计的平台级别"), max_length=20, choices=PlatformLevel.choices, blank=True
    )
    change_of = models.ForeignKey(
        "self",
        verbose_name=_("变化幅度所对应的指标"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_indicators",
        help_text=_(
            "若本指标是另一指标前后对比的变化幅度(如部门压缩比例对应管委会部门数),"
            "填写那个指标,一致性检查会按其调整前后数值核对。"
        ),
    )
    display_order = models.PositiveIntegerField(_("显示顺序"), default=0)
    is_headline = models.BooleanField(_("首页重点指标"), default=False)

    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords()
    natural_key_fields = ("code",)
    searched_fields = ("name", "code", "definition")
    # Staff's own (display order, what the consistency check compares): never open data.
    # What open data's readers are told where the help text speaks to the editor.
    public_help = {
        "name_en": _("指标的英文名称;尚未译出的为空。"),
        "parent": _("构成比的组成部分(如三次产业比中的第一产业)所属的指标。"),
        "catalogue_group": _("国家高新区综合评价指标体系中的一级分组;园区自设指标为空。"),
    }
    staff_only_fields = (
        "display_order",
        "counts_platform_kind",
        "counts_platform_level",
        "change_of",
    )

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        permissions = publish_permission("indicator", _("指标"))
        ordering = ["category", "display_order", "code"]
        indexes = [
            models.Index(fields=["category", "display_order", "code"], name="indicator_list_order")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="indicator_not_own_parent",
                violation_error_message=_("指标不能是自己的组成部分。"),
            ),
            models.CheckConstraint(
                condition=~Q(change_of=F("pk")),
                name="indicator_not_own_change",
                violation_error_message=_("指标不能是自己的变化幅度。"),
            ),
        ]

    def __str__(self):
        return f"{self.name}({self.unit})" if self.unit else self.name

    def get_absolute_url(self):
        return reverse("portal:indicator_detail", args=[self.code])

    @property
    def display_name(self):
        """The name a reader sees: the English one on the English site, when there is one."""
        return self.name_en if self.name_en and get_language() == "en" else self.name

    def ratio_display(self, year):
        """A composite ratio such as 三次产业比 as the report writes it: 1.6:41.8:56.6."""
        parts = (
            self.values.model.objects.filter(indicator__parent=self, year=year, value__isnull=False)
            .order_by("indicator__display_order", "indicator__code")
            .values_list("value", flat=True)
        )
        return ":".join(format_number(v) for v in parts)

    def clean(self):
        if self.parent_id and self.parent.kind != IndicatorKind.RATIO:
            raise ValidationError({"parent": _("所属指标必须是“构成比”类型。")})
