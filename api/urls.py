"""The API's addresses: /api/v1/ and its resources, the OpenAPI schema and its Swagger UI."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from . import views
from .docs import SchemaView, SwaggerView
from .errors import not_found

router = SimpleRouter()
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("observations", views.ObservationViewSet, basename="observation")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("policies", views.PolicyViewSet, basename="policy")
router.register("platforms", views.PlatformViewSet, basename="platform")
router.register("reports", views.ReportViewSet, basename="report")

app_name = "api"

urlpatterns = [
    path("v1/zone/", views.ZoneView.as_view(), name="zone"),
    path("v1/", include(router.urls)),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/ is a JSON 404, never the site's HTML page.
    re_path(r"^.*$", not_found),
]
