"""The site's addresses: health check, staff admin, portal (Chinese at /, English at /en/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from hightech_zone.admin import attachment_view, consistency_view, workbook_view

from .healthz import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(
        f"{settings.ADMIN_URL}consistency/",
        admin.site.admin_view(consistency_view),
        name="admin_consistency",
    ),
    path(
        f"{settings.ADMIN_URL}workbook/",
        admin.site.admin_view(workbook_view),
        name="admin_workbook",
    ),
    path(
        f"{settings.ADMIN_URL}media/<path:name>",
        admin.site.admin_view(attachment_view),
        name="admin_attachment",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Chinese at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("", include("portal.urls")),
    prefix_default_language=False,
)

# A database outage answers 503 with a maintenance page; any other error Django's 500.
handler500 = "config.errors.server_error"
handler404 = "config.errors.page_not_found"
