"""The zone itself: its profile and the designations it has been granted."""

from django.core.validators import RegexValidator
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

# The abbreviations a province's records are numbered under (京ICP备…, 京公网安备 …).
PROVINCES = "京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川蜀贵黔云滇藏陕秦甘陇青宁新港澳台"

# Each identity's format, as the bodies that issue them write it. ASCII digits only: Python's
# \d takes full-width digits as well, PostgreSQL's does not.
SITE_CODE_FORMAT = "[0-9]{10}"
ICP_FORMAT = f"[{PROVINCES}]ICP备[0-9]{{4,12}}号(-[0-9]{{1,3}})?"
POLICE_FORMAT = f"[{PROVINCES}]公网安备 ?[0-9]{{14}}号"
CONAC_FORMAT = r"https?://bszs\.conac\.cn/[^ ]*"

SITE_CODE_ERROR = _("网站标识码应为10位数字,由上级主管部门分配。")
ICP_ERROR = _("ICP备案号格式应为:省份简称ICP备12345678号,可带“-1”这样的序号。")
POLICE_ERROR = _("公安机关备案号格式应为:省份简称公网安备 12345678901234号(14位数字)。")
CONAC_ERROR = _("党政机关网站标识链接应为 https://bszs.conac.cn/ 开头的地址。")


def whole(pattern):
    # \A…\Z, not ^…$: $ lets a trailing newline pass in Python (SQLite's REGEXP); both
    # Python and PostgreSQL read \A and \Z as the very start and end.
    return rf"\A(?:{pattern})\Z"


def identity_validator(pattern, message):
    return RegexValidator(whole(pattern), message)


def identity_constraint(field, pattern, message):
    """The format as a database rule: blank, or the whole value matches."""
    return models.CheckConstraint(
        condition=Q(**{field: ""}) | Q(**{f"{field}__regex": whole(pattern)}),
        name=f"zoneprofile_{field}_format",
        violation_error_message=message,
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
        validators=[identity_validator(SITE_CODE_FORMAT, SITE_CODE_ERROR)],
    )
    icp_number = models.CharField(
        _("ICP备案号"),
        max_length=50,
        blank=True,
        help_text=_("格式:省份简称ICP备12345678号。"),
        validators=[identity_validator(ICP_FORMAT, ICP_ERROR)],
    )
    police_record_number = models.CharField(
        _("公安机关备案号"),
        max_length=50,
        blank=True,
        help_text=_("格式:省份简称公网安备 12345678901234号。"),
        validators=[identity_validator(POLICE_FORMAT, POLICE_ERROR)],
    )
    contact_email = models.EmailField(
        _("联系邮箱"), blank=True, help_text=_("网站页脚的联系方式,与联系电话一同显示。")
    )
    conac_url = models.URLField(
        _("党政机关网站标识链接"),
        max_length=300,
        blank=True,
        help_text=_(
            "开普云“党政机关”标识的核验地址,从标识核验页的地址栏复制;页脚显示为文字链接“党政机关”。"
        ),
        validators=[identity_validator(CONAC_FORMAT, CONAC_ERROR)],
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
            identity_constraint("site_code", SITE_CODE_FORMAT, SITE_CODE_ERROR),
            identity_constraint("icp_number", ICP_FORMAT, ICP_ERROR),
            identity_constraint("police_record_number", POLICE_FORMAT, POLICE_ERROR),
            identity_constraint("conac_url", CONAC_FORMAT, CONAC_ERROR),
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

    @property
    def police_record_code(self):
        """The 14 digits of the 公安 record number: the MPS record site looks them up."""
        return "".join(c for c in self.police_record_number if c.isascii() and c.isdigit())


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
