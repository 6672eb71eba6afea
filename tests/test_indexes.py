"""Every filter, ordering and search of the portal has an index; demo data builds a large zone."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from hightech_zone import demo
from hightech_zone.models import (
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    WorkReport,
    zone_data_models,
)
from hightech_zone.site_check.content import incomplete_policies
from tests import factories

pytestmark = pytest.mark.django_db


def index_names(table):
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


@pytest.mark.parametrize(
    ("table", "index"),
    [
        ("hightech_zone_indicatorvalue", "indicatorvalue_year_status"),
        ("hightech_zone_indicator", "indicator_list_order"),
        ("hightech_zone_innovationplatform", "platform_list"),
        ("hightech_zone_innovationplatform", "platform_level"),
        ("hightech_zone_project", "project_list"),
        ("hightech_zone_projectprogress", "progress_year_stage"),
        ("hightech_zone_project", "project_stage"),
        ("hightech_zone_policydocument", "policy_list"),
        ("hightech_zone_policydocument", "policy_issuing_body"),
        ("hightech_zone_project", "project_changed"),
        ("hightech_zone_policydocument", "policy_changed"),
        ("hightech_zone_innovationplatform", "platform_changed"),
        ("hightech_zone_indicatorvalue", "indicatorvalue_changed"),
    ],
)
def test_list_filters_and_orderings_are_indexed(table, index):
    assert index in index_names(table)


def test_project_list_by_investment_and_by_stage_reads_its_indexes_on_postgresql():
    largest = factories.project(name="测试大项目", total_investment=Decimal("90"))
    factories.project(name="测试小项目", total_investment=Decimal("1"))
    factories.project(name="测试未填投资")
    factories.progress(project=largest, stage="in_operation")
    by_investment = (
        Project.objects.published()
        .order_by(F("total_investment").desc(nulls_last=True), "pk")
        .values_list("name", flat=True)
    )
    assert list(by_investment)[:2] == ["测试大项目", "测试小项目"]
    at_stage = Project.objects.published().filter(latest_stage="in_operation")
    assert list(at_stage) == [largest]
    if connection.vendor != "postgresql":
        return  # SQLite's indexes have no NULLS LAST: it sorts, fast enough for one office
    # Enough other projects, and their statistics, that an index serving the stage is the
    # cheaper one: on three rows every index costs the same, and the planner may take the
    # change-time index (project_changed) and filter by stage.
    for n in range(150):
        factories.project(name=f"测试其他项目{n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE hightech_zone_project")
        # Still few rows: left to itself the planner would read the table.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    assert "project_by_investment" in by_investment.all()[:50].explain()
    assert "project_stage" in at_stage.all().explain()
    assert "project_stage" in at_stage.values("pk").order_by().explain()  # the list's count


@pytest.mark.parametrize(
    ("model", "index"),
    [
        (Project, "project_changed"),
        (PolicyDocument, "policy_changed"),
        (InnovationPlatform, "platform_changed"),
        (IndicatorValue, "indicatorvalue_changed"),
    ],
)
def test_the_newest_change_of_a_published_list_walks_its_index_on_postgresql(model, index):
    from api.records import newest_change

    if connection.vendor != "postgresql":
        return  # SQLite reads its few rows either way
    with connection.cursor() as cursor:
        # A handful of rows: left to itself the planner would read the table.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    with CaptureQueriesContext(connection) as queries:
        newest_change(model.objects.published())
    (asked,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + asked["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan


def searched_columns():
    """(table, column) of every field a model's search reads, relations followed."""
    columns = set()
    for model in zone_data_models():
        for lookup in getattr(model, "searched_fields", ()):
            *path, name = lookup.split("__")
            owner = model
            for step in path:
                owner = owner._meta.get_field(step).related_model
            columns.add((owner._meta.db_table, owner._meta.get_field(name).column))
    return columns


def test_chinese_substring_search_has_trigram_indexes_on_postgresql():
    if connection.vendor != "postgresql":
        # SQLite has no trigram index; the migration leaves it alone and search still works.
        factories.project(name="测试生物医药产业园")
        factories.project(name="测试汽车零部件产业园")
        assert [p.name for p in Project.objects.search("医药")] == ["测试生物医药产业园"]
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%_trgm'")
        found = dict(cursor.fetchall())
    for name in ["project_name_trgm", "policydocument_title_trgm", "reportsection_body_trgm"]:
        assert "gin_trgm_ops" in found[name] and "upper(" in found[name].lower()
    expected = {
        f"{table.removeprefix('hightech_zone_')}_{column}_trgm"
        for table, column in searched_columns()
    }
    assert expected <= set(found)
    assert ("hightech_zone_reportsection", "heading") in searched_columns()


def test_demo_data_builds_a_large_zone_outside_the_fixtures():
    fixtures = {p: p.stat().st_mtime for p in Path(settings.BASE_DIR, "fixtures").iterdir()}
    kept = factories.report(year=demo.YEARS[-1])  # the zone's own report of a demo year
    factories.project()
    before = Project.objects.count()
    out = StringIO()
    call_command("generate_demo_data", "--scale", "0.01", stdout=out)
    assert "已生成示例数据" in out.getvalue()
    assert Indicator.objects.filter(code__startswith="demo-").count() == 3
    assert IndicatorValue.objects.filter(indicator__code__startswith="demo-").count() == 60
    assert Project.objects.count() - before == 200
    assert PolicyDocument.objects.filter(title__startswith="demo").count() == 50
    assert not incomplete_policies(), "the demo's policies carry every 政务公开 element"
    assert InnovationPlatform.objects.filter(name__startswith="demo").count() == 20
    assert WorkReport.objects.count() == 20  # one per year 2006–2025, the zone's own kept
    assert WorkReport.objects.get(year=kept.year).title == kept.title
    assert fixtures == {p: p.stat().st_mtime for p in Path(settings.BASE_DIR, "fixtures").iterdir()}
    with pytest.raises(CommandError, match="已有示例数据"):
        call_command("generate_demo_data", "--scale", "0.01", stdout=StringIO())


def test_demo_reports_render_with_their_figures(client):
    call_command("generate_demo_data", "--scale", "0.01", stdout=StringIO())
    html = client.get("/reports/2020/").content.decode()
    assert "示范指标" in html and 'class="figure"' in html and "figure-missing" not in html
