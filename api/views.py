"""The API's endpoints: read-only lists and records, each with its tables and change time."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from hightech_zone.importing.resources import (
    IndicatorResource,
    IndicatorValueResource,
    InnovationPlatformResource,
    PolicyDocumentResource,
    ProjectResource,
    WorkReportResource,
)
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
    zone_data_models,
)

from . import downloads, filters, records, serializers
from .caching import ConditionalGetMixin, list_parameters
from .downloads import Table


def key(name, kind, description):
    """The record's key in its address, described for the schema."""
    return [OpenApiParameter(name, kind, OpenApiParameter.PATH, description=description)]


RECORD_ID = key("id", int, "记录编号 / Identifier of the record")


def resource(tag, listed, one, *, parameters=RECORD_ID, list_description=None, responses=None):
    """A resource's two operations in the schema: its list and one record."""
    listing = {"description": list_description} if list_description else {}
    record = {"responses": responses} if responses else {}
    return extend_schema_view(
        list=extend_schema(summary=listed, tags=[tag], **listing),
        retrieve=extend_schema(summary=one, tags=[tag], parameters=parameters, **record),
    )


def public_parent(indicator):
    """The composite ratio's code, only while it is published (as the JSON names it)."""
    parent = indicator.parent
    return parent.code if parent is not None and parent.is_published else ""


# A list and its records. Last-Modified is the newest change among the rows the list reads
# (one aggregate), or the record's own. (A comment, not a docstring: drf-spectacular would
# publish a docstring as every operation's description.)
class ReadOnlyViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    ordering_fields = {}
    # A list also comes as a file (?format=csv|xlsx), with these columns.
    table = None

    @classmethod
    def renderers_for(cls, action):
        files = cls.table is not None and action == "list"
        return (JSONRenderer, *(downloads.RENDERERS if files else ()))

    @classmethod
    def query_parameters_for(cls, action):
        if action == "list":
            return list_parameters(cls.filterset_class)
        return super().query_parameters_for(action)

    def list(self, request, *args, **kwargs):
        file_format = request.accepted_renderer.format
        if file_format in downloads.FORMATS:
            rows = self.filter_queryset(self.get_queryset())
            return downloads.response(self.table, rows, request, file_format)
        return super().list(request, *args, **kwargs)

    def last_modified(self):
        if self.action == "retrieve" and getattr(self, "_record", None) is not None:
            return self._record.updated_at
        return records.newest_change(self.get_queryset())

    def get_object(self):
        self._record = super().get_object()
        return self._record


@extend_schema(summary="园区概况 / The zone", tags=["zone"])
class ZoneView(ConditionalGetMixin, APIView):
    """园区概况与称号荣誉 / The zone's profile and the designations it holds."""

    read_tables = (ZoneProfile, Designation)
    serializer_class = serializers.ZoneSerializer

    def get(self, request):
        profile = records.zone_profile()
        if profile is None:
            raise NotFound
        self._designations = list(records.designations())
        serializer = self.serializer_class(
            profile, context={"request": request, "designations": self._designations}
        )
        return Response(serializer.data)

    def last_modified(self):
        # The profile keeps no change time; its designations do.
        return max((d.updated_at for d in getattr(self, "_designations", ())), default=None)


@resource(
    "indicators",
    "指标列表 / Indicators",
    "指标 / An indicator, by code",
    parameters=key("code", str, "指标代码 / Indicator code"),
)
class IndicatorViewSet(ReadOnlyViewSet):
    read_tables = (Indicator,)
    serializer_class = serializers.IndicatorSerializer
    table = Table(
        "indicators", IndicatorResource, serializer_class, public={"parent": public_parent}
    )
    filterset_class = filters.IndicatorFilter
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    ordering_fields = {"code": "code", "name": "name", "category": "category"}

    def get_queryset(self):
        return records.indicators()


@resource(
    "observations",
    "指标数值(长表) / Observations, one row per indicator and year",
    "指标数值 / An observation",
)
class ObservationViewSet(ReadOnlyViewSet):
    read_tables = (IndicatorValue, Indicator)
    serializer_class = serializers.ObservationSerializer
    table = Table("observations", IndicatorValueResource, serializer_class, sdmx=True)
    filterset_class = filters.ObservationFilter
    ordering_fields = {
        "indicator": "indicator__code",
        "year": "year",
        "value": "value",
        "updated_at": "updated_at",
    }

    def get_queryset(self):
        return records.observations()


@resource("projects", "投资项目 / Projects", "投资项目 / A project")
class ProjectViewSet(ReadOnlyViewSet):
    read_tables = (Project, ProjectProgress, InnovationPlatform)
    serializer_class = serializers.ProjectSerializer
    table = Table(
        "projects",
        ProjectResource,
        serializer_class,
        public={"platform": lambda project: project.public_platform_name},
    )
    filterset_class = filters.ProjectApiFilter
    ordering_fields = {
        "name": "name",
        "total_investment": "total_investment",
        "latest_year": "latest_year",
        "updated_at": "updated_at",
    }

    def get_queryset(self):
        return records.projects()


@resource(
    "policies",
    "政策文件 / Policy documents",
    "政策文件 / A policy document",
    list_description="不指定文种时不含规划和课题研究 / Plans and studies only when a kind is given",
)
class PolicyViewSet(ReadOnlyViewSet):
    read_tables = (PolicyDocument,)
    serializer_class = serializers.PolicySerializer
    table = Table("policies", PolicyDocumentResource, serializer_class)
    filterset_class = filters.PolicyApiFilter
    ordering_fields = {"year": "year", "title": "title", "published_on": "published_on"}

    def get_queryset(self):
        every_kind = self.action == "retrieve" or bool(self.request.query_params.get("kind"))
        return records.policies(every_kind=every_kind)


@resource("platforms", "创新平台 / Innovation platforms", "创新平台 / An innovation platform")
class PlatformViewSet(ReadOnlyViewSet):
    read_tables = (InnovationPlatform,)
    serializer_class = serializers.PlatformSerializer
    table = Table("platforms", InnovationPlatformResource, serializer_class)
    filterset_class = filters.PlatformApiFilter
    ordering_fields = {"name": "name", "kind": "kind", "year_recognised": "year_recognised"}

    def get_queryset(self):
        return records.platforms()


@resource(
    "reports",
    "年度工作报告 / Yearly work reports",
    "年度工作报告全文 / A report, by year, with its sections and figures",
    parameters=key("year", int, "报告年度 / Year of the report"),
    responses=serializers.ReportDetailSerializer,
)
class ReportViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ReportSerializer
    table = Table("reports", WorkReportResource, serializer_class)
    filterset_class = filters.ReportFilter
    lookup_field = "year"
    lookup_value_regex = "[0-9]{1,4}"
    ordering_fields = {"year": "year"}

    @classmethod
    def read_tables_for(cls, action):
        # A report's text draws figures from nearly every table of the zone.
        return tuple(zone_data_models()) if action == "retrieve" else (WorkReport,)

    def get_queryset(self):
        return records.reports()

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        sections, closing = records.report_sections(report)
        context = {**self.get_serializer_context(), "sections": sections, "closing": closing}
        return Response(serializers.ReportDetailSerializer(report, context=context).data)
