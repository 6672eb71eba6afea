"""Load benchmark of the public pages on the demo zone, served as `make serve` serves.

    .venv/bin/python bench/load_pages.py --db sqlite
    .venv/bin/python bench/load_pages.py --db postgres
    .venv/bin/python bench/load_pages.py --db postgres --scale 10 --reuse --cold
    .venv/bin/python bench/load_pages.py --db postgres --reuse --queries-only

For each page it measures, on a fresh database holding the seed plus `generate_demo_data`:
  * queries per page and server time per page with an empty cache (in process);
  * the first request after the cache is emptied (cold), over HTTP;
  * requests per second, p50 and p99 with the cache warm, from wrk on loopback at 32
    connections, as a fraction of /healthz measured the same way in the same run;
and then a mixed run over every page for 60 s at 32 connections, counting error responses.

--cold turns the page cache off on the server (DJANGO_PAGE_CACHE_SECONDS=0) and measures every
public page kind: wrk throughput as a fraction of /healthz, pair by pair, and in process the
median and p95 of 20 renders (after one warm-up) with the queries each costs.
--scale N builds `generate_demo_data --scale N`; --reuse keeps that database (one per scale:
BENCH_PG_NAME, BENCH_PG_NAME_s10, …), migrates it and skips the generation when it already holds
the demo, so a rerun after a fix takes minutes, not the hour of scale 10.
--queries-only prints the queries per page at scales 1 and 10 side by side (both databases are
built the first time, then reused).
Results go to stdout as Markdown; docs/benchmarks.md keeps them. Never part of `make test`.
"""

import argparse
import datetime
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
# Overridable so that two people benchmarking on one machine don't drop each other's database;
# Redis db 13 because the bench flushes it and tests/test_redis_cache.py works in db 14.
PG_NAME = os.environ.get("BENCH_PG_NAME", "hightech_zone_bench")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def database_name(scale):
    """The bench database of a scale: BENCH_PG_NAME at scale 1, BENCH_PG_NAME_s10 at 10."""
    return PG_NAME if scale == 1 else f"{PG_NAME}_s{scale:g}".replace(".", "_")


def django_on_bench_database(scale, *, whole=False):
    """Set Django up in this process on the reused PostgreSQL bench database of ``scale`` and
    return its name; ``whole`` turns the page cache and the fragments off (every render
    complete). For the benchmarks that time one thing both ways in one process."""
    name = database_name(scale)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{name}",
        DJANGO_ALLOWED_HOSTS="testserver",
    )
    if whole:
        os.environ.update(DJANGO_PAGE_CACHE_SECONDS="0", DJANGO_FRAGMENT_CACHE_SECONDS="0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return name


def prepare(db, env, workdir, scale=1, reuse=False):
    name = database_name(scale)
    if db == "postgres":
        drop = "" if reuse else f"c.execute('DROP DATABASE IF EXISTS {name}');"
        code = (
            "import psycopg;c=psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres',"
            f"autocommit=True);{drop}"
            f"c.execute('CREATE DATABASE {name}') if not c.execute("
            f"\"SELECT 1 FROM pg_database WHERE datname='{name}'\").fetchone() else None"
        )
        run([PY, "-c", code], {**env, "DATABASE_URL": PG_ADMIN})
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    elif reuse:
        env["DATABASE_URL"] = f"sqlite:///{Path(tempfile.gettempdir()) / (name + '.sqlite3')}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    if reuse:
        # Migrations added since the database was built (new indexes) apply; the data stays.
        run([PY, "manage.py", "migrate", "-v0"], env)
        if has_demo_data(env):
            return
    run([PY, "manage.py", "bootstrap"], env, stdout=subprocess.DEVNULL)
    run(
        [PY, "manage.py", "generate_demo_data", "--scale", f"{scale:g}"],
        env,
        stdout=subprocess.DEVNULL,
    )


def has_demo_data(env):
    code = "import django;django.setup();from hightech_zone import demo;print(demo.has_demo_data())"
    local = {**env, "DJANGO_SETTINGS_MODULE": "config.settings"}
    return run([PY, "-c", code], local, capture_output=True, text=True).stdout.strip() == "True"


def pages(env):
    code = """
import django, json
django.setup()
from hightech_zone.models import Project, PolicyDocument, InnovationPlatform
print(json.dumps([
    "/", "/reports/", "/reports/2017/", "/en/reports/2017/", "/indicators/", "/indicators/gdp/",
    "/indicators/?category=economy&sort=-value", "/projects/",
    "/projects/?stage=in_operation&sort=-total_investment",
    Project.objects.order_by("pk").last().get_absolute_url(),
    "/policies/", "/policies/?category=talent",
    PolicyDocument.objects.order_by("pk").last().get_absolute_url(),
    "/platforms/", InnovationPlatform.objects.order_by("pk").last().get_absolute_url(),
    "/search/?q=%E7%A7%91%E6%8A%80", "/search/?q=%E5%8C%BB",
    "/indicators/?_export=csv",
]))
"""
    out = run(
        [PY, "-c", code],
        {**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


# The searches of issue 14: one, two and four characters, and the zone's own abbreviation.
COLD_SEARCHES = ["项目", "智能制造", "高新区"]


def cold_pages(env):
    """Every public page kind: pages() and more searches."""
    urls = pages(env)
    return urls + [f"/search/?q={urllib.parse.quote(q)}" for q in COLD_SEARCHES]


def label(url):
    """The page's name across scales: a detail page's id differs from one database to another."""
    url = urllib.parse.unquote(url)
    return re.sub(r"^/(projects|policies|platforms)/\d+/", r"/\1/<pk>/", url)


def in_process(env, urls, renders=5, fragments=True):
    """Queries and server times (ms, sorted) per page, rendered with no page cache, after one
    render that warms the connection, the templates and jieba's dictionary (and, with
    ``fragments``, fills the fragments the next renders read; without, every render is whole)."""
    code = """
import django, json, sys, time
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
out = {}
for url in json.loads(sys.argv[1]):
    client.get(url)
    times = []
    for _ in range(int(sys.argv[2])):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
    out[url] = [len(queries), sorted(times)]
print(json.dumps(out))
"""

    local = {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_PAGE_CACHE_SECONDS": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        **({} if fragments else {"DJANGO_FRAGMENT_CACHE_SECONDS": "0"}),
    }
    local.pop("REDIS_URL", None)
    args = [PY, "-c", code, json.dumps(urls), str(renders)]
    return json.loads(run(args, local, capture_output=True, text=True).stdout)


def p95(times):
    """The nearest-rank 95th percentile of sorted times: the 19th of 20."""
    return times[math.ceil(0.95 * len(times)) - 1]


def start_server(env, port, workdir, page_cache=True):
    env = {
        **env,
        **({} if page_cache else {"DJANGO_PAGE_CACHE_SECONDS": "0"}),
        "DJANGO_DEBUG": "0",
        "DJANGO_STATIC_MANIFEST": "1",
        "DJANGO_DB_POOL": "1",
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "REDIS_URL": REDIS,
    }
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    gunicorn = str(Path(PY).with_name("gunicorn"))
    process = subprocess.Popen(
        [
            gunicorn,
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--threads",
            "2",
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            return process, base
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit("the server did not start")


def stop_server(process):
    """Stop gunicorn; a worker still busy with a slow cold page after 30 s is killed, so the
    run's results are printed anyway."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def flush_cache():
    import redis

    redis.Redis.from_url(REDIS).flushdb()


def cold_ms(base, url):
    flush_cache()
    start = time.perf_counter()
    urllib.request.urlopen(base + url, timeout=30).read()
    return (time.perf_counter() - start) * 1000


def wrk(url, seconds, connections, script=None):
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        args += ["-s", script]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        errors += sum(int(n) for n in match.groups())
    total = int(re.search(r"(\d+) requests in", out).group(1))

    def ms(found):
        value, unit = float(found.group(1)), found.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return {"rps": rps, "p50": ms(p50), "p99": ms(p99), "errors": errors, "requests": total}


MIXED = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def drain(base, limit=120):
    """Wait until /healthz answers at once: a slow cold page leaves requests queued in the
    workers after wrk stops, and the next run would measure that queue."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            urllib.request.urlopen(base + "/healthz", timeout=30).read()
        except OSError:
            continue
        if time.perf_counter() - start < 0.05:
            return
        time.sleep(0.5)


def ratio(page, health):
    return page["rps"] / health["rps"] if health["rps"] else float("nan")


def alternate(base, url, options):
    """wrk on /healthz and on the page, in turn, twice: the best run of each. This machine
    shares its cores, so throughput drifts; alternating compares the two under the same
    conditions."""
    health_runs, page_runs = [], []
    for _ in range(2):
        drain(base)
        health_runs.append(wrk(base + "/healthz", options.seconds, options.connections))
        drain(base)
        page_runs.append(wrk(base + url, options.seconds, options.connections))
    health = max(health_runs, key=lambda r: r["rps"])
    page = max(page_runs, key=lambda r: r["rps"])
    page["errors"] = sum(r["errors"] for r in page_runs)
    return page, health


def warm(options, env, workdir, urls):
    local = {
        url: (queries, times[len(times) // 2])
        for url, (queries, times) in in_process(env, urls).items()
    }
    process, base = start_server(env, options.port, workdir)
    try:
        flush_cache()
        rows = []
        for url in urls:
            cold = statistics.median(cold_ms(base, url) for _ in range(3))
            urllib.request.urlopen(base + url).read()  # warm it
            rows.append((url, cold, *alternate(base, url, options)))
        for url in urls:  # the mixed run measures the warm site, as readers meet it
            urllib.request.urlopen(base + url).read()
        script = workdir / "mixed.lua"
        script.write_text(MIXED % ", ".join(f'"{u}"' for u in ["/healthz", *urls]))
        soak = wrk(base + "/", options.soak, options.connections, str(script))
    finally:
        stop_server(process)

    today = datetime.date.today().isoformat()
    health_rps = [h["rps"] for *_, h in rows]
    lines = [
        f"### {options.db} — {today}",
        "",
        f"`.venv/bin/python bench/load_pages.py --db {options.db}` — scale-{options.scale:g} "
        f"demo data, gunicorn 4 workers × 2 threads, Redis page cache, wrk -t2 "
        f"-c{options.connections} -d{options.seconds}s on loopback, 2-core machine. Each page is "
        "run twice, alternating with /healthz; the best of each is compared.",
        "",
        f"/healthz: {min(health_rps):.0f}–{max(health_rps):.0f} req/s over the run "
        f"(median {statistics.median(health_rps):.0f}).",
        "",
        "| page | queries | server ms, cold | first request ms, cold, HTTP | req/s warm "
        "| /healthz req/s, same pair | × healthz | p50 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    worst = min(page["rps"] / health["rps"] for _, _, page, health in rows)
    for url, cold, page, health in rows:
        queries, server = local[url]
        lines.append(
            f"| `{url}` | {queries} | {server:.1f} | {cold:.1f} | {page['rps']:.0f} "
            f"| {health['rps']:.0f} | {page['rps'] / health['rps']:.2f} | {page['p50']:.1f} "
            f"| {page['p99']:.1f} | {page['errors']} |"
        )
    lines += [
        "",
        f"Lowest page/healthz ratio: **{worst:.2f}** (goal ≥ 0.5).",
        "",
        f"Mixed run over all pages, {options.soak} s at {options.connections} connections: "
        f"{soak['requests']} requests, {soak['rps']:.0f} req/s, p50 {soak['p50']:.1f} ms, "
        f"p99 {soak['p99']:.1f} ms, **{soak['errors']} errors**.",
        "",
    ]
    return lines


def cold(options, env, workdir, urls):
    """Every public page with the page cache off: in process, then over HTTP under wrk."""
    local = in_process(env, urls, renders=20)
    whole = in_process(env, urls, renders=20, fragments=False)
    print(json.dumps([local, whole]), file=sys.stderr)  # kept even if the wrk part fails
    rows = []
    if not options.no_wrk:
        process, base = start_server(env, options.port, workdir, page_cache=False)
        try:
            for url in urls:
                rows.append(alternate(base, url, options))
        finally:
            stop_server(process)

    today = datetime.date.today().isoformat()
    command = f"`.venv/bin/python bench/load_pages.py --db {options.db} --scale {options.scale:g}"
    command += (" --reuse" if options.reuse else "") + " --cold"
    command += " --no-wrk`" if options.no_wrk else "`"
    lines = [
        f"### Cold, scale {options.scale:g}, {options.db} — {today}",
        "",
        f"{command} — scale-{options.scale:g} demo data, page cache off "
        "(DJANGO_PAGE_CACHE_SECONDS=0). Server time: in process (Django's test client, DEBUG "
        'off), 20 renders after one warm-up, nearest-rank p95; "whole" with the fragments '
        "off too (DJANGO_FRAGMENT_CACHE_SECONDS=0): every render complete, as after a write "
        "to every table the page reads.",
    ]
    if rows:
        health_rps = [h["rps"] for _, h in rows]
        lines[-1] += (
            f" Throughput: gunicorn 4 workers × 2 threads, wrk -t2 -c{options.connections} "
            f"-d{options.seconds}s on loopback, 2-core machine shared with other work; each "
            "page run twice, alternating with /healthz, the best of each compared. /healthz: "
            f"{min(health_rps):.0f}–{max(health_rps):.0f} req/s over the run "
            f"(median {statistics.median(health_rps):.0f})."
        )
    lines += [
        "",
        "| page | queries | server p50 ms | server p95 ms | whole p50 ms | whole p95 ms |",
    ]
    lines[-1] += (
        " req/s cold | /healthz req/s, same pair | × healthz | p50 ms | p99 ms | errors |"
        if rows
        else ""
    )
    lines.append("| --- " + "| ---: " * (11 if rows else 5) + "|")
    for i, url in enumerate(urls):
        queries, times = local[url]
        median = statistics.median(times)
        whole_times = whole[url][1]
        line = (
            f"| `{label(url)}` | {queries} | {median:.1f} | {p95(times):.1f} "
            f"| {statistics.median(whole_times):.1f} | {p95(whole_times):.1f} |"
        )
        if rows:
            page, health = rows[i]
            line += (
                f" {page['rps']:.0f} | {health['rps']:.0f} | {ratio(page, health):.3f} "
                f"| {page['p50']:.1f} | {page['p99']:.1f} | {page['errors']} |"
            )
        lines.append(line)
    slowest = max(urls, key=lambda u: p95(local[u][1]))
    lines += [
        "",
        f"Slowest p95: `{label(slowest)}` {p95(local[slowest][1]):.1f} ms "
        "(goal ≤ 100 ms at scale 10).",
    ]
    if rows:
        worst = min(range(len(urls)), key=lambda i: ratio(*rows[i]))
        lowest = ratio(*rows[worst])
        lines.append(
            f"Lowest cold page/healthz ratio: `{label(urls[worst])}` **{lowest:.3f}** (goal ≥ 0.1)."
        )
    return [*lines, ""]


def queries_only(options, env, workdir):
    """Queries per page at scale 1 and 10, side by side, from their reused databases."""
    counts = {}
    for scale in (1, 10):
        local = dict(env)
        prepare(options.db, local, workdir, scale=scale, reuse=True)
        for url, (queries, _) in in_process(local, cold_pages(local), renders=1).items():
            counts.setdefault(label(url), {})[scale] = queries
    lines = [
        f"### Queries per page, scales 1 and 10, {options.db} — {datetime.date.today()}",
        "",
        f"`.venv/bin/python bench/load_pages.py --db {options.db} --reuse --queries-only`",
        "",
        "| page | queries, scale 1 | queries, scale 10 | same |",
        "| --- | ---: | ---: | --- |",
    ]
    for page, by_scale in counts.items():
        one, ten = by_scale.get(1), by_scale.get(10)
        lines.append(f"| `{page}` | {one} | {ten} | {'yes' if one == ten else '**no**'} |")
    return [*lines, ""]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--seconds", type=int, default=5, help="per run")
    parser.add_argument("--soak", type=int, default=60, help="mixed run over all pages")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--scale", type=float, default=1, help="generate_demo_data --scale")
    parser.add_argument("--reuse", action="store_true", help="keep the scale's database")
    parser.add_argument("--cold", action="store_true", help="every page, page cache off")
    parser.add_argument("--no-wrk", action="store_true", help="--cold in process only")
    parser.add_argument("--queries-only", action="store_true", help="queries at scales 1, 10")
    options = parser.parse_args()
    if not shutil.which("wrk") and not (options.queries_only or options.no_wrk):
        raise SystemExit("wrk is needed: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="hz-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env["DJANGO_SECRET_KEY"] = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    if options.queries_only:
        lines = queries_only(options, env, workdir)
    else:
        prepare(options.db, env, workdir, scale=options.scale, reuse=options.reuse)
        if options.cold:
            lines = cold(options, env, workdir, cold_pages(env))
        else:
            lines = warm(options, env, workdir, pages(env))
    print("\n".join(lines))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
