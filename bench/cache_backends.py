"""Our Redis cache backend (config.redis_cache) against django-redis, interleaved in one run.

    .venv/bin/python bench/cache_backends.py --only http   # cached pages over HTTP
    .venv/bin/python bench/cache_backends.py --only down   # Redis refused or hanging
    .venv/bin/python bench/cache_backends.py --only warm   # Redis up, in process

http: on a fresh database built as bench/load_pages.py builds it (seed plus scale-1 demo
data), two gunicorn servers as `make serve` runs them (4 workers × 2 threads, DEBUG off), both
with REDIS_URL on the same Redis, each under its own key prefix: A with our backend on
--port, B with django-redis configured to behave the same when Redis is away
(IGNORE_EXCEPTIONS, the same socket timeouts) on --port + 1. For every page, wrk alternates
A /healthz, A page, B /healthz, B page (B first in every other round), --rounds times, so
both meet the same machine; the best run of each is kept and B is compared with A.

down: in one process on a seeded SQLite database, Django's test client through every
middleware, page cache on, the two backends in turn (A, B, A, B): Redis up and warm, Redis
refused (a closed port) and Redis hanging (a socket that accepts and never answers), with
every page rendered without a cache as the baseline of the same run.

warm: the same process set-up, Redis up and the pages cached, --rounds rounds of --requests
requests per backend (A first in even rounds, B first in odd ones), without HTTP or wrk in
the way: what the backend itself costs a cached page.

Needs django-redis, which the app does not use; requirements-dev.txt pins it (make install-dev).
Results go to stdout as Markdown; docs/benchmarks.md keeps them. Never part of `make test`.
"""

import argparse
import collections
import datetime
import itertools
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import faults
import load_pages

ROOT = load_pages.ROOT
PY = sys.executable
TIMEOUTS = {"connect": 0.25, "read": 0.5}  # what config.redis_cache uses by default


def django_redis_options():
    return {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": TIMEOUTS["connect"],
        "SOCKET_TIMEOUT": TIMEOUTS["read"],
    }


SETTINGS_B = f'''"""config.settings with django-redis as the cache (bench only)."""
from config.settings import *  # noqa: F403
from config.settings import CACHES as _ours

CACHES = {{"default": {{
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": _ours["default"]["LOCATION"],
    "KEY_PREFIX": _ours["default"]["KEY_PREFIX"],
    "OPTIONS": {django_redis_options()!r},
}}}}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
'''


# --- Cached pages over HTTP --------------------------------------------------------------------


def http(options):
    workdir = Path(tempfile.mkdtemp(prefix="hz-backends-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env["DJANGO_SECRET_KEY"] = faults.SECRET
    load_pages.prepare(options.db, env, workdir)
    urls = load_pages.pages(env)[: options.pages]
    (workdir / "settings_django_redis.py").write_text(SETTINGS_B)
    env_a = {**env, "DJANGO_CACHE_PREFIX": "bench-ours"}
    env_b = {
        **env,
        "DJANGO_CACHE_PREFIX": "bench-django-redis",
        "DJANGO_SETTINGS_MODULE": "settings_django_redis",
        "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
    }
    servers = []
    try:
        servers.append(load_pages.start_server(env_a, options.port, workdir))
        servers.append(load_pages.start_server(env_b, options.port + 1, workdir))
        (_, base_a), (_, base_b) = servers
        check_backends(base_b)
        load_pages.flush_cache()
        rows = []
        for url in urls:
            for base in (base_a, base_b):
                urllib.request.urlopen(base + url).read()  # warm it
            runs = {base: {"health": [], "page": []} for base in (base_a, base_b)}
            for round_ in range(options.rounds):
                # A first in even rounds, B first in odd ones: neither always meets the
                # machine right after the other's load.
                for base in (base_a, base_b) if round_ % 2 == 0 else (base_b, base_a):
                    health = load_pages.wrk(base + "/healthz", options.seconds, options.connections)
                    page = load_pages.wrk(base + url, options.seconds, options.connections)
                    runs[base]["health"].append(health)
                    runs[base]["page"].append(page)
            best = {}
            for base in (base_a, base_b):
                page = max(runs[base]["page"], key=lambda r: r["rps"])
                page["errors"] = sum(r["errors"] for r in runs[base]["page"])
                health = max(runs[base]["health"], key=lambda r: r["rps"])
                best[base] = (page, health)
            rows.append((url, best[base_a], best[base_b]))
            print(f"{url}: A {best[base_a][0]['rps']:.0f}, B {best[base_b][0]['rps']:.0f}",
                  file=sys.stderr)  # fmt: skip
    finally:
        for process, _ in servers:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    lines = [
        f"`.venv/bin/python bench/cache_backends.py {' '.join(sys.argv[1:])}` (http) — "
        f"{datetime.date.today().isoformat()}, scale-1 demo data, two gunicorn servers (4 workers "
        f"× 2 threads each), A: `config.redis_cache.RedisCache`, B: django-redis "
        f"(`IGNORE_EXCEPTIONS`, the same socket timeouts), wrk -t2 -c{options.connections} "
        f"-d{options.seconds}s, {options.rounds} rounds of A /healthz, A page, B /healthz, "
        "B page (B first in every other round); the best of each is kept.",
        "",
        "| page | A req/s | A × healthz | B req/s | B × healthz | B ÷ A req/s | B ÷ A, each "
        "÷ own healthz | A p50 / p99 ms | B p50 / p99 ms | errors A / B |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    raw, normalised = [], []
    for url, (page_a, health_a), (page_b, health_b) in rows:
        ratio_a, ratio_b = page_a["rps"] / health_a["rps"], page_b["rps"] / health_b["rps"]
        raw.append(page_b["rps"] / page_a["rps"])
        normalised.append(ratio_b / ratio_a)
        lines.append(
            f"| `{url}` | {page_a['rps']:.0f} | {ratio_a:.2f} | {page_b['rps']:.0f} "
            f"| {ratio_b:.2f} | {raw[-1]:.2f} | {normalised[-1]:.2f} "
            f"| {page_a['p50']:.1f} / {page_a['p99']:.1f} | {page_b['p50']:.1f} / "
            f"{page_b['p99']:.1f} | {page_a['errors']} / {page_b['errors']} |"
        )
    lines += [
        "",
        f"B ÷ A over all pages: median **{statistics.median(raw):.2f}** in req/s "
        f"(range {min(raw):.2f}–{max(raw):.2f}), median **{statistics.median(normalised):.2f}** "
        "with each page divided by its own server's /healthz.",
        "",
    ]
    print("\n".join(lines))


def check_backends(base_b):
    """B really runs django-redis: a page stored by it is in Redis under B's prefix."""
    import redis

    urllib.request.urlopen(base_b + "/").read()
    client = redis.Redis.from_url(load_pages.REDIS)
    if not client.keys("bench-django-redis:*"):
        raise SystemExit("server B stored nothing under its prefix")


# --- Redis refused or hanging, in process ------------------------------------------------------


def down(options):
    workdir = Path(tempfile.mkdtemp(prefix="hz-backends-"))
    env = {**faults.base_env(), "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}"}
    subprocess.run([PY, "manage.py", "bootstrap"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    os.environ.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    sys.path.insert(0, str(ROOT))
    import logging

    import django

    django.setup()
    # Both backends log failures; the log is not what is measured.
    logging.getLogger("hightech_zone.cache").setLevel(logging.ERROR)
    logging.getLogger("django_redis").setLevel(logging.CRITICAL)
    from django.core.cache import caches
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    port = faults.free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    up = f"redis://127.0.0.1:{port}/0"
    closed = f"redis://127.0.0.1:{faults.free_port()}/0"
    pages = ["/", "/reports/2017/", "/indicators/"]

    def backend(name, url):
        if name == "ours":
            return {"default": {"BACKEND": "config.redis_cache.RedisCache",
                                "LOCATION": url, "KEY_PREFIX": name}}  # fmt: skip
        return {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url,
                            "KEY_PREFIX": name, "OPTIONS": django_redis_options()}}  # fmt: skip

    def timed(caches_setting, requests, page_cache=600):
        with override_settings(CACHES=caches_setting, PAGE_CACHE_SECONDS=page_cache):
            client = Client()
            for page in pages:  # warm what can be warmed
                client.get(page)
            times, statuses = [], collections.Counter()
            for page in itertools.islice(itertools.cycle(pages), requests):
                start = time.perf_counter()
                statuses[client.get(page).status_code] += 1
                times.append((time.perf_counter() - start) * 1000)
        return times, statuses

    def per_call(name, url, calls):
        """Microseconds per get_many of the version and a page, as the page cache asks."""
        with override_settings(CACHES=backend(name, url)):
            cache = caches["default"]
            cache.get_many(["v", "p"])  # connect, or open the breaker
            start = time.perf_counter()
            for _ in range(calls):
                cache.get_many(["v", "p"])
            return (time.perf_counter() - start) / calls * 1e6

    if options.only == "warm":
        try:
            return warm(options, lambda name: timed(backend(name, up), options.requests)[0])
        finally:
            server.terminate()
            server.wait(timeout=10)
            shutil.rmtree(workdir, ignore_errors=True)

    n, few = options.requests, max(6, options.requests // 20)
    results = collections.defaultdict(lambda: ([], collections.Counter()))
    calls = collections.defaultdict(list)

    def add(label, measured):
        times, statuses = results[label]
        times += measured[0]
        statuses.update(measured[1])

    try:
        for _ in range(options.rounds):
            add(
                "no page cache (every page rendered): baseline",
                timed(backend("ours", closed), n, 0),
            )
            for name, label in (("ours", "A (ours)"), ("django-redis", "B (django-redis)")):
                add(f"Redis up, page cache warm — {label}", timed(backend(name, up), n))
                calls[f"Redis up — {label}"].append(per_call(name, up, 2000))
            for name, label in (("ours", "A (ours)"), ("django-redis", "B (django-redis)")):
                add(f"Redis refused — {label}", timed(backend(name, closed), n))
                calls[f"Redis refused — {label}"].append(per_call(name, closed, 2000))
            for name, label in (("ours", "A (ours)"), ("django-redis", "B (django-redis)")):
                hanging = faults.Hanging()
                count = n if name == "ours" else few  # B waits out its timeouts on each request
                add(f"Redis hanging — {label}", timed(backend(name, hanging.url), count))
                calls[f"Redis hanging — {label}"].append(per_call(name, hanging.url, 4))
                hanging.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)

    lines = [
        f"`.venv/bin/python bench/cache_backends.py {' '.join(sys.argv[1:])}` (down) — "
        f"{datetime.date.today().isoformat()}, SQLite, in one process (Django's test client, "
        f"every middleware), pages {', '.join(pages)} in turn, {options.rounds} rounds of "
        "baseline, A, B; socket timeouts 0.25 s (connect) and 0.5 s (read) in both; A's breaker "
        "5 s.",
        "",
        "| Redis | requests | answers | mean ms | p50 ms | p95 ms | max ms |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for label, (times, statuses) in results.items():
        shown = ", ".join(f"{s}: {c}" for s, c in sorted(statuses.items()))
        cut = statistics.quantiles(times, n=20, method="inclusive")
        lines.append(
            f"| {label} | {len(times)} | {shown} | {statistics.mean(times):.1f} "
            f"| {statistics.median(times):.1f} | {cut[18]:.1f} | {max(times):.1f} |"
        )
    lines += ["", "| one `get_many` call (best round) | µs |", "| --- | ---: |"]
    lines += [f"| {label} | {min(us):.0f} |" for label, us in calls.items()]
    print("\n".join([*lines, ""]))


def warm(options, times_of):
    """Redis up and the pages cached: the median request time of each backend, round by round,
    A first in even rounds and B first in odd ones."""
    medians = {"ours": [], "django-redis": []}
    for round_ in range(options.rounds):
        for name in ("ours", "django-redis") if round_ % 2 == 0 else ("django-redis", "ours"):
            medians[name].append(statistics.median(times_of(name)))
    ratios = [b / a for a, b in zip(medians["ours"], medians["django-redis"], strict=True)]
    lines = [
        f"`.venv/bin/python bench/cache_backends.py {' '.join(sys.argv[1:])}` (warm) — "
        f"{datetime.date.today().isoformat()}, SQLite, in one process (Django's test client, "
        f"every middleware), pages /, /reports/2017/, /indicators/ cached in a private Redis, "
        f"{options.rounds} rounds of {options.requests} requests per backend.",
        "",
        "| backend | median ms per request, median of the rounds | fastest round | slowest round |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, label in (("ours", "A (ours)"), ("django-redis", "B (django-redis)")):
        values = medians[name]
        lines.append(
            f"| {label} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f} |"
        )
    lines += [
        "",
        f"B ÷ A, round by round: median **{statistics.median(ratios):.2f}** "
        f"(range {min(ratios):.2f}–{max(ratios):.2f}).",
        "",
    ]
    print("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["http", "down", "warm"])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pages", type=int, help="only the first N pages of load_pages.py")
    parser.add_argument("--port", type=int, default=8731, help="A; B listens on the next port")
    parser.add_argument("--requests", type=int, default=300, help="per scenario and round, down")
    options = parser.parse_args()
    if options.only in (None, "down", "warm"):
        down(options)
    if options.only in (None, "http"):
        http(options)


if __name__ == "__main__":
    main()
