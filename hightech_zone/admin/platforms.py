"""The admin of innovation platforms."""

from django.contrib import admin

from ..importing import resources
from ..models import (
    InnovationPlatform,
)
from .base import PublishableAdmin
from .spreadsheets import SpreadsheetAdmin


@admin.register(InnovationPlatform)
class InnovationPlatformAdmin(SpreadsheetAdmin, PublishableAdmin):
    resource_classes = [resources.InnovationPlatformResource]
    list_display = [
        "name",
        "kind",
        "level",
        "host_organisation",
        "year_recognised",
        "operating_state",
        "status",
    ]
    list_filter = ["kind", "level", "status", "year_recognised"]
    ordering = ["kind", "name"]
