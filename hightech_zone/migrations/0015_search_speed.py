"""GIN indexes per kind of record, over the whole vector and over the title's part of it.

Search counts and ranks each kind on its own, up to a few hundred rows
(hightech_zone.models.search.SearchEntryQuerySet.candidates). With one index over every kind,
a kind with few matches (项目 among policies) was found by reading every match of the other
kinds, or by a scan of the table, since the planner cannot know that the words of projects are
not those of policies. A partial index per kind holds only that kind's entries. The title's
indexes are expression indexes over the title's part of the vector (weight A, ``ts_filter``),
written as hightech_zone.models.search.TitleVector writes it: nothing is stored twice and
nothing needs filling in. PostgreSQL only, as 0014's index is: SQLite scans the index table.
"""

from django.db import migrations

KINDS = ["report", "indicator", "project", "policy", "platform"]
INDEXED = {"gin": '"vector"', "title_gin": "ts_filter(\"vector\", '{a}')"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind in KINDS:
        for suffix, expression in INDEXED.items():
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "searchentry_{kind}_{suffix}" '
                f'ON "hightech_zone_searchentry" USING gin ({expression}) '
                f"WHERE \"kind\" = '{kind}'"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind in KINDS:
        for suffix in INDEXED:
            schema_editor.execute(f'DROP INDEX IF EXISTS "searchentry_{kind}_{suffix}"')


class Migration(migrations.Migration):
    dependencies = [("hightech_zone", "0014_search_index")]

    operations = [migrations.RunPython(create, drop)]
