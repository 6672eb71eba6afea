"""The Swagger UI at /api/docs/, from our own static files and within the site's CSP."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    """drf-spectacular's CSP-friendly Swagger UI: its start-up script is a file of its own
    (?script), and the page's inline <style> is replaced by a stylesheet (the template), so
    the site's policy of own scripts and styles only still holds on this page."""

    template_name = "api/swagger_ui.html"
    title = "高新区开放数据接口 · Open data API"
