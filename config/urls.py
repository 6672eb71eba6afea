"""The site's addresses: health check, open data, robots.txt, sitemap, admin, portal (/, /en/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from api.catalogue import CatalogueView
from portal.sitemaps import SITEMAPS, robots_txt

from .healthz import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The open datasets as a DCAT-AP catalogue (JSON-LD), for data portals to harvest.
    path("data.jsonld", CatalogueView.as_view(), name="open-data-catalogue"),
    # The open-data API: one address for every language (its messages carry both).
    path("api/", include("api.urls")),
    # For crawlers: one address whatever the language (the sitemap lists both).
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
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
