"""Editors and publishers propose revisions; every role may read them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "编辑": ["add_revision", "view_revision"],
    "审核发布": ["add_revision", "view_revision"],
    "只读": ["view_revision"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="hightech_zone", codename__in=GRANTS[group.name]
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(
            *group.permissions.filter(codename__in=["add_revision", "view_revision"])
        )


class Migration(migrations.Migration):
    dependencies = [("hightech_zone", "0009_revisions")]

    operations = [migrations.RunPython(grant, revoke)]
