"""Whole list renders and downloads, each column worked out once, against django-tables2 per cell.

    BENCH_PG_NAME=coldbench .venv/bin/python bench/table_cells.py --scale 10

On load_pages.py's reused PostgreSQL bench database of the scale, renders each list page in
process with the page cache and the fragments off (every cell rendered), alternating between
portal.cells as it is and every cell left to django-tables2 (portal.cells._plain_columns
emptied), --renders times each after one warm-up of both. Prints Markdown for
docs/benchmarks.md: p50 and p95 (nearest rank) in ms, each pair measured side by side.
"""

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_pages import django_on_bench_database

PAGES = [
    "/indicators/",
    "/indicators/?category=economy&sort=-value",
    "/projects/",
    "/projects/?stage=in_operation&sort=-total_investment",
    "/policies/",
    "/policies/?category=talent",
    "/platforms/",
    "/indicators/?_export=csv",
    "/policies/?category=talent&_export=xlsx",
]


def p95(times):
    return sorted(times)[math.ceil(0.95 * len(times)) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--renders", type=int, default=20)
    options = parser.parse_args()
    name = django_on_bench_database(options.scale, whole=True)
    from django.test import Client

    from portal import cells

    kept_to_columns = cells._plain_columns
    ways = {"per column (portal.cells)": kept_to_columns, "per cell (django-tables2)": tuple}
    client = Client()
    print(f"Whole list renders on {name}, ms, {options.renders} renders each way, alternating:\n")
    print("| page | per column p50 | p95 | per cell p50 | p95 |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for url in PAGES:
        times = {way: [] for way in ways}
        for _ in range(options.renders + 1):
            for way, plain in ways.items():
                cells._plain_columns = plain
                start = time.perf_counter()
                response = client.get(url)
                times[way].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
        row = []
        for way in ways:
            found = times[way][1:]  # the first of each was the warm-up
            row += [f"{statistics.median(found):.1f}", f"{p95(found):.1f}"]
        print(f"| `{url}` | " + " | ".join(row) + " |")
    cells._plain_columns = kept_to_columns


if __name__ == "__main__":
    main()
