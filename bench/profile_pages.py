"""Where the cold render of every public page spends its time: pyinstrument, page cache off.

    .venv/bin/python bench/profile_pages.py --db postgres --scale 1 --reuse
    .venv/bin/python bench/profile_pages.py --db postgres --scale 10 --reuse --out /tmp/profiles
    .venv/bin/python bench/profile_pages.py --db postgres --scale 10 --reuse --whole

--whole turns the fragments off too: every render complete, as after a write to every table.

Builds (or with --reuse keeps) the bench database of load_pages.py, then renders each page of
its --cold list in process with Django's test client, DEBUG off and the page cache off: one
warm-up, 10 unprofiled renders for the median and the queries, then 10 renders under
pyinstrument (1 ms sampling). Each sample's time goes to the innermost frame of a known kind
(the database driver, the ORM, URL reversing, gettext, django-tables2, templates, the project's
own code, …), so the kinds add up to the profiled render. Prints Markdown for
/work/notes/profile.md and docs/benchmarks.md; with --out, pyinstrument's own tree per page.
"""

import argparse
import collections
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_pages import ROOT, cold_pages, label, prepare

# (kind, fragment of a frame's file path), first match wins; a frame of no kind (the standard
# library, builtins) counts towards the nearest frame above it that has one.
KINDS = [
    ("database driver (SQL round trips, rows)", ("/psycopg/", "/psycopg_pool/", "sqlite3/")),
    ("ORM (build, compile, rows → objects)", ("/django/db/",)),
    ("URL reversing", ("/django/urls/",)),
    ("gettext / i18n", ("/django/utils/translation/",)),
    ("django-tables2", ("/django_tables2/",)),
    ("django-filter, forms", ("/django_filters/", "/django/forms/")),
    ("templates", ("/django/template/", "/django/templatetags/")),
    ("jieba", ("/jieba/",)),
    ("project code", (f"{ROOT}/hightech_zone/", f"{ROOT}/portal/", f"{ROOT}/config/")),
    ("rest of Django, middleware", ("/django/",)),
    ("other libraries", ("/site-packages/",)),
]


def kind_of(path):
    if not path:
        return None
    for kind, fragments in KINDS:
        if any(fragment in path for fragment in fragments):
            return kind
    return None


def split(frame, inherited, kinds, functions):
    kind = kind_of(frame.file_path) or inherited
    own = frame.total_self_time
    if own > 0 and not frame.is_synthetic:
        kinds[kind or "other"] += own
        where = frame.file_path or ""
        where = re.sub(r".*/site-packages/", "", where).replace(f"{ROOT}/", "")
        functions[f"{frame.function} ({where}:{frame.line_no})"] += own
    for child in frame.children:
        if not child.is_synthetic:
            split(child, kind, kinds, functions)


def profile(urls, renders, out):
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    client = Client()
    results = []
    for url in urls:
        client.get(url)
        times = []
        for _ in range(renders):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        count = len(queries)  # read now: the log it slices is emptied by the next request
        profiler = Profiler(interval=0.001)
        profiler.start()
        for _ in range(renders):
            client.get(url)
        profiler.stop()
        kinds, functions = collections.Counter(), collections.Counter()
        root = profiler.last_session.root_frame()
        split(root, None, kinds, functions)
        total = sum(kinds.values())
        results.append(
            {
                "url": url,
                "queries": count,
                "median": statistics.median(times),
                "profiled": total * 1000 / renders,
                "kinds": [(k, s * 1000 / renders, s / total) for k, s in kinds.most_common()],
                "functions": [(f, s * 1000 / renders) for f, s in functions.most_common(5)],
            }
        )
        if out:
            name = re.sub(r"[^\w]+", "_", label(url)).strip("_") or "home"
            Path(out, f"{name}.txt").write_text(
                profiler.output_text(unicode=True, color=False, show_all=False)
            )
    return results


def markdown(results, options):
    lines = [
        f"`.venv/bin/python bench/profile_pages.py --db {options.db} --scale {options.scale:g}"
        f"{' --reuse' if options.reuse else ''}{' --whole' if options.whole else ''}` — page "
        f"cache{' and fragments' if options.whole else ''} off, DEBUG off, in process; "
        f"median of {options.renders} renders unprofiled; the split is over "
        f"{options.renders} renders under pyinstrument (its overhead included), per render.",
        "",
        "| page | queries | median ms | top costs, ms per render (share of the profiled render) |",
        "| --- | ---: | ---: | --- |",
    ]
    for r in results:
        top = "; ".join(f"{k} {ms:.1f} ({share:.0%})" for k, ms, share in r["kinds"][:5])
        lines.append(f"| `{label(r['url'])}` | {r['queries']} | {r['median']:.1f} | {top} |")
    lines += ["", "Hottest functions by own time, ms per render:", ""]
    for r in results:
        hot = "; ".join(f"`{f}` {ms:.1f}" for f, ms in r["functions"])
        lines.append(f"- `{label(r['url'])}` (profiled {r['profiled']:.1f} ms): {hot}")
    return "\n".join([*lines, ""])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--scale", type=float, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep the scale's bench database")
    parser.add_argument("--renders", type=int, default=10)
    parser.add_argument("--only", help="profile only the pages whose address contains this")
    parser.add_argument("--out", help="folder for pyinstrument's tree of each page")
    parser.add_argument("--whole", action="store_true", help="the fragments off too")
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env["DJANGO_SECRET_KEY"] = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    with tempfile.TemporaryDirectory() as workdir:
        prepare(options.db, env, Path(workdir), scale=options.scale, reuse=options.reuse)
        urls = cold_pages(env)
        if options.only:
            urls = [u for u in urls if options.only in u]
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DJANGO_PAGE_CACHE_SECONDS="0",
            DJANGO_ALLOWED_HOSTS="testserver",
        )
        if options.whole:
            env["DJANGO_FRAGMENT_CACHE_SECONDS"] = "0"
        os.environ.clear()
        os.environ.update(env)
        os.chdir(ROOT)
        sys.path.insert(0, str(ROOT))
        if options.out:
            Path(options.out).mkdir(parents=True, exist_ok=True)
        results = profile(urls, options.renders, options.out)
    print(markdown(results, options))


if __name__ == "__main__":
    main()
