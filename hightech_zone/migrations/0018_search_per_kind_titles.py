"""Search finds a kind's title hits through that kind's own title index only.

0015 kept searchentry_title_gin, a title index over every kind, for its statistics: without
them PostgreSQL preferred scanning the table. Since search runs its queries with the scans off
(SearchEntryQuerySet.through_indexes), that reason is gone, and the planner took this index
over a kind's own for a kind's first title hits: for 智能制造 it read the 30,000 title hits of
every kind to keep the policies'. Without it, at scale 10, each search took 5–45 % less
(智能制造 107 → 58 ms p50, 科技 103 → 59, 项目 88 → 60; docs/benchmarks.md, measured both ways
in one run with bench/index_effect.py). PostgreSQL only, as 0015 is.
"""

from django.db import migrations

NAME = "searchentry_title_gin"


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "hightech_zone_searchentry" '
            "USING gin (ts_filter(\"vector\", '{a}'))"
        )


class Migration(migrations.Migration):
    dependencies = [("hightech_zone", "0017_latest_progress")]

    operations = [migrations.RunPython(drop, create)]
