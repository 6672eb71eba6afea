"""A year's checklist (年度填报进度): what is entered, reviewed and published, and what is left."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import (
    Indicator,
    IndicatorCategory,
    IndicatorKind,
    IndicatorValue,
    Project,
    ProjectProgress,
    PublicationStatus,
    WorkReport,
)
from .models.base import MAX_YEAR, MIN_YEAR
from .references import render_report

# The checklist names this many projects without the year's progress, and counts them all: a
# large zone has thousands, which no one reads as a list.
PROJECTS_LISTED = 100


@dataclass
class CategoryProgress:
    label: str
    indicators: int = 0
    entered: int = 0  # with an actual for the year, in any state
    draft: int = 0  # entered, awaiting review and publication
    published: int = 0
    missing: list = field(default_factory=list)  # indicators with no actual for the year


@dataclass
class YearProgress:
    year: int
    categories: list
    targets: int  # indicator values of the year that carry a target
    targets_met: int  # of those, completion (actual / target) at 100% or more
    targets_open: int  # of those, no actual to compare yet
    projects_without_progress: list  # the first PROJECTS_LISTED of them, by name
    projects_without_progress_count: int
    report: WorkReport | None
    report_pending: int  # figures of the year's report whose value is not entered (待填报)

    @property
    def indicators(self):
        return sum(c.indicators for c in self.categories)

    @property
    def entered(self):
        return sum(c.entered for c in self.categories)

    @property
    def previous_report(self):
        """The report to start this year's from, when this year has none."""
        if self.report is not None:
            return None
        return WorkReport.objects.filter(year=self.year - 1).first()


def valid_year(year):
    return MIN_YEAR <= year <= MAX_YEAR


def default_year():
    """The year the checklist opens at: the latest report's, else the current year."""
    latest = WorkReport.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or timezone.localdate().year


def tracked_indicators():
    """Indicators that take a value each year: not withdrawn, and not a composite ratio (whose
    parts take the values)."""
    return Indicator.objects.exclude(status=PublicationStatus.WITHDRAWN).exclude(
        kind=IndicatorKind.RATIO
    )


def year_progress(year):
    """The checklist of ``year``, in a fixed number of queries."""
    values = {
        v.indicator_id: v
        for v in IndicatorValue.objects.select_related("indicator").filter(
            year=year, indicator__in=tracked_indicators()
        )
    }
    categories = {c: CategoryProgress(str(label)) for c, label in IndicatorCategory.choices}
    for indicator in tracked_indicators().order_by("category", "display_order", "code"):
        progress = categories.setdefault(
            indicator.category, CategoryProgress(indicator.get_category_display())
        )
        progress.indicators += 1
        value = values.get(indicator.pk)
        if value is None or not value.is_actual:
            progress.missing.append(indicator)
            continue
        progress.entered += 1
        if value.status == PublicationStatus.PUBLISHED:
            progress.published += 1
        elif value.status == PublicationStatus.DRAFT:
            progress.draft += 1
    targets = [v for v in values.values() if v.has_target]
    projects = (
        Project.objects.exclude(status=PublicationStatus.WITHDRAWN)
        .exclude(Exists(ProjectProgress.objects.filter(project=OuterRef("pk"), year=year)))
        .order_by("name", "phase")
    )
    listed = list(projects[:PROJECTS_LISTED])
    report = WorkReport.objects.filter(year=year).first()
    pending = 0
    if report is not None:
        sections = list(report.sections.order_by("order"))
        pending = len(render_report(report, sections).pending)
    return YearProgress(
        year=year,
        categories=[c for c in categories.values() if c.indicators],
        targets=len(targets),
        targets_met=sum(1 for v in targets if (v.completion_pct or 0) >= 100),
        targets_open=sum(1 for v in targets if v.value is None),
        projects_without_progress=listed,
        # Counted only when the list may be cut short.
        projects_without_progress_count=(
            len(listed) if len(listed) < PROJECTS_LISTED else projects.count()
        ),
        report=report,
        report_pending=pending,
    )
