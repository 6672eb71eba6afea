"""What the migrations that grant roles share: giving and taking back their permissions.

Django's migration loader skips modules whose names start with an underscore, so this one is
no migration; it holds no model and no app code, so old migrations never change with the app.
"""

from django.contrib.auth.management import create_permissions


def grant(apps, grants):
    """Give each role in ``grants`` ({role: [codename, …]}) those permissions of the app."""
    # Permissions are normally created after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=grants):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="hightech_zone", codename__in=grants[group.name]
            )
        )


def revoke(apps, grants):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=grants):
        group.permissions.remove(*group.permissions.filter(codename__in=grants[group.name]))
