"""The three staff roles, as groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "编辑"
PUBLISHER = "审核发布"
VIEWER = "只读"

APP = "hightech_zone"
MODELS = [
    "zoneprofile",
    "designation",
    "indicator",
    "indicatorvalue",
    "innovationplatform",
    "project",
    "projectprogress",
    "policydocument",
    "workreport",
    "reportsection",
]
PUBLISHABLE = [
    "designation",
    "indicator",
    "indicatorvalue",
    "innovationplatform",
    "project",
    "policydocument",
    "workreport",
]


def codenames_for(role):
    view = [f"view_{m}" for m in MODELS]
    if role == VIEWER:
        return view
    # The zone profile has no draft state: whatever is saved is public, so only publishers
    # may change it.
    drafts = [m for m in MODELS if m != "zoneprofile"]
    edit = view + [f"add_{m}" for m in drafts] + [f"change_{m}" for m in drafts]
    if role == EDITOR:
        return edit
    return [
        *edit,
        "add_zoneprofile",
        "change_zoneprofile",
        *(f"delete_{m}" for m in MODELS),
        *(f"publish_{m}" for m in PUBLISHABLE),
    ]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in (EDITOR, PUBLISHER, VIEWER):
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label=APP, codename__in=codenames_for(role)
            )
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, PUBLISHER, VIEWER]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("hightech_zone", "0002_workflow_history_versions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
