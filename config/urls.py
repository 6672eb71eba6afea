"""The site's addresses: health check, open data (API, catalogue), admin, portal (/ and /en/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from api.catalogue import CatalogueView

from .healthz import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The open datasets as a DCAT-AP catalogue (JSON-LD), for data portals to harvest.
    path("data.jsonld", CatalogueView.as_view(), name="open-data-catalogue"),
    # The open-data API: one address for every language (its messages carry both).
    path("api/", include("api.urls")),
    path(settings.ADMIN_URL, include("hightech_zone.admin.urls")),
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
