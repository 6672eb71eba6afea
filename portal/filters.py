"""The portal lists' filter sets, and the query parameters each one reads."""

import copy
from functools import cache, partial

import django_filters
from django.utils.translation import gettext_lazy as _

from hightech_zone.models import (
    IndicatorCategory,
    IndicatorValue,
    Industry,
    InnovationPlatform,
    PlatformKind,
    PlatformLevel,
    PolicyCategory,
    PolicyDocument,
    PolicyKind,
    PolicyValidity,
    Project,
    ProjectStage,
)

from .fragments import kept


class YearFilter(django_filters.NumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("年度"))
        super().__init__(*args, **kwargs)
        self.field.widget.attrs.update({"min": 1949, "max": 2100, "inputmode": "numeric"})


class IndicatorValueFilter(django_filters.FilterSet):
    year = YearFilter(field_name="year")
    category = django_filters.ChoiceFilter(
        field_name="indicator__category",
        choices=IndicatorCategory.choices,
        label=_("指标分类"),
        empty_label=_("全部"),
    )

    class Meta:
        model = IndicatorValue
        fields = ["year", "category"]


class ProjectFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(
        field_name="latest_stage",
        choices=ProjectStage.choices,
        label=_("建设阶段"),
        empty_label=_("全部"),
    )
    industry = django_filters.ChoiceFilter(
        choices=Industry.choices, label=_("所属产业"), empty_label=_("全部")
    )
    year = YearFilter(method="filter_year")

    class Meta:
        model = Project
        fields = ["stage", "industry", "year"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(progress__year=value).distinct()


class PolicyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=PolicyKind.choices, label=_("文种"), empty_label=_("全部政策文件")
    )
    validity = django_filters.ChoiceFilter(
        choices=PolicyValidity.choices, label=_("有效性"), empty_label=_("全部")
    )
    category = django_filters.ChoiceFilter(
        choices=PolicyCategory.choices, label=_("主题分类"), empty_label=_("全部")
    )
    issuing_body = django_filters.ChoiceFilter(label=_("发文机关"), empty_label=_("全部"))
    year = YearFilter(field_name="year")

    class Meta:
        model = PolicyDocument
        fields = ["kind", "validity", "category", "issuing_body", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Called only when the field renders or checks a value: a list page whose filter
        # fields are kept (portal.fragments) runs no query for them.
        # Kept apart for lists with and without plans and studies: their bodies differ.
        self.filters["issuing_body"].extra["choices"] = partial(
            issuing_bodies, self.queryset, every_kind=lists_every_kind(self.data)
        )


class PlatformFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=PlatformKind.choices, label=_("平台类型"), empty_label=_("全部")
    )
    level = django_filters.ChoiceFilter(
        choices=PlatformLevel.choices, label=_("级别"), empty_label=_("全部")
    )

    class Meta:
        model = InnovationPlatform
        fields = ["kind", "level"]


def lists_every_kind(query):
    """Whether a list of policies holds plans and studies (规划, 课题研究) too: only when the
    reader asks for a kind."""
    return bool((query or {}).get("kind"))


def issuing_bodies(queryset, *, every_kind):
    """The 发文机关 choices: every issuing body the listed policies name, kept until one changes
    (``every_kind``: whether the list holds plans and studies too)."""
    return kept(
        "issuing-bodies",
        every_kind,
        tables=(PolicyDocument,),
        compute=lambda: [(body, body) for body in queryset.distinct_values("issuing_body")],
    )


@cache
def query_parameters(filterset_class):
    """The query parameters a filter set reads: each filter's name, or its parts' names when
    its widget has several."""
    names = []
    for name, declared in filterset_class.base_filters.items():
        # A copy: building .field on the class's own filter would freeze it before __init__
        # sets its choices (PolicyFilter's issuing bodies).
        widget = copy.deepcopy(declared).field.widget
        if hasattr(widget, "suffixes"):  # django-filter's range widgets: year_min, year_max
            names += [widget.suffixed(name, suffix) for suffix in widget.suffixes]
        else:  # Django's multi-widgets: name_0, name_1; single widgets: name
            names += [name + part for part in getattr(widget, "widgets_names", [""])]
    return tuple(names)
