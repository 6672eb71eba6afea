"""The admin site itself: its titles, and the guards and Chinese names it gives the admins of
other apps (users, groups, the login records)."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from ..models import ZoneProfile
from .base import JunkInputAdmin
from .permission_names import PermissionNamesAdmin

admin.site.site_header = _("高新区管委会 数据管理后台")
admin.site.site_title = _("高新区数据管理")
admin.site.index_title = _("数据管理")


def guard_registered_admins():
    """Gives the admins other apps registered before ours (users, groups, axes' login
    records) the same guard: Django's own lists have the same holes."""
    for model in apps.get_models():
        if admin.site.is_registered(model):
            model_admin = type(admin.site.get_model_admin(model))
            if not issubclass(model_admin, JunkInputAdmin):
                admin.site.unregister(model)
                admin.site.register(
                    model, type(model_admin.__name__, (JunkInputAdmin, model_admin), {})
                )


def name_permissions_in_chinese():
    for model in (User, Group):
        model_admin = type(admin.site.get_model_admin(model))
        admin.site.unregister(model)
        admin.site.register(
            model, type(model_admin.__name__, (PermissionNamesAdmin, model_admin), {})
        )


def hide_the_queue():
    """The queue's rows are the worker's business; staff follow their jobs on the jobs page
    (admin/jobs.py), which says who started each and what became of it, in Chinese."""
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)


hide_the_queue()
guard_registered_admins()
name_permissions_in_chinese()


def fit_login_record_lists():
    """axes' login records list the browser's whole user agent, one unbreakable line wider
    than a 1366 px screen: it stays on each record's page and in the search."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        if admin.site.is_registered(model):
            model_admin = admin.site.get_model_admin(model)
            model_admin.list_display = [f for f in model_admin.list_display if f != "user_agent"]


fit_login_record_lists()


def prompt_for_the_zone_profile(index):
    """The admin index of a zone started from nothing says so and links to the profile form:
    the way in for those who do not use `manage.py start_zone`."""

    def view(request, extra_context=None):
        context = {"zone_profile_missing": not ZoneProfile.objects.exists()}
        return index(request, {**context, **(extra_context or {})})

    return view


admin.site.index = prompt_for_the_zone_profile(admin.site.index)
