from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["编辑", "审核发布"]  # those who import see the log of imports


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(
        content_type__app_label="hightech_zone", codename="view_importrecord"
    )
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(view)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="hightech_zone", codename="view_importrecord"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("hightech_zone", "0007_import_log")]

    operations = [migrations.RunPython(grant, revoke)]
