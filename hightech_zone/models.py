from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .cache import bump_data_version
from .locale_formats import format_year_month
from .numbers import format_number, format_quantity

MIN_YEAR = 1949
MAX_YEAR = 2100

year_validators = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
month_validators = [MinValueValidator(1), MaxValueValidator(12)]
non_negative = [MinValueValidator(Decimal("0"))]


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


def year_range_constraint(field, name):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": MIN_YEAR, f"{field}__lte": MAX_YEAR}),
        name=name,
        violation_error_message=_("年份必须在%(min)s年至%(max)s年之间。")
        % {"min": MIN_YEAR, "max": MAX_YEAR},
    )


def non_negative_constraint(field, name, label):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=name,
        violation_error_message=_("%(label)s不能为负数。") % {"label": label},
    )


# --- Shared choices and the publication state --------------------------------------------


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class RecordQuerySet(models.QuerySet):
    """Bulk writes skip save() and its signals; they still make cached pages stale."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        bump_data_version()
        return rows

    def delete(self):
        result = super().delete()
        bump_data_version()
        return result

    def bulk_create(self, *args, **kwargs):
        created = super().bulk_create(*args, **kwargs)
        bump_data_version()
        return created

    def bulk_update(self, *args, **kwargs):
        rows = super().bulk_update(*args, **kwargs)
        bump_data_version()
        return rows


class PublishableQuerySet(RecordQuerySet):
    def published(self):
        """What lists, downloads, search and figures show."""
        return self.filter(status=PublicationStatus.PUBLISHED)

    def public(self):
        """What answers at its own address: published, or withdrawn with its notice."""
        return self.filter(status__in=[PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN])

    def search(self, query):
        """Records whose text fields (the model's ``search_fields``) contain the query.

        A plain substring match: it finds one- and two-character Chinese words, which
        word-splitting full-text search does not.
        """
        condition = Q()
        for field in self.model.search_fields:
            condition |= Q(**{f"{field}__icontains": query})
        found = self.filter(condition)
        return found.distinct() if any("__" in f for f in self.model.search_fields) else found

    def drafts(self):
        return self.filter(status=PublicationStatus.DRAFT)


class Versioned(models.Model):
    """A version number that every save raises, so that a stale edit can be refused."""

    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version = (self.version or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


class Publishable(Versioned):
    """What every record the public may see shares: a publication state and who set it."""

    status = models.CharField(
        _("发布状态"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(
        _("撤回理由"), blank=True, help_text=_("撤回时必须填写,公众页面会显示。")
    )
    # Not auto_now(_add): loaddata saves raw and would skip those, leaving NULLs.
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.status == PublicationStatus.WITHDRAWN and not self.withdrawn_reason.strip():
            raise ValidationError({"withdrawn_reason": _("撤回时必须填写撤回理由。")})

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED

    @property
    def is_withdrawn(self):
        return self.status == PublicationStatus.WITHDRAWN


def publish_permission(model_name, label):
    return [(f"publish_{model_name}", _("可以发布、撤回%(label)s") % {"label": label})]


class NaturalKeyManager(models.Manager.from_queryset(RecordQuerySet)):
    """Looks a record up by the fields named in the model's ``natural_key_fields``."""

    def get_by_natural_key(self, *values):
        return self.get(**dict(zip(self.model.natural_key_fields, values, strict=True)))


# --- Zone profile and its designations ----------------------------------------------------


class ZoneProfile(Versioned):
    singleton = models.BooleanField(_("唯一记录标记"), default=True, editable=False)
    name = models.CharField(_("园区全称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
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

    objects = NaturalKeyManager()
    history = HistoricalRecords()
    natural_key_fields = ("name",)

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

    def natural_key(self):
        return (self.name,)

    @property
    def founded_display(self):
        return format_year_month(self.founded_year, self.founded_month)


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

    objects = NaturalKeyManager.from_queryset(PublishableQuerySet)()
    history = HistoricalRecords()
    natural_key_fields = ("name",)
    search_fields = ("name", "granting_body", "description")

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

    def natural_key(self):
        return (self.name,)

    @property
    def granted_display(self):
        return format_year_month(self.year, self.month)


# --- Indicators and their yearly values ---------------------------------------------------


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


class IndicatorCategory(models.TextChoices):
    OVERVIEW = "overview", _("综合情况")
    ECONOMY = "economy", _("经济运行")
    INDUSTRY = "industry", _("产业发展")
    INVESTMENT = "investment", _("招商与项目")
    REFORM = "reform", _("改革与营商环境")
    INNOVATION = "innovation", _("创新创业")


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

    objects = NaturalKeyManager.from_queryset(PublishableQuerySet)()
    history = HistoricalRecords()
    natural_key_fields = ("code",)
    search_fields = ("name", "code", "definition")

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

    def natural_key(self):
        return (self.code,)

    def ratio_display(self, year):
        """A composite ratio such as 三次产业比 as the report writes it: 1.6:41.8:56.6."""
        parts = (
            IndicatorValue.objects.filter(indicator__parent=self, year=year, value__isnull=False)
            .order_by("indicator__display_order", "indicator__code")
            .values_list("value", flat=True)
        )
        return ":".join(format_number(v) for v in parts)

    def clean(self):
        if self.parent_id and self.parent.kind != IndicatorKind.RATIO:
            raise ValidationError({"parent": _("所属指标必须是“构成比”类型。")})


class Qualifier(models.TextChoices):
    EXACT = "", _("准确值")
    MORE_THAN = "余", _("余(如330余件)")
    MORE = "多", _("多(如20多个)")
    ABOUT = "约", _("约")
    NEARLY = "近", _("近")
    ABOVE = "以上", _("以上")


class RankBasis(models.TextChoices):
    GROWTH = "growth", _("按增幅")
    AMOUNT = "amount", _("按完成额")
    OVERALL = "overall", _("综合评价")


class IndicatorValueQuerySet(PublishableQuerySet):
    def published(self):
        return self.filter(
            status=PublicationStatus.PUBLISHED, indicator__status=PublicationStatus.PUBLISHED
        )

    def latest_year(self):
        return self.aggregate(latest=models.Max("year"))["latest"]


class IndicatorValueManager(models.Manager.from_queryset(IndicatorValueQuerySet)):
    def get_by_natural_key(self, code, year):
        return self.get(indicator__code=code, year=year)


class IndicatorValue(Publishable):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators, db_index=True)
    value = models.DecimalField(
        _("数值"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        validators=non_negative,
        help_text=_("只公布了增长率或排名时可留空。"),
    )
    qualifier = models.CharField(
        _("数值修饰"), max_length=4, choices=Qualifier.choices, blank=True, default=""
    )
    baseline_value = models.DecimalField(
        _("调整前数值"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        validators=non_negative,
        help_text=_("前后对比的“由……”一方,如部门由23个整合为11个中的23。"),
    )
    baseline_qualifier = models.CharField(
        _("调整前数值修饰"), max_length=4, choices=Qualifier.choices, blank=True, default=""
    )
    growth_pct = models.DecimalField(
        _("同比增长(%)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-100"))],
    )
    prior_multiple = models.DecimalField(
        _("为上年同期的倍数"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=non_negative,
    )
    rank = models.PositiveSmallIntegerField(
        _("排名(第几位)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    rank_scope = models.CharField(
        _("排名范围"), max_length=100, blank=True, help_text=_("如 全市、全国147个高新区。")
    )
    rank_basis = models.CharField(
        _("排名依据"), max_length=20, choices=RankBasis.choices, blank=True
    )
    rank_change = models.SmallIntegerField(
        _("排名变化(位)"), null=True, blank=True, help_text=_("正数为提升,负数为下降。")
    )
    note = models.TextField(_("备注"), blank=True)
    source = models.CharField(_("数据来源"), max_length=200, blank=True)
    acknowledged_discrepancy = models.TextField(
        _("已确认的差异说明"),
        blank=True,
        help_text=_(
            "报告原文的数字本身不一致而按原文保留时,写明原因;"
            "一致性检查会把本数值的问题列为“已确认”,不再计为问题。"
        ),
    )

    objects = IndicatorValueManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标数值")
        verbose_name_plural = _("指标数值")
        permissions = publish_permission("indicatorvalue", _("指标数值"))
        ordering = ["indicator__category", "indicator__display_order", "indicator__code", "-year"]
        indexes = [models.Index(fields=["year", "status"], name="indicatorvalue_year_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="indicatorvalue_one_per_year",
                violation_error_message=_("该指标在这一年度已有数值,每个指标每年只能有一个数值。"),
            ),
            year_range_constraint("year", "indicatorvalue_year_range"),
            non_negative_constraint("value", "indicatorvalue_value_non_negative", _("数值")),
            non_negative_constraint(
                "baseline_value", "indicatorvalue_baseline_non_negative", _("调整前数值")
            ),
            non_negative_constraint(
                "prior_multiple", "indicatorvalue_multiple_non_negative", _("倍数")
            ),
            models.CheckConstraint(
                condition=Q(growth_pct__isnull=True) | Q(growth_pct__gte=-100),
                name="indicatorvalue_growth_above_minus_100",
                violation_error_message=_("同比增长率不能低于-100%。"),
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank__gte=1),
                name="indicatorvalue_rank_positive",
                violation_error_message=_("排名必须从第1位起。"),
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True, rank_change__isnull=True) | ~Q(rank_scope=""),
                name="indicatorvalue_rank_needs_scope",
                violation_error_message=_("填写排名或排名变化时,必须填写排名范围(如“全市”)。"),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name} {self.year}"

    def natural_key(self):
        return (*self.indicator.natural_key(), self.year)

    natural_key.dependencies = ["hightech_zone.indicator"]

    def clean(self):
        if (
            self.indicator_id
            and self.indicator.kind == IndicatorKind.VALUE
            and self.value is None
            and self.growth_pct is None
            and self.rank is None
            and self.rank_change is None
            and self.prior_multiple is None
        ):
            raise ValidationError(_("请至少填写数值、同比增长、倍数、排名或排名变化中的一项。"))

    @property
    def display_value(self):
        return format_quantity(self.value, self.qualifier, self.indicator.unit)

    @property
    def growth_is_headline(self):
        """The report gives only the growth (规模以上工业增加值增长21%): a card shows that."""
        return self.value is None and self.growth_pct is not None

    @property
    def display_number(self):
        return format_number(self.value)

    @property
    def display_growth(self):
        return "" if self.growth_pct is None else f"{format_number(self.growth_pct)}%"

    @property
    def display_baseline(self):
        return format_quantity(self.baseline_value, self.baseline_qualifier, self.indicator.unit)

    @property
    def display_rank(self):
        """全市第2位, 全国147个高新区中提升2位 and the like."""
        parts = []
        if self.rank:
            parts.append(_("%(scope)s第%(rank)s位") % {"scope": self.rank_scope, "rank": self.rank})
        if self.rank_change:
            verb = _("提升") if self.rank_change > 0 else _("下降")
            parts.append(
                _("%(scope)s中%(verb)s%(n)s位")
                % {"scope": self.rank_scope, "verb": verb, "n": abs(self.rank_change)}
            )
        return ",".join(str(p) for p in parts)


# --- Innovation platforms -----------------------------------------------------------------


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

    objects = NaturalKeyManager.from_queryset(PublishableQuerySet)()
    history = HistoricalRecords()
    natural_key_fields = ("name",)
    search_fields = ("name", "host_organisation", "description")

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

    def natural_key(self):
        return (self.name,)


# --- Investment projects ------------------------------------------------------------------


class Industry(models.TextChoices):
    BIOMEDICINE = "biomedicine", _("生物医药")
    AUTO_PARTS = "auto_parts", _("汽车零部件")
    ELECTRONICS = "electronics", _("电子信息")
    NEW_MATERIALS = "new_materials", _("新材料")
    NEW_ENERGY = "new_energy", _("新能源")
    EQUIPMENT = "equipment", _("高端装备制造")
    SERVICES = "services", _("服务业")
    OTHER = "other", _("其他")


class ProjectStage(models.TextChoices):
    SIGNED = "signed", _("签约")
    STARTED = "started", _("新开工")
    RESUMED = "resumed", _("复工")
    UNDER_CONSTRUCTION = "under_construction", _("在建")
    STRUCTURE_COMPLETED = "structure_completed", _("主体完工")
    TRIAL_OPERATION = "trial_operation", _("试运营")
    IN_OPERATION = "in_operation", _("投入运营")
    FULL_PRODUCTION = "full_production", _("达产运营")


class ProjectQuerySet(PublishableQuerySet):
    def with_latest_progress(self):
        """Annotate each project with the stage and year of its latest yearly progress."""
        latest = ProjectProgress.objects.filter(project=OuterRef("pk")).order_by("-year")
        return self.annotate(
            latest_year=Subquery(latest.values("year")[:1]),
            latest_stage=Subquery(latest.values("stage")[:1]),
        )

    def with_public_platform(self):
        """Annotate each project with its platform's name, only while that platform is
        published: a public list must not name a draft or withdrawn record."""
        return self.annotate(
            public_platform_name=Case(
                When(platform__status=PublicationStatus.PUBLISHED, then=F("platform__name")),
                default=Value(""),
            )
        )


class ProjectManager(models.Manager.from_queryset(ProjectQuerySet)):
    def get_by_natural_key(self, name, phase):
        return self.get(name=name, phase=phase)


class Project(Publishable):
    name = models.CharField(_("项目名称"), max_length=200)
    phase = models.CharField(_("期次"), max_length=50, blank=True, help_text=_("如 一期。"))
    industry = models.CharField(
        _("所属产业"), max_length=30, choices=Industry.choices, blank=True, db_index=True
    )
    investor = models.CharField(_("投资/建设单位"), max_length=200, blank=True)
    total_investment = models.DecimalField(
        _("总投资(亿元)"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        validators=non_negative,
    )
    platform = models.ForeignKey(
        InnovationPlatform,
        verbose_name=_("入驻载体"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    start_date = models.DateField(_("开工日期"), null=True, blank=True)
    completion_date = models.DateField(_("竣工/投产日期"), null=True, blank=True)
    summary = models.TextField(_("项目简介"), blank=True)
    is_key = models.BooleanField(_("重点项目"), default=False, db_index=True)

    objects = ProjectManager()
    history = HistoricalRecords()
    search_fields = ("name", "investor", "summary", "progress__progress")

    class Meta:
        verbose_name = _("投资项目")
        verbose_name_plural = _("投资项目")
        permissions = publish_permission("project", _("投资项目"))
        ordering = ["name", "phase"]
        indexes = [models.Index(fields=["status", "name", "phase"], name="project_list")]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "phase"],
                name="project_unique_name_phase",
                violation_error_message=_("同名同期次的项目已存在。"),
            ),
            non_negative_constraint(
                "total_investment", "project_investment_non_negative", _("总投资")
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(completion_date__isnull=True)
                | Q(completion_date__gte=F("start_date")),
                name="project_completion_after_start",
                violation_error_message=_("竣工日期不能早于开工日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.name}{self.phase}" if self.phase else self.name

    def get_absolute_url(self):
        return reverse("portal:project_detail", args=[self.pk])

    def natural_key(self):
        return (self.name, self.phase)

    @property
    def latest_stage_label(self):
        """The label of the stage annotated by ``with_latest_progress()``."""
        stage = getattr(self, "latest_stage", None)
        return ProjectStage(stage).label if stage else ""


class ProjectProgressManager(models.Manager.from_queryset(RecordQuerySet)):
    def get_by_natural_key(self, name, phase, year):
        return self.get(project__name=name, project__phase=phase, year=year)


class ProjectProgress(Versioned):
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="progress"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators)
    stage = models.CharField(_("建设阶段"), max_length=30, choices=ProjectStage.choices)
    progress = models.TextField(_("进展情况"), blank=True)

    objects = ProjectProgressManager()
    history = HistoricalRecords()
    published_with = "project"  # public while its project is (see rules.py)

    class Meta:
        verbose_name = _("项目年度进展")
        verbose_name_plural = _("项目年度进展")
        ordering = ["project", "-year"]
        indexes = [models.Index(fields=["year", "stage"], name="progress_year_stage")]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"],
                name="projectprogress_one_per_year",
                violation_error_message=_("该项目在这一年度已有进展记录。"),
            ),
            year_range_constraint("year", "projectprogress_year_range"),
        ]

    def __str__(self):
        return f"{self.project} {self.year} {self.get_stage_display()}"

    def natural_key(self):
        return (*self.project.natural_key(), self.year)

    natural_key.dependencies = ["hightech_zone.project"]


# --- Policy documents ---------------------------------------------------------------------


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

    objects = NaturalKeyManager.from_queryset(PolicyDocumentQuerySet)()
    history = HistoricalRecords()
    natural_key_fields = ("title", "issuing_body")
    search_fields = ("title", "doc_number", "issuing_body", "summary", "body")

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        permissions = publish_permission("policydocument", _("政策文件"))
        ordering = ["-year", "title"]
        indexes = [
            models.Index(fields=["status", "-year", "title"], name="policy_list"),
            models.Index(fields=["issuing_body"], name="policy_issuing_body"),
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

    def natural_key(self):
        return (self.title, self.issuing_body)


# --- The yearly work report ---------------------------------------------------------------


class WorkReport(Publishable):
    year = models.PositiveSmallIntegerField(_("报告年度"), unique=True, validators=year_validators)
    title = models.CharField(_("标题"), max_length=200)
    issuing_body = models.CharField(_("发布单位"), max_length=200)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    closing = models.TextField(_("结束语"), blank=True)

    objects = NaturalKeyManager.from_queryset(PublishableQuerySet)()
    history = HistoricalRecords()
    natural_key_fields = ("year",)
    search_fields = ("title", "closing", "sections__heading", "sections__body")

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

    def natural_key(self):
        return (self.year,)


class ReportSectionManager(models.Manager.from_queryset(RecordQuerySet)):
    def get_by_natural_key(self, year, order):
        return self.get(report__year=year, order=order)


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

    objects = ReportSectionManager()
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

    def natural_key(self):
        return (*self.report.natural_key(), self.order)

    natural_key.dependencies = ["hightech_zone.workreport"]

    @property
    def paragraphs(self):
        return [line.strip() for line in self.body.splitlines() if line.strip()]


# --- Revisions an editor proposes to public records -------------------------------------


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
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now, db_index=True)

    operational = True

    class Meta:
        verbose_name = _("待确认的导入文件")
        verbose_name_plural = _("待确认的导入文件")

    def __str__(self):
        return self.name


def record_models():
    """The zone's record models, in dependency order, without their history tables."""
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    return [
        model
        for model in apps.get_app_config("hightech_zone").get_models()
        if not issubclass(model, HistoricalChanges)
        and not model._meta.auto_created
        and not getattr(model, "operational", False)
    ]
