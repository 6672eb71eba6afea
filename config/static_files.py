"""The static files finder for the apps' folders, leaving out those of ours that nothing serves."""

from django.contrib.staticfiles.finders import AppDirectoriesFinder

# drf-spectacular-sidecar ships ReDoc beside Swagger UI; the API serves Swagger UI only, and
# compressing ReDoc's megabytes tripled collectstatic's time (make serve, the tests).
UNSERVED = ["redoc"]


class AppDirectoriesWithoutUnserved(AppDirectoriesFinder):
    """As Django's, without the files no page uses. A finder rather than a subclass of the
    staticfiles app: tools look that app up by its dotted name (pytest-django's live server
    serves static files only when "django.contrib.staticfiles" is installed)."""

    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *UNSERVED])
