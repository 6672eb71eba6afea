"""Server time and queries of the search page, cold (no page cache), on demo data.

Builds a fresh PostgreSQL (or SQLite) database with the 2017 seed plus
``generate_demo_data --scale N`` (whose end rebuilds the search index once), then renders
``/search/?q=…`` in process with the page cache off, 20 times per query, and ``/healthz`` beside
it as the baseline. Prints a Markdown table for docs/benchmarks.md.

    .venv/bin/python bench/search.py --db postgres --scale 1
    BENCH_PG_NAME=search_s10 .venv/bin/python bench/search.py --scale 10 --reuse --before main

``--reuse`` keeps a PostgreSQL database built before (scale 10 takes tens of minutes to
generate) and only migrates it; ``--before REV`` renders the same URLs with the app as of a git
revision too, on the same database in the same run, so the two columns compare.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_NAME = os.environ.get("BENCH_PG_NAME", "search_bench")
QUERIES = ["医", "园", "项目", "园区", "智能制造", "高新区", "GDP", "新材料产业", "72.6亿元"]
# One type alone: its first 20 hits, where the page of every type shows 5 of each.
TYPED = ["/search/?q=医&type=project", "/search/?q=项目&type=project"]
EXISTS = (
    "import psycopg,sys;c=psycopg.connect(sys.argv[1]);"
    "c.execute('SELECT 1 FROM hightech_zone_searchentry LIMIT 1').fetchone() or sys.exit(1)"
)

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
    query, _, kind = url.partition("?q=")[2].partition("&type=")
    groups = search(query, kind=kind or None) if query else []
    hits = sum(group.count for group in groups) if query else ""
    capped = any(getattr(group, "capped", False) for group in groups)
    hits = f"{hits:,}+" if capped else (f"{hits:,}" if query else "")
    out[url] = [len(queries), statistics.median(times), times[18], hits]
print(json.dumps(out))
"""


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def reusable(env):
    """Whether the database named by DATABASE_URL is there with its index built."""
    url = env["DATABASE_URL"].replace("postgres://", "postgresql://")
    found = subprocess.run([PY, "-c", EXISTS, url], cwd=ROOT, env=env, capture_output=True)
    return found.returncode == 0


def export_code(rev, workdir):
    """The app as of a git revision, in a folder of its own, to run with this virtualenv."""
    target = workdir / "code"
    target.mkdir()
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", target], input=archive.stdout, check=True)
    return target


def prepare(db, scale, env, workdir, reuse=False):
    if db == "postgres" and reuse:
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
        if reusable(env):
            run([PY, "manage.py", "migrate", "-v0"], env)
            return None
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
    parser.add_argument(
        "--reuse", action="store_true", help="keep the PostgreSQL database if it is built"
    )
    parser.add_argument("--before", help="git revision to render beside this checkout")
    options = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("REDIS_URL", None)
    with tempfile.TemporaryDirectory() as workdir:
        workdir = Path(workdir)
        generated = prepare(options.db, options.scale, env, workdir, options.reuse)
        urls = ["/healthz"] + [f"/search/?q={q}" for q in QUERIES] + TYPED
        local = {**env, "DJANGO_PAGE_CACHE_SECONDS": "0", "DJANGO_ALLOWED_HOSTS": "testserver"}
        codes = [("after", ROOT)]
        if options.before:
            codes.insert(0, ("before", export_code(options.before, workdir)))
        found = {}
        for name, code in codes:
            rendered = subprocess.run(
                [PY, "-c", RENDER, json.dumps(urls)],
                cwd=code,
                env=local,
                check=True,
                capture_output=True,
                text=True,
            )
            found[name] = json.loads(rendered.stdout)
        shutil.rmtree(workdir / "code", ignore_errors=True)
    if generated is None:
        print(f"reused database {PG_NAME} (scale {options.scale:g})")
    else:
        print(f"generate_demo_data --scale {options.scale:g} (index included): {generated:.0f} s")
    names = [name for name, _code in codes]
    head = " | ".join(f"{n} results | {n} queries | {n} median ms | {n} p95 ms" for n in names)
    print(f"| page | {head} |")
    print("| --- |" + " ---: |" * (4 * len(names)))
    for url in urls:
        cells = " | ".join(
            "{} | {} | {:.1f} | {:.1f}".format(*[found[n][url][i] for i in (3, 0, 1, 2)])
            for n in names
        )
        print(f"| `{url}` | {cells} |")


if __name__ == "__main__":
    main()
