"""The admin's own pages, mounted under the admin's address by config/urls.py."""

from django.contrib import admin
from django.urls import path

from .site_check import site_check_view
from .views import (
    attachment_view,
    consistency_view,
    maintenance_view,
    website_report_view,
    workbook_view,
    year_view,
)

urlpatterns = [
    path("consistency/", admin.site.admin_view(consistency_view), name="admin_consistency"),
    path("site-check/", admin.site.admin_view(site_check_view), name="admin_site_check"),
    path("year/", admin.site.admin_view(year_view), name="admin_year"),
    path("year/<int:year>/", admin.site.admin_view(year_view), name="admin_year"),
    path(
        "website-report/", admin.site.admin_view(website_report_view), name="admin_website_report"
    ),
    path("workbook/", admin.site.admin_view(workbook_view), name="admin_workbook"),
    path("maintenance/", admin.site.admin_view(maintenance_view), name="admin_maintenance"),
    path("media/<path:name>", admin.site.admin_view(attachment_view), name="admin_attachment"),
]
