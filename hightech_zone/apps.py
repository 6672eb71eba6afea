from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HightechZoneConfig(AppConfig):
    name = "hightech_zone"
    verbose_name = _("高新区数据")

    def ready(self):
        from . import cache, checks  # noqa: F401  (checks registers them)
        from .models import record_models

        cache.connect(record_models())
