"""Innovation platforms: incubators, parks, research centres and their levels."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import (
    Publishable,
    PublishableQuerySet,
    non_negative,
    non_negative_constraint,
    publish_permission,
    year_range_constraint,
    year_validators,
)


class PlatformKind(models.TextChoices):
    INCUBATOR = "incubator", _("创业服务中心/孵化器")
    MAKERSPACE = "makerspace", _("众创空间")
    PRODUCTIVITY_CENTER = "productivity_center", _("生产力促进中心")
    TESTING_CENTER = "testing_center", _("检验检测中心及实验室")
    ALLIANCE = "alliance", _("产业技术创新战略联盟")
    ENGINEERING_CENTER = "engineering_center", _("工程技术研究中心")
    KEY_LAB = "key_lab", _("重点实验室")
    ENTERPRISE_TECH_CENTER = "enterprise_tech_center", _("企业技术中心")
    UNIVERSITY_PARK = "university_park", _("大学科技园")
    SCI_TECH_FINANCE = "sci_tech_finance", _("科技金融服务中心")
    OTHER = "other", _("其他")


class PlatformLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    DISTRICT = "district", _("区级")


class InnovationPlatform(Publishable):
    name = models.CharField(_("平台名称"), max_length=200, unique=True)
    kind = models.CharField(_("平台类型"), max_length=30, choices=PlatformKind.choices)
    level = models.CharField(
        _("级别"),
        max_length=20,
        choices=PlatformLevel.choices,
        blank=True,
        help_text=_("未经认定级别的留空。"),
    )
    host_organisation = models.CharField(_("依托单位"), max_length=200, blank=True)
    year_recognised = models.PositiveSmallIntegerField(
        _("认定/建成年份"), null=True, blank=True, validators=year_validators
    )
    total_investment = models.DecimalField(
        _("总投资(亿元)"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        validators=non_negative,
    )
    floor_area = models.DecimalField(
        _("建筑面积(万平方米)"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        validators=non_negative,
    )
    signed_projects = models.PositiveIntegerField(_("签约入驻项目数(个)"), null=True, blank=True)
    operating_state = models.CharField(
        _("运营状态"), max_length=100, blank=True, help_text=_("如 已投入使用、已完成建设。")
    )
    description = models.TextField(_("简介"), blank=True)

    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords()
    natural_key_fields = ("name",)
    searched_fields = ("name", "host_organisation", "description")

    class Meta:
        verbose_name = _("创新平台")
        verbose_name_plural = _("创新平台")
        permissions = publish_permission("innovationplatform", _("创新平台"))
        ordering = ["kind", "name"]
        indexes = [
            models.Index(fields=["status", "kind", "name"], name="platform_list"),
            models.Index(fields=["level"], name="platform_level"),
        ]
        constraints = [
            year_range_constraint("year_recognised", "platform_year_range"),
            non_negative_constraint(
                "total_investment", "platform_investment_non_negative", _("总投资")
            ),
            non_negative_constraint("floor_area", "platform_area_non_negative", _("建筑面积")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:platform_detail", args=[self.pk])


# --- Investment projects ------------------------------------------------------------------
