"""Indicators' yearly values: the figures the report quotes, their qualifiers, growth and rank."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..numbers import format_number, format_quantity
from .base import (
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    non_negative,
    non_negative_constraint,
    publish_permission,
    year_range_constraint,
    year_validators,
)
from .indicators import Indicator, IndicatorKind


class Qualifier(models.TextChoices):
    EXACT = "", _("准确值")
    MORE_THAN = "余", _("余(如330余件)")
    MORE = "多", _("多(如20多个)")
    ABOUT = "约", _("约")
    NEARLY = "近", _("近")
    ABOVE = "以上", _("以上")


class GrowthBasis(models.TextChoices):
    UNSTATED = "", _("未注明")
    COMPARABLE = "comparable", _("按可比口径")
    COMPARABLE_PRICES = "comparable_prices", _("按可比价格")
    CURRENT_PRICES = "current_prices", _("按现价")


class RankBasis(models.TextChoices):
    GROWTH = "growth", _("按增幅")
    AMOUNT = "amount", _("按完成额")
    OVERALL = "overall", _("综合评价")


class IndicatorValueQuerySet(PublishableQuerySet):
    def published(self):
        return self.filter(
            status=PublicationStatus.PUBLISHED, indicator__status=PublicationStatus.PUBLISHED
        )

    def actuals(self):
        """Values that state what happened, not only a target set for the year."""
        return self.filter(
            Q(value__isnull=False)
            | Q(growth_pct__isnull=False)
            | Q(prior_multiple__isnull=False)
            | Q(rank__isnull=False)
            | Q(rank_change__isnull=False)
        )

    def with_targets(self):
        return self.filter(Q(target_value__isnull=False) | Q(target_growth_pct__isnull=False))

    def latest_year(self):
        """The latest year with actuals. Read as the first row backwards through the year
        index: MAX() over the join with the indicators read all 60,000 values of scale 10
        (20 ms, against 2)."""
        return self.actuals().order_by("-year").values_list("year", flat=True).first()


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
    growth_basis = models.CharField(
        _("增长口径"),
        max_length=20,
        choices=GrowthBasis.choices,
        blank=True,
        default="",
        help_text=_("报告写明“按可比口径”“按现价”等时照录。"),
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
    rank_compared_year = models.PositiveSmallIntegerField(
        _("排名变化对比年份"),
        null=True,
        blank=True,
        validators=year_validators,
        help_text=_("如“由2008年的第20位上升到第16位”中的2008;留空表示与上年相比。"),
    )
    target_value = models.DecimalField(
        _("预期目标"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        validators=non_negative,
        help_text=_("上一年度报告为本年度设定的预期目标值。"),
    )
    target_qualifier = models.CharField(
        _("预期目标修饰"), max_length=4, choices=Qualifier.choices, blank=True, default=""
    )
    target_growth_pct = models.DecimalField(
        _("预期增长(%)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-100"))],
        help_text=_("目标以增长率表述时填写,如“增长8%”。"),
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

    objects = IndicatorValueQuerySet.as_manager()

    natural_key_fields = ("indicator", "year")
    # The consistency check's note on a figure kept as the source stated it: never open data.
    staff_only_fields = ("acknowledged_discrepancy",)
    # What open data's readers are told where the help text speaks to the editor.
    public_help = {
        "value": _("当年的数值;只公布了增长率或排名的为空。"),
        "growth_basis": _("增长率的计算口径,如 按可比口径、按现价;报告未写明的为空。"),
        "target_growth_pct": _("以增长率表述的预期目标,如“增长8%”中的8。"),
    }
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标数值")
        verbose_name_plural = _("指标数值")
        permissions = publish_permission("indicatorvalue", _("指标数值"))
        ordering = ["indicator__category", "indicator__display_order", "indicator__code", "-year"]
        indexes = [
            models.Index(fields=["year", "status"], name="indicatorvalue_year_status"),
            models.Index(fields=["status", "updated_at"], name="indicatorvalue_changed"),
        ]
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
            non_negative_constraint(
                "target_value", "indicatorvalue_target_non_negative", _("预期目标")
            ),
            models.CheckConstraint(
                condition=Q(target_growth_pct__isnull=True) | Q(target_growth_pct__gte=-100),
                name="indicatorvalue_target_growth_above_minus_100",
                violation_error_message=_("预期增长率不能低于-100%。"),
            ),
            models.CheckConstraint(
                condition=Q(rank_compared_year__isnull=True)
                | Q(rank_compared_year__lt=F("year"), rank_change__isnull=False),
                name="indicatorvalue_rank_compared_year_before",
                violation_error_message=_("排名变化对比年份必须早于本年度,且须同时填写排名变化。"),
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

    def clean(self):
        if (
            self.indicator_id
            and self.indicator.kind == IndicatorKind.VALUE
            and self.value is None
            and self.growth_pct is None
            and self.rank is None
            and self.rank_change is None
            and self.prior_multiple is None
            and self.target_value is None
            and self.target_growth_pct is None
        ):
            raise ValidationError(
                _("请至少填写数值、同比增长、倍数、排名、排名变化或预期目标中的一项。")
            )

    @property
    def display_value(self):
        return format_quantity(self.value, self.qualifier, self.indicator.unit)

    @property
    def growth_is_headline(self):
        """The report gives only the growth (规模以上工业增加值增长21%): a card shows that."""
        return self.value is None and self.growth_pct is not None

    @property
    def is_actual(self):
        return any(
            v is not None
            for v in (self.value, self.growth_pct, self.prior_multiple, self.rank, self.rank_change)
        )

    @property
    def has_target(self):
        return self.target_value is not None or self.target_growth_pct is not None

    @property
    def display_target(self):
        """预期目标 as the report states it: 1050亿元, 增长8%, or both."""
        parts = [format_quantity(self.target_value, self.target_qualifier, self.indicator.unit)]
        if self.target_growth_pct is not None:
            parts.append(_("增长%(pct)s%%") % {"pct": format_number(self.target_growth_pct)})
        return ",".join(str(p) for p in parts if p)

    @property
    def completion_pct(self):
        """完成率: the actual as a percentage of the target, where both are numbers."""
        if self.value is None or not self.target_value:
            return None
        return (self.value / self.target_value * 100).quantize(Decimal("0.1"))

    @property
    def display_completion(self):
        pct = self.completion_pct
        return "" if pct is None else f"{format_number(pct)}%"

    @property
    def display_growth_basis(self):
        return self.get_growth_basis_display() if self.growth_basis else ""

    @property
    def display_number(self):
        return format_number(self.value)

    @property
    def display_growth(self):
        return "" if self.growth_pct is None else f"{format_number(self.growth_pct)}%"

    @property
    def display_growth_with_basis(self):
        """15.8%(按可比口径): the growth with the basis the report states, for tables."""
        growth = self.display_growth
        return f"{growth}({self.display_growth_basis})" if growth and self.growth_basis else growth

    @property
    def display_baseline(self):
        return format_quantity(self.baseline_value, self.baseline_qualifier, self.indicator.unit)

    @property
    def display_rank(self):
        """全市第2位, 全国147个高新区中提升2位 and the like."""
        parts = []
        if self.rank:
            parts.append(_("%(scope)s第%(rank)s位") % {"scope": self.rank_scope, "rank": self.rank})
        if self.rank and self.rank_change and self.rank_compared_year:
            return _("%(scope)s由%(since)s年的第%(before)s位%(verb)s到第%(rank)s位") % {
                "scope": self.rank_scope,
                "since": self.rank_compared_year,
                "before": self.rank + self.rank_change,
                "verb": _("上升") if self.rank_change > 0 else _("下降"),
                "rank": self.rank,
            }
        if self.rank_change and self.rank_compared_year:
            verb = _("提升") if self.rank_change > 0 else _("下降")
            parts.append(
                _("%(scope)s中较%(since)s年%(verb)s%(n)s位")
                % {
                    "scope": self.rank_scope,
                    "since": self.rank_compared_year,
                    "verb": verb,
                    "n": abs(self.rank_change),
                }
            )
        elif self.rank_change:
            verb = _("提升") if self.rank_change > 0 else _("下降")
            parts.append(
                _("%(scope)s中%(verb)s%(n)s位")
                % {"scope": self.rank_scope, "verb": verb, "n": abs(self.rank_change)}
            )
        return ",".join(str(p) for p in parts)
