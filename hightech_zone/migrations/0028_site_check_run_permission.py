"""Who may run the site check from its page: 编辑 and 审核发布, not 只读 (a run is stored)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RUNNERS = ("编辑", "审核发布")


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    run = Permission.objects.filter(
        content_type__app_label="hightech_zone", codename="add_sitecheckrun"
    )
    for group in Group.objects.filter(name__in=RUNNERS):
        group.permissions.add(*run)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    run = Permission.objects.filter(
        content_type__app_label="hightech_zone", codename="add_sitecheckrun"
    )
    for group in Group.objects.filter(name__in=RUNNERS):
        group.permissions.remove(*run)


class Migration(migrations.Migration):
    dependencies = [("hightech_zone", "0027_disclosure_column")]

    operations = [migrations.RunPython(grant, revoke)]
