"""Every public page runs the same number of queries whatever the size of the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hightech_zone.models import IndicatorKind, Project
from tests import factories
from tests.conftest import add_records

pytestmark = pytest.mark.django_db


def urls(site):
    """Every kind of public page, over ``site_records`` and a composite ratio."""
    year = site.report.year
    ratio = factories.indicator(code="t_structure", kind=IndicatorKind.RATIO, unit="")
    for order, number in enumerate(["1.6", "41.8", "56.6"]):
        part = factories.indicator(parent=ratio, unit="%", display_order=order)
        factories.value(indicator=part, year=year, value=number)
    report = site.report.get_absolute_url()
    return [
        "/",
        "/reports/",
        report,
        "/indicators/",
        f"/indicators/?year={year}&category=economy&sort=-value",
        site.indicator.get_absolute_url(),
        ratio.get_absolute_url(),
        "/projects/",
        f"/projects/?stage=in_operation&year={year}",
        site.project.get_absolute_url(),
        "/policies/",
        "/policies/?category=sci_tech",
        site.policy.get_absolute_url(),
        "/platforms/",
        site.platform.get_absolute_url(),
        "/search/?q=测试",
        "/data/",
        f"/en{report}",
        "/indicators/?_export=csv",
        "/projects/?_export=xlsx",
        "/policies/?_export=csv",
        "/platforms/?_export=csv",
    ]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.slow
def test_query_counts_are_the_same_at_1x_and_10x_data(client, site_records, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0  # whole renders: what a page costs when nothing is kept
    pages = urls(site_records)
    add_records(2, tag="基础", report=site_records.report)  # more than one of each at 1x
    rows = Project.objects.count()
    at_1x = {url: count_queries(client, url) for url in pages}
    add_records(9 * rows, report=site_records.report)
    assert Project.objects.count() == 10 * rows
    at_10x = {url: count_queries(client, url) for url in pages}
    assert at_10x == at_1x
    assert all(n <= 16 for n in at_1x.values()), at_1x


@pytest.mark.slow
def test_pages_with_kept_fragments_cost_the_same_queries_at_1x_and_10x_data(
    client, site_records, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # every request renders; only the fragments are kept
    pages = urls(site_records)
    add_records(2, tag="基础", report=site_records.report)
    rows = Project.objects.count()

    def kept_counts():
        for url in pages:
            client.get(url)  # renders whole and keeps its fragments
        return {url: count_queries(client, url) for url in pages}

    at_1x = kept_counts()
    add_records(9 * rows, report=site_records.report)
    at_10x = kept_counts()
    assert at_10x == at_1x
    assert all(n <= 8 for n in at_1x.values()), at_1x


def test_history_with_status_labels_costs_the_same_for_3_or_13_versions(admin_client, publisher):
    from hightech_zone import publishing
    from tests import factories

    record = factories.platform()
    url = f"/admin/hightech_zone/innovationplatform/{record.pk}/history/"

    def withdraw_and_publish(times):
        for _ in range(times):
            publishing.withdraw(record=record, user=publisher, reason="核实")
            publishing.publish(record=record, user=publisher)

    withdraw_and_publish(1)
    count_queries(admin_client, url)  # the first request also fills caches (content types)
    few = count_queries(admin_client, url)
    withdraw_and_publish(5)
    count_queries(admin_client, url)  # the first after a write asks once if demo data is there
    assert count_queries(admin_client, url) == few <= 12


def test_permission_picker_reads_the_permissions_once(admin_client):
    url = "/admin/auth/group/add/"
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get(url).status_code == 200
    permission_queries = [q for q in queries if 'FROM "auth_permission"' in q["sql"]]
    assert len(permission_queries) == 1


def test_the_project_lists_count_reads_the_projects_table_alone(client, settings, site_records):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/projects/?stage=in_operation")
    assert site_records.platform.name in page.content.decode()  # the platform column is filled
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert "innovationplatform" not in counts[0] and "projectprogress" not in counts[0]
