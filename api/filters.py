"""The API lists' query parameters: the portal's filter sets, widened to year ranges, change
times and codes, and a strict ordering."""

import copy
from datetime import UTC, datetime, time

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.drainage import set_override
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from hightech_zone.models import (
    CatalogueGroup,
    Indicator,
    IndicatorCategory,
    PolicyCategory,
    PolicyDocument,
    PolicyKind,
    PolicyValidity,
    ProjectProgress,
    WorkReport,
)
from portal.filters import IndicatorValueFilter, PlatformFilter, ProjectFilter

MIN_PERIOD, MAX_PERIOD = 0, 9999


class PeriodField(forms.IntegerField):
    default_error_messages = {
        "invalid": "应为年份(整数) / must be a year (a whole number)",
        "min_value": f"年份不能小于{MIN_PERIOD} / the year must be at least {MIN_PERIOD}",
        "max_value": f"年份不能大于{MAX_PERIOD} / the year must be at most {MAX_PERIOD}",
    }

    def __init__(self, **kwargs):
        super().__init__(min_value=MIN_PERIOD, max_value=MAX_PERIOD, **kwargs)


class SchemaFilter:
    """A filter that tells the OpenAPI schema its own type and its label as description: what
    drf-spectacular would read from the model field is not what the filter accepts."""

    schema = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_override(self, "field", {**self.schema, "description": str(self.label)})


class PeriodFilter(SchemaFilter, django_filters.Filter):
    """A year, as an integer from 0 to 9999: a database cannot compare a larger number."""

    field_class = PeriodField
    schema = {"type": "integer", "minimum": MIN_PERIOD, "maximum": MAX_PERIOD}


class InstantField(forms.Field):
    """An ISO 8601 date or date and time; a date is its first moment, a time without offset
    is Beijing time (the site's TIME_ZONE)."""

    default_error_messages = {
        "invalid": (
            "应为 ISO 8601 日期或时间,如 2024-01-31 或 2024-01-31T08:00:00+08:00 / "
            "must be an ISO 8601 date or date and time"
        )
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        try:
            moment = parse_datetime(text)
            if moment is None:
                day = parse_date(text)
                moment = day and datetime.combine(day, time.min)
            if moment is None:
                raise ValueError(text)
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            moment.astimezone(UTC)  # what the database compares: it must exist
        except (ValueError, OverflowError) as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
        return moment


class UpdatedAfterFilter(SchemaFilter, django_filters.Filter):
    field_class = InstantField
    schema = {"type": "string", "example": "2024-01-31T08:00:00+08:00"}

    def __init__(self, **kwargs):
        super().__init__(field_name="updated_at", lookup_expr="gte", **kwargs)


class CodesFilter(SchemaFilter, django_filters.BaseInFilter, django_filters.CharFilter):
    """One code or several, separated by commas."""

    schema = {"type": "string", "example": "gdp"}


def relabel(filterset, **labels):
    """Give the filters a filter set shares with the portal's a description in both languages,
    on copies: the portal's forms keep their own labels."""
    for name, label in labels.items():
        relabelled = copy.deepcopy(filterset.base_filters[name])
        relabelled.label = label
        filterset.base_filters[name] = relabelled
    return filterset


UPDATED_AFTER = "更新时间不早于 / updated at or after (ISO 8601 date or date and time)"
START = "起始年度 / first year (inclusive)"
END = "截止年度 / last year (inclusive)"


class ObservationFilter(IndicatorValueFilter):
    year = PeriodFilter(field_name="year", label="年度 / year")
    indicator = CodesFilter(field_name="indicator__code", label="指标代码 / indicator code(s)")
    startPeriod = PeriodFilter(field_name="year", lookup_expr="gte", label=START)
    endPeriod = PeriodFilter(field_name="year", lookup_expr="lte", label=END)
    updatedAfter = UpdatedAfterFilter(label=UPDATED_AFTER)

    class Meta(IndicatorValueFilter.Meta):
        fields = ["indicator", "year", "startPeriod", "endPeriod", "category", "updatedAfter"]


relabel(ObservationFilter, category="指标分类 / category of the indicator")


class IndicatorFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(
        choices=IndicatorCategory.choices, label="指标分类 / category"
    )
    group = django_filters.ChoiceFilter(
        field_name="catalogue_group",
        choices=CatalogueGroup.choices,
        label="评价体系分组 / catalogue group",
    )
    updatedAfter = UpdatedAfterFilter(label=UPDATED_AFTER)

    class Meta:
        model = Indicator
        fields = ["category", "group", "updatedAfter"]


class ProjectApiFilter(ProjectFilter):
    """Projects by their latest stage, industry, and the years of their progress."""

    year = PeriodFilter(method="progress_between", label="有进展记录的年度 / a year of progress")
    startPeriod = PeriodFilter(method="progress_between", label=START)
    endPeriod = PeriodFilter(method="progress_between", label=END)
    updatedAfter = UpdatedAfterFilter(label=UPDATED_AFTER)

    class Meta(ProjectFilter.Meta):
        fields = ["stage", "industry", "year", "startPeriod", "endPeriod", "updatedAfter"]

    def progress_between(self, queryset, name, value):
        # EXISTS, not a join: a project with progress in several of the years is listed once.
        lookup = {"year": "year", "startPeriod": "year__gte", "endPeriod": "year__lte"}[name]
        progress = ProjectProgress.objects.filter(project=OuterRef("pk"), **{lookup: value})
        return queryset.filter(Exists(progress))


relabel(
    ProjectApiFilter,
    stage="最新建设阶段 / stage in the latest year of progress",
    industry="所属产业 / industry",
)


class PolicyApiFilter(django_filters.FilterSet):
    """The portal's policy filters, but 发文机关 matched as text: the portal offers the bodies
    the records name as choices, read and kept for its form."""

    kind = django_filters.ChoiceFilter(choices=PolicyKind.choices, label="文种 / kind")
    validity = django_filters.ChoiceFilter(
        choices=PolicyValidity.choices, label="有效性 / validity"
    )
    category = django_filters.ChoiceFilter(
        choices=PolicyCategory.choices, label="主题分类 / category"
    )
    issuingBody = django_filters.CharFilter(
        field_name="issuing_body", label="发文机关 / issuing body (exact)"
    )
    year = PeriodFilter(field_name="year", label="年度 / year")
    startPeriod = PeriodFilter(field_name="year", lookup_expr="gte", label=START)
    endPeriod = PeriodFilter(field_name="year", lookup_expr="lte", label=END)
    updatedAfter = UpdatedAfterFilter(label=UPDATED_AFTER)

    class Meta:
        model = PolicyDocument
        fields = [
            "kind",
            "validity",
            "category",
            "issuingBody",
            "year",
            "startPeriod",
            "endPeriod",
            "updatedAfter",
        ]


class PlatformApiFilter(PlatformFilter):
    startPeriod = PeriodFilter(field_name="year_recognised", lookup_expr="gte", label=START)
    endPeriod = PeriodFilter(field_name="year_recognised", lookup_expr="lte", label=END)
    updatedAfter = UpdatedAfterFilter(label=UPDATED_AFTER)

    class Meta(PlatformFilter.Meta):
        fields = ["kind", "level", "startPeriod", "endPeriod", "updatedAfter"]


relabel(PlatformApiFilter, kind="平台类型 / kind of platform", level="级别 / level")


class ReportFilter(django_filters.FilterSet):
    startPeriod = PeriodFilter(field_name="year", lookup_expr="gte", label=START)
    endPeriod = PeriodFilter(field_name="year", lookup_expr="lte", label=END)
    updatedAfter = UpdatedAfterFilter(label=UPDATED_AFTER)

    class Meta:
        model = WorkReport
        fields = ["startPeriod", "endPeriod", "updatedAfter"]


class StrictOrderingFilter(BaseFilterBackend):
    """?ordering=field,-other over the view's ``ordering_fields`` ({name in the API: model
    field}); a name not among them is a 400 (DRF's OrderingFilter ignores it silently). The
    primary key breaks ties, so that pages never overlap; blanks come last."""

    param = "ordering"

    def filter_queryset(self, request, queryset, view):
        fields = getattr(view, "ordering_fields", {})
        raw = request.query_params.get(self.param)
        if not raw or not fields:
            return queryset
        terms = [term.strip() for term in raw.split(",")]
        wrong = [term for term in terms if term.removeprefix("-") not in fields]
        if wrong:
            allowed = ", ".join(fields)
            raise ValidationError(
                {self.param: [f"可排序的字段 / fields one may order by: {allowed}"]}
            )
        # Blanks last either way, on every database (PostgreSQL would put them first when
        # descending, SQLite when ascending): the largest investment first, not the unknown.
        order = [
            F(fields[t.removeprefix("-")]).desc(nulls_last=True)
            if t.startswith("-")
            else F(fields[t]).asc(nulls_last=True)
            for t in terms
        ]
        return queryset.order_by(*order, "pk")

    def get_schema_operation_parameters(self, view):
        fields = getattr(view, "ordering_fields", {})
        if not fields:
            return []
        names = [*fields, *(f"-{name}" for name in fields)]
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": "排序字段,逗号分隔,前加 - 为降序 / "
                "fields to order by, comma-separated, - for descending",
                "schema": {"type": "array", "items": {"type": "string", "enum": names}},
                "style": "form",
                "explode": False,
            }
        ]
