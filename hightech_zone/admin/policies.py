"""The admin of policy documents."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..importing import resources
from ..models import (
    PolicyDocument,
)
from .base import PUBLICATION_FIELDS, PublishableAdmin
from .spreadsheets import SpreadsheetAdmin


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(SpreadsheetAdmin, PublishableAdmin):
    resource_classes = [resources.PolicyDocumentResource]
    list_display = [
        "title",
        "doc_number",
        "issuing_body",
        "kind",
        "category",
        "validity",
        "year",
        "published_on",
        "status",
    ]
    list_filter = ["validity", "category", "kind", "year", "issuing_body", "status"]
    staff_search_fields = ["index_number"]
    ordering = ["-year", "title"]
    date_hierarchy = "published_on"
    fieldsets = [
        (
            None,
            {"fields": ["title", "index_number", "doc_number", "issuing_body", "kind", "category"]},
        ),
        (
            _("时效"),
            {
                "fields": [
                    "validity",
                    "year",
                    ("written_on", "published_on"),
                    ("effective_on", "expires_on"),
                ]
            },
        ),
        (_("内容"), {"fields": ["summary", "body", "attachment"]}),
        (_("发布"), {"fields": PUBLICATION_FIELDS}),
    ]
