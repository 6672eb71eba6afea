"""What one PostgreSQL index does to the search page, both ways in one run.

    BENCH_PG_NAME=coldbench .venv/bin/python bench/index_effect.py --scale 10 \
        --ddl 'DROP INDEX searchentry_policy_title_gin'

Renders /search/?q=… in process (page cache and fragments off) on load_pages.py's reused bench
database of the scale, 15 times per query; then again inside a transaction that has run
``--ddl`` (create or drop an index, then ANALYZE); then again after rolling it back, so the
first and last columns bound the machine's drift. Prints Markdown for docs/benchmarks.md.
"""

import argparse
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_pages import django_on_bench_database

QUERIES = ["医", "园", "项目", "科技", "企业", "高新区", "智能制造", "新材料产业"]


def timings(client):
    """{query: (p50, slowest)} in ms of 15 renders after one warm-up."""
    found = {}
    for query in QUERIES:
        url = "/search/?q=" + urllib.parse.quote(query)
        client.get(url)
        times = []
        for _ in range(15):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        found[query] = (times[7], times[-1])
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--ddl", required=True, help="SQL run (then rolled back) between runs")
    options = parser.parse_args()
    name = django_on_bench_database(options.scale, whole=True)
    from django.db import connection, transaction
    from django.test import Client

    client = Client()
    before = timings(client)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(options.ddl)
            cursor.execute("ANALYZE hightech_zone_searchentry")
        changed = timings(client)
        transaction.set_rollback(True)
    after = timings(client)
    print(f"`{options.ddl}` on {name}, ms (p50 / slowest of 15):\n")
    print("| query | as is, first | with the DDL | as is, again |")
    print("| --- | ---: | ---: | ---: |")
    for query in QUERIES:
        cells = [f"{run[query][0]:.1f} / {run[query][1]:.1f}" for run in (before, changed, after)]
        print(f"| {query} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
