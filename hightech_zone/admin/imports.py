"""The log of spreadsheet imports, read-only."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

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
        "job_link",
    ]
    list_filter = ["outcome", "record_type", "created_at"]
    search_fields = ["file_name", "user__username", "errors"]
    date_hierarchy = "created_at"
    list_select_related = ["user", "job"]

    @admin.display(description=_("任务"))
    def job_link(self, record):
        """The job that ran the import, while its record is kept (JOBS_KEEP_DAYS); by number,
        as the list has no room for more at 1366 px."""
        if record.job_id is None:
            return "—"
        url = reverse("admin:hightech_zone_job_change", args=[record.job_id])
        title = record.job.get_kind_display()
        return format_html('<a href="{}" title="{}">#{}</a>', url, title, record.job_id)
