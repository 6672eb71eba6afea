"""The admin of the 政府信息公开工作年度报告: the report with its part 三 rows inline, its
derived policy counts shown, and its XLSX."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..disclosure import balance_problems, complete_rows, policy_counts, request_counts
from ..models import (
    APPEAL_KINDS,
    APPEAL_RESULTS,
    APPLICANT_COLUMNS,
    MAX_YEAR,
    MIN_YEAR,
    DisclosureReport,
    DisclosureRequestRow,
    RequestRow,
)
from ..report_workbooks import disclosure_response
from .base import PUBLICATION_FIELDS, GuardedInline, PublishableAdmin, ZoneModelAdmin

OFFICIAL_ORDER = Case(
    *(When(row=row, then=Value(position)) for position, row in enumerate(RequestRow)),
    output_field=IntegerField(),
)


class _Entered:
    """A row as its form holds it, for the balance check."""

    def __init__(self, data):
        self.row = data["row"]
        self.counts = [data.get(column) or 0 for column in APPLICANT_COLUMNS]


class BalancedFormSet:
    """Part 三 must add up in every column, or nothing is saved."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kept = [
            _Entered(form.cleaned_data)
            for form in self.forms
            if form.cleaned_data.get("row") and form not in self.deleted_forms
        ]
        problems = balance_problems(request_counts(kept))
        if problems:
            raise ValidationError(problems, code="unbalanced")


class RequestRowInline(GuardedInline, admin.TabularInline):
    model = DisclosureRequestRow
    fields = ["row", *APPLICANT_COLUMNS]
    verbose_name_plural = _("三、收到和处理政府信息公开申请情况(未填的项目按0计)")

    def get_queryset(self, request):
        return super().get_queryset(request).order_by(OFFICIAL_ORDER)

    def get_extra(self, request, obj=None, **kwargs):
        return len(missing_rows(obj))

    def get_max_num(self, request, obj=None, **kwargs):
        return len(RequestRow)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (BalancedFormSet, formset), {})


def missing_rows(report):
    entered = set()
    if report is not None and report.pk:
        entered = set(report.request_rows.values_list("row", flat=True))
    return [row for row in RequestRow if row not in entered]


@admin.register(DisclosureReport)
class DisclosureReportAdmin(PublishableAdmin):
    list_display = ["year", "title", "issuing_body", "issued_on", "status", "download"]
    list_display_links = ["year", "title"]
    list_filter = ["status", "year"]
    search_fields = ["title", "issuing_body", "overview"]
    ordering = ["-year"]
    inlines = [RequestRowInline]
    readonly_fields = ["policy_figures"]
    fieldsets = [
        (None, {"fields": ["year", "title", "issuing_body", "issued_on", "overview"]}),
        (
            _("二、主动公开政府信息情况"),
            {
                "fields": [
                    "policy_figures",
                    "licensing_decisions",
                    ("penalty_decisions", "coercion_decisions"),
                    "fees_wan",
                ]
            },
        ),
        (
            _("四、政府信息公开行政复议、行政诉讼情况"),
            {
                "description": _("每类的总计必须等于结果维持、结果纠正、其他结果与尚未审结之和。"),
                "fields": [
                    tuple(f"{kind}_{result}" for result in (*APPEAL_RESULTS, "total"))
                    for kind in APPEAL_KINDS
                ],
            },
        ),
        (_("五、六"), {"fields": ["problems", "other_matters"]}),
        (_("发布"), {"fields": PUBLICATION_FIELDS}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        complete_rows(report=form.instance, user=request.user)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, RequestRowInline):
            kwargs["initial"] = [{"row": row} for row in missing_rows(obj)]
        return kwargs

    @admin.display(description=_("规章和行政规范性文件(由政策文件统计)"))
    def policy_figures(self, obj):
        # The year as typed, on a form sent back with errors, may be no year at all.
        if obj is None or not obj.year or not MIN_YEAR <= obj.year <= MAX_YEAR:
            return _("保存报告年度后,按已发布的政策文件统计。")
        return format_html_join(
            "",
            "<p>{}:本年制发 {} 件,本年废止 {} 件,现行有效 {} 件</p>",
            ((c.label, c.issued, c.repealed, c.in_force) for c in policy_counts(obj.year)),
        )

    @admin.display(description=_("导出"))
    def download(self, obj):
        url = reverse("admin:hightech_zone_disclosurereport_xlsx", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("XLSX"))

    def get_urls(self):
        xlsx = self.admin_site.admin_view(self.xlsx_view)
        return [
            path("<int:pk>/xlsx/", xlsx, name="hightech_zone_disclosurereport_xlsx"),
            *super().get_urls(),
        ]

    def xlsx_view(self, request, pk):
        """The report in the official tables' layout, as it stands (a draft included)."""
        report = get_object_or_404(DisclosureReport, pk=pk)
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        return disclosure_response(report)


@admin.register(DisclosureRequestRow)
class DisclosureRequestRowAdmin(ZoneModelAdmin):
    # The report by its year: its whole title beside the longest row names and six counts
    # made the list 975 px wide in a 717 px column at 1366 px.
    list_display = ["row", "report_year", *APPLICANT_COLUMNS]
    list_filter = ["report__year"]
    search_fields = ["report__title"]
    ordering = ["-report__year", "row"]
    list_select_related = ["report"]
    autocomplete_fields = ["report"]

    @admin.display(description=_("年度"), ordering="report__year")
    def report_year(self, row):
        return row.report.year
