"""Django's staticfiles app, leaving out the static files of ours that nothing serves."""

from django.contrib.staticfiles.apps import StaticFilesConfig


class StaticFiles(StaticFilesConfig):
    # drf-spectacular-sidecar ships ReDoc beside Swagger UI; the API serves Swagger UI only,
    # and compressing ReDoc's megabytes tripled collectstatic's time (make serve, the tests).
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "redoc"]
