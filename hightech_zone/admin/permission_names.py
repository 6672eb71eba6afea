"""Permissions as the user and group forms offer them: named in Chinese, dead ones left out.

Django stores a permission's name in English ("Can add 指标") when it is created, and lists
those of every model, the history tables' included, which no admin page ever uses.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalChanges

ACTIONS = {"add": _("新增"), "change": _("修改"), "delete": _("删除"), "view": _("查看")}


def permission_label(permission):
    """高新区数据 | 指标 | 新增指标; a custom permission keeps its own (Chinese) name."""
    model = permission.content_type.model_class()
    if model is None:
        return permission.name
    meta = model._meta
    action = permission.codename.split("_", 1)[0]
    if action in ACTIONS and permission.codename == f"{action}_{meta.model_name}":
        what = gettext("%(action)s%(model)s") % {
            "action": ACTIONS[action],
            "model": meta.verbose_name,
        }
    else:
        what = permission.name
    return f"{meta.app_config.verbose_name} | {meta.verbose_name} | {what}"


# Apps whose models no admin page shows, so that a permission on them grants nothing: the job
# queue's rows (staff follow their jobs on the jobs page, admin/jobs.py).
NO_ADMIN_APPS = {"django_tasks_db"}


def live_content_types():
    """Models that still exist, are not history tables and have pages to grant access to."""
    return [
        kind.pk
        for kind in ContentType.objects.all()
        if (model := kind.model_class()) is not None
        and not issubclass(model, HistoricalChanges)
        and model._meta.app_config.name not in NO_ADMIN_APPS
    ]


class PermissionNamesAdmin:
    """For the admins of users and groups: their permission pickers read in Chinese."""

    permission_fields = ("permissions", "user_permissions")

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name in self.permission_fields:
            queryset = field.queryset.select_related("content_type")
            field.queryset = queryset.filter(content_type__in=live_content_types())
            field.label_from_instance = permission_label
        return field
