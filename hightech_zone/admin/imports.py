"""The log of spreadsheet imports, read-only."""

from django.contrib import admin

from ..models import (
    ImportRecord,
)
from .base import RecordedOnlyAdmin


@admin.register(ImportRecord)
class ImportRecordAdmin(RecordedOnlyAdmin):
    """The log of spreadsheet imports; written by the import itself, never by hand."""

    change_list_template = "admin/change_list.html"  # not the records' list with its tools
    list_display = [
        "created_at",
        "user",
        "record_type",
        "file_name",
        "outcome",
        "rows_total",
        "rows_created",
        "rows_updated",
        "rows_skipped",
    ]
    list_filter = ["outcome", "record_type", "created_at"]
    search_fields = ["file_name", "user__username", "errors"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
