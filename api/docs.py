"""The OpenAPI document at /api/schema/, and its Swagger UI at /api/docs/ from our own static
files and within the site's CSP."""

import hashlib

from django.conf import settings
from django.utils.http import http_date
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .caching import CACHE_CONTROL, first_seen, kept_response, not_modified, weak_and_strong


class SwaggerView(SpectacularSwaggerSplitView):
    """drf-spectacular's CSP-friendly Swagger UI: its start-up script is a file of its own
    (?script), and the page's inline <style> is replaced by a stylesheet (the template), so
    the site's policy of own scripts and styles only still holds on this page."""

    template_name = "api/swagger_ui.html"
    title = "高新区开放数据接口 · Open data API"


class SchemaView(SpectacularAPIView):
    """/api/schema/: the OpenAPI document, built once per process for each representation
    (it changes only with the code), with an ETag of its content, Last-Modified, Cache-Control
    and a 304 when the client holds it, as every other answer of the API has."""

    built = {}
    schema = None  # the document does not describe itself (SERVE_INCLUDE_SCHEMA)

    def get(self, request, *args, **kwargs):
        key = (request.accepted_media_type, request.GET.get("lang", ""))
        built = self.built.get(key)
        if built is None:
            response = super().get(request, *args, **kwargs)
            response = self.finalize_response(request, response, *args, **kwargs).render()
            if response.status_code != 200:
                return response
            built = (response.content, list(response.items()))
            if key[1] in ("", *dict(settings.LANGUAGES)):  # never one per junk ?lang=
                self.built[key] = built
        content, headers = built
        etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
        if etag in weak_and_strong(request.headers.get("If-None-Match", "")):
            return not_modified(etag)
        response = kept_response((etag, content, headers))
        response["ETag"] = etag
        response["Last-Modified"] = http_date(first_seen(etag).timestamp())
        response["Cache-Control"] = CACHE_CONTROL
        return response
