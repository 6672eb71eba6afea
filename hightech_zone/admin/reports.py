"""The admins of the yearly work report and its sections."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from ..models import (
    ReportSection,
    WorkReport,
)
from ..references import render_report
from .base import GuardedInline, PublishableAdmin, ZoneModelAdmin


class ReportSectionInline(GuardedInline, admin.StackedInline):
    model = ReportSection
    extra = 0
    ordering = ["order"]
    autocomplete_fields = ["indicators", "projects", "policies", "platforms"]


@admin.register(WorkReport)
class WorkReportAdmin(PublishableAdmin):
    change_form_template = "admin/hightech_zone/workreport/change_form.html"

    list_display = ["year", "title", "issuing_body", "issued_on", "section_count", "status"]
    list_display_links = ["year", "title"]
    list_filter = ["status", "year"]
    staff_search_fields = ["issuing_body"]
    ordering = ["-year"]
    inlines = [ReportSectionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_section_count=Count("sections"))

    @admin.display(description=_("章节数"), ordering="_section_count")
    def section_count(self, obj):
        return obj._section_count

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/preview/", preview, name="hightech_zone_workreport_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        """The report as the public will read it, with every dangling reference flagged."""
        report = get_object_or_404(WorkReport, pk=pk)
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        include_drafts = request.GET.get("drafts") == "1"
        sections = list(report.sections.order_by("order"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("预览:%(report)s") % {"report": report},
            "opts": self.model._meta,
            "original": report,
            "report": report,
            "rendered": render_report(report, sections, published_only=not include_drafts),
            "include_drafts": include_drafts,
            "preview": True,
        }
        return TemplateResponse(request, "admin/hightech_zone/workreport/preview.html", context)


@admin.register(ReportSection)
class ReportSectionAdmin(ZoneModelAdmin):
    list_display = ["heading", "report", "order"]
    list_filter = ["report__year"]
    search_fields = ["heading", "body"]
    ordering = ["-report__year", "order"]
    list_select_related = ["report"]
    autocomplete_fields = ["report", "indicators", "projects", "policies", "platforms"]
