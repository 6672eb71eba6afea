"""The admins of projects and their yearly progress."""

from django.contrib import admin

from ..importing import resources
from ..models import (
    Project,
    ProjectProgress,
)
from .base import GuardedInline, PublishableAdmin, ZoneModelAdmin
from .spreadsheets import SpreadsheetAdmin


class ProjectProgressInline(GuardedInline, admin.TabularInline):
    model = ProjectProgress
    extra = 1
    ordering = ["-year"]


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
        "latest_stage",
        "latest_year",
        "status",
    ]
    list_filter = ["latest_stage", "progress__year", "industry", "status"]
    ordering = ["name"]
    autocomplete_fields = ["platform"]
    list_select_related = ["platform"]
    # What the public list shows of the progress below, kept by the database (0017).
    readonly_fields = Project.derived_fields
    inlines = [ProjectProgressInline]


@admin.register(ProjectProgress)
class ProjectProgressAdmin(ZoneModelAdmin):
    list_display = ["project", "year", "stage"]
    list_filter = ["year", "stage"]
    search_fields = ["project__name", "progress"]
    ordering = ["-year", "project__name"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
