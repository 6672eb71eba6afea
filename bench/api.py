"""Load benchmark of the open-data API on the demo zone, served as `make serve` serves.

    BENCH_PG_NAME=hz_api_bench .venv/bin/python bench/api.py --db postgres --scale 10 --reuse

On the database bench/load_pages.py builds (the seed plus `generate_demo_data --scale N`;
--reuse keeps it, one per scale), for each API address:
  * cold, in process: queries, and the median and nearest-rank p95 of 20 renders with the
    kept responses off (DJANGO_API_CACHE_SECONDS=0), as the first request after a write is;
  * cold over HTTP: the first request after the cache is emptied (median of 3);
  * warm: requests per second, p50 and p99 from wrk on loopback at 32 connections, as a
    fraction of /healthz measured the same way in the same run, alternating (load_pages).
The throttle is off (DJANGO_API_RATE=off) so that wrk measures serving, not refusing; in
production it adds a read and a write of the client's history in the cache to each request.
Results go to stdout as Markdown; docs/benchmarks.md keeps them. Never part of `make test`.
"""

import argparse
import datetime
import json
import os
import shutil
import statistics
import sys
import tempfile
import urllib.request
from pathlib import Path

import load_pages
from load_pages import PY, p95, run

# wrk is one client: any rate would refuse it, and DRF's throttle would keep the history of
# every request in the period under one key.
UNTHROTTLED = {"DJANGO_API_RATE": "off"}


def addresses(env):
    """A list and a record of each resource, a filtered page, a report and a CSV file."""
    code = """
import django, json
django.setup()
from hightech_zone.models import IndicatorValue, Project, PolicyDocument, WorkReport
value = IndicatorValue.objects.published().order_by("pk").last()
print(json.dumps([
    "/api/v1/zone/", "/api/v1/indicators/", "/api/v1/indicators/gdp/",
    "/api/v1/observations/", f"/api/v1/observations/{value.pk}/",
    "/api/v1/observations/?indicator=gdp&startPeriod=2010&ordering=-year",
    "/api/v1/projects/", f"/api/v1/projects/{Project.objects.published().last().pk}/",
    "/api/v1/projects/?stage=in_operation&ordering=-total_investment",
    "/api/v1/policies/", f"/api/v1/policies/{PolicyDocument.objects.published().last().pk}/",
    "/api/v1/platforms/", "/api/v1/reports/",
    f"/api/v1/reports/{WorkReport.objects.published().order_by('year').last().year}/",
    "/api/v1/observations/?indicator=gdp&format=csv",
]))
"""
    local = {**env, "DJANGO_SETTINGS_MODULE": "config.settings"}
    return json.loads(run([PY, "-c", code], local, capture_output=True, text=True).stdout)


def in_process(env, urls, renders=20):
    """Queries and sorted server times (ms) per address, every render cold: no kept
    response, after one render that warms the connection."""
    code = """
import django, json, sys, time
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
out = {}
for url in json.loads(sys.argv[1]):
    b"".join(client.get(url))
    times = []
    for _ in range(int(sys.argv[2])):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            b"".join(client.get(url))
            times.append((time.perf_counter() - start) * 1000)
    out[url] = [len(queries), sorted(times)]
print(json.dumps(out))
"""
    local = {
        **env,
        **UNTHROTTLED,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_API_CACHE_SECONDS": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    local.pop("REDIS_URL", None)
    args = [PY, "-c", code, json.dumps(urls), str(renders)]
    return json.loads(run(args, local, capture_output=True, text=True).stdout)


def measure(options, env, workdir, urls):
    local = in_process(env, urls)
    print(json.dumps(local), file=sys.stderr)  # kept even if the wrk part fails
    process, base = load_pages.start_server({**env, **UNTHROTTLED}, options.port, workdir)
    rows = []
    try:
        for url in urls:
            cold = statistics.median(load_pages.cold_ms(base, url) for _ in range(3))
            urllib.request.urlopen(base + url).read()  # kept from now on
            rows.append((url, cold, *load_pages.alternate(base, url, options)))
    finally:
        load_pages.stop_server(process)

    today = datetime.date.today().isoformat()
    name = os.environ.get("BENCH_PG_NAME", load_pages.PG_NAME)
    command = (
        f"BENCH_PG_NAME={name} .venv/bin/python bench/api.py --db {options.db} "
        f"--scale {options.scale:g}" + (" --reuse" if options.reuse else "")
    )
    health_rps = [h["rps"] for *_, h in rows]
    lines = [
        f"### Open-data API, scale {options.scale:g}, {options.db} — {today}",
        "",
        f"`{command}` — scale-{options.scale:g} demo data, gunicorn 4 workers × 2 threads, "
        f"Redis, wrk -t2 -c{options.connections} -d{options.seconds}s on loopback, 2-core "
        "machine shared with other work. Warm: each address run twice, alternating with "
        "/healthz, the best of each compared. Cold in process: 20 renders with kept responses "
        "off, nearest-rank p95; cold HTTP: the first request after the cache is emptied.",
        "",
        f"/healthz: {min(health_rps):.0f}–{max(health_rps):.0f} req/s over the run "
        f"(median {statistics.median(health_rps):.0f}).",
        "",
        "| address | queries cold | cold p50 ms | cold p95 ms | first request ms, HTTP "
        "| req/s warm | /healthz req/s, same pair | × healthz | p50 ms | p99 ms | errors |",
        "| --- " + "| ---: " * 10 + "|",
    ]
    for url, cold, page, health in rows:
        queries, times = local[url]
        lines.append(
            f"| `{url}` | {queries} | {statistics.median(times):.1f} | {p95(times):.1f} "
            f"| {cold:.1f} | {page['rps']:.0f} | {health['rps']:.0f} "
            f"| {load_pages.ratio(page, health):.2f} | {page['p50']:.1f} | {page['p99']:.1f} "
            f"| {page['errors']} |"
        )
    worst = min(rows, key=lambda row: load_pages.ratio(row[2], row[3]))
    slowest = max(urls, key=lambda url: p95(local[url][1]))
    lines += [
        "",
        f"Lowest warm ratio: `{worst[0]}` **{load_pages.ratio(worst[2], worst[3]):.2f}** "
        "(goal ≥ 0.5).",
        f"Slowest cold p95: `{slowest}` **{p95(local[slowest][1]):.1f} ms** (goal ≤ 100 ms at "
        "scale 10).",
        "",
    ]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--seconds", type=int, default=5, help="per run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--scale", type=float, default=1, help="generate_demo_data --scale")
    parser.add_argument("--reuse", action="store_true", help="keep the scale's database")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="hz-bench-api-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env["DJANGO_SECRET_KEY"] = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    load_pages.prepare(options.db, env, workdir, scale=options.scale, reuse=options.reuse)
    print("\n".join(measure(options, env, workdir, addresses(env))))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
