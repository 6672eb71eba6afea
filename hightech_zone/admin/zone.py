"""The admins of the zone's profile and its designations."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..importing import resources
from ..models import (
    Designation,
    ZoneProfile,
)
from .base import PublishableAdmin, ZoneModelAdmin
from .figures import DECIMAL_OVERRIDES
from .spreadsheets import SpreadsheetAdmin


@admin.register(ZoneProfile)
class ZoneProfileAdmin(ZoneModelAdmin):
    formfield_overrides = {**DECIMAL_OVERRIDES, models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "short_name", "founded_year", "area_km2", "population_wan"]
    search_fields = ["name", "short_name"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "short_name",
                    "level",
                    "management_body",
                    "administrative_status",
                    "loaded_version",
                ]
            },
        ),
        (_("沿革"), {"fields": [("founded_year", "founded_month"), "origin"]}),
        (_("自然情况"), {"fields": [("area_km2", "population_wan"), "location", "transport"]}),
        (_("介绍与联系方式"), {"fields": ["overview", "address", "phone", "website"]}),
        (
            _("网站标识"),
            {
                "fields": [
                    "site_sponsor",
                    "contact_email",
                    "site_code",
                    "icp_number",
                    "police_record_number",
                    "conac_url",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        # One zone per installation: the profile is edited, never added twice.
        return super().has_add_permission(request) and not ZoneProfile.objects.exists()


@admin.register(Designation)
class DesignationAdmin(SpreadsheetAdmin, PublishableAdmin):
    resource_classes = [resources.DesignationResource]
    list_display = ["name", "granting_body", "year", "month", "display_order", "status"]
    list_filter = ["status", "year", "granting_body"]
    ordering = ["display_order", "year"]
