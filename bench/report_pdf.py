"""How long the work report's PDF takes to render on the server, and the memory it takes.

    .venv/bin/python bench/report_pdf.py             # the 2017 report, and one 10 times as long
    .venv/bin/python bench/report_pdf.py --repeat 5

A fresh SQLite database gets the shipped fixtures and a made-up report that repeats the 2017
sections ten times (about 40 pages). Each case runs in its own process, through the whole
Django stack (test client, middleware, page cache), and reports:
  * first: the first PDF a fresh process renders (it loads WeasyPrint, Pango and the fonts);
  * again: each later render of the same PDF with the page cache off (the fastest of --repeat,
    and the median);
  * cached: the same address answered from the page cache;
  * after a write: the page cache is stale (as after any write) but the document is not, so
    its HTML is rebuilt and its PDF taken from the cache by the HTML's hash;
  * the process's resident memory (Django included): before the first PDF, at its peak, and
    after all the renders (it must not grow with each one).
Results go to stdout as Markdown for docs/benchmarks.md. Never part of `make test`.
"""

import argparse
import datetime
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
LONG_YEAR = 2099


def setup_database(url):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    code = f"""
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from hightech_zone import seed
seed.load_seed_data()
from hightech_zone.models import ReportSection, WorkReport
seed = WorkReport.objects.get(year=2017)
long = WorkReport.objects.create(year={LONG_YEAR}, title="十倍长度的测试工作报告",
    issuing_body=seed.issuing_body, issued_on=seed.issued_on, closing=seed.closing,
    status="published")
sections = list(seed.sections.order_by("order"))
for copy in range(10):
    for s in sections:
        ReportSection.objects.create(report=long, order=copy * 10 + s.order,
            heading=s.heading, body=s.body)
"""
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def child(year, repeat):
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from hightech_zone.cache import bump_data_version

    def memory_mb(field):
        status = Path("/proc/self/status").read_text()
        return int(re.search(rf"{field}:\s+(\d+)", status).group(1)) / 1024

    client = Client()
    url = f"/reports/{year}/pdf/"
    assert client.get(f"/reports/{year}/").status_code == 200
    before = memory_mb("VmRSS")
    start = time.perf_counter()
    response = client.get(url)
    first = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    size = len(response.content)
    start = time.perf_counter()
    assert client.get(url).status_code == 200
    cached = time.perf_counter() - start
    bump_data_version()  # what any write does: the cached page is stale, the document is not
    start = time.perf_counter()
    assert client.get(url).status_code == 200
    unchanged = time.perf_counter() - start
    settings.PAGE_CACHE_SECONDS = 0
    again = []
    for _ in range(repeat):
        cache.clear()  # no PDF kept by its hash either: a full render each time
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        again.append(time.perf_counter() - start)
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    print(
        json.dumps(
            {
                "first": first,
                "again_min": min(again),
                "again_median": statistics.median(again),
                "cached": cached,
                "unchanged": unchanged,
                "size": size,
                "pages": pages,
                "rss_before": before,
                "rss_peak": memory_mb("VmHWM"),
                "rss_after": memory_mb("VmRSS"),
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.repeat)
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        setup_database(url)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "0",
        }
        env.pop("REDIS_URL", None)  # the per-process cache: the render, not Redis, is measured
        print(f"### report PDF — {datetime.date.today()}, {os.cpu_count()} cores\n")
        print(
            "| report | pages | size | first render | again (min / median) | cached "
            "| after a write "
            "| resident memory: before / peak / after |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for year, label in [(2017, "2017 (seed)"), (LONG_YEAR, "10 × 2017")]:
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(year), "--repeat", str(args.repeat)],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            print(
                f"| {label} | {r['pages']} | {r['size'] / 1024:.0f} KiB | {r['first']:.2f} s "
                f"| {r['again_min']:.2f} / {r['again_median']:.2f} s "
                f"| {r['cached'] * 1000:.1f} ms | {r['unchanged'] * 1000:.0f} ms "
                f"| {r['rss_before']:.0f} / {r['rss_peak']:.0f} / {r['rss_after']:.0f} MiB |"
            )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
