"""Import and export benchmark for indicator values, against the floor measured in the same run.

    .venv/bin/python bench/import_values.py --db sqlite
    .venv/bin/python bench/import_values.py --db postgres
    .venv/bin/python bench/import_values.py --db sqlite --rows 10000   # one size only
    .venv/bin/python bench/import_values.py --db postgres --only queued --rows 100000
    .venv/bin/python bench/import_values.py --db sqlite --only small   # inline or as a job
    .venv/bin/python bench/import_values.py --db sqlite --only upload --rows 100000

For 10,000 and 100,000 indicator values, as XLSX and as GBK CSV (what Chinese Excel saves):
  * floor: parse the same file (csv / openpyxl read-only) and bulk_create the same rows;
  * import: what staff get — read_table (encoding detection, hostile-file checks) and
    IndicatorValueResource.import_data with every validation, history and cache invalidation;
  * the same import without history, to show what history costs;
  * the preview (dry run) that the admin shows before the confirmation;
  * a re-import of the same file once the rows exist (every row compared, all skipped);
and, for the export, IndicatorValueResource to XLSX against openpyxl's write-only mode writing
the same rows. ``--only queued`` runs the admin's path for a large file instead: the upload
request (Django's test client, the real admin view), the preview job in a real worker
(`manage.py run_jobs`), the confirmation request and the write job, end to end; ``small``
times a small file's preview within the request against the same file through a job;
``upload`` times the request that starts a large file's job alone. Every case
runs in its own process, which reports its wall time and its peak
resident memory (the whole process, Django included); each is run --repeat times (3) and the
fastest time is kept, the largest memory. Results go to stdout as Markdown for
docs/benchmarks.md. Never part of `make test`.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# Overridable so that two people benchmarking on one machine don't drop each other's database.
PG_NAME = os.environ.get("BENCH_PG_NAME", "hightech_zone_import_bench")
PG_BENCH = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
INDICATORS = 1000
HEADERS = ["指标", "年度", "数值", "数值修饰", "同比增长(%)", "排名(第几位)", "排名范围", "备注"]


def rows_of(count):
    """Distinct (indicator, year) pairs with realistic cells, the same every run."""
    for i in range(count):
        code, year = f"bench{i % INDICATORS:04d}", 1950 + i // INDICATORS
        yield [code, year, f"{(i * 37) % 100000 / 10:.1f}", "准确值", "5.2", 2, "全市", f"备注{i}"]


def write_files(directory, count):
    from openpyxl import Workbook

    csv_path = directory / f"values-{count}.csv"
    lines = [",".join(HEADERS)] + [",".join(map(str, r)) for r in rows_of(count)]
    csv_path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    xlsx_path = directory / f"values-{count}.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("指标数值")
    sheet.append(HEADERS)
    for row in rows_of(count):
        sheet.append(row)
    book.save(xlsx_path)
    return {"csv": csv_path, "xlsx": xlsx_path}


def prepare(env):
    """An empty database with the schema and the indicators the values belong to."""
    if env["DATABASE_URL"].startswith("postgres"):
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
            admin.execute(f"CREATE DATABASE {PG_NAME}")
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    case(env, "indicators")


def best(env, name, repeat, **options):
    """The fastest of ``repeat`` runs: this VM's speed drifts by up to 2x minute to minute."""
    runs = [case(env, name, **options) for _ in range(repeat)]
    fastest = min(runs, key=lambda r: r["seconds"])
    return {**fastest, "peak_mb": max(r["peak_mb"] for r in runs)}


def case(env, name, **options):
    out = subprocess.run(
        [PY, __file__, "--case", name, "--options", json.dumps(options, default=str)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- Inside one case's process --------------------------------------------------------------


def run_case(name, options):
    import resource as rusage

    import django

    django.setup()
    from decimal import Decimal

    from django.db import connection

    from hightech_zone.models import Indicator, IndicatorValue

    def empty_values():
        with connection.cursor() as cursor:
            for table in ["hightech_zone_historicalindicatorvalue", "hightech_zone_indicatorvalue"]:
                cursor.execute(f"DELETE FROM {table}")

    if name == "indicators":
        Indicator.objects.bulk_create(
            Indicator(code=f"bench{i:04d}", name=f"基准指标{i}", unit="亿元", category="economy")
            for i in range(INDICATORS)
        )
        return {}

    path = Path(options.get("path", ""))
    if options.get("fresh"):
        empty_values()
    data = path.read_bytes() if path.name else b""
    started = time.perf_counter()
    count = None

    if name == "floor":
        ids = dict(Indicator.objects.values_list("code", "pk"))
        if path.suffix == ".csv":
            import csv
            import io

            reader = csv.reader(io.StringIO(data.decode("gbk")))
        else:
            from openpyxl import load_workbook

            book = load_workbook(io_bytes(data), read_only=True, data_only=True)
            reader = book.worksheets[0].iter_rows(values_only=True)
        next(reader)
        batch = []
        count = 0
        for r in reader:
            batch.append(
                IndicatorValue(
                    indicator_id=ids[r[0]],
                    year=int(r[1]),
                    value=Decimal(str(r[2])),
                    growth_pct=Decimal(str(r[4])),
                    rank=int(r[5]),
                    rank_scope=r[6],
                    note=r[7],
                )
            )
            if len(batch) == 1000:
                IndicatorValue.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        IndicatorValue.objects.bulk_create(batch)
        count += len(batch)

    elif name in ("import", "import-no-history", "preview"):
        from hightech_zone import resources
        from hightech_zone.importing.reading import read_table

        if name == "import-no-history":
            from hightech_zone.importing import history

            history.write_bulk_history = lambda **kwargs: None
        resource = resources.IndicatorValueResource()
        dataset = read_table(data, filename=path.name, resource=resource)
        result = resource.import_data(
            dataset, dry_run=name == "preview", file_name=path.name, user=None
        )
        if result.error_lines:
            raise SystemExit(result.error_lines[:5])
        count = result.total_rows
        totals = dict(result.totals)
        expected = options.get("expect")
        if expected and totals.get(expected) != count:
            raise SystemExit(f"expected {count} {expected}, got {totals}")

    elif name == "queued":
        from django.contrib.auth.models import User
        from django.test import Client

        from hightech_zone.models import ACTIVE, Job, JobStatus

        def ended(job):
            while Job.objects.filter(pk=job.pk, status__in=ACTIVE).exists():
                time.sleep(0.02)
            job.refresh_from_db()
            if job.status != JobStatus.DONE:
                raise SystemExit(f"job {job.pk} {job.status}: {job.message}")
            return time.perf_counter()

        user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
            "bench", password=None
        )
        client = Client()
        client.force_login(user)
        Job.objects.all().delete()
        # Staff open the import page, then post: the post is answered by a warm process.
        client.get("/admin/hightech_zone/indicatorvalue/import/")
        if options.get("upload_only"):  # the request alone, fastest of five
            timings = []
            for _ in range(5):
                with open(path, "rb") as upload:
                    began = time.perf_counter()
                    response = client.post(
                        "/admin/hightech_zone/indicatorvalue/import/",
                        {"import_file": upload, "format": "0"},
                    )
                    timings.append(time.perf_counter() - began)
                if response.status_code != 302:
                    raise SystemExit(f"the upload answered {response.status_code}")
                Job.objects.all().delete()
            return {"seconds": min(timings), "rows": None, "peak_mb": 0, "all": timings}
        started = time.perf_counter()
        with open(path, "rb") as upload:
            response = client.post(
                "/admin/hightech_zone/indicatorvalue/import/",
                {"import_file": upload, "format": "0"},
            )
        upload_s = time.perf_counter() - started
        if options.get("inline"):  # previewed within the request: the page shows it at once
            if response.status_code != 200 or "确认导入" not in response.content.decode():
                raise SystemExit("the small file was not previewed within the request")
            return {"seconds": upload_s, "rows": None, "peak_mb": 0}
        if options.get("preview_only"):  # the preview shows once its job ends
            ended(Job.objects.get())
            return {"seconds": time.perf_counter() - started, "rows": None, "peak_mb": 0}
        if response.status_code != 302:
            raise SystemExit(f"the upload answered {response.status_code}")
        preview = Job.objects.get()
        previewed = ended(preview)
        response = client.post(f"/admin/hightech_zone/job/{preview.pk}/confirm/")
        confirm_s = time.perf_counter() - previewed
        written = Job.objects.get(preview=preview)
        done = ended(written)
        count = written.rows_total
        if written.rows_written != count:
            raise SystemExit(f"{written.rows_written} of {count} rows written")
        return {
            "seconds": done - started,
            "rows": count,
            "peak_mb": rusage.getrusage(rusage.RUSAGE_SELF).ru_maxrss / 1024,
            "upload_s": upload_s,
            "confirm_s": confirm_s,
            "preview_s": previewed - started,
            "write_s": done - previewed,
        }

    elif name == "make-blank-files":
        from tests.conftest import libreoffice_xlsx

        directory, blank = Path(options["directory"]), 1_048_576 - 2
        rows = [HEADERS, next(rows_of(1))]
        with open(directory / "blank.xlsx", "wb") as out:
            libreoffice_xlsx(out, rows, blank)
        lines = [",".join(map(str, r)) for r in rows] + [","] * blank
        (directory / "blank.csv").write_bytes("\r\n".join(lines).encode("gbk"))

    elif name == "blank-rows":
        from hightech_zone.importing.reading import read_table

        dataset = read_table(data, filename=path.name)
        count = len(dataset)

    elif name == "export":
        from hightech_zone.importing.formats import XLSX
        from hightech_zone.importing.resources import IndicatorValueResource

        dataset = IndicatorValueResource().export()
        payload = XLSX().export_data(dataset)
        count = len(dataset)
        Path(options["out"]).write_bytes(payload)

    elif name == "export-floor":
        from openpyxl import Workbook

        from hightech_zone.importing.resources import IndicatorValueResource

        headers = IndicatorValueResource().get_export_headers()
        fields = [
            "indicator__code", "year", "value", "qualifier", "baseline_value",
            "baseline_qualifier", "growth_pct", "prior_multiple", "rank", "rank_scope",
            "rank_basis", "rank_change", "note", "source", "status",
        ]  # fmt: skip
        book = Workbook(write_only=True)
        sheet = book.create_sheet("指标数值")
        sheet.append(headers)
        count = 0
        for row in IndicatorValue.objects.values_list(*fields).iterator(chunk_size=2000):
            sheet.append(row)
            count += 1
        book.save(options["out"])

    seconds = time.perf_counter() - started
    peak_mb = rusage.getrusage(rusage.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "rows": count, "peak_mb": peak_mb}


def io_bytes(data):
    import io

    return io.BytesIO(data)


# --- The orchestrating process ---------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"])
    parser.add_argument("--rows", type=int, action="append")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--only",
        help="comma-separated: imports,blank,export,queued,small,upload (default: the first three)",
    )
    parser.add_argument("--case")
    parser.add_argument("--options", default="{}")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, json.loads(args.options))))
        return

    sizes = args.rows or [10_000, 100_000]
    workdir = Path(tempfile.mkdtemp(prefix="import-bench-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "0"}
    env.pop("REDIS_URL", None)
    env["DATABASE_URL"] = (
        PG_BENCH if args.db == "postgres" else f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    env["DJANGO_IMPORT_MAX_MB"] = "100"
    env["DJANGO_CACHE_DIR"] = str(workdir / "cache")  # the worker's progress, read by the page
    prepare(env)
    sections = (args.only or "imports,blank,export").split(",")
    print(f"## Import benchmark — {args.db}, {datetime.date.today().isoformat()}\n")
    print(f"`{' '.join([Path(PY).name, *sys.argv])}`\n")
    if "imports" in sections:
        imports(env, workdir, sizes, args.repeat)
    if "blank" in sections:
        blank_rows(env, workdir, args.repeat)
    if "export" in sections:
        export(env, workdir, sizes, args.repeat)
    if "queued" in sections:
        queued(env, workdir, sizes, args.repeat)
    if "small" in sections:
        small(env, workdir, args.repeat)
    if "upload" in sections:
        uploads(env, workdir, sizes)


def imports(env, workdir, sizes, repeat):
    print(
        "| rows | file | floor s | import s | × floor | no history s | × floor "
        "| preview s | re-import s | import peak MB |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count in sizes:
        files = write_files(workdir, count)
        for fmt, path in files.items():
            n = repeat
            floor = best(env, "floor", n, path=path, fresh=True)
            plain = best(env, "import-no-history", n, path=path, fresh=True, expect="new")
            preview = best(env, "preview", n, path=path, fresh=True, expect="new")
            full = best(env, "import", n, path=path, fresh=True, expect="new")
            again = best(env, "import", n, path=path, expect="skip")
            print(
                f"| {count:,} | {fmt} | {floor['seconds']:.2f} | {full['seconds']:.2f} "
                f"| **{full['seconds'] / floor['seconds']:.2f}** | {plain['seconds']:.2f} "
                f"| {plain['seconds'] / floor['seconds']:.2f} | {preview['seconds']:.2f} "
                f"| {again['seconds']:.2f} | {max(full['peak_mb'], again['peak_mb']):.0f} |",
                flush=True,
            )


def queued(env, workdir, sizes, repeat):
    """The admin's path for a large file, against the floor measured just before it."""
    worker = subprocess.Popen(
        [PY, "manage.py", "run_jobs", "-v", "0", "--interval", "0.1"], cwd=ROOT, env=env
    )
    try:
        print(
            "| rows | file | floor s | upload request s | confirm request s | preview job s "
            "| write job s | upload → written s | × floor | write job × floor |"
        )
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for count in sizes:
            for fmt, path in write_files(workdir, count).items():
                floor = best(env, "floor", repeat, path=path, fresh=True)
                ours = best(env, "queued", repeat, path=path, fresh=True)
                print(
                    f"| {count:,} | {fmt} | {floor['seconds']:.2f} | {ours['upload_s']:.2f} "
                    f"| {ours['confirm_s']:.2f} | {ours['preview_s']:.2f} "
                    f"| {ours['write_s']:.2f} | {ours['seconds']:.2f} "
                    f"| **{ours['seconds'] / floor['seconds']:.2f}** "
                    f"| {ours['write_s'] / floor['seconds']:.2f} |",
                    flush=True,
                )
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def uploads(env, workdir, sizes):
    """The request that starts a large import's job, alone: no worker runs, nothing is read."""
    print("\n| rows | file | MB | upload request s (fastest of 5) | slowest s |")
    print("|---:|---|---:|---:|---:|")
    for count in sizes:
        for fmt, path in write_files(workdir, count).items():
            timed = case(env, "queued", path=path, upload_only=True)
            print(
                f"| {count:,} | {fmt} | {path.stat().st_size / 1e6:.1f} "
                f"| {timed['seconds']:.2f} | {max(timed['all']):.2f} |",
                flush=True,
            )


def small(env, workdir, repeat):
    """A small file's preview within the request, against the same file through a job (the
    upload, the worker's poll, the preview job; the page then polls every second)."""
    queued_env = {**env, "DJANGO_JOBS_INLINE_MAX_KB": "0"}
    inline_env = {**env, "DJANGO_JOBS_INLINE_MAX_KB": "100000"}
    worker = subprocess.Popen(
        [PY, "manage.py", "run_jobs", "-v", "0", "--interval", "0.5"], cwd=ROOT, env=queued_env
    )
    try:
        print("\n| rows | file | KB | preview within the request s | preview through a job s |")
        print("|---:|---|---:|---:|---:|")
        for count in (100, 2_000):
            for fmt, path in write_files(workdir, count).items():
                inline = best(inline_env, "queued", repeat, path=path, fresh=True, inline=True)
                job = best(queued_env, "queued", repeat, path=path, fresh=True, preview_only=True)
                print(
                    f"| {count:,} | {fmt} | {path.stat().st_size / 1024:.0f} "
                    f"| {inline['seconds']:.2f} | {job['seconds']:.2f} |",
                    flush=True,
                )
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def blank_rows(env, workdir, repeat):
    case(env, "make-blank-files", directory=workdir)
    print("\n| 1 data row + 1,048,574 blank rows | read s | peak MB |")
    print("|---|---:|---:|")
    kinds = {"xlsx": "XLSX, formatted empty rows as LibreOffice writes", "csv": "CSV, empty lines"}
    for fmt, kind in kinds.items():
        read = best(env, "blank-rows", repeat, path=workdir / f"blank.{fmt}")
        print(f"| {kind} | {read['seconds']:.2f} | {read['peak_mb']:.0f} |", flush=True)


def export(env, workdir, sizes, repeat):
    print("\n| rows | export s | openpyxl write-only s | × write-only | export peak MB |")
    print("|---:|---:|---:|---:|---:|")
    for count in sizes:
        path = workdir / f"values-{count}.csv"
        if not path.exists():
            write_files(workdir, count)
        case(env, "import", path=path, fresh=True, expect="new")
        floor = best(env, "export-floor", repeat, out=workdir / "floor.xlsx")
        ours = best(env, "export", repeat, out=workdir / "ours.xlsx")
        print(
            f"| {count:,} | {ours['seconds']:.2f} | {floor['seconds']:.2f} "
            f"| **{ours['seconds'] / floor['seconds']:.2f}** | {ours['peak_mb']:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
