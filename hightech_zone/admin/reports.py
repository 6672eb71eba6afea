"""The admins of the yearly work report and its sections."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .. import rules, yearly
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
    actions = [*PublishableAdmin.actions, "start_next_year"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_section_count=Count("sections"))

    @admin.display(description=_("章节数"), ordering="_section_count")
    def section_count(self, obj):
        return obj._section_count

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        start_next = self.admin_site.admin_view(require_POST(self.start_next_view))
        return [
            path("<int:pk>/preview/", preview, name="hightech_zone_workreport_preview"),
            path("<int:pk>/start-next/", start_next, name="hightech_zone_workreport_start_next"),
            *super().get_urls(),
        ]

    def may_start_next(self, request):
        return self.has_add_permission(request) and rules.has_permission(
            request.user, ReportSection, "add"
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.may_start_next(request):
            actions.pop("start_next_year", None)
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        report = self.get_object(request, unquote(object_id))
        if report is not None:
            extra_context["next_report"] = WorkReport.objects.filter(year=report.year + 1).first()
            extra_context["may_start_next"] = self.may_start_next(request)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("开始下一年度报告(由所选的一份报告生成草稿)"))
    def start_next_year(self, request, queryset):
        reports = list(queryset[:2])
        if len(reports) != 1:
            self.message_user(request, _("请只选择一份报告来开始下一年度报告。"), messages.ERROR)
            return None
        return self._start_next(request, reports[0])

    def start_next_view(self, request, pk):
        """The change page's button: next year's report as a draft, from this one."""
        report = get_object_or_404(WorkReport, pk=pk)
        if not self.has_view_permission(request, report) or not self.may_start_next(request):
            raise PermissionDenied
        return self._start_next(request, report) or HttpResponseRedirect(
            reverse("admin:hightech_zone_workreport_change", args=[report.pk])
        )

    def _start_next(self, request, report):
        """The new draft's change page, or None with the refusal as an error message."""
        try:
            draft = yearly.start_next_report(report=report, user=request.user)
        except ValidationError as refused:
            self.message_user(request, refused.messages[0], messages.ERROR)
            return None
        except PermissionDenied as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return None
        self.message_user(
            request,
            _("已由%(year)s年报告生成%(next)s年报告的草稿。其中尚无数值的数字显示为“待填报”。")
            % {"year": report.year, "next": draft.year},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:hightech_zone_workreport_change", args=[draft.pk])
        )

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
