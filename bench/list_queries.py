"""The list pages' own queries as they were and as they are, side by side in one run.

    BENCH_PG_NAME=coldbench .venv/bin/python bench/list_queries.py --scale 10

On load_pages.py's reused PostgreSQL bench database of the scale, times each pair of queries
alternately, --runs times after one warm-up of both, and checks that both give the same answer:
  * the 发文机关 choices: DISTINCT over the listed policies, against
    ZoneDataQuerySet.distinct_values (a skip through the issuing-body index);
  * the indicator list's latest year: MAX() over the values joined with their indicators,
    against IndicatorValueQuerySet.latest_year (the first row backwards through the year index);
  * the project list's count, with the platform's name joined in, against the count of
    ProjectQuerySet.with_public_platform (a subquery the count leaves out).
Prints Markdown for docs/benchmarks.md: p50 and slowest in ms.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_pages import django_on_bench_database


def pairs():
    """{what: (as it was, as it is)}, each a function running one query."""
    from django.db.models import Case, F, Max, Value, When

    from hightech_zone.models import IndicatorValue, PolicyDocument, Project, PublicationStatus

    policies = PolicyDocument.objects.published().policies()
    values = IndicatorValue.objects.published().select_related("indicator")
    published_platform = When(
        platform__status=PublicationStatus.PUBLISHED, then=F("platform__name")
    )
    joined = Project.objects.published().annotate(
        public_platform_name=Case(published_platform, default=Value(""))
    )
    return {
        "发文机关 choices": (
            lambda: list(
                policies.exclude(issuing_body="")
                .order_by("issuing_body")
                .values_list("issuing_body", flat=True)
                .distinct()
            ),
            lambda: policies.distinct_values("issuing_body"),
        ),
        "latest year of the indicator list": (
            lambda: values.actuals().aggregate(latest=Max("year"))["latest"],
            lambda: values.latest_year(),
        ),
        "project count at a stage": (
            lambda: joined.filter(latest_stage="in_operation").count(),
            lambda: (
                Project.objects.published()
                .with_public_platform()
                .filter(latest_stage="in_operation")
                .count()
            ),
        ),
        "project count, all": (
            lambda: joined.count(),
            lambda: Project.objects.published().with_public_platform().count(),
        ),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    name = django_on_bench_database(options.scale)
    print(f"Queries of the list pages on {name}, ms over {options.runs} alternations:\n")
    print("| query | as it was p50 | slowest | as it is p50 | slowest |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for what, (was, now) in pairs().items():
        assert was() == now(), what
        times = ([], [])
        for _ in range(options.runs):
            for run, found in zip((was, now), times, strict=True):
                start = time.perf_counter()
                run()
                found.append((time.perf_counter() - start) * 1000)
        cells = [f"{f(t):.1f}" for t in times for f in (statistics.median, max)]
        print(f"| {what} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
