"""The zone's app: its name in the admin, and what it connects when Django starts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HightechZoneConfig(AppConfig):
    name = "hightech_zone"
    verbose_name = _("高新区数据")

    def ready(self):
        from . import cache, checks, search_index  # noqa: F401  (checks registers them)
        from .models import zone_data_models
        from .relation_names import name_link_tables

        cache.connect(zone_data_models())
        search_index.connect(zone_data_models())
        name_link_tables(self.apps.get_models())  # Django's own too (a user's groups)
