"""Trigram indexes for the searched columns 0006 missed: designations, and indicator codes.

tests/test_indexes.py derives the searched columns from each model's ``searched_fields`` and
requires an index on every one of them, so a field added to a model's search gets its index.
"""

from django.db import migrations

SEARCHED = {
    "hightech_zone_designation": ["name", "granting_body", "description"],
    "hightech_zone_indicator": ["code"],
}


def index_name(table, column):
    return f"{table.removeprefix('hightech_zone_')}_{column}_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in SEARCHED.items():
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{index_name(table, column)}" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCHED.items():
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [("hightech_zone", "0011_acknowledged_discrepancy_change_of")]

    operations = [migrations.RunPython(create, drop)]
