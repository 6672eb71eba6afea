"""The admins of projects and their yearly progress."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..importing import resources
from ..models import (
    Project,
    ProjectProgress,
    ProjectStage,
)
from .base import GuardedInline, PublishableAdmin, ZoneModelAdmin
from .spreadsheets import SpreadsheetAdmin


class ProjectProgressInline(GuardedInline, admin.TabularInline):
    model = ProjectProgress
    extra = 1
    ordering = ["-year"]


class ProjectStageFilter(admin.SimpleListFilter):
    title = _("最新建设阶段")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return ProjectStage.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(latest_stage=self.value())
        return queryset


@admin.register(Project)
class ProjectAdmin(SpreadsheetAdmin, PublishableAdmin):
    resource_classes = [resources.ProjectResource]
    # Chosen to fit a 1366 px screen beside the sidebars; the investor and platform are on
    # the project's page and found by the search.
    list_display = [
        "name",
        "phase",
        "industry",
        "total_investment",
        "latest_stage_display",
        "latest_year_display",
        "status",
    ]
    list_filter = [ProjectStageFilter, "progress__year", "industry", "status"]
    ordering = ["name"]
    autocomplete_fields = ["platform"]
    list_select_related = ["platform"]
    # What the public list shows of the progress below, kept by the database (0017).
    readonly_fields = Project.derived_fields
    inlines = [ProjectProgressInline]

    @admin.display(description=_("最新建设阶段"), ordering="latest_stage")
    def latest_stage_display(self, obj):
        return obj.get_latest_stage_display() or "—"

    @admin.display(description=_("最新年度"), ordering="latest_year")
    def latest_year_display(self, obj):
        return obj.latest_year or "—"


@admin.register(ProjectProgress)
class ProjectProgressAdmin(ZoneModelAdmin):
    list_display = ["project", "year", "stage"]
    list_filter = ["year", "stage"]
    search_fields = ["project__name", "progress"]
    ordering = ["-year", "project__name"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
