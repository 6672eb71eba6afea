"""Who may run the site check from its page: 编辑 and 审核发布, not 只读 (a run is stored)."""

from django.db import migrations

from . import _roles

GRANTS = {"编辑": ["add_sitecheckrun"], "审核发布": ["add_sitecheckrun"]}


def grant(apps, schema_editor):
    _roles.grant(apps, GRANTS)


def revoke(apps, schema_editor):
    _roles.revoke(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("hightech_zone", "0027_disclosure_column")]

    operations = [migrations.RunPython(grant, revoke)]
