"""The zone itself: its profile and the designations it has been granted."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..locale_formats import format_year_month
from .base import (
    Publishable,
    PublishableQuerySet,
    Versioned,
    ZoneDataQuerySet,
    month_validators,
    non_negative,
    non_negative_constraint,
    publish_permission,
    year_range_constraint,
    year_validators,
)


class ZoneLevel(models.TextChoices):
    NATIONAL = "national", _("国家级高新区")
    PROVINCIAL = "provincial", _("省级高新区")


class ZoneProfile(Versioned):
    singleton = models.BooleanField(_("唯一记录标记"), default=True, editable=False)
    name = models.CharField(_("园区全称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    level = models.CharField(
        _("园区级别"), max_length=20, choices=ZoneLevel.choices, default=ZoneLevel.NATIONAL
    )
    management_body = models.CharField(
        _("管理机构"),
        max_length=100,
        blank=True,
        help_text=_("如 某某高新技术产业开发区管理委员会。"),
    )
    founded_year = models.PositiveSmallIntegerField(
        _("组建年份"), null=True, blank=True, validators=year_validators
    )
    founded_month = models.PositiveSmallIntegerField(
        _("组建月份"),
        null=True,
        blank=True,
        validators=month_validators,
    )
    origin = models.TextField(_("组建由来"), blank=True)
    administrative_status = models.CharField(_("机构性质"), max_length=100, blank=True)
    area_km2 = models.DecimalField(
        _("辖区面积(平方公里)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=non_negative,
    )
    population_wan = models.DecimalField(
        _("人口(万人)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=non_negative,
    )
    location = models.TextField(_("区位"), blank=True)
    transport = models.TextField(_("交通"), blank=True)
    overview = models.TextField(_("综合介绍"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    website = models.URLField(_("网站"), blank=True)
    site_sponsor = models.CharField(
        _("网站主办单位"), max_length=100, blank=True, help_text=_("留空时使用管理机构。")
    )
    site_code = models.CharField(
        _("网站标识码"),
        max_length=20,
        blank=True,
        help_text=_("政府网站标识码,10位,由上级主管部门分配。"),
    )
    icp_number = models.CharField(
        _("ICP备案号"), max_length=50, blank=True, help_text=_("格式:省份简称ICP备12345678号。")
    )
    police_record_number = models.CharField(
        _("公安机关备案号"),
        max_length=50,
        blank=True,
        help_text=_("格式:省份简称公网安备 12345678901234号。"),
    )

    objects = ZoneDataQuerySet.as_manager()
    history = HistoricalRecords()
    natural_key_fields = ("name",)
    # What open data's readers are told where the help text speaks to the editor.
    public_help = {"site_sponsor": _("网站的主办单位;为空时即管理机构。")}

    class Meta:
        verbose_name = _("园区概况")
        verbose_name_plural = _("园区概况")
        constraints = [
            # One zone per installation: a constant column that must be unique allows one row.
            models.CheckConstraint(
                condition=Q(singleton=True),
                name="zoneprofile_singleton_true",
                violation_error_message=_("园区概况只能有一条记录,请修改已有记录。"),
            ),
            models.UniqueConstraint(
                fields=["singleton"],
                name="zoneprofile_single_row",
                violation_error_message=_("园区概况只能有一条记录,请修改已有记录。"),
            ),
            year_range_constraint("founded_year", "zoneprofile_founded_year_range"),
            models.CheckConstraint(
                condition=Q(founded_month__isnull=True)
                | Q(founded_month__gte=1, founded_month__lte=12),
                name="zoneprofile_founded_month_range",
                violation_error_message=_("月份必须在1至12之间。"),
            ),
            non_negative_constraint("area_km2", "zoneprofile_area_non_negative", _("辖区面积")),
            non_negative_constraint(
                "population_wan", "zoneprofile_population_non_negative", _("人口")
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def founded_display(self):
        return format_year_month(self.founded_year, self.founded_month)

    @property
    def has_description(self):
        """Whether there is anything to say about the zone beyond its name."""
        facts = (self.founded_year, self.area_km2, self.population_wan)
        texts = (self.overview, self.administrative_status, self.location, self.transport)
        return any(fact is not None for fact in facts) or any(texts)

    @property
    def sponsor_display(self):
        """The site's 主办单位: as set, else the management body (blank when neither is)."""
        return self.site_sponsor or self.management_body


class Designation(Publishable):
    name = models.CharField(_("称号名称"), max_length=200, unique=True)
    granting_body = models.CharField(_("批准/认定机构"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        _("获得年份"), null=True, blank=True, validators=year_validators
    )
    month = models.PositiveSmallIntegerField(
        _("获得月份"), null=True, blank=True, validators=month_validators
    )
    description = models.TextField(_("说明"), blank=True)
    display_order = models.PositiveIntegerField(_("显示顺序"), default=0)

    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords()
    natural_key_fields = ("name",)
    searched_fields = ("name", "granting_body", "description")
    # Staff's own (the order of the home page's list): never open data (hightech_zone.open_data).
    staff_only_fields = ("display_order",)

    class Meta:
        verbose_name = _("称号与荣誉")
        verbose_name_plural = _("称号与荣誉")
        permissions = publish_permission("designation", _("称号与荣誉"))
        ordering = ["display_order", "year", "name"]
        constraints = [
            year_range_constraint("year", "designation_year_range"),
            models.CheckConstraint(
                condition=Q(month__isnull=True)
                | Q(month__gte=1, month__lte=12, year__isnull=False),
                name="designation_month_needs_year",
                violation_error_message=_("月份必须在1至12之间,且填写月份时必须填写年份。"),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def granted_display(self):
        return format_year_month(self.year, self.month)


# --- Indicators and their yearly values ---------------------------------------------------
