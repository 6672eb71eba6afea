"""What indicator pages and report sections show as figures: cards, ratios and chart data."""

from collections import defaultdict

from django.utils.translation import gettext as _

from hightech_zone.models import IndicatorValue
from hightech_zone.numbers import chart_number, format_number

# The chart's height in pixels, reserved by the page before static/js/charts.js draws it, so
# nothing below moves when it appears; the same measures as that script's layout.
SERIES_TOP = 36
SERIES_PANEL = 120 + 56  # a panel and the gap below it
SERIES_BOTTOM = 8
SERIES_LEGEND = 28
GROWTH_MIN = 160
GROWTH_TOP = 48
GROWTH_ROW = 36


def series_height(panels):
    """The height of an indicator's chart: its panels, and the legend when targets show."""
    legend = SERIES_LEGEND if any("target" in panel for panel in panels) else 0
    return SERIES_TOP + len(panels) * SERIES_PANEL + SERIES_BOTTOM + legend


def figure_card(value):
    """One year's figure as a card: its headline figure and the rest as label/value pairs.

    The headline is the value; failing that the rank (全市第2位, 提升2位), failing that the growth.
    The target set for the year and how much of it was achieved (完成率) follow.
    """
    details = [
        (_("同比增长"), value.display_growth_with_basis),
        (_("排名"), value.display_rank),
        (_("预期目标"), value.display_target),
        (_("完成率"), value.display_completion),
        (_("调整前"), value.display_baseline),
        (
            _("为上年同期的倍数"),
            format_number(value.prior_multiple) if value.prior_multiple is not None else "",
        ),
        (_("备注"), value.note),
        (_("数据来源"), value.source),
    ]
    main = value.display_value
    if not main:
        for index in (1, 0):
            if details[index][1]:
                main = details[index][1] if index else f"{_('同比增长')} {details[index][1]}"
                details.pop(index)
                break
    return {
        "year": value.year,
        "main": main or "—",
        "details": [(label, text) for label, text in details if text],
    }


def ratio_rows(indicator):
    """A composite ratio year by year as the report writes it, newest first:
    [(2017, "1.6:41.8:56.6")], from its published components in their display order."""
    parts = (
        IndicatorValue.objects.published()
        .filter(indicator__parent=indicator, value__isnull=False)
        .order_by("-year", "indicator__display_order", "indicator__code")
        .values_list("year", "value")
    )
    years = defaultdict(list)
    for year, number in parts:
        years[year].append(format_number(number))
    return [(year, ":".join(numbers)) for year, numbers in years.items()]


def series_chart(indicator, values):
    """Chart data for an indicator over two or more years; None for fewer (a card shows one).

    Each measure gets its own panel and axis, so figures of different units never share one:
    the value in the indicator's unit, the growth in %, the rank with 第1位 at the top. Targets
    (预期目标) share the value's panel, as a dashed line of markers beside its bars, with a legend
    naming both; every year with either shows.
    """
    if len(values) < 2:
        return None
    panels = []
    numbers = [chart_number(v.value) for v in values]
    targets = [chart_number(v.target_value) for v in values]
    if any(n is not None for n in numbers) or any(t is not None for t in targets):
        unit = f"({indicator.unit})" if indicator.unit else ""
        panel = {
            "name": f"{_('数值')}{unit}",
            "type": "bar",
            "data": numbers,
            # The unit is in the panel's name; 48.2亿元 over every bar would crowd them.
            "labels": [
                f"{v.display_number}{v.qualifier}" if v.value is not None else "" for v in values
            ],
        }
        if any(t is not None for t in targets):
            panel["series_name"] = _("实际值")
            panel["target"] = {
                "name": _("预期目标"),
                "data": targets,
                "labels": [
                    f"{format_number(v.target_value)}{v.target_qualifier}"
                    if v.target_value is not None
                    else ""
                    for v in values
                ],
            }
        panels.append(panel)
    growth = [chart_number(v.growth_pct) for v in values]
    if any(g is not None for g in growth):
        panels.append(
            {
                "name": _("同比增长(%)"),
                "type": "line",
                "data": growth,
                "labels": [v.display_growth for v in values],
            }
        )
    ranks = [v.rank for v in values]
    if any(r is not None for r in ranks):
        panels.append(
            {
                "name": _("排名(越靠上越好)"),
                "type": "line",
                "rank": True,
                "data": ranks,
                "labels": [_("第%(rank)s位") % {"rank": r} if r else "" for r in ranks],
            }
        )
    if not panels:
        return None
    return {
        "kind": "series",
        "title": indicator.display_name,
        "years": [str(v.year) for v in values],
        "panels": panels,
        "height": series_height(panels),
    }


def growth_chart(values):
    """Chart data for the growth rates a report section gives, when it gives two or more.

    Only growth rates, all in %: the section's values come in different units (亿元, 个, 户)
    and would not compare on one axis.
    """
    rows = [v for v in values if v.growth_pct is not None]
    if len(rows) < 2:
        return None
    return {
        "kind": "growth",
        "title": _("同比增长(%)"),
        "labels": [v.indicator.display_name for v in rows],
        "values": [chart_number(v.growth_pct) for v in rows],
        "height": max(GROWTH_MIN, GROWTH_TOP + len(rows) * GROWTH_ROW),
    }
