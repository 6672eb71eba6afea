"""The 政府网站工作年度报表's 信息发布 figures: updates of public records in a year, per column,
derived from the records' history (simple_history)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    DisclosureReport,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    PublicationStatus,
    WorkReport,
)

# The site's columns (栏目) and the records each one shows.
COLUMNS = (
    (_("工作报告与信息公开年报"), (WorkReport, DisclosureReport)),
    (_("统计指标"), (Indicator, IndicatorValue)),
    (_("重点项目"), (Project,)),
    (_("政策文件"), (PolicyDocument,)),
    (_("创新平台"), (InnovationPlatform,)),
)


@dataclass(frozen=True)
class ColumnUpdates:
    """A column's updates in the year: each save of a published record (its publication
    included) is one update; ``records`` counts the records updated."""

    label: str
    updates: int
    records: int


def year_span(year):
    """The year's first instant and the next year's, in the site's time zone."""
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def column_updates(year):
    """Every column's updates in ``year``: one query per record type."""
    start, end = year_span(year)
    found = []
    for label, models in COLUMNS:
        updates = records = 0
        for model in models:
            figures = model.history.filter(
                history_date__gte=start,
                history_date__lt=end,
                history_type__in=("+", "~"),
                status=PublicationStatus.PUBLISHED,
            ).aggregate(updates=Count("pk"), records=Count("id", distinct=True))
            updates += figures["updates"]
            records += figures["records"]
        found.append(ColumnUpdates(str(label), updates, records))
    return found


def total_updates(columns):
    """信息发布总数: every column's updates."""
    return sum(column.updates for column in columns)
