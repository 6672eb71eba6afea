"""Server time and queries of the search page, cold (no page cache), on demo data.

Builds a fresh PostgreSQL (or SQLite) database with the 2017 seed plus
``generate_demo_data --scale N`` (whose end rebuilds the search index once), then renders
``/search/?q=…`` in process with the page cache off, 20 times per query, and ``/healthz`` beside
it as the baseline. Prints a Markdown table for docs/benchmarks.md.

    .venv/bin/python bench/search.py --db postgres --scale 1
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_NAME = os.environ.get("BENCH_PG_NAME", "search_bench")
QUERIES = ["医", "项目", "园区", "智能制造", "高新区", "GDP", "新材料产业", "72.6亿元"]

RENDER = """
import django, json, statistics, sys, time
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hightech_zone.search import search
client = Client()
out = {}
for url in json.loads(sys.argv[1]):
    client.get(url)  # jieba's dictionary and the connection, once per process
    times = []
    for _ in range(20):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    query = url.partition("?q=")[2]
    hits = sum(group.count for group in search(query)) if query else ""
    out[url] = [len(queries), statistics.median(times), times[18], hits]
print(json.dumps(out))
"""


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def prepare(db, scale, env, workdir):
    if db == "postgres":
        code = (
            "import psycopg;c=psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres',"
            f"autocommit=True);c.execute('DROP DATABASE IF EXISTS {PG_NAME}');"
            f"c.execute('CREATE DATABASE {PG_NAME}')"
        )
        run([PY, "-c", code], env)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    run([PY, "manage.py", "bootstrap"], env, stdout=subprocess.DEVNULL)
    start = time.perf_counter()
    run(
        [PY, "manage.py", "generate_demo_data", "--scale", str(scale)],
        env,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--scale", type=float, default=1)
    options = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("REDIS_URL", None)
    with tempfile.TemporaryDirectory() as workdir:
        generated = prepare(options.db, options.scale, env, Path(workdir))
        urls = ["/healthz"] + [f"/search/?q={q}" for q in QUERIES]
        local = {**env, "DJANGO_PAGE_CACHE_SECONDS": "0", "DJANGO_ALLOWED_HOSTS": "testserver"}
        found = json.loads(
            run([PY, "-c", RENDER, json.dumps(urls)], local, capture_output=True, text=True).stdout
        )
    print(f"generate_demo_data --scale {options.scale} (index included): {generated:.0f} s")
    print("| page | results | queries | median ms | p95 ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for url, (queries, median, p95, hits) in found.items():
        print(f"| `{url}` | {hits} | {queries} | {median:.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()
