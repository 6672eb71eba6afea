"""System checks that the admin site keeps the guards every write path relies on."""

from django.contrib import admin
from django.core.checks import Error, register
from django.utils.translation import gettext as _


@register(deploy=False)
def admins_are_guarded(app_configs, **kwargs):
    """An admin registered after ours (a later plugin) misses guard_registered_admins: its
    junk filters and selections would answer 500 again."""
    from .admin.base import JunkInputAdmin

    return [
        Error(
            _("后台“%(admin)s”(%(model)s)未经 JunkInputAdmin 保护,错误的筛选条件会导致服务器错误。")
            % {"admin": type(model_admin).__name__, "model": model._meta.label},
            hint=_("后加载的后台需再调用 guard_registered_admins()。"),
            obj=type(model_admin),
            id="hightech_zone.E001",
        )
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, JunkInputAdmin)
    ]
