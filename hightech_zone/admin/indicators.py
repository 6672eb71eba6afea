"""The admins of indicators and their yearly values."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.urls import path
from django.utils.html import format_html_join
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from ..importing import resources
from ..importing.formats import XLSX, Spreadsheet, YearColumns
from ..importing.year_columns import values_by_year
from ..middleware import bad_request
from ..models import (
    Indicator,
    IndicatorValue,
)
from .base import PUBLICATION_FIELDS, GuardedInline, PublishableAdmin
from .spreadsheets import BAD_EXPORT_FILTER, SpreadsheetAdmin


class IndicatorValueInline(GuardedInline, admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = [
        "year",
        "value",
        "qualifier",
        "growth_pct",
        "rank",
        "rank_scope",
        "rank_basis",
        "rank_change",
        "status",
        "loaded_version",
    ]
    ordering = ["-year"]
    show_change_link = True


class ComponentInline(GuardedInline, admin.TabularInline):
    model = Indicator
    fk_name = "parent"
    extra = 0
    fields = ["code", "name", "unit", "display_order", "status", "loaded_version"]
    verbose_name = _("组成指标")
    verbose_name_plural = _("组成指标(构成比的各部分)")
    show_change_link = True


@admin.register(Indicator)
class IndicatorAdmin(SpreadsheetAdmin, PublishableAdmin):
    resource_classes = [resources.IndicatorResource]
    # Chosen to fit a 1366 px screen beside the sidebars; kind and parent are list filters.
    list_display = [
        "name",
        "code_display",
        "unit",
        "category",
        "is_headline",
        "value_count",
        "status",
    ]
    list_display_links = ["name", "code_display"]
    list_filter = ["category", "catalogue_group", "kind", "is_headline", "status", "unit"]
    ordering = ["category", "display_order", "code"]
    autocomplete_fields = ["parent", "change_of"]
    inlines = [IndicatorValueInline, ComponentInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "name_en", "unit", "category", "kind", "parent"]}),
        (_("说明与显示"), {"fields": ["definition", "aliases", "display_order", "is_headline"]}),
        (_("评价体系"), {"fields": ["catalogue_group"]}),
        (
            _("一致性检查"),
            {"fields": ["counts_platform_kind", "counts_platform_level", "change_of"]},
        ),
        (_("发布"), {"fields": PUBLICATION_FIELDS}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .annotate(_value_count=Count("values"))
        )

    @admin.display(description=_("指标代码"), ordering="code")
    def code_display(self, obj):
        # A long code (univ_park_ceremony_signed_projects) may break after its underscores.
        return format_html_join(
            mark_safe("_<wbr>"), "{}", ((part,) for part in obj.code.split("_"))
        )

    @admin.display(description=_("数值条数"), ordering="_value_count")
    def value_count(self, obj):
        return obj._value_count


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SpreadsheetAdmin, PublishableAdmin):
    resource_classes = [resources.IndicatorValueResource]
    import_formats = [Spreadsheet, YearColumns]
    list_display = [
        "indicator",
        "year",
        "display_value",
        "display_growth",
        "display_rank",
        "status",
    ]
    list_filter = ["year", "indicator__category", "status", "rank_basis"]
    search_fields = ["indicator__name", "indicator__code", "note", "source", "rank_scope"]
    ordering = ["-year", "indicator__category", "indicator__display_order"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator"]
    fieldsets = [
        (None, {"fields": ["indicator", "year", ("value", "qualifier")]}),
        (_("前后对比"), {"fields": [("baseline_value", "baseline_qualifier")]}),
        (_("增长"), {"fields": [("growth_pct", "growth_basis"), "prior_multiple"]}),
        (
            _("排名"),
            {"fields": ["rank", "rank_scope", "rank_basis", ("rank_change", "rank_compared_year")]},
        ),
        (
            _("预期目标"),
            {"fields": [("target_value", "target_qualifier"), "target_growth_pct"]},
        ),
        (_("说明"), {"fields": ["note", "source", "acknowledged_discrepancy"]}),
        (_("发布"), {"fields": PUBLICATION_FIELDS}),
    ]

    def get_urls(self):
        by_year = self.admin_site.admin_view(self.export_by_year_view)
        return [
            path("export-by-year/", by_year, name="hightech_zone_indicatorvalue_export_by_year"),
            *super().get_urls(),
        ]

    def export_by_year_view(self, request):
        """The values the list shows (its filters apply), as 指标 | 单位 | one column per year."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        try:
            values = self.get_export_queryset(request)
        except IncorrectLookupParameters:
            return bad_request(request, BAD_EXPORT_FILTER)
        dataset = values_by_year(values)
        dataset.title = "按年份"
        response = HttpResponse(XLSX().export_data(dataset), content_type=XLSX.CONTENT_TYPE)
        name = f"{self.model._meta.verbose_name_plural}-按年份-{localdate():%Y-%m-%d}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response

    @admin.display(description=_("数值"), ordering="value")
    def display_value(self, obj):
        return obj.display_value or "—"

    @admin.display(description=_("同比增长"), ordering="growth_pct")
    def display_growth(self, obj):
        return obj.display_growth or "—"

    @admin.display(description=_("排名"))
    def display_rank(self, obj):
        return obj.display_rank or "—"
