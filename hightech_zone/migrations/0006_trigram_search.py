"""Trigram indexes for the portal's Chinese substring search, on PostgreSQL only.

The search runs icontains, which PostgreSQL executes as UPPER(column::text) LIKE UPPER(...),
so the indexes are on that expression. Queries of three or more characters use them; one- and
two-character queries have no trigram to look up and are answered by a sequential scan, which
docs/benchmarks.md measures at the scale-1 demo data. SQLite keeps its plain scan.
"""

from django.db import migrations

SEARCHED = {
    "hightech_zone_indicator": ["name", "definition"],
    "hightech_zone_project": ["name", "investor", "summary"],
    "hightech_zone_projectprogress": ["progress"],
    "hightech_zone_policydocument": ["title", "doc_number", "issuing_body", "summary", "body"],
    "hightech_zone_innovationplatform": ["name", "host_organisation", "description"],
    "hightech_zone_workreport": ["title", "closing"],
    "hightech_zone_reportsection": ["heading", "body"],
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
    dependencies = [("hightech_zone", "0005_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
