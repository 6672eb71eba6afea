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
from .platform_kinds import PlatformKind, PlatformLevel


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
    # What open data's readers are told where the help text speaks to the editor.
    public_help = {"level": _("认定级别;未经认定级别的为空。")}

    class Meta:
        verbose_name = _("创新平台")
        verbose_name_plural = _("创新平台")
        permissions = publish_permission("innovationplatform", _("创新平台"))
        ordering = ["kind", "name"]
        indexes = [
            models.Index(fields=["status", "kind", "name"], name="platform_list"),
            models.Index(fields=["level"], name="platform_level"),
            models.Index(fields=["status", "updated_at"], name="platform_changed"),
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
