"""What keeping each project's latest stage costs writes, and what it saves the stage filter.

    BENCH_PG_NAME=coldbench .venv/bin/python bench/latest_progress.py --scale 10

On load_pages.py's reused PostgreSQL bench database of the scale, in one run:
  * the public list's count of projects at their latest stage, found from the progress rows
    (an anti-join, as before 0017) and read from the kept column, alternating, 10 times each;
  * bulk_create of --rows projects and then one progress row each (batches of 1,000, the
    search index's listener off, so the trigger is not hidden behind segmenting), with 0017's
    triggers and inside a transaction that has dropped them, alternating three times, each
    write rolled back; and the same for 200 single saves of a progress row.
Prints Markdown for docs/benchmarks.md.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_pages import django_on_bench_database

FROM_PROGRESS = """
SELECT count(*) FROM hightech_zone_project p
WHERE p.status = 'published' AND p.id IN (
    SELECT u.project_id FROM hightech_zone_projectprogress u
    WHERE u.stage = 'in_operation' AND NOT EXISTS (
        SELECT 1 FROM hightech_zone_projectprogress l
        WHERE l.project_id = u.project_id AND l.year > u.year))
"""
FROM_COLUMN = """
SELECT count(*) FROM hightech_zone_project p
WHERE p.status = 'published' AND p.latest_stage = 'in_operation'
"""
DROP_TRIGGERS = """
DROP TRIGGER hightech_zone_project_latest_progress ON hightech_zone_project;
DROP TRIGGER hightech_zone_projectprogress_inserted ON hightech_zone_projectprogress;
DROP TRIGGER hightech_zone_projectprogress_updated ON hightech_zone_projectprogress;
DROP TRIGGER hightech_zone_projectprogress_deleted ON hightech_zone_projectprogress;
"""


def ms(start):
    return (time.perf_counter() - start) * 1000


def counts(cursor):
    """(ms from the progress rows, ms from the column), one alternation; both counts equal."""
    found, times = [], []
    for sql in (FROM_PROGRESS, FROM_COLUMN):
        start = time.perf_counter()
        cursor.execute(sql)
        found.append(cursor.fetchone()[0])
        times.append(ms(start))
    assert found[0] == found[1], found
    return times


def writes(rows, *, triggers):
    """(bulk ms, single-save ms per row) of writes rolled back, with or without the triggers."""
    from django.db import connection, transaction

    from hightech_zone.models import Project, ProjectProgress

    with transaction.atomic():
        if not triggers:
            with connection.cursor() as cursor:
                cursor.execute(DROP_TRIGGERS)
        start = time.perf_counter()
        projects = Project.objects.bulk_create(
            (Project(name=f"测试写入{i}") for i in range(rows)), batch_size=1000
        )
        ProjectProgress.objects.bulk_create(
            (ProjectProgress(project=p, year=2020, stage="signed") for p in projects),
            batch_size=1000,
        )
        bulk = ms(start)
        start = time.perf_counter()
        for project in projects[:200]:
            ProjectProgress(project=project, year=2021, stage="started").save()
        single = ms(start) / 200
        transaction.set_rollback(True)
    return bulk, single


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--rows", type=int, default=20_000)
    options = parser.parse_args()
    name = django_on_bench_database(options.scale)
    from django.db import connection

    from hightech_zone import writes as write_listeners

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE hightech_zone_project")
        pairs = [counts(cursor) for _ in range(11)][1:]  # the first warms the cache
    before, after = zip(*pairs, strict=True)
    print(f"Count of projects at their latest stage on {name}, ms over 10 alternations:\n")
    print("| found from | p50 | slowest |")
    print("| --- | ---: | ---: |")
    for label, times in (("the progress rows (before)", before), ("the column (0017)", after)):
        print(f"| {label} | {statistics.median(times):.1f} | {max(times):.1f} |")

    write_listeners.listeners.clear()
    runs = {True: [], False: []}
    for _ in range(3):
        for triggers in (True, False):
            runs[triggers].append(writes(options.rows, triggers=triggers))
    print(f"\n{options.rows:,} projects and a progress row each, bulk_create, rolled back:\n")
    print("| triggers | bulk ms (p50 of 3) | one progress save ms |")
    print("| --- | ---: | ---: |")
    for triggers in (True, False):
        bulk = statistics.median(run[0] for run in runs[triggers])
        single = statistics.median(run[1] for run in runs[triggers])
        print(f"| {'kept (0017)' if triggers else 'dropped'} | {bulk:.0f} | {single:.2f} |")


if __name__ == "__main__":
    main()
