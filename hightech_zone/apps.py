"""The apps' configurations: ours, and django-axes' under a Chinese name."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class HightechZoneConfig(AppConfig):
    default = True  # this module holds two configurations
    name = "hightech_zone"
    verbose_name = _("高新区数据")

    def ready(self):
        from . import cache, checks  # noqa: F401  (checks registers them)
        from .models import record_models
        from .relation_names import name_link_tables

        cache.connect(record_models())
        name_link_tables(self.apps.get_models())  # Django's own too (a user's groups)


def _when(record):
    return date_format(localtime(record.attempt_time), "Y-m-d H:i:s")


class AxesConfig(AxesAppConfig):
    """django-axes names neither its app nor its records in a translatable way; the admin
    shows both (section title, breadcrumbs, delete confirmations)."""

    verbose_name = _("登录安全")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = lambda r: (
            gettext("%(user)s 于 %(time)s 的登录尝试")
            % {
                "user": r.username,
                "time": _when(r),
            }
        )
        AccessFailureLog.__str__ = lambda r: (
            gettext("%(user)s 于 %(time)s 登录失败")
            % {
                "user": r.username,
                "time": _when(r),
            }
        )
        AccessLog.__str__ = lambda r: (
            gettext("%(user)s 于 %(time)s 的登录记录")
            % {
                "user": r.username,
                "time": _when(r),
            }
        )
