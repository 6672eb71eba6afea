"""Load benchmark of the public pages on the scale-1 demo zone, served as `make serve` serves.

    .venv/bin/python bench/load_pages.py --db sqlite
    .venv/bin/python bench/load_pages.py --db postgres

For each page it measures, on a fresh database holding the seed plus `generate_demo_data`:
  * queries per page and server time per page with an empty cache (in process);
  * the first request after the cache is emptied (cold), over HTTP;
  * requests per second, p50 and p99 with the cache warm, from wrk on loopback at 32
    connections, as a fraction of /healthz measured the same way in the same run;
and then a mixed run over every page for 60 s at 32 connections, counting error responses.
Results go to stdout as Markdown; docs/benchmarks.md keeps them. Never part of `make test`.
"""

import argparse
import datetime
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
# Overridable so that two people benchmarking on one machine don't drop each other's database;
# Redis db 13 because the bench flushes it and tests/test_redis_cache.py works in db 14.
PG_NAME = os.environ.get("BENCH_PG_NAME", "hightech_zone_bench")
PG_BENCH = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def prepare(db, env, workdir):
    if db == "postgres":
        admin = {**env, "DATABASE_URL": PG_ADMIN}
        code = (
            "import psycopg;c=psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres',"
            f"autocommit=True);c.execute('DROP DATABASE IF EXISTS {PG_NAME}');"
            f"c.execute('CREATE DATABASE {PG_NAME}')"
        )
        run([PY, "-c", code], admin)
        env["DATABASE_URL"] = PG_BENCH
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    run([PY, "manage.py", "bootstrap"], env, stdout=subprocess.DEVNULL)
    run([PY, "manage.py", "generate_demo_data", "--scale", "1"], env, stdout=subprocess.DEVNULL)


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
    import json

    return json.loads(out)


def in_process(env, urls):
    """Queries and server time per page, rendered with no page cache."""
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
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
    out[url] = [len(queries), sorted(times)[2]]
print(json.dumps(out))
"""
    import json

    local = {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_PAGE_CACHE_SECONDS": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    local.pop("REDIS_URL", None)
    out = run([PY, "-c", code, json.dumps(urls)], local, capture_output=True, text=True).stdout
    return json.loads(out)


def start_server(env, port, workdir):
    env = {
        **env,
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--seconds", type=int, default=5, help="per run, warm cache")
    parser.add_argument("--soak", type=int, default=60, help="mixed run over all pages")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=8765)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="hz-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env["DJANGO_SECRET_KEY"] = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    prepare(options.db, env, workdir)
    urls = pages(env)
    local = in_process(env, urls)
    process, base = start_server(env, options.port, workdir)
    try:
        flush_cache()
        rows = []
        for url in urls:
            cold = statistics.median(cold_ms(base, url) for _ in range(3))
            urllib.request.urlopen(base + url).read()  # warm it
            # This machine shares its cores, so throughput drifts; alternating /healthz and the
            # page and comparing medians compares the two under the same conditions.
            health_runs, page_runs = [], []
            for _ in range(2):
                health_runs.append(wrk(base + "/healthz", options.seconds, options.connections))
                page_runs.append(wrk(base + url, options.seconds, options.connections))
            health = max(health_runs, key=lambda r: r["rps"])
            warm = max(page_runs, key=lambda r: r["rps"])
            warm["errors"] = sum(r["errors"] for r in page_runs)
            rows.append((url, cold, warm, health))
        for url in urls:  # the mixed run measures the warm site, as readers meet it
            urllib.request.urlopen(base + url).read()
        script = workdir / "mixed.lua"
        script.write_text(MIXED % ", ".join(f'"{u}"' for u in ["/healthz", *urls]))
        soak = wrk(base + "/", options.soak, options.connections, str(script))
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    today = datetime.date.today().isoformat()
    health_rps = [h["rps"] for *_, h in rows]
    lines = [
        f"### {options.db} — {today}",
        "",
        f"`.venv/bin/python bench/load_pages.py --db {options.db}` — scale-1 demo data, gunicorn "
        f"4 workers × 2 threads, Redis page cache, wrk -t2 -c{options.connections} "
        f"-d{options.seconds}s on loopback, 2-core machine. Each page is run twice, alternating "
        "with /healthz; the best of each is compared.",
        "",
        f"/healthz: {min(health_rps):.0f}–{max(health_rps):.0f} req/s over the run "
        f"(median {statistics.median(health_rps):.0f}).",
        "",
        "| page | queries | server ms, cold | first request ms, cold, HTTP | req/s warm "
        "| /healthz req/s, same pair | × healthz | p50 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    worst = min(warm["rps"] / health["rps"] for _, _, warm, health in rows)
    for url, cold, warm, health in rows:
        queries, server = local[url]
        lines.append(
            f"| `{url}` | {queries} | {server:.1f} | {cold:.1f} | {warm['rps']:.0f} "
            f"| {health['rps']:.0f} | {warm['rps'] / health['rps']:.2f} | {warm['p50']:.1f} "
            f"| {warm['p99']:.1f} | {warm['errors']} |"
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
    print("\n".join(lines))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
