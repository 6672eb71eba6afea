"""The public portal's app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("公众门户")

    def ready(self):
        from . import checks  # noqa: F401  (registers them)
