"""Checks that the figures agree with each other. They report; they never change data."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import (
    Indicator,
    IndicatorKind,
    IndicatorValue,
    InnovationPlatform,
    PlatformKind,
    PlatformLevel,
    WorkReport,
)
from .numbers import format_number
from .references import Resolver

GROWTH_TOLERANCE = Decimal("1.0")  # percentage points: real growth is often at comparable prices
RATIO_TOLERANCE = Decimal("0.1")


@dataclass(frozen=True)
class Finding:
    check: str  # growth, change, ratio, platform_count, reference, missing
    message: str
    admin_url: str = ""
    # Staff's reason for keeping a figure as the report states it; such a finding is listed
    # but is not a problem.
    acknowledged: str = ""


CHECK_LABELS = {
    "growth": "同比增长与上年数值不符",
    "change": "变化幅度与调整前后数值不符",
    "ratio": "构成比之和不为100",
    "platform_count": "平台数量与平台名录不符",
    "reference": "报告正文引用无法解析",
    "missing": "报告中待填报的数字",
}


def run_checks(*, growth_tolerance=GROWTH_TOLERANCE, ratio_tolerance=RATIO_TOLERANCE):
    """Every finding, acknowledged ones included (see ``problems``)."""
    return [
        *check_growth(tolerance=growth_tolerance),
        *check_changes(tolerance=growth_tolerance),
        *check_ratios(tolerance=ratio_tolerance),
        *check_platform_counts(),
        *check_references(),
        *check_missing_figures(),
    ]


def problems(findings):
    return [f for f in findings if not f.acknowledged]


def acknowledged(findings):
    return [f for f in findings if f.acknowledged]


def _admin_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def check_growth(*, tolerance=GROWTH_TOLERANCE):
    values = IndicatorValue.objects.select_related("indicator").filter(value__isnull=False)
    by_key = {(v.indicator_id, v.year): v for v in values}
    for (indicator_id, year), current in sorted(by_key.items(), key=lambda kv: kv[0]):
        previous = by_key.get((indicator_id, year - 1))
        if current.growth_pct is None or previous is None or not previous.value:
            continue
        implied = (current.value / previous.value - 1) * 100
        if abs(implied - current.growth_pct) > tolerance:
            yield Finding(
                "growth",
                _(
                    "%(name)s %(year)s年:同比增长填报为%(stated)s%%,"
                    "按%(prev_year)s年数值%(prev)s计算为%(implied)s%%。"
                )
                % {
                    "name": current.indicator.name,
                    "year": year,
                    "stated": format_number(current.growth_pct),
                    "prev_year": year - 1,
                    "prev": format_number(previous.value),
                    "implied": format_number(round(implied, 1)),
                },
                _admin_url(current),
                current.acknowledged_discrepancy,
            )


def check_changes(*, tolerance=GROWTH_TOLERANCE):
    """A change indicator (部门压缩比例) against its indicator's before/after values."""
    values = IndicatorValue.objects.select_related("indicator").filter(value__isnull=False)
    by_key = {(v.indicator_id, v.year): v for v in values}
    for (_indicator_id, year), stated in sorted(by_key.items(), key=lambda kv: kv[0]):
        other = by_key.get((stated.indicator.change_of_id, year))
        if other is None or not other.baseline_value:
            continue
        implied = abs(other.value - other.baseline_value) / other.baseline_value * 100
        if abs(implied - stated.value) > tolerance:
            yield Finding(
                "change",
                _(
                    "%(name)s %(year)s年:填报%(stated)s%(unit)s,"
                    "按%(other)s由%(before)s变为%(after)s计算为%(implied)s%%。"
                )
                % {
                    "name": stated.indicator.name,
                    "year": year,
                    "stated": format_number(stated.value),
                    "unit": stated.indicator.unit,
                    "other": other.indicator.name,
                    "before": other.display_baseline,
                    "after": other.display_value,
                    "implied": format_number(round(implied, 1)),
                },
                _admin_url(stated),
                stated.acknowledged_discrepancy,
            )


def check_ratios(*, tolerance=RATIO_TOLERANCE):
    components = IndicatorValue.objects.select_related("indicator__parent").filter(
        indicator__parent__kind=IndicatorKind.RATIO, value__isnull=False
    )
    sums = defaultdict(Decimal)
    parents = {}
    for value in components:
        key = (value.indicator.parent_id, value.year)
        sums[key] += value.value
        parents[key] = value.indicator.parent
    # A ratio's own value of the year, if staff keep one, carries the acknowledgement.
    reasons = {
        (indicator_id, year): reason
        for indicator_id, year, reason in IndicatorValue.objects.filter(
            indicator__kind=IndicatorKind.RATIO
        )
        .exclude(acknowledged_discrepancy="")
        .values_list("indicator_id", "year", "acknowledged_discrepancy")
    }
    for key, total in sorted(sums.items(), key=lambda kv: kv[0]):
        if abs(total - 100) > tolerance:
            parent = parents[key]
            yield Finding(
                "ratio",
                _("%(name)s %(year)s年:各组成部分之和为%(total)s,应为100。")
                % {"name": parent.name, "year": key[1], "total": format_number(total)},
                _admin_url(parent),
                reasons.get(key, ""),
            )


def check_platform_counts():
    counters = Indicator.objects.exclude(counts_platform_kind="")
    values = IndicatorValue.objects.filter(indicator__in=counters, value__isnull=False)
    listed = {
        (row["kind"], row["level"]): row["n"]
        for row in InnovationPlatform.objects.values("kind", "level").annotate(n=Count("pk"))
    }
    for value in values.select_related("indicator").order_by("indicator__code", "year"):
        indicator = value.indicator
        count = sum(
            n
            for (kind, level), n in listed.items()
            if kind == indicator.counts_platform_kind
            and (not indicator.counts_platform_level or level == indicator.counts_platform_level)
        )
        if count != value.value:
            level = (
                PlatformLevel(indicator.counts_platform_level).label
                if indicator.counts_platform_level
                else ""
            )
            yield Finding(
                "platform_count",
                _(
                    "%(name)s %(year)s年:填报%(stated)s%(unit)s,"
                    "创新平台名录中有%(level)s“%(kind)s”%(count)s个。"
                )
                % {
                    "name": indicator.name,
                    "year": value.year,
                    "stated": format_number(value.value),
                    "unit": indicator.unit,
                    "level": level,
                    "kind": PlatformKind(indicator.counts_platform_kind).label,
                    "count": count,
                },
                _admin_url(value),
                value.acknowledged_discrepancy,
            )


def _report_figures():
    """(report, heading, segment) for every figure in every report's text, in reading order,
    resolved against the published data in a fixed number of queries."""
    places = []  # (report, heading, text)
    for report in WorkReport.objects.prefetch_related("sections").order_by("year"):
        for section in sorted(report.sections.all(), key=lambda s: s.order):
            places += [(report, section.heading, line) for line in section.paragraphs]
        if report.closing:
            places.append((report, _("结束语"), report.closing))
    resolver = Resolver([(text, report.year) for report, _h, text in places])
    for report, heading, text in places:
        for segment in resolver.segments(text, report.year):
            if segment.is_figure:
                yield report, heading, segment


def check_references():
    """References that show nothing to the public: unknown codes, unpublished values, empty
    fields. A figure whose value does not exist yet is listed by check_missing_figures."""
    for report, heading, segment in _report_figures():
        if not segment.ok and not segment.pending:
            yield Finding(
                "reference",
                _("%(year)s年报告“%(heading)s”:%(raw)s —— %(reason)s")
                % {
                    "year": report.year,
                    "heading": heading,
                    "raw": segment.reference.raw,
                    "reason": segment.text,
                },
                _admin_url(report),
            )


def check_missing_figures():
    """Figures a report binds whose value for their year is not entered at all (待填报): what
    is left to fill in before a new year's report can be published."""
    for report, heading, segment in _report_figures():
        if segment.pending:
            ref = segment.reference
            yield Finding(
                "missing",
                _("%(year)s年报告“%(heading)s”:%(raw)s —— 指标 %(code)s 尚无%(value_year)s年的数值")
                % {
                    "year": report.year,
                    "heading": heading,
                    "raw": ref.raw,
                    "code": ref.key,
                    "value_year": ref.year,
                },
                _admin_url(report),
            )
