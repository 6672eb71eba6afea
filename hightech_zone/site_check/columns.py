"""The column-freshness watch (栏目更新监测): each public column's last update and its state.

A column's last update is the newest publication or edit of a record the public sees in it
(``published_at`` or ``updated_at`` of a published record, or the history of its parts); a
category's, the same within it.
Each column reads its records grouped by category in one query, so the whole watch costs a
fixed number of queries whatever the number of records.

即将超期 begins when the days left fall within a fifth of the interval or 14 days, whichever is
smaller: a 183-day column warns two weeks ahead, a 14-day one under three days ahead, so that a
warning leaves time to act without standing for most of a short interval.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Max, Value
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    COLUMN_CATEGORIES,
    DEFAULT_INTERVAL_DAYS,
    Column,
    ColumnSchedule,
    DisclosureReport,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    ProjectProgress,
    PublicationStatus,
    ReportSection,
    WorkReport,
)

WARNING_SHARE = 0.2
WARNING_MAX_DAYS = 14

OK = "ok"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
EMPTY = "empty"

STATE_LABELS = {
    OK: _("正常"),
    DUE_SOON: _("即将超期"),
    OVERDUE: _("已超期"),
    EMPTY: _("空白栏目"),
}
FAILING = (OVERDUE, EMPTY)


@dataclass(frozen=True)
class ColumnState:
    column: str
    category: str
    label: str
    category_label: str
    last_update: datetime.datetime | None
    interval_days: int
    days_left: int | None
    state: str
    records: int
    admin_url: str

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def failing(self):
        return self.state in FAILING

    @property
    def days_over(self):
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def name(self):
        """The column, and its category if this is one: 政策文件 · 人才."""
        return f"{self.label} · {self.category_label}" if self.category else str(self.label)


EDITED = Max(Greatest(Coalesce(F("published_at"), F("updated_at")), F("updated_at")))
PART_EDITED = Max("history_date")


def _column_sources():
    """Each column's published records, the field that sorts them into categories, and when
    each was last changed; then the parts edited without their parent (a project's yearly
    progress, a report's section, imported on their own), read from their history, which
    adds to the last update but not to the records."""
    published = PublicationStatus.PUBLISHED
    return {
        Column.REPORTS: [
            (WorkReport.objects.published(), None, EDITED, True),
            (ReportSection.history.filter(report__status=published), None, PART_EDITED, False),
        ],
        Column.INDICATORS: [
            (Indicator.objects.published(), "category", EDITED, True),
            (IndicatorValue.objects.published(), "indicator__category", EDITED, True),
        ],
        Column.PROJECTS: [
            (Project.objects.published(), "industry", EDITED, True),
            (
                ProjectProgress.history.filter(project__status=published),
                "project__industry",
                PART_EDITED,
                False,
            ),
        ],
        Column.POLICIES: [(PolicyDocument.objects.published(), "category", EDITED, True)],
        Column.PLATFORMS: [(InnovationPlatform.objects.published(), "kind", EDITED, True)],
        Column.DISCLOSURE: [(DisclosureReport.objects.published(), None, EDITED, True)],
    }


def column_models(column):
    """The record types a column shows (not the parts read only for their change times)."""
    return [source[0].model for source in _column_sources()[column] if source[3]]


ADMIN_LISTS = {
    Column.REPORTS: "admin:hightech_zone_workreport_changelist",
    Column.INDICATORS: "admin:hightech_zone_indicatorvalue_changelist",
    Column.PROJECTS: "admin:hightech_zone_project_changelist",
    Column.POLICIES: "admin:hightech_zone_policydocument_changelist",
    Column.PLATFORMS: "admin:hightech_zone_innovationplatform_changelist",
    Column.DISCLOSURE: "admin:hightech_zone_disclosurereport_changelist",
}
ADMIN_FILTERS = {
    Column.INDICATORS: "indicator__category__exact",
    Column.PROJECTS: "industry__exact",
    Column.POLICIES: "category__exact",
    Column.PLATFORMS: "kind__exact",
}


def _latest_by_category(queryset, field, last, counted):
    """{category: (last update, records)} for ``queryset``, "" for the whole of it."""
    records = Count("pk") if counted else Value(0)
    found = {}
    if field is None:
        row = queryset.order_by().aggregate(last=last, records=Count("pk"))
        rows = [("", row["last"], row["records"] if counted else 0)] if row["records"] else []
    else:
        rows = (
            queryset.order_by()
            .values_list(field)
            .annotate(last=last, records=records)
            .values_list(field, "last", "records")
        )
    for category, when, count in rows:
        found[category or ""] = (when, count)
    return found


def _merge(into, found):
    for category, (when, records) in found.items():
        before, count = into.get(category, (None, 0))
        latest = when if before is None or (when is not None and when > before) else before
        into[category] = (latest, count + records)


def state_for(*, last_update, interval_days, today):
    """The state and days left of a column last updated at ``last_update`` (None: empty)."""
    if last_update is None:
        return EMPTY, None
    age = (today - timezone.localtime(last_update).date()).days
    days_left = interval_days - age
    if days_left < 0:
        return OVERDUE, days_left
    if days_left <= min(interval_days * WARNING_SHARE, WARNING_MAX_DAYS):
        return DUE_SOON, days_left
    return OK, days_left


def schedules():
    """{(column, category): interval days} as staff set them; "" for a whole column."""
    return {
        (s.column, s.category): s.interval_days
        for s in ColumnSchedule.objects.only("column", "category", "interval_days")
    }


def interval_for(column, category, configured):
    """A category's own interval, else its column's, else the inspection's default."""
    if category and (column, category) in configured:
        return configured[(column, category)]
    return configured.get((column, ""), DEFAULT_INTERVAL_DAYS[Column(column)])


def column_states(*, today=None):
    """Every column, then each of its categories, with its last update and state.

    A category is listed when it holds published records or staff set its interval (a
    category they watch that has nothing in it is a 空白栏目, as a column is).
    """
    today = today or timezone.localdate()
    configured = schedules()
    states = []
    for column, sources in _column_sources().items():
        found = {}
        for queryset, field, last, counted in sources:
            _merge(found, _latest_by_category(queryset, field, last, counted))
        total_last = max((when for when, _n in found.values() if when), default=None)
        total_records = sum(n for _when, n in found.values())
        categories = COLUMN_CATEGORIES[column]
        rows = [("", total_last, total_records)]
        if categories is not None:
            for category in categories.values:
                if category in found or (column, category) in configured:
                    when, records = found.get(category, (None, 0))
                    rows.append((category, when, records))
        for category, when, records in rows:
            when = when if records else None  # edits of parts alone do not fill a column
            interval = interval_for(column, category, configured)
            state, days_left = state_for(last_update=when, interval_days=interval, today=today)
            url = reverse(ADMIN_LISTS[column])
            if category and column in ADMIN_FILTERS:
                url = f"{url}?{ADMIN_FILTERS[column]}={category}"
            states.append(
                ColumnState(
                    column=column.value,
                    category=category,
                    label=column.label,
                    category_label=dict(categories.choices)[category] if category else "",
                    last_update=when,
                    interval_days=interval,
                    days_left=days_left,
                    state=state,
                    records=records,
                    admin_url=url,
                )
            )
    return states
