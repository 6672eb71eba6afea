"""GIN indexes per kind of record, over the whole vector and over the title's part of it.

Search counts and ranks each kind on its own, up to a few hundred rows
(hightech_zone.models.search.SearchEntryQuerySet.candidates). With one index over every kind,
a kind with few matches (项目 among policies) was found by reading every match of the other
kinds, or by a scan of the table, since the planner cannot know that the words of projects are
not those of policies. A partial index per kind holds only that kind's entries. The title's
indexes are expression indexes over the title's part of the vector (weight A, ``ts_filter``),
written as hightech_zone.models.search.TitleVector writes it: nothing is stored twice and
nothing needs filling in. One more such index over every kind, searchentry_title_gin, is
there for its statistics: PostgreSQL estimates a condition on an expression from a whole-table
index over it (never from a partial one), and without an estimate it read all 20,000 title hits
of 项目 through the index instead of taking the first 200 of a scan. PostgreSQL only, as 0014's
index is: SQLite scans the index table.
"""

from django.db import migrations

KINDS = ["report", "indicator", "project", "policy", "platform"]
INDEXED = {"gin": '"vector"', "title_gin": "ts_filter(\"vector\", '{a}')"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        'CREATE INDEX IF NOT EXISTS "searchentry_title_gin" ON "hightech_zone_searchentry" '
        f"USING gin ({INDEXED['title_gin']})"
    )
    for kind in KINDS:
        for suffix, expression in INDEXED.items():
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "searchentry_{kind}_{suffix}" '
                f'ON "hightech_zone_searchentry" USING gin ({expression}) '
                f"WHERE \"kind\" = '{kind}'"
            )
    schema_editor.execute('ANALYZE "hightech_zone_searchentry"')  # the estimates, now


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute('DROP INDEX IF EXISTS "searchentry_title_gin"')
    for kind in KINDS:
        for suffix in INDEXED:
            schema_editor.execute(f'DROP INDEX IF EXISTS "searchentry_{kind}_{suffix}"')


class Migration(migrations.Migration):
    dependencies = [("hightech_zone", "0014_search_index")]

    operations = [migrations.RunPython(create, drop)]
