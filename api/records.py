"""What the API publishes: each resource's records, from the same published QuerySets the
portal lists, so that a draft or withdrawn record, or one whose parent is, never appears."""

from dataclasses import dataclass

from django.db.models import Prefetch

from hightech_zone.models import (
    Designation,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    ProjectProgress,
    WorkReport,
    ZoneProfile,
)
from hightech_zone.references import MISSING, render_report


def zone_profile():
    return ZoneProfile.objects.first()


def designations():
    return Designation.objects.published()


def indicators():
    # The parent is named only while it is published (the serializer asks).
    return Indicator.objects.published().select_related("parent")


def observations():
    """Published values of published indicators (IndicatorValueQuerySet.published)."""
    return IndicatorValue.objects.published().select_related("indicator")


def projects():
    """Published projects, their platform named only while published, their progress by year
    (progress is public with its project: rules.py)."""
    return (
        Project.objects.published()
        .with_public_platform()
        .prefetch_related(Prefetch("progress", ProjectProgress.objects.order_by("year")))
    )


def policies(*, every_kind):
    """Published policies; plans and studies only when a kind is asked for, as on the portal."""
    published = PolicyDocument.objects.published()
    return published if every_kind else published.policies()


def platforms():
    return InnovationPlatform.objects.published()


def reports():
    return WorkReport.objects.published()


def newest_change(queryset):
    """The latest updated_at among the rows: the first row backwards through the change-time
    index of its table (``*_changed``). MAX() read every published row at scale 10 (45-90 ms
    for 200,000 projects): PostgreSQL turns MAX() into that walk only on a single table, and
    observations join their indicators."""
    return queryset.order_by("-updated_at").values_list("updated_at", flat=True).first()


@dataclass(frozen=True)
class Section:
    order: int
    heading: str
    paragraphs: list
    figures: list
    projects: list
    policies: list
    platforms: list

    @property
    def text(self):
        return "\n".join(self.paragraphs)


def report_sections(report):
    """The report's sections as the public page renders them: each paragraph's figures drawn
    from the published data (a figure that cannot be shown is a dash, as on the page), the
    published values of the section's indicators for the report's year, and the published
    records it names. A fixed number of queries, however long the report."""
    sections = list(
        report.sections.order_by("order").prefetch_related(
            Prefetch("indicators", Indicator.objects.published().order_by("display_order", "code")),
            Prefetch("projects", Project.objects.published().order_by("pk")),
            Prefetch("policies", PolicyDocument.objects.published().order_by("pk")),
            Prefetch("platforms", InnovationPlatform.objects.published().order_by("pk")),
        )
    )
    indicator_ids = {i.pk for s in sections for i in s.indicators.all()}
    values = {
        v.indicator_id: v
        for v in observations().filter(year=report.year, indicator_id__in=indicator_ids)
    }
    rendered = render_report(report, sections, published_only=True)
    result = [
        Section(
            order=part.section.order,
            heading=part.section.heading,
            paragraphs=[plain(block.segments) for block in part.blocks],
            figures=[values[i.pk] for i in part.section.indicators.all() if i.pk in values],
            projects=[p.pk for p in part.section.projects.all()],
            policies=[p.pk for p in part.section.policies.all()],
            platforms=[p.pk for p in part.section.platforms.all()],
        )
        for part in rendered.sections
    ]
    return result, plain(rendered.closing)


def plain(segments):
    return "".join(str(segment.text) if segment.ok else MISSING for segment in segments)
