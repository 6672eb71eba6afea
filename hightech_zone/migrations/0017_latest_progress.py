"""Each project's latest stage and year, kept by the database from its yearly progress.

The public project list filters and counts projects by the stage of their latest progress. Found
from the progress rows, that is an anti-join over every row: 110 ms for the count alone at
`generate_demo_data --scale 10`. Kept as columns of the project, it is an index count.

Triggers keep them rather than the application, so that every write path does (forms, inlines,
imports, restores, bulk_create, queryset updates, raw SQL), and so that a save of a project
read before a progress row changed cannot write back a stale stage: on both databases, whatever
a write puts in the two columns is replaced by what the progress rows say.

* PostgreSQL: a BEFORE trigger on the project computes them; statement triggers on the progress
  touch the projects whose rows a statement wrote (transition tables: one update per
  statement, not per row).
* SQLite: row triggers do the same after the write (SQLite's BEFORE triggers cannot change the
  row). A migration that rebuilds either table on SQLite drops its triggers: the tests of
  tests/test_latest_progress.py then fail.
"""

from django.db import migrations, models

PROJECT = "hightech_zone_project"
PROGRESS = "hightech_zone_projectprogress"

POSTGRES = f"""
CREATE FUNCTION {PROJECT}_latest_progress() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT stage, year INTO NEW.latest_stage, NEW.latest_year
    FROM {PROGRESS} WHERE project_id = NEW.id ORDER BY year DESC LIMIT 1;
    NEW.latest_stage := COALESCE(NEW.latest_stage, '');
    RETURN NEW;
END $$;
CREATE TRIGGER {PROJECT}_latest_progress BEFORE INSERT OR UPDATE ON {PROJECT}
    FOR EACH ROW EXECUTE FUNCTION {PROJECT}_latest_progress();

CREATE FUNCTION {PROGRESS}_touch_project() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE {PROJECT} SET latest_year = latest_year
        WHERE id IN (SELECT project_id FROM new_progress);
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE {PROJECT} SET latest_year = latest_year WHERE id IN (
            SELECT project_id FROM new_progress UNION SELECT project_id FROM old_progress
        );
    ELSE
        UPDATE {PROJECT} SET latest_year = latest_year
        WHERE id IN (SELECT project_id FROM old_progress);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER {PROGRESS}_inserted AFTER INSERT ON {PROGRESS}
    REFERENCING NEW TABLE AS new_progress
    FOR EACH STATEMENT EXECUTE FUNCTION {PROGRESS}_touch_project();
CREATE TRIGGER {PROGRESS}_updated AFTER UPDATE ON {PROGRESS}
    REFERENCING OLD TABLE AS old_progress NEW TABLE AS new_progress
    FOR EACH STATEMENT EXECUTE FUNCTION {PROGRESS}_touch_project();
CREATE TRIGGER {PROGRESS}_deleted AFTER DELETE ON {PROGRESS}
    REFERENCING OLD TABLE AS old_progress
    FOR EACH STATEMENT EXECUTE FUNCTION {PROGRESS}_touch_project();
"""

POSTGRES_DROP = f"""
DROP TRIGGER IF EXISTS {PROGRESS}_inserted ON {PROGRESS};
DROP TRIGGER IF EXISTS {PROGRESS}_updated ON {PROGRESS};
DROP TRIGGER IF EXISTS {PROGRESS}_deleted ON {PROGRESS};
DROP FUNCTION IF EXISTS {PROGRESS}_touch_project();
DROP TRIGGER IF EXISTS {PROJECT}_latest_progress ON {PROJECT};
DROP FUNCTION IF EXISTS {PROJECT}_latest_progress();
"""


def sqlite_recompute(project_id):
    """An UPDATE that sets one project's two columns from its progress rows."""
    latest = f"FROM {PROGRESS} WHERE project_id = {project_id} ORDER BY year DESC LIMIT 1"
    return (
        f"UPDATE {PROJECT} SET latest_stage = COALESCE((SELECT stage {latest}), ''), "
        f"latest_year = (SELECT year {latest}) WHERE id = {project_id};"
    )


def sqlite_differs(project_id):
    latest = f"FROM {PROGRESS} WHERE project_id = {project_id} ORDER BY year DESC LIMIT 1"
    return (
        f"NEW.latest_stage IS NOT COALESCE((SELECT stage {latest}), '') "
        f"OR NEW.latest_year IS NOT (SELECT year {latest})"
    )


# recursive_triggers is off (SQLite's default, and Django does not set it): the UPDATE a
# trigger runs on the project does not fire the project's triggers again.
SQLITE = [
    f"CREATE TRIGGER {PROJECT}_inserted AFTER INSERT ON {PROJECT} "
    f"WHEN {sqlite_differs('NEW.id')} BEGIN {sqlite_recompute('NEW.id')} END",
    f"CREATE TRIGGER {PROJECT}_updated AFTER UPDATE ON {PROJECT} "
    f"WHEN {sqlite_differs('NEW.id')} BEGIN {sqlite_recompute('NEW.id')} END",
    f"CREATE TRIGGER {PROGRESS}_inserted AFTER INSERT ON {PROGRESS} "
    f"BEGIN {sqlite_recompute('NEW.project_id')} END",
    f"CREATE TRIGGER {PROGRESS}_updated AFTER UPDATE ON {PROGRESS} "
    f"BEGIN {sqlite_recompute('OLD.project_id')} {sqlite_recompute('NEW.project_id')} END",
    f"CREATE TRIGGER {PROGRESS}_deleted AFTER DELETE ON {PROGRESS} "
    f"BEGIN {sqlite_recompute('OLD.project_id')} END",
]

SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        f"{PROJECT}_inserted",
        f"{PROJECT}_updated",
        f"{PROGRESS}_inserted",
        f"{PROGRESS}_updated",
        f"{PROGRESS}_deleted",
    )
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    else:
        for statement in SQLITE:
            schema_editor.execute(statement)
    # Every existing project, from the progress it already has.
    schema_editor.execute(f"UPDATE {PROJECT} SET latest_year = NULL")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
    else:
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("hightech_zone", "0016_cold_indexes")]

    operations = [
        migrations.AddField(
            model_name="project",
            name="latest_stage",
            field=models.CharField(
                blank=True,
                choices=[
                    ("signed", "签约"),
                    ("started", "新开工"),
                    ("resumed", "复工"),
                    ("under_construction", "在建"),
                    ("structure_completed", "主体完工"),
                    ("trial_operation", "试运营"),
                    ("in_operation", "投入运营"),
                    ("full_production", "达产运营"),
                ],
                default="",
                editable=False,
                help_text="由数据库按最近一年的项目年度进展自动填写。",
                max_length=30,
                verbose_name="最新建设阶段",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="latest_year",
            field=models.PositiveSmallIntegerField(
                editable=False,
                help_text="由数据库按最近一年的项目年度进展自动填写。",
                null=True,
                verbose_name="最新年度",
            ),
        ),
        migrations.RemoveIndex(model_name="projectprogress", name="progress_stage_project"),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                fields=["status", "latest_stage", "name", "phase"], name="project_stage"
            ),
        ),
        migrations.RunPython(create, drop),
    ]
