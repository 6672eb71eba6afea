"""Faults under load: PostgreSQL restarted under traffic, and Redis refused or hanging.

    .venv/bin/python bench/faults.py --only postgres            # this checkout
    .venv/bin/python bench/faults.py --only postgres --code REV # the app as of a git revision
    .venv/bin/python bench/faults.py --only redis

postgres: creates a private PostgreSQL 15 cluster in a temporary folder on a free port (never
the machine's), seeds it with `manage.py bootstrap`, serves the app as `make serve` does
(gunicorn 4 workers × 2 threads, DEBUG off, psycopg pool; page cache off, so every request
needs the database, unless --page-cache keeps pages in a private redis-server), drives steady
load from threads over several pages, stops the cluster (`pg_ctl stop -m fast`, as a restart
does), keeps it down for --down seconds, starts it again, and records every answer with its
time. It prints the answers by status before, during and
after the outage, the first and last error relative to "database back", and the goal: only
503s, and no error at all from 1 s after the database is back.

redis: in one process on a seeded SQLite database, the time of a page request (Django's test
client, full middleware stack, page cache on) with Redis up and warm, with no page cache, with
Redis refused (a closed port) and with Redis hanging (a socket that accepts and never
answers), each with the circuit breaker on and off.

Results go to stdout as Markdown; docs/benchmarks.md keeps them. Never part of `make test`.
"""

import argparse
import collections
import datetime
import itertools
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PAGES = ["/", "/reports/2017/", "/indicators/", "/projects/", "/admin/login/"]
SECRET = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env["DJANGO_SECRET_KEY"] = SECRET
    return env


# --- PostgreSQL restarted under load ----------------------------------------------------------


class Cluster:
    """A private PostgreSQL cluster in a temporary folder, run as the postgres user."""

    def __init__(self, workdir):
        self.dir = workdir / "pg"
        self.dir.mkdir()
        shutil.chown(self.dir, "postgres")
        self.data = self.dir / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/zone"
        self.pg("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                "--locale=C", "--no-sync")  # fmt: skip
        self.start()
        self.pg("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "zone")

    def pg(self, tool, *args):
        command = ["runuser", "-u", "postgres", "--", str(PG_BIN / tool), *map(str, args)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=self.dir)

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg("pg_ctl", "-D", self.data, "-l", self.dir / "log", "-o", options, "-w", "start")

    def stop(self):
        self.pg("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def remove(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def export_code(rev, workdir):
    """The app as of a git revision, in a folder of its own, to run with this virtualenv."""
    target = workdir / "code"
    target.mkdir()
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", target], input=archive.stdout, check=True)
    return target


def start_gunicorn(code, env, workdir, port):
    env = {
        **env,
        "DJANGO_DEBUG": "0",
        "DJANGO_STATIC_MANIFEST": "1",
        "DJANGO_DB_POOL": "1",
        "DJANGO_PAGE_CACHE_SECONDS": env.get("DJANGO_PAGE_CACHE_SECONDS", "0"),
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
    }
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=code, env=env,
                   check=True)  # fmt: skip
    log = open(workdir / "gunicorn.log", "wb")  # noqa: SIM115 (kept open for the server)
    process = subprocess.Popen(
        [str(Path(PY).with_name("gunicorn")), "config.wsgi", "--bind",
         f"127.0.0.1:{port}", "--workers", "4", "--threads", "2", "--worker-class", "gthread",
         "--graceful-timeout", "10"],
        cwd=code, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            return process, base
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit("the server did not start: see " + str(workdir / "gunicorn.log"))


def load(base, t0, stop, answers, think):
    """One reader: the pages in turn until stop, each answer as (start, end, page, status)."""
    for page in itertools.cycle(PAGES):
        if stop.is_set():
            return
        start = time.monotonic()
        try:
            with urllib.request.urlopen(base + page, timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError as error:
            status = f"socket error ({type(error).__name__})"
        answers.append((start - t0, time.monotonic() - t0, page, status))
        time.sleep(think)


def is_error(status):
    return not isinstance(status, int) or status >= 500


def postgres(options):
    workdir = Path(tempfile.mkdtemp(prefix="hz-faults-"))
    os.chmod(workdir, 0o755)
    cluster = Cluster(workdir)
    process = redis_server = None
    try:
        code = export_code(options.code, workdir) if options.code else ROOT
        env = {**base_env(), "DATABASE_URL": cluster.url}
        if options.page_cache:
            port = free_port()
            redis_server = subprocess.Popen(
                ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
                cwd=workdir,
                stdout=subprocess.DEVNULL,
            )
            env |= {"REDIS_URL": f"redis://127.0.0.1:{port}/0", "DJANGO_PAGE_CACHE_SECONDS": "600"}
        subprocess.run([PY, "manage.py", "bootstrap"], cwd=code, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        process, base = start_gunicorn(code, env, workdir, free_port())
        for page in PAGES:
            urllib.request.urlopen(base + page, timeout=30).read()

        answers, stop = [], threading.Event()
        t0 = time.monotonic()
        readers = [
            threading.Thread(target=load, args=(base, t0, stop, answers, options.think))
            for _ in range(options.readers)
        ]
        for reader in readers:
            reader.start()
        time.sleep(options.before)
        down = time.monotonic() - t0
        cluster.stop()
        time.sleep(options.down)
        cluster.start()
        back = time.monotonic() - t0
        time.sleep(options.after)
        stop.set()
        for reader in readers:
            reader.join()
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        if redis_server is not None:
            redis_server.terminate()
            redis_server.wait(timeout=10)
        cluster.remove()
    log = (workdir / "gunicorn.log").read_text(errors="replace")
    shutil.rmtree(workdir, ignore_errors=True)
    report_postgres(options, answers, down, back, log)


def report_postgres(options, answers, down, back, log):
    phases = {
        "before the stop": lambda a: a[1] < down,
        "during the outage (and 1 s after)": lambda a: a[1] >= down and a[0] < back + 1,
        "from 1 s after the database is back": lambda a: a[0] >= back + 1,
    }
    today = datetime.date.today().isoformat()
    code = f" --code {options.code}" if options.code else ""
    code += " --page-cache" if options.page_cache else ""
    cache = "page cache warm in Redis" if options.page_cache else "page cache off"
    lines = [
        f"`.venv/bin/python bench/faults.py --only postgres{code} --down {options.down:g}` — "
        f"{today}, private PostgreSQL 15 cluster, gunicorn 4 workers × 2 threads, psycopg pool, "
        f"{cache}, {options.readers} readers over {', '.join(PAGES)}.",
        "",
        f"Stopped at {down:.1f} s; back (pg_ctl start returned) at {back:.1f} s: "
        f"{back - down:.1f} s without a database.",
        "",
        "| answers | total | by status | slowest s |",
        "| --- | ---: | --- | ---: |",
    ]
    for name, belongs in phases.items():
        chosen = [a for a in answers if belongs(a)]
        counts = collections.Counter(a[3] for a in chosen)
        shown = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items(), key=str))
        slowest = max((a[1] - a[0] for a in chosen), default=0)
        lines.append(f"| {name} | {len(chosen)} | {shown} | {slowest:.2f} |")
    errors = [a for a in answers if is_error(a[3])]
    late = [a for a in errors if a[0] >= back + 1]
    not_503 = collections.Counter(a[3] for a in errors if a[3] != 503)
    lines.append("")
    if errors:
        lines.append(
            f"Errors: {len(errors)}; first answered {errors[0][1] - back:+.2f} s and last "
            f"{max(a[1] for a in errors) - back:+.2f} s from the database being back "
            f"(last started {max(a[0] for a in errors) - back:+.2f} s)."
        )
    else:
        lines.append("Errors: none.")
    lines += [
        f"Server log: {log.count('ERROR django.request: Service Unavailable')} 503s and "
        f"{log.count('ERROR django.request: Internal Server Error')} 500s logged with their "
        "traceback by `django.request`.",
        "",
        f"Goal, only 503s: {'met' if not not_503 else 'NOT met ' + str(dict(not_503))}; "
        f"no error from 1 s after the database is back: "
        f"{'met' if not late else f'NOT met ({len(late)} errors)'}.",
        "",
    ]
    print("\n".join(lines))


# --- Redis refused or hanging -----------------------------------------------------------------


class Hanging:
    """A socket that accepts connections and never answers, as a wedged Redis does."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.url = f"redis://127.0.0.1:{self.listener.getsockname()[1]}/0"
        self.accepted = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                self.accepted.append(self.listener.accept()[0])
            except OSError:
                return

    def close(self):
        self.listener.close()
        for conn in self.accepted:
            conn.close()


def redis(options):
    workdir = Path(tempfile.mkdtemp(prefix="hz-faults-"))
    database = workdir / "db.sqlite3"
    env = {**base_env(), "DATABASE_URL": f"sqlite:///{database}"}
    subprocess.run([PY, "manage.py", "bootstrap"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    os.environ.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    sys.path.insert(0, str(ROOT))
    import logging

    import django

    django.setup()
    logging.getLogger("hightech_zone.cache").setLevel(logging.ERROR)  # one per scenario
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    closed = f"redis://127.0.0.1:{free_port()}/0"
    pages = ["/", "/reports/2017/", "/indicators/"]

    def timed(caches, requests, page_cache=600):
        with override_settings(CACHES=caches, PAGE_CACHE_SECONDS=page_cache):
            client = Client()
            for page in pages:  # warm what can be warmed
                client.get(page)
            times, statuses = [], collections.Counter()
            for page in itertools.islice(itertools.cycle(pages), requests):
                start = time.perf_counter()
                statuses[client.get(page).status_code] += 1
                times.append((time.perf_counter() - start) * 1000)
        return times, statuses

    def backend(url, breaker):
        options = {} if breaker else {"breaker_seconds": 0}
        return {"default": {"BACKEND": "config.redis_cache.RedisCache", "LOCATION": url,
                            "OPTIONS": options}}  # fmt: skip

    from config.redis_cache import RedisCache

    def per_call(url, breaker, calls=2000):
        """Microseconds per get_many of the version and a page, as the page cache asks."""
        cache = RedisCache(url, backend(url, breaker)["default"])
        cache.get_many(["v", "p"])  # connect, or open the breaker
        start = time.perf_counter()
        for _ in range(calls):
            cache.get_many(["v", "p"])
        return (time.perf_counter() - start) / calls * 1e6

    rows = []
    try:
        up = f"redis://127.0.0.1:{port}/0"
        calls = [
            ("Redis up", per_call(up, True)),
            ("Redis refused, breaker off", per_call(closed, False)),
            ("Redis refused, breaker on", per_call(closed, True)),
        ]
        n = options.requests
        rows.append(
            (
                "Redis up, page cache warm (baseline)",
                *timed(backend(f"redis://127.0.0.1:{port}/0", True), n),
            )
        )
        rows.append(
            ("no page cache (every page rendered)", *timed(backend(closed, True), n, page_cache=0))
        )
        rows.append(("Redis refused, breaker on", *timed(backend(closed, True), n)))
        rows.append(("Redis refused, breaker off", *timed(backend(closed, False), n)))
        hanging = Hanging()
        rows.append(("Redis hanging, breaker on", *timed(backend(hanging.url, True), n)))
        hanging.close()
        hanging = Hanging()
        few = max(6, n // 20)  # each request waits for its timeouts
        rows.append(("Redis hanging, breaker off", *timed(backend(hanging.url, False), few)))
        hanging.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)

    today = datetime.date.today().isoformat()
    lines = [
        f"`.venv/bin/python bench/faults.py --only redis` — {today}, SQLite, in one process "
        f"(Django's test client, every middleware), pages {', '.join(pages)} in turn; socket "
        "timeouts 0.25 s (connect) and 0.5 s (read), breaker 5 s.",
        "",
        "| Redis | requests | answers | mean ms | p50 ms | p95 ms | max ms |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for name, times, statuses in rows:
        shown = ", ".join(f"{s}: {c}" for s, c in sorted(statuses.items()))
        cut = statistics.quantiles(times, n=20, method="inclusive")
        lines.append(
            f"| {name} | {len(times)} | {shown} | {statistics.mean(times):.1f} "
            f"| {statistics.median(times):.1f} | {cut[18]:.1f} | {max(times):.1f} |"
        )
    lines += ["", "| one `get_many` call | µs |", "| --- | ---: |"]
    lines += [f"| {name} | {us:.0f} |" for name, us in calls]
    print("\n".join([*lines, ""]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["postgres", "redis"])
    parser.add_argument("--code", help="git revision of the app to run (default: this checkout)")
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--think", type=float, default=0.02, help="seconds between requests")
    parser.add_argument("--before", type=float, default=5)
    parser.add_argument("--down", type=float, default=2, help="seconds the database stays down")
    parser.add_argument("--after", type=float, default=15)
    parser.add_argument("--page-cache", action="store_true", help="pages cached in Redis")
    parser.add_argument("--requests", type=int, default=300, help="per Redis scenario")
    options = parser.parse_args()
    if options.only in (None, "postgres"):
        postgres(options)
    if options.only in (None, "redis"):
        redis(options)


if __name__ == "__main__":
    main()
