"""The public portal's pages: small generic views over the published records."""

import re

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from hightech_zone import open_data
from hightech_zone import search as site_search
from hightech_zone.downloads import attachment_response
from hightech_zone.models import (
    MAX_YEAR,
    MIN_YEAR,
    Designation,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    ProjectProgress,
    ReportSection,
    SearchKind,
    WorkReport,
    zone_data_models,
)
from hightech_zone.references import render_report
from hightech_zone.search import search

from .charts import figure_card, growth_chart, ratio_rows, series_chart
from .filters import (
    IndicatorValueFilter,
    PlatformFilter,
    PolicyFilter,
    ProjectFilter,
    lists_every_kind,
)
from .list_pages import ExportListView
from .pdf import cached_pdf
from .public_pages import KeptBodyMixin, ProfileMixin
from .tables import (
    IndicatorValueTable,
    PlatformTable,
    PolicyTable,
    ProjectTable,
)


class HomeView(ProfileMixin, TemplateView):
    template_name = "portal/home.html"

    def kept_pieces(self):
        # The zone, its figures, honours, report, policies and projects: nearly every table.
        return {**super().kept_pieces(), "home": ((), zone_data_models())}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["body"] = self.kept_html(
            "home",
            lambda: render_to_string(
                "portal/parts/home_body.html", self.home_context(context["profile"]), self.request
            ),
        )
        return context

    def home_context(self, profile):
        values = IndicatorValue.objects.published()
        year = values.filter(indicator__is_headline=True).latest_year()
        return {
            "profile": profile,
            "headline_year": year,
            "headline_values": (
                values.filter(year=year, indicator__is_headline=True)
                .actuals()  # a target set for the year is no card of what happened
                .select_related("indicator")
                .order_by("indicator__display_order")
            ),
            "designations": Designation.objects.published(),
            "latest_report": WorkReport.objects.published().first(),
            "recent_policies": (
                PolicyDocument.objects.published()
                .policies()
                .order_by("-year", "-published_on", "title")[:5]
            ),
            "key_projects": Project.objects.published().filter(is_key=True)[:6],
        }


class ReportListView(ProfileMixin, ListView):
    template_name = "portal/workreport_list.html"
    context_object_name = "reports"

    def get_queryset(self):
        return WorkReport.objects.published()


class ReportDetailView(ProfileMixin, DetailView):
    template_name = "portal/workreport_detail.html"
    context_object_name = "report"

    def get_object(self):
        return get_object_or_404(WorkReport.objects.public(), year=self.kwargs["year"])

    def kept_pieces(self):
        year = (self.kwargs["year"],)
        return {
            **super().kept_pieces(),
            # The text with its figures, tables and charts reads nearly every table of the zone.
            "report": (year, zone_data_models()),
            "other-reports": (year, (WorkReport,)),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context["body"] = self.kept_html(
            "report",
            lambda: render_to_string(
                "portal/parts/workreport_body.html", self.report_context(report), self.request
            ),
        )
        context["other_reports"] = self.kept_value(
            "other-reports",
            lambda: list(
                WorkReport.objects.published().exclude(pk=report.pk).only("year", "title")
            ),
        )
        return context

    def report_context(self, report):
        """The report as its page and its PDF show it: each section rendered, with the figures,
        targets and charts of its indicators."""
        sections = list(
            report.sections.order_by("order").prefetch_related(
                Prefetch("projects", Project.objects.published()),
                Prefetch("policies", PolicyDocument.objects.published()),
                Prefetch("platforms", InnovationPlatform.objects.published()),
                Prefetch("indicators", Indicator.objects.published()),
            )
        )
        indicator_ids = {i.pk for s in sections for i in s.indicators.all()}
        values = {
            v.indicator_id: v
            for v in IndicatorValue.objects.published()
            .filter(year=report.year, indicator_id__in=indicator_ids)
            .select_related("indicator")
        }
        section_values = {
            s.pk: [values[i.pk] for i in s.indicators.all() if i.pk in values] for s in sections
        }
        charts = {pk: growth_chart(rows) for pk, rows in section_values.items()}
        return {
            "report": report,
            "rendered": render_report(report, sections, published_only=True),
            "section_values": section_values,
            # 预期目标 and 完成率 columns in the sections whose figures have a target.
            "section_targets": {
                pk: any(v.display_target for v in rows) for pk, rows in section_values.items()
            },
            "section_charts": {
                pk: {"id": f"chart-data-{pk}", "data": data} for pk, data in charts.items() if data
            },
        }


class ReportPdfView(ReportDetailView):
    """The report as a PDF rendered on the server, downloaded under its own Chinese title.

    Public like the page (published or withdrawn; 404 otherwise) and cached like it; a render
    takes seconds, so after a write the PDF is rendered again only if the document changed.
    """

    template_name = "portal/workreport_pdf.html"

    def get_context_data(self, **kwargs):
        # No fragment: the PDF is kept whole (portal.pdf), rendered from the report's own context.
        context = super(ReportDetailView, self).get_context_data(**kwargs)
        return {**context, **self.report_context(self.object)}

    def render_to_response(self, context, **response_kwargs):
        # The document is the zone's, in its language under /en/ too: dates, notices and all.
        with translation.override(settings.LANGUAGE_CODE):
            html = render_to_string(self.template_name, context, request=self.request)
        response = HttpResponse(cached_pdf(html), content_type="application/pdf")
        name = CONTROL_OR_SLASH.sub("", self.object.title).strip() or str(self.object.year)
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.pdf")
        return response


CONTROL_OR_SLASH = re.compile(r"[\x00-\x1f\x7f/\\]")


class IndicatorDetailView(KeptBodyMixin, ProfileMixin, DetailView):
    template_name = "portal/indicator_detail.html"
    context_object_name = "indicator"
    body_template = "portal/parts/indicator_detail_body.html"
    body_tables = (Indicator, IndicatorValue)

    def get_object(self):
        return get_object_or_404(
            Indicator.objects.public().select_related("parent"), code=self.kwargs["code"]
        )

    def body_context(self):
        indicator = self.object
        values = list(indicator.values.published().select_related("indicator").order_by("year"))
        context = {
            "values": values,
            # 预期目标 and 完成率 columns only where some year has a target.
            "has_targets": any(v.display_target for v in values),
            "components": indicator.components.published(),
            "chart": series_chart(indicator, values),
        }
        parent = indicator.parent
        context["parent"] = parent if parent is not None and parent.is_published else None
        if indicator.kind == IndicatorKind.RATIO:
            context["ratio_rows"] = ratio_rows(indicator)
        elif len(values) == 1 and values[0].is_actual:  # a target alone is no figure card
            context["card"] = figure_card(values[0])
        return context


class IndicatorListView(ExportListView):
    table_class = IndicatorValueTable
    filterset_class = IndicatorValueFilter
    template_name = "portal/indicator_list.html"
    title = _("指标数据")

    def get_queryset(self):
        return IndicatorValue.objects.published().select_related("indicator")

    def kept_pieces(self):
        return {**super().kept_pieces(), "latest-year": ((), self.table_class.fragment_tables)}

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if "year" not in self.request.GET:
            data = (kwargs["data"] or QueryDict()).copy()
            data["year"] = self.kept_value(
                "latest-year", lambda: self.get_queryset().latest_year() or ""
            )
            kwargs["data"] = data
        return kwargs

    def get_caption(self):
        year = self.filterset.form.cleaned_data.get("year") if self.filterset.is_valid() else None
        if year:
            return _("%(year)s年指标数据") % {"year": year}
        return self.title


class ProjectListView(ExportListView):
    table_class = ProjectTable
    filterset_class = ProjectFilter
    template_name = "portal/project_list.html"
    title = _("投资项目")

    def get_queryset(self):
        return Project.objects.published().with_public_platform()


class PolicyListView(ExportListView):
    table_class = PolicyTable
    filterset_class = PolicyFilter
    template_name = "portal/policydocument_list.html"
    title = _("政策文件")

    def get_queryset(self):
        policies = PolicyDocument.objects.published()
        return policies if lists_every_kind(self.request.GET) else policies.policies()


class PlatformListView(ExportListView):
    table_class = PlatformTable
    filterset_class = PlatformFilter
    template_name = "portal/innovationplatform_list.html"
    title = _("创新平台")

    def get_queryset(self):
        return InnovationPlatform.objects.published()


class ProjectDetailView(KeptBodyMixin, ProfileMixin, DetailView):
    template_name = "portal/project_detail.html"
    context_object_name = "project"
    body_template = "portal/parts/project_detail_body.html"
    # The project, its progress and platform, and the reports whose sections name it.
    body_tables = (Project, ProjectProgress, InnovationPlatform, WorkReport, ReportSection)

    def get_object(self):
        return get_object_or_404(
            Project.objects.public().select_related("platform"), pk=self.kwargs["pk"]
        )

    def body_context(self):
        platform = self.object.platform
        return {
            "progress": self.object.progress.order_by("-year"),
            "platform": platform if platform and platform.is_published else None,
            "reports": reports_mentioning(self.object),
        }


class PolicyDetailView(KeptBodyMixin, ProfileMixin, DetailView):
    template_name = "portal/policydocument_detail.html"
    context_object_name = "policy"
    body_template = "portal/parts/policydocument_detail_body.html"
    body_tables = (PolicyDocument, WorkReport, ReportSection)

    def get_object(self):
        return get_object_or_404(PolicyDocument.objects.public(), pk=self.kwargs["pk"])

    def body_context(self):
        return {"reports": reports_mentioning(self.object)}


def policy_attachment(request, pk):
    """A public policy's attachment (published or withdrawn, like its page); 404 otherwise."""
    policy = get_object_or_404(PolicyDocument.objects.public().exclude(attachment=""), pk=pk)
    return attachment_response(policy.attachment)


class PlatformDetailView(KeptBodyMixin, ProfileMixin, DetailView):
    template_name = "portal/innovationplatform_detail.html"
    context_object_name = "platform"
    body_template = "portal/parts/innovationplatform_detail_body.html"
    body_tables = (InnovationPlatform, Project, ProjectProgress, WorkReport, ReportSection)

    def get_object(self):
        return get_object_or_404(InnovationPlatform.objects.public(), pk=self.kwargs["pk"])

    def body_context(self):
        return {
            "projects": self.object.projects.published(),
            "reports": reports_mentioning(self.object),
        }


def reports_mentioning(record):
    return (
        WorkReport.objects.published()
        .filter(sections__in=record.report_sections.all())
        .distinct()
        .order_by("-year")
    )


class OpenDataView(ProfileMixin, TemplateView):
    """数据开放: every open dataset (hightech_zone.open_data) with its fields, its published
    records and last change, its downloads from the API, and where the API and the catalogue
    are. Cached whole like every public page (the stats are one query)."""

    template_name = "portal/open_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stats = open_data.dataset_stats()
        context["datasets"] = [(dataset, stats[dataset.key]) for dataset in open_data.DATASETS]
        context["license"] = settings.OPEN_DATA_LICENSE
        return context


class SearchView(ProfileMixin, TemplateView):
    template_name = "portal/search.html"
    query_parameters = ("q", "type", "year")
    max_query_length = 50

    def filters(self):
        """(kind, year, problem): the type and year asked for; a filter that is not one is
        refused whole, with what is wrong."""
        kind = self.request.GET.get("type", "").strip()
        year = self.request.GET.get("year", "").strip()
        if kind and kind not in SearchKind.values:
            return "", None, _("没有这种记录类型。")
        if year:
            if not (year.isascii() and year.isdigit() and MIN_YEAR <= int(year) <= MAX_YEAR):
                problem = _("年份应为%(min)s至%(max)s之间的整数。")
                return kind, None, problem % {"min": MIN_YEAR, "max": MAX_YEAR}
            year = int(year)
        return kind, year or None, None

    def query(self):
        return " ".join(self.request.GET.get("q", "").split())[: self.max_query_length]

    def kept_pieces(self):
        pieces = super().kept_pieces()
        kind, year, problem = self.filters()
        if not self.query() or problem:
            return pieces
        # The index follows every table of the zone's (a report reads them all).
        return {**pieces, "search": ((self.query(), kind, year), zone_data_models())}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.query()
        kind, year, problem = self.filters()
        context.update(query=query, kind=kind, year=year, problem=problem, kinds=SearchKind)
        if query and not problem:
            context["results"] = self.kept_html(
                "search",
                lambda: render_to_string(
                    "portal/parts/search_results.html",
                    self.results_context(query, kind, year),
                    self.request,
                ),
            )
        return context

    def results_context(self, query, kind, year):
        # Every type at once shows the first few of each, each type alone its first 20:
        # a page of 100 hits cost more to render than all of its queries.
        limit = site_search.PER_TYPE if kind else site_search.PER_TYPE_OF_ALL
        groups = search(query, kind=kind or None, year=year, limit=limit)
        return {
            "query": query,
            "kind": kind,
            "year": year,
            "groups": groups,
            "total": sum(group.count for group in groups),
            "capped": any(group.capped for group in groups),
            "cap": site_search.COUNT_CAP,
        }
