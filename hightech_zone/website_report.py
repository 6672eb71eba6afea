"""The 政府网站工作年度报表's 信息发布 figures: updates of public records in a year, per column
(the site check's columns, hightech_zone.models.Column), derived from the records' history."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django.utils import timezone

from .models import Column, PublicationStatus
from .site_check.columns import column_models


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
    for column in Column:
        updates = records = 0
        for model in column_models(column):
            figures = model.history.filter(
                history_date__gte=start,
                history_date__lt=end,
                history_type__in=("+", "~"),
                status=PublicationStatus.PUBLISHED,
            ).aggregate(updates=Count("pk"), records=Count("id", distinct=True))
            updates += figures["updates"]
            records += figures["records"]
        found.append(ColumnUpdates(str(column.label), updates, records))
    return found


def total_updates(columns):
    """信息发布总数: every column's updates."""
    return sum(column.updates for column in columns)
